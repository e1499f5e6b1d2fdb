/**
 * The metric store of one lab region, kept as CloudWatch keeps metrics (user guide,
 * "Metrics retention"): data points at 1 s resolution for 3 hours (high-resolution data
 * only; standard-resolution data enters at its minute), 1-minute aggregates for 15 days,
 * 5-minute for 63 days, 1-hour for 455 days. Each datum is added to every tier at once
 * (the coarse tiers are the roll-ups), and each tier drops what ages out, so memory is
 * bounded by retention / resolution per series and tier. A metric is namespace + name +
 * dimensions; each unit it was published with is a separate series, merged when a query
 * names no unit. Timestamps are lab-clock milliseconds (see SPEC.md for scaled windows).
 */
import { type Aggregate, emptyAggregate } from './stats.js';
import { CLOUDWATCH_TIERS, type MetricSample, sampleAggregate, Tier } from './tier.js';

/** A dimension of a metric. */
export interface MetricDimension {
  Name: string;
  Value: string;
}

/** What identifies a metric. */
export interface MetricIdentity {
  namespace: string;
  metricName: string;
  dimensions: readonly MetricDimension[];
}

/** One datum to store. */
export interface StoredDatum extends MetricIdentity {
  timestampMs: number;
  unit?: string;
  /** 1 (high resolution) or 60 (standard, the default). */
  storageResolution?: number;
  sample: MetricSample;
}

/** A metric as ListMetrics shows it, with when it last received data. */
export interface StoredMetric extends MetricIdentity {
  key: string;
  /** Newest datum timestamp. */
  lastTimestampMs: number;
  /** Lab-clock time of the last PutMetricData (or publish) that reached it. */
  lastPutMs: number;
}

interface Series {
  tiers: Tier[];
}

interface MetricEntry extends StoredMetric {
  series: Map<string, Series>;
}

const TWO_WEEKS = 14 * 86_400_000;

/** Canonical key of a metric: dimensions sorted by name. */
export function metricKey(identity: MetricIdentity): string {
  const dims = [...identity.dimensions]
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
    .map((d) => `${d.Name}=${d.Value}`)
    .join('\u0001');
  return `${identity.namespace}\u0000${identity.metricName}\u0000${dims}`;
}

/** A query for per-window aggregates of one metric. */
export interface WindowQuery {
  identity: MetricIdentity;
  /** Only data published with this unit; all units when undefined. */
  unit?: string;
  /** Start of the first window (ms); windows are [start + k·period, start + (k+1)·period). */
  startMs: number;
  periodMs: number;
  windows: number;
  /** Keep distributions (percentile-type statistics need them). */
  needDist: boolean;
}

/** The metric store of one region. */
export class MetricStore {
  readonly #metrics = new Map<string, MetricEntry>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Stores a datum (callers validate it first). */
  put(datum: StoredDatum): void {
    const aggregate = sampleAggregate(datum.sample);
    const now = this.#now();
    const key = metricKey(datum);
    let entry = this.#metrics.get(key);
    if (!entry) {
      entry = {
        key,
        namespace: datum.namespace,
        metricName: datum.metricName,
        dimensions: datum.dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
        lastTimestampMs: datum.timestampMs,
        lastPutMs: now,
        series: new Map(),
      };
      this.#metrics.set(key, entry);
    }
    entry.lastTimestampMs = Math.max(entry.lastTimestampMs, datum.timestampMs);
    entry.lastPutMs = now;
    if (!aggregate) return;
    const unit = datum.unit ?? 'None';
    let series = entry.series.get(unit);
    if (!series) {
      series = { tiers: CLOUDWATCH_TIERS.map((spec) => new Tier(spec)) };
      entry.series.set(unit, series);
    }
    const highResolution = datum.storageResolution === 1;
    const minute = Math.floor(datum.timestampMs / 60_000) * 60_000;
    for (const tier of series.tiers) {
      const at = tier.spec.resolutionMs < 60_000 && !highResolution ? minute : datum.timestampMs;
      tier.add(at, aggregate, now);
    }
  }

  /** The metric with this identity, if it has been published. */
  find(identity: MetricIdentity): StoredMetric | undefined {
    return this.#metrics.get(metricKey(identity));
  }

  /**
   * Aggregates per window (undefined where a window has no data), read from the coarsest
   * tier whose resolution divides both start and period and whose retention reaches back to
   * the start (the finest such tier otherwise).
   */
  windows(query: WindowQuery): (Aggregate | undefined)[] {
    const result: (Aggregate | undefined)[] = new Array(query.windows).fill(undefined);
    const entry = this.#metrics.get(metricKey(query.identity));
    if (!entry) return result;
    const now = this.#now();
    const tierIndex = this.#tierFor(query.startMs, query.periodMs, now);
    if (tierIndex < 0) return result;
    const horizon = now - CLOUDWATCH_TIERS[tierIndex]!.retentionMs;
    for (const [unit, series] of entry.series) {
      if (query.unit !== undefined && unit !== query.unit) continue;
      const tier = series.tiers[tierIndex]!;
      for (let k = 0; k < query.windows; k++) {
        const from = Math.max(horizon, query.startMs + k * query.periodMs);
        const to = query.startMs + (k + 1) * query.periodMs;
        if (to <= from) continue;
        const into = result[k] ?? emptyAggregate();
        if (tier.mergeRange(from, to, into, query.needDist)) result[k] = into;
      }
    }
    return result;
  }

  #tierFor(startMs: number, periodMs: number, now: number): number {
    let fallback = -1;
    for (let i = CLOUDWATCH_TIERS.length - 1; i >= 0; i--) {
      const { resolutionMs, retentionMs } = CLOUDWATCH_TIERS[i]!;
      if (periodMs % resolutionMs !== 0 || startMs % resolutionMs !== 0) continue;
      if (startMs >= now - retentionMs) return i;
      if (fallback < 0) fallback = i;
    }
    return fallback;
  }

  /** Units the metric's data was published with. */
  units(identity: MetricIdentity): string[] {
    return [...(this.#metrics.get(metricKey(identity))?.series.keys() ?? [])];
  }

  /**
   * Metrics as ListMetrics sees them: those that received data in the last two weeks
   * (CloudWatch stops listing a metric two weeks after its last datum), in key order.
   */
  list(): StoredMetric[] {
    const since = this.#now() - TWO_WEEKS;
    return [...this.#metrics.values()]
      .filter((m) => m.lastTimestampMs >= since)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Drops expired pages, and metrics with no data left in any tier. */
  prune(): void {
    const now = this.#now();
    for (const [key, entry] of this.#metrics) {
      let pages = 0;
      for (const series of entry.series.values()) {
        for (const tier of series.tiers) {
          tier.prune(now);
          pages += tier.pages;
        }
      }
      if (pages === 0 && entry.lastTimestampMs < now - TWO_WEEKS) this.#metrics.delete(key);
    }
  }

  /** Metrics held and slots holding data (for health reports and benchmarks). */
  size(): { metrics: number; series: number; pages: number } {
    let series = 0;
    let pages = 0;
    for (const entry of this.#metrics.values()) {
      series += entry.series.size;
      for (const s of entry.series.values()) for (const tier of s.tiers) pages += tier.pages;
    }
    return { metrics: this.#metrics.size, series, pages };
  }
}
