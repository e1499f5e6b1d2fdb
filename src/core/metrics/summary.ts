/**
 * Summaries of metric series over a window: the latest datapoint, min, max, and the overall
 * value (the sum of a count, the ratio of sums for a rate). A period without a datapoint is
 * missing, never zero: CloudWatch publishes no datapoint for a minute without, say, 5xx, and
 * a region that cannot be read publishes none at all. Pure.
 */
import type { MetricKind } from './queries.js';
import type { MetricsWindow } from './window.js';

/** Datapoints of one series, oldest first (values finite). */
export interface Points {
  timestamps: readonly number[];
  values: readonly number[];
}

/** What a window of one series comes to; null where there is no datapoint to say it. */
export interface SeriesSummary {
  /** Periods with a datapoint. */
  datapoints: number;
  latest: number | null;
  /** When the latest datapoint's period started (ms since the epoch). */
  latestAt: number | null;
  min: number | null;
  max: number | null;
  /** Count rows: the sum; rate rows: the ratio of sums × 100; gauges: null. */
  overall: number | null;
}

/** The finite datapoints of a series inside [startMs, endMs), oldest first. */
export function cleanPoints(
  points: Points,
  window?: Pick<MetricsWindow, 'startMs' | 'endMs'>,
): {
  timestamps: number[];
  values: number[];
} {
  const pairs: [number, number][] = [];
  points.timestamps.forEach((t, i) => {
    const v = points.values[i];
    if (v === undefined || !Number.isFinite(v)) return;
    if (window && (t < window.startMs || t >= window.endMs)) return;
    pairs.push([t, v]);
  });
  pairs.sort((a, b) => a[0] - b[0]);
  return { timestamps: pairs.map(([t]) => t), values: pairs.map(([, v]) => v) };
}

/** The sum of a series' values, or null when it has no datapoint. */
export function sumOf(points: Points): number | null {
  return points.values.length === 0 ? null : points.values.reduce((a, b) => a + b, 0);
}

/**
 * The rate (percent) of the summed numerators over the summed denominators; a missing
 * numerator series adds nothing (no 5xx datapoint is no 5xx), a denominator of nothing or 0
 * gives null (no requests: no rate).
 */
export function ratioPercent(
  numerators: readonly (Points | undefined)[],
  denominators: readonly (Points | undefined)[],
): number | null {
  const total = (list: readonly (Points | undefined)[]) =>
    list.reduce((acc, p) => acc + (p ? (sumOf(p) ?? 0) : 0), 0);
  const den = total(denominators);
  return den > 0 ? (100 * total(numerators)) / den : null;
}

/** Summarises one series; `overall` is the sum for counts and null otherwise (rates: see ratioPercent). */
export function summarize(points: Points, kind: MetricKind): SeriesSummary {
  const n = points.values.length;
  if (n === 0) {
    return { datapoints: 0, latest: null, latestAt: null, min: null, max: null, overall: null };
  }
  return {
    datapoints: n,
    latest: points.values[n - 1]!,
    latestAt: points.timestamps[n - 1]!,
    min: Math.min(...points.values),
    max: Math.max(...points.values),
    overall: kind === 'count' ? sumOf(points) : null,
  };
}

/**
 * The series on the window's grid: one slot per period, the value of the datapoint whose
 * timestamp falls in it, null where there is none.
 */
export function onGrid(
  points: Points,
  window: Pick<MetricsWindow, 'startMs' | 'periodSeconds' | 'periods'>,
): (number | null)[] {
  const periodMs = window.periodSeconds * 1000;
  const slots: (number | null)[] = new Array<number | null>(window.periods).fill(null);
  points.timestamps.forEach((t, i) => {
    const k = Math.floor((t - window.startMs) / periodMs);
    const v = points.values[i];
    if (k >= 0 && k < window.periods && v !== undefined && Number.isFinite(v)) slots[k] = v;
  });
  return slots;
}
