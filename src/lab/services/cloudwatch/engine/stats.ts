/**
 * CloudWatch statistics over an aggregate of values (one period of one metric): the five
 * standard ones (SampleCount, Sum, Average, Minimum, Maximum) from the statistic set, and
 * the extended ones from the distribution: pNN.NN percentiles (nearest rank), trimmed mean
 * TM / tmNN, IQM (= TM(25%:75%)), winsorized mean WM / wmNN, trimmed count TC / tcNN,
 * trimmed sum TS / tsNN and percentile rank PR(a:b). Names follow the CloudWatch user
 * guide page "CloudWatch statistics definitions".
 */
import { Distribution, type TrimBounds } from './dist.js';

/** The values of one period: a statistic set plus, when known, their distribution. */
export interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
  /**
   * The distribution of the values; undefined when every value equals `min` (= `max`), null
   * when unknown (a statistic set with several different values was published).
   */
  dist: Distribution | null | undefined;
}

/** A parsed statistic. */
export type Statistic =
  | { kind: 'SampleCount' | 'Sum' | 'Average' | 'Minimum' | 'Maximum'; name: string }
  | { kind: 'percentile'; name: string; p: number }
  | { kind: 'TM' | 'WM' | 'TC' | 'TS' | 'PR'; name: string; bounds: TrimBounds };

/** The five statistics of the `Statistic` enum. */
export const STANDARD_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;

const NUMBER = '\\d+(?:\\.\\d{1,10})?';
const PERCENTILE = new RegExp(`^p(${NUMBER})$`);
const SHORT_TRIM = new RegExp(`^(tm|wm|tc|ts)(${NUMBER})$`, 'i');
const RANGE = new RegExp(`^(TM|WM|TC|TS|PR)\\((${NUMBER}%?)?:(${NUMBER}%?)?\\)$`, 'i');

function bound(text: string | undefined): { value?: number; percent: boolean } {
  if (text === undefined || text === '') return { percent: false };
  const percent = text.endsWith('%');
  return { value: Number(percent ? text.slice(0, -1) : text), percent };
}

/** Parses a statistic name (Stat of MetricStat, Statistic or ExtendedStatistic); undefined if not valid. */
export function parseStatistic(name: string): Statistic | undefined {
  if ((STANDARD_STATISTICS as readonly string[]).includes(name))
    return { kind: name as (typeof STANDARD_STATISTICS)[number], name };
  if (name === 'IQM' || name === 'iqm')
    return { kind: 'TM', name, bounds: { kind: 'percent', lower: 25, upper: 75 } };
  const percentile = PERCENTILE.exec(name);
  if (percentile) {
    const p = Number(percentile[1]);
    return p <= 100 ? { kind: 'percentile', name, p } : undefined;
  }
  const short = SHORT_TRIM.exec(name);
  if (short) {
    const upper = Number(short[2]);
    if (upper > 100) return undefined;
    const kind = short[1]!.toUpperCase() as 'TM' | 'WM' | 'TC' | 'TS';
    return { kind, name, bounds: { kind: 'percent', upper } };
  }
  const range = RANGE.exec(name);
  if (!range) return undefined;
  const kind = range[1]!.toUpperCase() as 'TM' | 'WM' | 'TC' | 'TS' | 'PR';
  const lower = bound(range[2]);
  const upper = bound(range[3]);
  if (lower.value === undefined && upper.value === undefined) return undefined;
  const percent = lower.value !== undefined ? lower.percent : upper.percent;
  if (lower.value !== undefined && upper.value !== undefined && lower.percent !== upper.percent)
    return undefined;
  if (kind === 'PR' && percent) return undefined;
  if (percent && ((lower.value ?? 0) > 100 || (upper.value ?? 0) > 100)) return undefined;
  if (lower.value !== undefined && upper.value !== undefined && lower.value > upper.value)
    return undefined;
  return {
    kind,
    name,
    bounds: { kind: percent ? 'percent' : 'absolute', lower: lower.value, upper: upper.value },
  };
}

/** True for statistics that need the distribution of the values. */
export function needsDistribution(statistic: Statistic): boolean {
  return !(STANDARD_STATISTICS as readonly string[]).includes(statistic.kind);
}

/** The distribution of an aggregate (built from min when all values are equal); null if unknown. */
export function distributionOf(aggregate: Aggregate): Distribution | null {
  if (aggregate.dist !== undefined) return aggregate.dist;
  const dist = new Distribution();
  dist.add(aggregate.min, aggregate.count);
  return dist;
}

/** The value of a statistic over an aggregate; undefined when it has none (no data, unknown distribution). */
export function computeStatistic(aggregate: Aggregate, statistic: Statistic): number | undefined {
  if (!(aggregate.count > 0)) return undefined;
  switch (statistic.kind) {
    case 'SampleCount':
      return aggregate.count;
    case 'Sum':
      return aggregate.sum;
    case 'Average':
      return aggregate.sum / aggregate.count;
    case 'Minimum':
      return aggregate.min;
    case 'Maximum':
      return aggregate.max;
    default:
      break;
  }
  const dist = distributionOf(aggregate);
  if (!dist) return undefined;
  const clamp = (value: number | undefined) =>
    value === undefined ? undefined : Math.min(aggregate.max, Math.max(aggregate.min, value));
  if (statistic.kind === 'percentile') return clamp(dist.percentile(statistic.p));
  if (statistic.kind === 'WM') return clamp(dist.winsorizedMean(statistic.bounds));
  if (statistic.kind === 'PR') {
    const { count } = dist.trimmed(statistic.bounds);
    return (count / dist.total) * 100;
  }
  const { count, sum } = dist.trimmed(statistic.bounds);
  if (statistic.kind === 'TC') return count;
  if (statistic.kind === 'TS') return sum;
  return count > 0 ? clamp(sum / count) : undefined;
}

/** An aggregate of no values, to merge into. */
export function emptyAggregate(): Aggregate {
  return { count: 0, sum: 0, min: Infinity, max: -Infinity, dist: undefined };
}

/**
 * Adds `from` into `into` (only `into` changes; `from`'s distribution is copied, never
 * shared). With `needDist` false the result's distribution is not maintained.
 */
export function mergeAggregate(into: Aggregate, from: Aggregate, needDist: boolean): void {
  if (!(from.count > 0)) return;
  if (into.count === 0) {
    into.count = from.count;
    into.sum = from.sum;
    into.min = from.min;
    into.max = from.max;
    into.dist = needDist && from.dist ? from.dist.clone() : needDist ? from.dist : undefined;
    return;
  }
  if (needDist && into.dist !== null) {
    if (from.dist === null) into.dist = null;
    else {
      const equal = into.min === into.max && from.min === from.max && into.min === from.min;
      if (!equal || into.dist !== undefined || from.dist !== undefined) {
        const dist = into.dist ?? distributionOf({ ...into, dist: undefined })!;
        if (from.dist) dist.merge(from.dist);
        else dist.add(from.min, from.count);
        into.dist = dist;
      }
    }
  }
  into.count += from.count;
  into.sum += from.sum;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
}
