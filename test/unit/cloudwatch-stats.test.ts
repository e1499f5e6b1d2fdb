// CloudWatch statistics against hand-computed values: the standard five, nearest-rank
// percentiles (ties, single points, weights), trimmed/winsorized statistics, statistic sets,
// statistic-name parsing, and the sketch's 1 % error bound on large data.
import { describe, expect, it } from 'vitest';
import { Distribution, EXACT_LIMIT } from '../../src/lab/services/cloudwatch/engine/dist.js';
import {
  type Aggregate,
  computeStatistic,
  emptyAggregate,
  mergeAggregate,
  parseStatistic,
} from '../../src/lab/services/cloudwatch/engine/stats.js';
import { sampleAggregate } from '../../src/lab/services/cloudwatch/engine/tier.js';

function of(values: number[], counts?: number[]): Aggregate {
  return sampleAggregate({ kind: 'values', values, counts: counts ?? values.map(() => 1) })!;
}

function stat(aggregate: Aggregate, name: string): number | undefined {
  const statistic = parseStatistic(name);
  if (!statistic) throw new Error(`not a statistic: ${name}`);
  return computeStatistic(aggregate, statistic);
}

const ONE_TO_TEN = [7, 3, 10, 1, 5, 9, 2, 8, 4, 6];

describe('standard statistics', () => {
  it('computes SampleCount, Sum, Average, Minimum, Maximum', () => {
    const a = of(ONE_TO_TEN);
    expect(stat(a, 'SampleCount')).toBe(10);
    expect(stat(a, 'Sum')).toBe(55);
    expect(stat(a, 'Average')).toBe(5.5);
    expect(stat(a, 'Minimum')).toBe(1);
    expect(stat(a, 'Maximum')).toBe(10);
  });

  it('weights values by their counts', () => {
    const a = of([10, 20], [3, 1]);
    expect([stat(a, 'SampleCount'), stat(a, 'Sum'), stat(a, 'Average')]).toEqual([4, 50, 12.5]);
  });

  it('has no value without data', () => {
    expect(stat(emptyAggregate(), 'Sum')).toBeUndefined();
  });
});

describe('percentiles (nearest rank: smallest v with ≥ p % of the weight ≤ v)', () => {
  const cases: [string, number[], number[] | undefined, string, number][] = [
    ['1..10', ONE_TO_TEN, undefined, 'p50', 5],
    ['1..10', ONE_TO_TEN, undefined, 'p90', 9],
    ['1..10', ONE_TO_TEN, undefined, 'p99', 10],
    ['1..10', ONE_TO_TEN, undefined, 'p10', 1],
    ['1..10', ONE_TO_TEN, undefined, 'p10.5', 2],
    ['1..10', ONE_TO_TEN, undefined, 'p0', 1],
    ['1..10', ONE_TO_TEN, undefined, 'p100', 10],
    ['ties', [1, 2, 2, 2, 3], undefined, 'p50', 2],
    ['ties', [1, 2, 2, 2, 3], undefined, 'p20', 1],
    ['ties', [1, 2, 2, 2, 3], undefined, 'p80', 2],
    ['ties', [1, 2, 2, 2, 3], undefined, 'p81', 3],
    ['single point', [7], undefined, 'p50', 7],
    ['single point', [7], undefined, 'p99', 7],
    ['weighted', [10, 20], [3, 1], 'p75', 10],
    ['weighted', [10, 20], [3, 1], 'p76', 20],
    ['negative and zero', [-5, 0, 5], undefined, 'p50', 0],
    ['negative and zero', [-5, 0, 5], undefined, 'p33', -5],
  ];
  for (const [name, values, counts, p, expected] of cases) {
    it(`${p} of ${name} is ${expected}`, () => expect(stat(of(values, counts), p)).toBe(expected));
  }

  it('a statistic set of equal values has percentiles; one of different values has none', () => {
    const equal = sampleAggregate({ kind: 'set', count: 4, sum: 12, min: 3, max: 3 })!;
    const mixed = sampleAggregate({ kind: 'set', count: 3, sum: 6, min: 1, max: 3 })!;
    expect(stat(equal, 'p90')).toBe(3);
    expect(stat(mixed, 'p90')).toBeUndefined();
    expect(stat(mixed, 'Average')).toBe(2);
  });

  it('merging aggregates keeps exact percentiles and poisons on unknown distributions', () => {
    const into = emptyAggregate();
    mergeAggregate(into, of([1, 2]), true);
    mergeAggregate(into, of([3, 3, 3]), true);
    mergeAggregate(into, of([4]), true);
    expect([stat(into, 'p50'), stat(into, 'p90'), stat(into, 'SampleCount')]).toEqual([3, 4, 6]);
    mergeAggregate(into, sampleAggregate({ kind: 'set', count: 2, sum: 3, min: 1, max: 2 })!, true);
    expect(stat(into, 'p50')).toBeUndefined();
    expect(stat(into, 'Sum')).toBe(19);
  });
});

describe('trimmed and related statistics', () => {
  const cases: [string, number[], string, number][] = [
    ['1..10', ONE_TO_TEN, 'tm90', 5],
    ['1..10', ONE_TO_TEN, 'TM(10%:90%)', 5.5],
    ['1..8', [1, 2, 3, 4, 5, 6, 7, 8], 'IQM', 4.5],
    ['1..3 (fractional ranks)', [1, 2, 3], 'IQM', 2],
    ['1..3 (fractional ranks)', [1, 2, 3], 'TC(25%:75%)', 1.5],
    ['1..10', ONE_TO_TEN, 'TM(2:5)', 4],
    ['1..10', ONE_TO_TEN, 'tc90', 9],
    ['1..10', ONE_TO_TEN, 'ts90', 45],
    ['1..10', ONE_TO_TEN, 'PR(:3)', 30],
    ['1..10', ONE_TO_TEN, 'PR(3:7)', 40],
    ['1..10', ONE_TO_TEN, 'WM(10%:90%)', 5.4],
    ['1..10', ONE_TO_TEN, 'wm50', 4],
  ];
  for (const [name, values, statistic, expected] of cases) {
    it(`${statistic} of ${name} is ${expected}`, () =>
      expect(stat(of(values), statistic)).toBeCloseTo(expected, 10));
  }
});

describe('statistic names', () => {
  const valid = ['Sum', 'p99', 'p99.9', 'p0', 'p100', 'tm99', 'TM(10%:90%)', 'TM(150:1000)'];
  const more = ['TM(:95%)', 'IQM', 'WM(5%:)', 'PR(:300)', 'tc90', 'TS(80%:)', 'wm98'];
  for (const name of [...valid, ...more])
    it(`accepts ${name}`, () => expect(parseStatistic(name)).toBeDefined());
  const invalid = ['sum', 'p', 'p101', 'p99.99999999999', 'PR(10%:)', 'TM(:)', 'TM(90%:10%)'];
  for (const name of [...invalid, 'TM(10%:90)', 'Median', 'tm101'])
    it(`refuses ${name}`, () => expect(parseStatistic(name)).toBeUndefined());
});

describe('the sketch beyond EXACT_LIMIT distinct values', () => {
  it('stays exact up to the limit and within 1 % after it', () => {
    const small = new Distribution();
    for (let i = 1; i <= EXACT_LIMIT; i++) small.add(i);
    expect(small.exact).toBe(true);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values = Array.from({ length: 20_000 }, () => Math.exp(random() * 8) * 0.5);
    const dist = new Distribution();
    for (const v of values) dist.add(v);
    expect(dist.exact).toBe(false);
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [1, 10, 50, 90, 99, 99.9]) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
      expect(Math.abs(dist.percentile(p)! - exact) / exact).toBeLessThanOrEqual(0.0101);
    }
  });
});
