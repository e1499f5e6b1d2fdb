import { describe, expect, it } from 'vitest';
import { compress, sparkline, SPARK_BARS } from '../../src/cli/output/sparkline.js';

describe('sparkline', () => {
  // Bars: the bottom of the scale is ▁; any value above it is ceil(7 × its share of the range).
  const cases: [string, (number | null)[], Parameters<typeof sparkline>[1], string][] = [
    ['nothing', [], {}, ''],
    ['a rising series over 0…7', [0, 1, 2, 3, 4, 5, 6, 7], {}, '▁▂▃▄▅▆▇█'],
    ['a flat non-zero series reads high (the scale starts at 0)', [5, 5, 5], {}, '███'],
    ['a flat zero series reads low', [0, 0, 0], {}, '▁▁▁'],
    ['missing periods are dots, never bars', [null, 4, null, 8], {}, '·▅·█'],
    ['NaN and infinities count as missing', [NaN, Infinity, -Infinity, 2], {}, '···█'],
    ['only missing periods', [null, null], {}, '··'],
    ['a small non-zero value never looks like zero', [0, 1, 1000], {}, '▁▂█'],
    ['negative values stretch the bottom of the scale', [-4, 0, 4], {}, '▁▅█'],
    ['a chosen missing character', [null, 1], { missing: ' ' }, ' █'],
    ['a width at least the length changes nothing', [0, 7], { width: 10 }, '▁█'],
    ['a longer series is averaged into `width` columns', [0, 0, 7, 7], { width: 2 }, '▁█'],
    ['a bucket with only missing values stays missing', [null, null, 7, 7], { width: 2 }, '·█'],
    ['a bucket averages only what it has', [null, 6, 0, 6], { width: 2 }, '█▅'],
  ];
  for (const [what, values, options, expected] of cases)
    it(`${what}: ${JSON.stringify(values)} → "${expected}"`, () =>
      expect(sparkline(values, options)).toBe(expected));

  it('uses the eight block bars, one character per period', () => {
    expect(SPARK_BARS.join('')).toBe('▁▂▃▄▅▆▇█');
    const values = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? null : i));
    expect([...sparkline(values)].length).toBe(30);
    expect([...sparkline(values, { width: 12 })].length).toBe(12);
  });
});

describe('compress', () => {
  const cases: [(number | null)[], number, (number | null)[]][] = [
    [[1, 2, 3], 5, [1, 2, 3]],
    [[1, 3, 5, 7], 2, [2, 6]],
    [[1, 2, 3, 4, 5, 6], 3, [1.5, 3.5, 5.5]],
    [[1, null, null, 4], 2, [1, 4]],
    [[null, null, 2, NaN], 2, [null, 2]],
  ];
  for (const [values, width, expected] of cases)
    it(`${JSON.stringify(values)} in ${width} → ${JSON.stringify(expected)}`, () =>
      expect(compress(values, width)).toEqual(expected));
});
