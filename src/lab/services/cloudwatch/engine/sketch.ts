/**
 * A relative-error quantile sketch (the DDSketch idea): a value v > 0 falls in bin
 * i = ceil(log_γ v) with γ = (1 + α) / (1 − α), and a bin stands for 2γ^i / (γ + 1), which is
 * within α of every value in it. Negative values use a mirrored store, zeros a counter.
 * With α = 1 % any quantile of the values in the sketch is returned within 1 % of a value
 * of the right rank, as long as a store holds at most MAX_BINS bins; beyond that the
 * lowest bins are merged (only the lowest quantiles then lose accuracy). 2048 bins cover a
 * range of values of e^(2048 · 0.02) ≈ 10^17.8 without merging. Bins are kept compactly:
 * 16-bit keys (|key| ≤ 12,500 for CloudWatch's value range 8.5·10^-109 … 1.2·10^108) and
 * 32-bit float weights (6 bytes a bin); counts and sums stay exact in the statistic set.
 */

/** Relative accuracy of the sketch. */
export const SKETCH_ALPHA = 0.01;
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LN_GAMMA = Math.log(GAMMA);
/** Bins per store before the lowest are merged. */
export const MAX_BINS = 2048;

/** Bins of one sign: sorted keys with their weights. */
class BinStore {
  keys = new Int16Array(8);
  weights = new Float32Array(8);
  length = 0;

  add(key: number, weight: number): void {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.length && this.keys[lo] === key) {
      this.weights[lo] = this.weights[lo]! + weight;
      return;
    }
    if (this.length === this.keys.length) this.#grow();
    this.keys.copyWithin(lo + 1, lo, this.length);
    this.weights.copyWithin(lo + 1, lo, this.length);
    this.keys[lo] = key;
    this.weights[lo] = weight;
    this.length += 1;
    if (this.length > MAX_BINS) this.#collapseLowest();
  }

  #grow(): void {
    const keys = new Int16Array(this.keys.length * 2);
    const weights = new Float32Array(this.weights.length * 2);
    keys.set(this.keys);
    weights.set(this.weights);
    this.keys = keys;
    this.weights = weights;
  }

  #collapseLowest(): void {
    this.weights[1] = this.weights[1]! + this.weights[0]!;
    this.keys.copyWithin(0, 1, this.length);
    this.weights.copyWithin(0, 1, this.length);
    this.length -= 1;
  }

  clone(): BinStore {
    const copy = new BinStore();
    copy.keys = this.keys.slice(0, Math.max(1, this.length));
    copy.weights = this.weights.slice(0, Math.max(1, this.length));
    copy.length = this.length;
    return copy;
  }

  compact(): void {
    if (this.keys.length === this.length) return;
    this.keys = this.keys.slice(0, Math.max(1, this.length));
    this.weights = this.weights.slice(0, Math.max(1, this.length));
  }
}

function keyOf(magnitude: number): number {
  return Math.ceil(Math.log(magnitude) / LN_GAMMA);
}

function valueOf(key: number): number {
  return (2 * Math.pow(GAMMA, key)) / (GAMMA + 1);
}

/** A mergeable sketch of weighted values. */
export class LogSketch {
  #positive = new BinStore();
  #negative = new BinStore();
  #zero = 0;

  /** Adds `weight` occurrences of `value`. */
  add(value: number, weight: number): void {
    if (value > 0) this.#positive.add(keyOf(value), weight);
    else if (value < 0) this.#negative.add(keyOf(-value), weight);
    else this.#zero += weight;
  }

  /** Adds every bin of another sketch. */
  merge(other: LogSketch): void {
    other.#forEachBin((sign, key, weight) => {
      if (sign > 0) this.#positive.add(key, weight);
      else if (sign < 0) this.#negative.add(key, weight);
      else this.#zero += weight;
    });
  }

  #forEachBin(visit: (sign: number, key: number, weight: number) => void): void {
    for (let i = this.#negative.length - 1; i >= 0; i--)
      visit(-1, this.#negative.keys[i]!, this.#negative.weights[i]!);
    if (this.#zero > 0) visit(0, 0, this.#zero);
    for (let i = 0; i < this.#positive.length; i++)
      visit(1, this.#positive.keys[i]!, this.#positive.weights[i]!);
  }

  /** Visits the bins in ascending order of value, each as its representative value. */
  forEachAscending(visit: (value: number, weight: number) => void): void {
    this.#forEachBin((sign, key, weight) => visit(sign === 0 ? 0 : sign * valueOf(key), weight));
  }

  /** Number of bins held (for memory accounting). */
  get bins(): number {
    return this.#positive.length + this.#negative.length + (this.#zero > 0 ? 1 : 0);
  }

  /** Releases unused capacity (for a bucket that will not grow any more). */
  compact(): void {
    this.#positive.compact();
    this.#negative.compact();
  }

  /** An independent copy. */
  clone(): LogSketch {
    const copy = new LogSketch();
    copy.#positive = this.#positive.clone();
    copy.#negative = this.#negative.clone();
    copy.#zero = this.#zero;
    return copy;
  }
}
