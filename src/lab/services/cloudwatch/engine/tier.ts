/**
 * One resolution tier of a metric series: fixed-size time slots (1 s, 1 min, 5 min or 1 h),
 * each holding the statistic set of the values that fell in it (count, sum, min, max in
 * typed arrays) and, only when its values differ, their Distribution. Slots live in pages
 * allocated on first write and dropped whole once older than the tier's retention, so a
 * series holds at most retention / resolution slots per tier whatever the write rate.
 */
import { Distribution } from './dist.js';
import { type Aggregate, emptyAggregate, mergeAggregate } from './stats.js';

/** Resolution, retention and page size of a tier. */
export interface TierSpec {
  resolutionMs: number;
  retentionMs: number;
  /** Slots per page (a page is the unit of allocation and expiry). */
  pageSlots: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** CloudWatch's retention schedule (user guide, "Metrics retention"), finest first. */
export const CLOUDWATCH_TIERS: readonly TierSpec[] = [
  { resolutionMs: 1_000, retentionMs: 3 * HOUR, pageSlots: 300 },
  { resolutionMs: 60_000, retentionMs: 15 * DAY, pageSlots: 240 },
  { resolutionMs: 300_000, retentionMs: 63 * DAY, pageSlots: 288 },
  { resolutionMs: HOUR, retentionMs: 455 * DAY, pageSlots: 168 },
];

/** Values to add: raw values (with counts) or a statistic set. */
export type MetricSample =
  | { kind: 'values'; values: readonly number[]; counts: readonly number[] }
  | { kind: 'set'; count: number; sum: number; min: number; max: number };

/** The statistic set of a sample, with its distribution when its values differ. */
export function sampleAggregate(sample: MetricSample): Aggregate | undefined {
  if (sample.kind === 'set') {
    if (!(sample.count > 0)) return undefined;
    const mixed = sample.min < sample.max && sample.count > 1;
    return {
      count: sample.count,
      sum: sample.sum,
      min: sample.min,
      max: sample.max,
      dist: mixed ? null : undefined,
    };
  }
  const aggregate = emptyAggregate();
  for (let i = 0; i < sample.values.length; i++) {
    const weight = sample.counts[i] ?? 1;
    if (!(weight > 0)) continue;
    const value = sample.values[i]!;
    aggregate.count += weight;
    aggregate.sum += value * weight;
    aggregate.min = Math.min(aggregate.min, value);
    aggregate.max = Math.max(aggregate.max, value);
  }
  if (aggregate.count === 0) return undefined;
  if (aggregate.min < aggregate.max) {
    const dist = new Distribution();
    for (let i = 0; i < sample.values.length; i++)
      dist.add(sample.values[i]!, sample.counts[i] ?? 1);
    aggregate.dist = dist;
  }
  return aggregate;
}

class Page {
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  dists: (Distribution | null | undefined)[] | undefined;

  constructor(slots: number) {
    this.count = new Float64Array(slots);
    this.sum = new Float64Array(slots);
    this.min = new Float64Array(slots);
    this.max = new Float64Array(slots);
  }
}

/** A tier of one series. */
export class Tier {
  readonly spec: TierSpec;
  readonly #pages = new Map<number, Page>();
  #oldestPage = Infinity;

  constructor(spec: TierSpec) {
    this.spec = spec;
  }

  /** Adds an aggregate at a time; ignored when older than the retention at `nowMs`. */
  add(timestampMs: number, aggregate: Aggregate, nowMs: number): void {
    const { resolutionMs, pageSlots, retentionMs } = this.spec;
    if (timestampMs < nowMs - retentionMs) return;
    const slot = Math.floor(timestampMs / resolutionMs);
    const pageIndex = Math.floor(slot / pageSlots);
    let page = this.#pages.get(pageIndex);
    if (!page) {
      this.prune(nowMs);
      for (const dist of this.#pages.get(pageIndex - 1)?.dists ?? []) dist?.compact();
      page = new Page(pageSlots);
      this.#pages.set(pageIndex, page);
      this.#oldestPage = Math.min(this.#oldestPage, pageIndex);
    }
    const i = slot - pageIndex * pageSlots;
    const current = this.#read(page, i);
    if (!current) {
      page.count[i] = aggregate.count;
      page.sum[i] = aggregate.sum;
      page.min[i] = aggregate.min;
      page.max[i] = aggregate.max;
      if (aggregate.dist !== undefined) (page.dists ??= [])[i] = aggregate.dist?.clone() ?? null;
      return;
    }
    mergeAggregate(current, aggregate, true);
    page.count[i] = current.count;
    page.sum[i] = current.sum;
    page.min[i] = current.min;
    page.max[i] = current.max;
    if (current.dist !== undefined) (page.dists ??= [])[i] = current.dist;
  }

  #read(page: Page, i: number): Aggregate | undefined {
    const count = page.count[i]!;
    if (count === 0) return undefined;
    return {
      count,
      sum: page.sum[i]!,
      min: page.min[i]!,
      max: page.max[i]!,
      dist: page.dists?.[i],
    };
  }

  /** Merges every slot starting in [fromMs, toMs) into `into`; true if any had data. */
  mergeRange(fromMs: number, toMs: number, into: Aggregate, needDist: boolean): boolean {
    const { resolutionMs, pageSlots } = this.spec;
    const first = Math.ceil(fromMs / resolutionMs);
    const last = Math.ceil(toMs / resolutionMs) - 1;
    let found = false;
    for (let slot = first; slot <= last; ) {
      const pageIndex = Math.floor(slot / pageSlots);
      const pageEnd = (pageIndex + 1) * pageSlots - 1;
      const page = this.#pages.get(pageIndex);
      const stop = Math.min(last, pageEnd);
      if (page) {
        for (let s = slot; s <= stop; s++) {
          const aggregate = this.#read(page, s - pageIndex * pageSlots);
          if (aggregate) {
            mergeAggregate(into, aggregate, needDist);
            found = true;
          }
        }
      }
      slot = stop + 1;
    }
    return found;
  }

  /** Drops pages that ended before the retention horizon at `nowMs`. */
  prune(nowMs: number): void {
    const { resolutionMs, pageSlots, retentionMs } = this.spec;
    const horizon = Math.floor((nowMs - retentionMs) / resolutionMs / pageSlots);
    if (this.#oldestPage >= horizon) return;
    let oldest = Infinity;
    for (const index of this.#pages.keys()) {
      if (index < horizon) this.#pages.delete(index);
      else oldest = Math.min(oldest, index);
    }
    this.#oldestPage = oldest;
  }

  /** Pages held. */
  get pages(): number {
    return this.#pages.size;
  }

  /** Slots that hold data (for health and memory accounting). */
  occupiedSlots(): number {
    let occupied = 0;
    for (const page of this.#pages.values())
      for (const count of page.count) if (count > 0) occupied++;
    return occupied;
  }
}
