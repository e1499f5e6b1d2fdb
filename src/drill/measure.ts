/**
 * What a game day measured, computed from the load's samples and the run's moments: the
 * per-region request series, RTO, detection time, acknowledged likes lost (RPO), and the
 * verdict on each objective. Pure: no I/O, no clock; every time is ms since the run's t0.
 */
import type { ObjectiveResult, SeriesPoint } from './journal.js';
import type { LoadSample } from './load.js';

/** The series key of requests that got no answer naming a region. */
export const UNSERVED = 'unserved';

/**
 * Requests per serving region per bucket of `bucketMs`, by the time each was sent: a
 * point for every bucket covering `durationMs` (zeros included), so series line up. A
 * failed request with a region counts as `failed` in that region; one without a region
 * under `unserved` (present only when there are such requests). Samples before 0 or past
 * the last bucket are counted in the first or last bucket.
 */
export function bucketSeries(
  samples: readonly LoadSample[],
  bucketMs: number,
  durationMs: number,
): Record<string, SeriesPoint[]> {
  if (!(bucketMs > 0)) throw new RangeError(`bucketMs must be above 0 (got ${bucketMs})`);
  const count = Math.max(1, Math.ceil(durationMs / bucketMs));
  const series: Record<string, SeriesPoint[]> = {};
  for (const s of samples) {
    const key = s.region ?? UNSERVED;
    const points = (series[key] ??= Array.from({ length: count }, (_, i) => ({
      t: i * bucketMs,
      ok: 0,
      failed: 0,
    })));
    const point = points[Math.min(count - 1, Math.max(0, Math.floor(s.t / bucketMs)))]!;
    if (s.ok) point.ok++;
    else point.failed++;
  }
  return series;
}

/** The load's totals as the journal keeps them (`byRegion`: answers by serving region). */
export function requestTotals(samples: readonly LoadSample[]): {
  sent: number;
  ok: number;
  failed: number;
  byRegion: Record<string, number>;
} {
  const byRegion: Record<string, number> = {};
  let ok = 0;
  for (const s of samples) {
    if (s.ok) ok++;
    if (s.region !== null) byRegion[s.region] = (byRegion[s.region] ?? 0) + 1;
  }
  return { sent: samples.length, ok, failed: samples.length - ok, byRegion };
}

/** ok / all requests; null when there were none. */
export function successRate(samples: readonly LoadSample[]): number | null {
  return samples.length === 0 ? null : requestTotals(samples).ok / samples.length;
}

/** How a recovery is recognised. */
export interface RtoOptions {
  /** Length of the success window, ms. Default 5000. */
  windowMs?: number;
  /** Fewest requests the window must hold. Default 10. */
  minRequests?: number;
}

/**
 * Recovery time, ms: from the first failed request (by the time it was sent) to the
 * start of the first sustained success window after it. A window starts at a successful
 * request sent at or after that first failure, and is sustained when every request sent
 * in `[start, start + windowMs)` succeeded and at least `minRequests` were sent in it, or
 * when every request from its start to the end of the run succeeded and there were at
 * least `minRequests` of them (the run ended before a whole window). 0 when no request
 * failed; null when it never recovered.
 */
export function measureRto(
  samples: readonly LoadSample[],
  options: RtoOptions = {},
): number | null {
  const windowMs = options.windowMs ?? 5_000;
  const minRequests = options.minRequests ?? 10;
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const first = sorted.findIndex((s) => !s.ok);
  if (first < 0) return 0;
  const faultT = sorted[first]!.t;
  // failuresFrom[i]: failed requests among sorted[i..].
  const failuresFrom = new Array<number>(sorted.length + 1).fill(0);
  for (let i = sorted.length - 1; i >= 0; i--)
    failuresFrom[i] = failuresFrom[i + 1]! + (sorted[i]!.ok ? 0 : 1);
  let end = first;
  for (let i = first + 1; i < sorted.length; i++) {
    const start = sorted[i]!;
    if (!start.ok) continue;
    while (end < sorted.length && sorted[end]!.t < start.t + windowMs) end++;
    const inWindow = end - i;
    const clean = failuresFrom[i]! - failuresFrom[end]! === 0;
    if (clean && inWindow >= minRequests) return start.t - faultT;
    if (failuresFrom[i] === 0 && sorted.length - i >= minRequests) return start.t - faultT;
  }
  return null;
}

/** A moment that can count as the system noticing a fault (an alarm, a health change…). */
export interface DetectionSignal {
  t: number;
  kind: string;
}

/**
 * Detection time, ms: from the fault to the first signal at or after it (of `kinds`, when
 * given). Null when there was no fault or no such signal.
 */
export function measureDetection(
  faultT: number | null,
  signals: readonly DetectionSignal[],
  kinds?: readonly string[],
): number | null {
  if (faultT === null) return null;
  let first: number | null = null;
  for (const s of signals) {
    if (s.t < faultT || (kinds && !kinds.includes(s.kind))) continue;
    if (first === null || s.t < first) first = s.t;
  }
  return first === null ? null : first - faultT;
}

/** The key of a (mysfit, region) like counter in `lostLikes`' `visible` map. */
export function likeCounterKey(mysfitId: string, region: string): string {
  return `${mysfitId}#${region}`;
}

/** Acknowledged likes missing where they were checked, and the time they span. */
export interface LostLikes {
  lostWrites: number;
  /**
   * Earliest lost acknowledgement (when it was sent) → the fault, ms, at least 0; with no
   * fault, → the latest lost acknowledgement's answer. 0 when nothing was lost.
   */
  windowMs: number;
  lost: LoadSample[];
}

/**
 * Acknowledged likes (ok, with `mysfitId`, `region` and `regionLikes`) lost in the
 * surviving region: a like is lost when its sequence number `regionLikes` exceeds the
 * counter `visible` there for (mysfit, serving region), keyed by `likeCounterKey`; a
 * counter absent from `visible` counts as 0. Other samples are ignored.
 */
export function lostLikes(
  acks: readonly LoadSample[],
  visible: ReadonlyMap<string, number>,
  faultT: number | null,
): LostLikes {
  const lost = acks
    .filter(
      (s) =>
        s.kind === 'like' &&
        s.ok &&
        s.region !== null &&
        s.mysfitId !== undefined &&
        s.regionLikes !== undefined &&
        s.regionLikes > (visible.get(likeCounterKey(s.mysfitId, s.region)) ?? 0),
    )
    .sort((a, b) => a.t - b.t);
  if (lost.length === 0) return { lostWrites: 0, windowMs: 0, lost };
  const until = faultT ?? Math.max(...lost.map((s) => s.t + s.latencyMs));
  return { lostWrites: lost.length, windowMs: Math.max(0, until - lost[0]!.t), lost };
}

/** An objective's name (as in the journal). */
export type ObjectiveName = ObjectiveResult['name'];

/** Limits a drill sets: ms for rto/rpo/detection, a count for lostWrites, a ratio for successRate. */
export type Objectives = Partial<Record<ObjectiveName, number>>;

/** What was measured for each objective; absent or null misses it. */
export type Measured = Partial<Record<ObjectiveName, number | null>>;

const UNITS: Record<ObjectiveName, ObjectiveResult['unit']> = {
  rto: 'ms',
  rpo: 'ms',
  lostWrites: 'writes',
  detection: 'ms',
  successRate: 'ratio',
};

/**
 * Each objective set, in the order rto, rpo, lostWrites, detection, successRate: met when
 * measured and at most the target (successRate: at least the target). A measurement that
 * is null or absent misses its objective.
 */
export function evaluateObjectives(objectives: Objectives, measured: Measured): ObjectiveResult[] {
  const results: ObjectiveResult[] = [];
  for (const name of Object.keys(UNITS) as ObjectiveName[]) {
    const target = objectives[name];
    if (target === undefined) continue;
    const value = measured[name] ?? null;
    const met = value !== null && (name === 'successRate' ? value >= target : value <= target);
    results.push({ name, target, measured: value, unit: UNITS[name], met });
  }
  return results;
}
