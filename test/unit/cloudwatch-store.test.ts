// The metric store: high-resolution and standard data, roll-ups that agree with the raw
// data, retention per tier (3 h / 15 d / 63 d / 455 d) on a fake clock, bounded pages,
// units as separate series, and what ListMetrics sees.
import { describe, expect, it } from 'vitest';
import {
  computeStatistic,
  parseStatistic,
} from '../../src/lab/services/cloudwatch/engine/stats.js';
import {
  type MetricIdentity,
  MetricStore,
  type StoredDatum,
} from '../../src/lab/services/cloudwatch/engine/store.js';
import { CLOUDWATCH_TIERS } from '../../src/lab/services/cloudwatch/engine/tier.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const metric: MetricIdentity = {
  namespace: 'Test',
  metricName: 'Latency',
  dimensions: [
    { Name: 'B', Value: '2' },
    { Name: 'A', Value: '1' },
  ],
};

function fakeStore(start = T0) {
  const clock = { now: start };
  return { clock, store: new MetricStore(() => clock.now) };
}

function datum(
  timestampMs: number,
  values: number[],
  extra: Partial<StoredDatum> = {},
): StoredDatum {
  return {
    ...metric,
    timestampMs,
    storageResolution: 1,
    sample: { kind: 'values', values, counts: values.map(() => 1) },
    ...extra,
  };
}

function series(
  store: MetricStore,
  startMs: number,
  periodMs: number,
  windows: number,
  stat: string,
  unit?: string,
) {
  const statistic = parseStatistic(stat)!;
  return store
    .windows({ identity: metric, unit, startMs, periodMs, windows, needDist: stat.startsWith('p') })
    .map((a) => (a ? computeStatistic(a, statistic) : undefined));
}

describe('resolution', () => {
  it('keeps high-resolution data per second and aggregates it per period', () => {
    const { store } = fakeStore(T0 + 60_000);
    for (let s = 0; s < 10; s++) store.put(datum(T0 + s * 1000 + 300, [s]));
    expect(series(store, T0, 1000, 3, 'Sum')).toEqual([0, 1, 2]);
    expect(series(store, T0, 5000, 2, 'Sum')).toEqual([10, 35]);
    expect(series(store, T0, 60_000, 1, 'p50')).toEqual([4]);
    expect(series(store, T0 + 10_000, 1000, 2, 'Sum')).toEqual([undefined, undefined]);
  });

  it('puts standard-resolution data at the start of its minute', () => {
    const { store } = fakeStore(T0 + 120_000);
    store.put(datum(T0 + 37_000, [5], { storageResolution: 60 }));
    expect(series(store, T0, 1000, 2, 'Sum')).toEqual([5, undefined]);
    expect(series(store, T0 + 30_000, 1000, 10, 'Sum').every((v) => v === undefined)).toBe(true);
    expect(series(store, T0, 60_000, 1, 'Sum')).toEqual([5]);
  });

  it('treats dimensions in any order as the same metric', () => {
    const { store } = fakeStore(T0 + 60_000);
    store.put(datum(T0, [1]));
    store.put({ ...datum(T0, [2]), dimensions: [...metric.dimensions].reverse() });
    expect(series(store, T0, 60_000, 1, 'SampleCount')).toEqual([2]);
    expect(store.list()).toHaveLength(1);
  });
});

describe('roll-ups', () => {
  it('5-minute and 1-hour aggregates equal the aggregate of the raw seconds', () => {
    const { clock, store } = fakeStore(T0);
    const raw: number[] = [];
    for (let s = 0; s < 2 * 3600; s++) {
      clock.now = T0 + s * 1000;
      const value = (s * 7919) % 1000;
      raw.push(value);
      store.put(datum(clock.now, [value]));
    }
    const hour = raw.slice(0, 3600);
    const sorted = [...hour].sort((a, b) => a - b);
    for (const [period, stat, expected] of [
      [3_600_000, 'Sum', hour.reduce((a, b) => a + b, 0)],
      [3_600_000, 'Maximum', Math.max(...hour)],
      [3_600_000, 'SampleCount', 3600],
    ] as const)
      expect(series(store, T0, period, 1, stat)).toEqual([expected]);
    const p90 = series(store, T0, 3_600_000, 1, 'p90')[0]!;
    const exact = sorted[Math.ceil(0.9 * sorted.length) - 1]!;
    expect(Math.abs(p90 - exact) / exact).toBeLessThanOrEqual(0.0101);
    const fiveMinutes = series(store, T0, 300_000, 12, 'Sum');
    const bySeconds = series(store, T0, 1000, 3600, 'Sum');
    for (let k = 0; k < 12; k++) {
      const window = bySeconds.slice(k * 300, (k + 1) * 300) as number[];
      expect(fiveMinutes[k]).toBe(window.reduce((a, b) => a + b, 0));
    }
  });
});

describe('retention', () => {
  it('drops each tier after its retention and the metric after the last', () => {
    const { clock, store } = fakeStore(T0);
    store.put(datum(T0, [42]));
    const at = (age: number, periodMs: number) => {
      clock.now = T0 + age;
      return series(store, T0, periodMs, 1, 'Sum')[0];
    };
    expect(at(HOUR, 1000)).toBe(42);
    expect(at(3 * HOUR + 10 * 60_000, 1000)).toBeUndefined();
    expect(at(3 * HOUR + 10 * 60_000, 60_000)).toBe(42);
    expect(at(15 * DAY + HOUR * 5, 60_000)).toBeUndefined();
    expect(at(15 * DAY + HOUR * 5, 300_000)).toBe(42);
    expect(at(64 * DAY, 300_000)).toBeUndefined();
    expect(at(64 * DAY, 3_600_000)).toBe(42);
    expect(store.list()).toHaveLength(0);
    store.prune();
    expect(store.size().metrics).toBe(1);
    expect(at(456 * DAY, 3_600_000)).toBeUndefined();
    clock.now = T0 + 463 * DAY; // pages go whole: a 1-hour page spans a week
    store.prune();
    expect(store.size()).toEqual({ metrics: 0, series: 0, pages: 0 });
  });

  it('holds a bounded number of pages however long data keeps coming', () => {
    const { clock, store } = fakeStore(T0);
    for (let s = 0; s < 8 * 3600; s += 1) {
      clock.now = T0 + s * 1000;
      store.put(datum(clock.now, [s % 17]));
    }
    store.prune();
    const [seconds, minutes] = CLOUDWATCH_TIERS;
    const secondPages =
      Math.ceil(seconds!.retentionMs / seconds!.resolutionMs / seconds!.pageSlots) + 1;
    const minutePages = Math.ceil((8 * HOUR) / minutes!.resolutionMs / minutes!.pageSlots) + 1;
    expect(store.size().pages).toBeLessThanOrEqual(secondPages + minutePages + 2 + 1);
  });

  it('ignores data older than a tier keeps', () => {
    const { store } = fakeStore(T0 + 5 * HOUR);
    store.put(datum(T0, [1]));
    expect(series(store, T0, 1000, 1, 'Sum')).toEqual([undefined]);
    expect(series(store, T0, 60_000, 1, 'Sum')).toEqual([1]);
  });
});

describe('units and listing', () => {
  it('keeps units apart and merges them when no unit is asked for', () => {
    const { store } = fakeStore(T0 + 60_000);
    store.put(datum(T0, [1], { unit: 'Seconds' }));
    store.put(datum(T0, [1000], { unit: 'Milliseconds' }));
    expect(series(store, T0, 60_000, 1, 'Sum', 'Seconds')).toEqual([1]);
    expect(series(store, T0, 60_000, 1, 'Sum', 'Milliseconds')).toEqual([1000]);
    expect(series(store, T0, 60_000, 1, 'Sum', 'Count')).toEqual([undefined]);
    expect(series(store, T0, 60_000, 1, 'Sum')).toEqual([1001]);
    expect(store.units(metric).sort()).toEqual(['Milliseconds', 'Seconds']);
  });

  it('lists a metric for two weeks after its newest datum', () => {
    const { clock, store } = fakeStore(T0);
    store.put(datum(T0, [1]));
    clock.now = T0 + 13 * DAY;
    expect(store.list().map((m) => m.metricName)).toEqual(['Latency']);
    clock.now = T0 + 15 * DAY;
    expect(store.list()).toEqual([]);
  });
});
