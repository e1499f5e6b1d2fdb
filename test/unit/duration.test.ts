import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/duration.js';
import { DrError } from '../../src/core/errors.js';

describe('parseDuration', () => {
  const good: [string, number][] = [
    ['500ms', 500],
    ['30s', 30_000],
    ['30', 30_000],
    ['1.5s', 1500],
    ['15m', 900_000],
    ['2h', 7_200_000],
  ];
  for (const [text, ms] of good)
    it(`reads ${text} as ${ms} ms`, () => expect(parseDuration('--x', text)).toBe(ms));

  for (const bad of ['', '0', '-5s', '5 minutes', 'soon', '5d']) {
    it(`refuses "${bad}" with a usage error that names flag and value`, () => {
      try {
        parseDuration('--interval', bad);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DrError);
        expect((error as DrError).exitCode).toBe(2);
        expect((error as DrError).message).toBe(`--interval: "${bad}" is not a duration`);
        expect((error as DrError).hint).toContain('--interval 30s');
      }
    });
  }
});
