// The metrics use case over hand-written ports (no SDK), its window and summaries, and the
// terminal view of what it returns.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderMetrics } from '../../src/cli/output/metrics-table.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { DrError } from '../../src/core/errors.js';
import { readMetrics } from '../../src/core/metrics/read-metrics.js';
import { metricsDocumentSchema } from '../../src/core/metrics/schema.js';
import { onGrid, ratioPercent, summarize } from '../../src/core/metrics/summary.js';
import { metricsWindow, parsePeriod } from '../../src/core/metrics/window.js';
import type {
  MetricQuery,
  MetricSeries,
  PortFactory,
  RegionPorts,
  XRayGroupStats,
} from '../../src/core/ports.js';

const config = parseConfig(labConfig(), 'lab config');
const MIN = 60_000;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 30);

describe('metricsWindow', () => {
  const cases: [string, number, number, { start: string; end: string; periods: number }][] = [
    [
      '15m of minutes ends with the minute now falls in',
      15 * MIN,
      60,
      { start: '11:46:00', end: '12:01:00', periods: 15 },
    ],
    [
      'a since shorter than a period is one period',
      10_000,
      60,
      { start: '12:00:00', end: '12:01:00', periods: 1 },
    ],
    [
      'a since not a multiple of the period rounds up',
      90_000,
      60,
      { start: '11:59:00', end: '12:01:00', periods: 2 },
    ],
    ['10 s periods', 60_000, 10, { start: '11:59:40', end: '12:00:40', periods: 6 }],
    ['hours', 6 * 60 * MIN, 3600, { start: '07:00:00', end: '13:00:00', periods: 6 }],
  ];
  for (const [what, since, period, expected] of cases) {
    it(what, () => {
      const w = metricsWindow(NOW, since, period);
      expect({
        start: new Date(w.startMs).toISOString().slice(11, 19),
        end: new Date(w.endMs).toISOString().slice(11, 19),
        periods: w.periods,
      }).toEqual(expected);
      expect(w.nowMs).toBe(NOW);
    });
  }

  it('refuses more than 1440 periods, naming both options and the fix', () => {
    const error = (() => {
      try {
        metricsWindow(NOW, 2 * 24 * 60 * MIN, 60);
      } catch (e) {
        return e as DrError;
      }
    })();
    expect(error).toBeInstanceOf(DrError);
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toMatch(/--since .* --period 60 .* 2880 datapoints/);
    expect(error?.hint).toMatch(/--period 120/);
  });
});

describe('parsePeriod', () => {
  for (const [text, seconds] of [
    ['60', 60],
    ['1', 1],
    ['20', 20],
    ['30', 30],
    ['300', 300],
    [' 3600 ', 3600],
  ] as const)
    it(`reads ${text}`, () => expect(parsePeriod('--period', text)).toBe(seconds));
  for (const bad of ['0', '15', '45', '90', '1m', '-60', 'soon', '']) {
    it(`refuses "${bad}" naming the option, the value and the fix`, () => {
      expect(() => parsePeriod('--period', bad)).toThrow(DrError);
      try {
        parsePeriod('--period', bad);
      } catch (e) {
        expect((e as DrError).message).toBe(`--period: "${bad}" is not a CloudWatch period`);
        expect((e as DrError).hint).toContain('multiple of 60');
      }
    });
  }
});

describe('summaries', () => {
  const points = { timestamps: [0, MIN, 3 * MIN], values: [4, 1, 7] };
  it('latest, min, max and the sum of a count', () =>
    expect(summarize(points, 'count')).toEqual({
      datapoints: 3,
      latest: 7,
      latestAt: 3 * MIN,
      min: 1,
      max: 7,
      overall: 12,
    }));
  it('a gauge has no overall value', () => expect(summarize(points, 'gauge').overall).toBeNull());
  it('no datapoints is null everywhere, never 0', () =>
    expect(summarize({ timestamps: [], values: [] }, 'count')).toEqual({
      datapoints: 0,
      latest: null,
      latestAt: null,
      min: null,
      max: null,
      overall: null,
    }));
  const ratios: [string, number[][], number[][], number | null][] = [
    ['5 of 100', [[2, 3]], [[50, 50]], 5],
    ['numerators add up', [[2], [3]], [[100]], 5],
    ['a numerator without datapoints is nothing', [[]], [[10]], 0],
    ['no requests: no rate', [[1]], [[]], null],
  ];
  for (const [what, num, den, expected] of ratios) {
    const p = (values: number[]) => ({ timestamps: values.map((_, i) => i), values });
    it(`ratioPercent: ${what}`, () => expect(ratioPercent(num.map(p), den.map(p))).toBe(expected));
  }
  it('onGrid puts each datapoint in its period and leaves the others null', () =>
    expect(
      onGrid(
        { timestamps: [MIN, 3 * MIN, 9 * MIN], values: [1, 2, 3] },
        { startMs: 0, periodSeconds: 60, periods: 4 },
      ),
    ).toEqual([null, 1, null, 2]));
});

/** Ports that answer from tables: series per region (or an error), X-Ray stats per group. */
function fakePorts(answers: {
  series: Record<string, ((queries: readonly MetricQuery[]) => MetricSeries[]) | Error>;
  xray?: Record<string, XRayGroupStats | Error>;
}) {
  const calls: { region: string; queries: number; startMs: number; endMs: number }[] = [];
  const unused = () => {
    throw new Error('not used by metrics');
  };
  const factory: PortFactory = {
    accelerator: unused,
    region(name): RegionPorts {
      return {
        cloudwatch: {
          async getMetricData(queries, startMs, endMs) {
            calls.push({ region: name, queries: queries.length, startMs, endMs });
            const answer = answers.series[name];
            if (answer instanceof Error || !answer) throw answer ?? new Error('no answer');
            return answer(queries);
          },
          describeAlarms: unused,
        },
        xray: {
          async groupStats(group) {
            const s = answers.xray?.[`${name}/${group}`];
            if (s instanceof Error) throw s;
            return s ?? { group, total: 0, ok: 0, errors: 0, faults: 0, throttles: 0 };
          },
        },
        ecs: { describeServices: unused, setDesiredCount: unused },
        elbv2: { describeTargetHealth: unused },
        dynamodb: {
          describeTable: unused,
          putItem: unused,
          getItem: unused,
          deleteItem: unused,
          putItemIf: unused,
          deleteItemIf: unused,
        },
      };
    },
  };
  return { factory, calls };
}

const describeError = (e: unknown) => ({
  kind: 'unreachable' as const,
  message: (e as Error).message,
});
const window = metricsWindow(NOW, 5 * MIN, 60);
const t = (k: number) => window.startMs + k * MIN;

/** Requests in periods 1 and 3 (10 and 20), 2xx alongside, one 5xx, nothing else. */
function traffic(queries: readonly MetricQuery[]): MetricSeries[] {
  const data: Record<string, [number, number][]> = {
    requests: [
      [t(1), 10],
      [t(3), 20],
    ],
    target2xx: [
      [t(1), 10],
      [t(3), 19],
    ],
    target5xx: [[t(3), 1]],
    errorRate: [
      [t(1), 0],
      [t(3), 5],
    ],
  };
  return queries
    .filter((q) => q.id !== 'cpu_mysfits_core')
    .map((q) => ({
      id: q.id,
      label: q.label ?? q.id,
      timestamps: (data[q.id] ?? []).map(([ts]) => ts),
      values: (data[q.id] ?? []).map(([, v]) => v),
      statusCode: q.id === 'memory_mysfits_core' ? 'InternalError' : 'Complete',
      messages: [],
    }));
}

describe('readMetrics', () => {
  it('reads each region in one GetMetricData call and reports every series', async () => {
    const { factory, calls } = fakePorts({
      series: { 'us-west-2': (q) => traffic(q).map((s) => ({ ...s, statusCode: 'Complete' })) },
    });
    const doc = await readMetrics(
      factory,
      config,
      { regions: ['us-west-2'], window },
      describeError,
    );
    expect(metricsDocumentSchema.parse(doc)).toEqual(doc);
    expect(calls).toEqual([
      {
        region: 'us-west-2',
        queries: expect.any(Number),
        startMs: window.startMs,
        endMs: window.endMs,
      },
    ]);
    const region = doc.regions[0]!;
    const m = (id: string) => region.metrics.find((x) => x.id === id)!;
    expect(m('requests').summary).toMatchObject({
      datapoints: 2,
      latest: 20,
      min: 10,
      max: 20,
      overall: 30,
    });
    expect(m('requests').timestamps).toEqual([
      new Date(t(1)).toISOString(),
      new Date(t(3)).toISOString(),
    ]);
    expect(m('errorRate').summary.overall).toBeCloseTo(100 / 30);
    expect(m('target4xx').summary).toMatchObject({ datapoints: 0, latest: null, overall: null });
    // cpu_mysfits_core was not returned at all.
    expect(m('cpu_mysfits_core')).toMatchObject({ status: 'unknown', values: [] });
    expect(doc.status).toBe('unknown');
    expect(doc.exitCode).toBe(7);
  });

  it('reports a region that cannot be read as unknown, and the others in full', async () => {
    const { factory } = fakePorts({
      series: {
        'us-west-2': (q) => traffic(q).map((s) => ({ ...s, statusCode: 'Complete' })),
        'us-east-1': new Error('connection reset'),
      },
      xray: { 'us-east-1/like-service': new Error('connection reset') },
    });
    const doc = await readMetrics(
      factory,
      config,
      { regions: ['us-west-2', 'us-east-1'], window },
      describeError,
    );
    metricsDocumentSchema.parse(doc);
    const [west, east] = doc.regions;
    expect(west).toMatchObject({ region: 'us-west-2' });
    expect(west!.metrics.filter((m) => m.status === 'unknown').map((m) => m.id)).toEqual([
      'cpu_mysfits_core',
    ]);
    expect(east).toMatchObject({
      region: 'us-east-1',
      status: 'unknown',
      failure: {
        kind: 'unreachable',
        call: 'cloudwatch:GetMetricData us-east-1',
        message: 'connection reset',
      },
      metrics: [],
    });
    expect(east!.xray.map((g) => [g.group, g.status, g.total])).toEqual([
      ['like-service', 'unknown', null],
      ['like-service-errors-faults', 'ok', 0],
    ]);
    expect(doc.exitCode).toBe(7);
  });

  it('is ok (exit 0) when every series and group was read; a failed series status is unknown', async () => {
    const complete = (q: readonly MetricQuery[]) =>
      q.map((x) => ({
        id: x.id,
        label: x.id,
        timestamps: [],
        values: [],
        statusCode: 'Complete',
        messages: [],
      }));
    const ok = await readMetrics(
      fakePorts({ series: { 'us-east-1': complete } }).factory,
      config,
      { regions: ['us-east-1'], window },
      describeError,
    );
    expect([ok.status, ok.exitCode]).toEqual(['ok', 0]);
    const failed = await readMetrics(
      fakePorts({ series: { 'us-east-1': (q) => traffic(q) } }).factory,
      config,
      { regions: ['us-east-1'], window },
      describeError,
    );
    expect(failed.regions[0]!.metrics.find((m) => m.id === 'memory_mysfits_core')).toMatchObject({
      status: 'unknown',
      failure: { message: 'CloudWatch answered InternalError' },
    });
  });

  it('renders a row per metric with a sparkline; missing data reads "no data", an unreadable region "unknown"', async () => {
    const { factory } = fakePorts({
      series: {
        'us-west-2': (q) => traffic(q).map((s) => ({ ...s, statusCode: 'Complete' })),
        'us-east-1': new Error('connection reset'),
      },
    });
    const doc = await readMetrics(
      factory,
      config,
      { regions: ['us-west-2', 'us-east-1'], window },
      describeError,
    );
    const text = renderMetrics(doc, new Chalk({ level: 0 }));
    const line = (label: string) =>
      text.split('\n').find((l) => new RegExp(`\\b${label}\\s`).test(l)) ?? '';
    expect(line('requests')).toMatch(/requests\s+·▅·█·\s+20\s+10\s+20\s+30$/);
    expect(line('target 4xx')).toMatch(/·····\s+no data\s+—\s+—\s+—$/);
    expect(line('5xx rate')).toMatch(/5xx rate\s+·▁·█·\s+5%\s+0%\s+5%\s+3\.3%$/);
    expect(line('CPU mysfits-core')).toMatch(/unknown\s+unknown\s+CloudWatch returned no result/);
    expect(text).toMatch(
      /us-east-1\s+● unknown\n\s+could not read metrics: cloudwatch:GetMetricData us-east-1: connection reset/,
    );
    expect(text).not.toContain('\u001b[');
  });
});
