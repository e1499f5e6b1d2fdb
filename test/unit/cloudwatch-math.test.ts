// Metric math: parsing and precedence, time series arithmetic with missing periods,
// SUM/AVG/MIN/MAX over arrays and series, FILL with a value, REPEAT and LINEAR, and
// the errors AWS answers for bad expressions; plus expressions run by the query engine.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/lab/protocol/aws-error.js';
import { MetricStore } from '../../src/lab/services/cloudwatch/engine/store.js';
import {
  evaluateExpression,
  type MathValue,
  parseExpression,
} from '../../src/lab/services/cloudwatch/metric-math.js';
import { parseQueries, runQueries } from '../../src/lab/services/cloudwatch/query-engine.js';

const N = NaN;
const series: Record<string, number[]> = {
  m1: [1, 2, N, 4],
  m2: [10, N, 30, 40],
  m3: [5, 5, 5, 5],
};

function evaluate(expression: string): number[] | number {
  const value: MathValue = evaluateExpression('e1', parseExpression('e1', expression), {
    length: 4,
    resolve: (id) => {
      if (!series[id]) throw new Error(`unknown ${id}`);
      return { type: 'series', values: Float64Array.from(series[id]) };
    },
    metrics: () => Object.values(series).map((s) => Float64Array.from(s)),
  });
  if (value.type === 'scalar') return value.value;
  if (value.type === 'series') return [...value.values];
  throw new Error('array');
}

describe('arithmetic', () => {
  const cases: [string, number[] | number][] = [
    ['m1/m2*100', [10, N, N, 10]],
    ['m1 + m3 * 2', [11, 12, N, 14]],
    ['(m1 + m3) * 2', [12, 14, N, 18]],
    ['-m1 + 1', [0, -1, N, -3]],
    ['m3 ^ 2 / 5', [5, 5, 5, 5]],
    ['2 ^ 3 ^ 2', 512],
    ['1.5e2 - .5', 149.5],
    ['m3 - m3 - m3', [-5, -5, -5, -5]],
  ];
  for (const [expression, expected] of cases)
    it(`${expression} = ${JSON.stringify(expected)}`, () =>
      expect(evaluate(expression)).toEqual(expected));
});

describe('functions', () => {
  const cases: [string, number[] | number][] = [
    ['SUM([m1, m2])', [11, 2, 30, 44]],
    ['SUM([m1, m2, m3])', [16, 7, 35, 49]],
    ['AVG([m1, m3])', [3, 3.5, 5, 4.5]],
    ['MAX([m1, m2])', [10, 2, 30, 40]],
    ['MIN([m1, m2])', [1, 2, 30, 4]],
    ['SUM(m1)', 7],
    ['AVG(m2)', 80 / 3],
    ['FILL(m1, 0)', [1, 2, 0, 4]],
    ['FILL(m1, m3)', [1, 2, 5, 4]],
    ['FILL(m2, REPEAT)', [10, 10, 30, 40]],
    ['FILL(m2, LINEAR)', [10, 20, 30, 40]],
    ['FILL(m1, 0) / m3 * 100', [20, 40, 0, 80]],
    ['ABS(-m1)', [1, 2, N, 4]],
    ['SUM(METRICS())', [16, 7, 35, 49]],
  ];
  for (const [expression, expected] of cases)
    it(`${expression} = ${JSON.stringify(expected)}`, () =>
      expect(evaluate(expression)).toEqual(expected));
});

describe('errors', () => {
  for (const bad of ['m1 +', '(m1', 'm1 m2', 'FILL(m1)', 'NOPE(m1)', 'm1 $ 2', 'REPEAT'])
    it(`refuses ${bad}`, () => {
      const error = (() => {
        try {
          evaluate(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AwsError);
      expect((error as AwsError).code).toBe('ValidationError');
      expect((error as AwsError).message).toMatch(/^Error in expression e1: /);
    });
});

describe('the query engine', () => {
  const T0 = Date.UTC(2026, 0, 1);
  const store = new MetricStore(() => T0 + 600_000);
  const put = (name: string, minute: number, value: number) =>
    store.put({
      namespace: 'N',
      metricName: name,
      dimensions: [],
      timestampMs: T0 + minute * 60_000,
      sample: { kind: 'values', values: [value], counts: [1] },
    });
  put('Errors', 0, 5);
  put('Errors', 1, 0);
  put('Requests', 0, 50);
  put('Requests', 1, 0);
  const stat = (name: string) => ({
    Metric: { Namespace: 'N', MetricName: name },
    Period: 60,
    Stat: 'Sum',
  });

  it('runs MetricStat and Expression queries over the same grid', () => {
    const queries = parseQueries(
      [
        { Id: 'errors', MetricStat: stat('Errors'), ReturnData: false },
        { Id: 'requests', MetricStat: stat('Requests') },
        { Id: 'rate', Expression: 'errors / requests * 100', Label: 'Error rate' },
      ],
      'MetricDataQueries',
    );
    const results = runQueries(store, queries, () => ({ startMs: T0, periodMs: 60_000, count: 3 }));
    const rate = results.find((r) => r.id === 'rate')!;
    expect([...rate.values]).toEqual([10, N, N]);
    expect(rate.arithmeticError).toBe(false);
    expect(rate.label).toBe('Error rate');
    const byZero = runQueries(
      store,
      parseQueries(
        [
          { Id: 'e', MetricStat: stat('Errors') },
          { Id: 'x', Expression: '1 / e' },
        ],
        'Q',
      ),
      () => ({ startMs: T0, periodMs: 60_000, count: 2 }),
    );
    expect(byZero[1]!.arithmeticError).toBe(true);
    expect([...byZero[1]!.values]).toEqual([0.2, N]);
  });

  it('refuses unknown ids, cycles, bad ids and bad statistics', () => {
    const fails = (queries: Parameters<typeof parseQueries>[0]) => {
      try {
        const parsed = parseQueries(queries, 'MetricDataQueries');
        runQueries(store, parsed, () => ({ startMs: T0, periodMs: 60_000, count: 1 }));
      } catch (error) {
        return (error as AwsError).message;
      }
      return 'no error';
    };
    expect(fails([{ Id: 'e1', Expression: 'm9 * 2' }])).toBe(
      "Error in expression e1: Unrecognized metric or expression id 'm9'",
    );
    expect(
      fails([
        { Id: 'a', Expression: 'b' },
        { Id: 'b', Expression: 'a' },
      ]),
    ).toMatch(/circular/);
    expect(fails([{ Id: 'M1', MetricStat: stat('Errors') }])).toMatch(
      /MetricDataQueries.member.1.Id is not valid/,
    );
    expect(fails([{ Id: 'm1', MetricStat: { ...stat('Errors'), Stat: 'Median' } }])).toBe(
      'The value for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic.',
    );
    expect(fails([{ Id: 'm1' }])).toMatch(
      /Exactly one of MetricDataQueries.member.1.MetricStat and/,
    );
  });
});
