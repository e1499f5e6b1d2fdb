/**
 * The distribution of the values in one metric bucket, for percentile-type statistics.
 * Exact while the bucket holds at most EXACT_LIMIT distinct values (sorted values with
 * weights, so small data gives hand-computable answers); a LogSketch (±1 % relative error)
 * beyond. Percentiles are nearest-rank on the weighted values: pNN is the smallest value v
 * such that at least NN % of the weight is ≤ v. Trimmed statistics count each value's
 * weight only for the part of its rank interval inside the bounds, so they can be fractional
 * (as CloudWatch's TC can).
 */
import { LogSketch } from './sketch.js';

/** Distinct values a distribution keeps exactly before it becomes a sketch. */
export const EXACT_LIMIT = 32;

/** Bounds of a trimmed statistic: percentages of the weight (0–100) or absolute values. */
export interface TrimBounds {
  kind: 'percent' | 'absolute';
  /** Exclusive lower bound; undefined = from the lowest value. */
  lower?: number;
  /** Inclusive upper bound; undefined = to the highest value. */
  upper?: number;
}

/** A weighted distribution of values. */
export class Distribution {
  /** Exact mode: sorted distinct values and their weights, interleaved [v0, w0, v1, w1, …]. */
  #pairs: Float64Array | undefined = new Float64Array(4);
  #distinct = 0;
  #sketch: LogSketch | undefined;
  #total = 0;

  /** Adds `weight` occurrences of `value` (weights ≤ 0 are ignored). */
  add(value: number, weight = 1): void {
    if (!(weight > 0)) return;
    this.#total += weight;
    if (this.#sketch) {
      this.#sketch.add(value, weight);
      return;
    }
    let pairs = this.#pairs!;
    let lo = 0;
    let hi = this.#distinct;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[2 * mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.#distinct && pairs[2 * lo] === value) {
      pairs[2 * lo + 1] = pairs[2 * lo + 1]! + weight;
      return;
    }
    if (this.#distinct === EXACT_LIMIT) {
      this.#toSketch();
      this.#sketch!.add(value, weight);
      return;
    }
    if (2 * this.#distinct === pairs.length) {
      const grown = new Float64Array(Math.min(2 * EXACT_LIMIT, pairs.length * 2));
      grown.set(pairs);
      pairs = this.#pairs = grown;
    }
    pairs.copyWithin(2 * lo + 2, 2 * lo, 2 * this.#distinct);
    pairs[2 * lo] = value;
    pairs[2 * lo + 1] = weight;
    this.#distinct += 1;
  }

  #toSketch(): void {
    const sketch = new LogSketch();
    for (let i = 0; i < this.#distinct; i++)
      sketch.add(this.#pairs![2 * i]!, this.#pairs![2 * i + 1]!);
    this.#sketch = sketch;
    this.#pairs = undefined;
    this.#distinct = 0;
  }

  /** Adds every value of another distribution. */
  merge(other: Distribution): void {
    if (other.#sketch && !this.#sketch) this.#toSketch();
    if (this.#sketch && other.#sketch) {
      this.#sketch.merge(other.#sketch);
      this.#total += other.#total;
      return;
    }
    other.forEachAscending((value, weight) => this.add(value, weight));
  }

  /** True while every value is held exactly. */
  get exact(): boolean {
    return this.#sketch === undefined;
  }

  /** Total weight. */
  get total(): number {
    return this.#total;
  }

  /** Visits the values (sketch bins: their representatives) in ascending order. */
  forEachAscending(visit: (value: number, weight: number) => void): void {
    if (this.#sketch) {
      this.#sketch.forEachAscending(visit);
      return;
    }
    const pairs = this.#pairs!;
    for (let i = 0; i < this.#distinct; i++) visit(pairs[2 * i]!, pairs[2 * i + 1]!);
  }

  /** Nearest-rank percentile, p in [0, 100]; undefined when empty. */
  percentile(p: number): number | undefined {
    if (this.#total <= 0) return undefined;
    const target = (p / 100) * this.#total;
    const epsilon = this.#total * 1e-12;
    let cumulative = 0;
    let answer: number | undefined;
    let last: number | undefined;
    this.forEachAscending((value, weight) => {
      last = value;
      if (answer !== undefined) return;
      cumulative += weight;
      if (cumulative >= target - epsilon) answer = value;
    });
    return answer ?? last;
  }

  /**
   * Weight and weighted sum of the values inside the bounds: for percent bounds, the part of
   * each value's rank interval (c − w, c] inside (lower·W, upper·W]; for absolute bounds,
   * the values v with lower < v ≤ upper.
   */
  trimmed(bounds: TrimBounds): { count: number; sum: number } {
    let count = 0;
    let sum = 0;
    if (bounds.kind === 'absolute') {
      const lower = bounds.lower ?? -Infinity;
      const upper = bounds.upper ?? Infinity;
      this.forEachAscending((value, weight) => {
        if (value > lower && value <= upper) {
          count += weight;
          sum += value * weight;
        }
      });
      return { count, sum };
    }
    const lower = ((bounds.lower ?? 0) / 100) * this.#total;
    const upper = ((bounds.upper ?? 100) / 100) * this.#total;
    let cumulative = 0;
    this.forEachAscending((value, weight) => {
      const from = cumulative;
      cumulative += weight;
      const inside = Math.min(upper, cumulative) - Math.max(lower, from);
      if (inside > 0) {
        count += inside;
        sum += value * inside;
      }
    });
    return { count, sum };
  }

  /** Winsorized mean: values below the lower bound's value count as it, above the upper's as it. */
  winsorizedMean(bounds: TrimBounds): number | undefined {
    if (this.#total <= 0) return undefined;
    const low =
      bounds.lower === undefined
        ? -Infinity
        : bounds.kind === 'percent'
          ? this.percentile(bounds.lower)!
          : bounds.lower;
    const high =
      bounds.upper === undefined
        ? Infinity
        : bounds.kind === 'percent'
          ? this.percentile(bounds.upper)!
          : bounds.upper;
    let sum = 0;
    this.forEachAscending((value, weight) => {
      sum += Math.min(high, Math.max(low, value)) * weight;
    });
    return sum / this.#total;
  }

  /** Releases unused capacity (for a bucket that will not grow any more). */
  compact(): void {
    if (this.#sketch) this.#sketch.compact();
    else if (this.#pairs && this.#pairs.length > 2 * this.#distinct)
      this.#pairs = this.#pairs.slice(0, Math.max(2, 2 * this.#distinct));
  }

  /** An independent copy. */
  clone(): Distribution {
    const copy = new Distribution();
    copy.merge(this);
    return copy;
  }
}
