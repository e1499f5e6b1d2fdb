/**
 * Unicode sparklines (`▁▂▃▄▅▆▇█`) for terminal tables. The scale runs from 0 (or the lowest
 * value, when negative) to the highest value, so a flat series at 100 reads as high, not as
 * noise; only a value equal to the bottom of the scale gets the lowest bar, so a small
 * non-zero count never looks like zero. A missing period is `·`, never a bar.
 */

/** The eight bars, lowest first. */
export const SPARK_BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** What a period without a datapoint shows. */
export const SPARK_MISSING = '·';

/** Options of `sparkline`. */
export interface SparklineOptions {
  /** Most characters; longer series are averaged into this many buckets. Default: no limit. */
  width?: number;
  /** Shown for a missing period (null, undefined, NaN, ±Infinity). Default `·`. */
  missing?: string;
}

const present = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

/** Averages `values` into `width` consecutive buckets (null for a bucket with no value). */
export function compress(
  values: readonly (number | null | undefined)[],
  width: number,
): (number | null)[] {
  const n = values.length;
  if (n <= width) return values.map((v) => (present(v) ? v : null));
  const out: (number | null)[] = [];
  for (let i = 0; i < width; i += 1) {
    const bucket = values.slice(Math.floor((i * n) / width), Math.floor(((i + 1) * n) / width));
    const known = bucket.filter(present);
    out.push(known.length ? known.reduce((a, b) => a + b, 0) / known.length : null);
  }
  return out;
}

/** One character per value (or per bucket when `width` is smaller than the series). */
export function sparkline(
  values: readonly (number | null | undefined)[],
  options: SparklineOptions = {},
): string {
  const width = Math.max(1, Math.floor(options.width ?? Infinity));
  const missing = options.missing ?? SPARK_MISSING;
  const points = compress(values, width);
  const known = points.filter(present);
  if (known.length === 0) return points.map(() => missing).join('');
  const lo = Math.min(0, ...known);
  const hi = Math.max(...known);
  const top = SPARK_BARS.length - 1;
  return points
    .map((v) => {
      if (!present(v)) return missing;
      if (v <= lo || hi === lo) return SPARK_BARS[0];
      return SPARK_BARS[Math.min(top, Math.ceil(((v - lo) / (hi - lo)) * top))];
    })
    .join('');
}
