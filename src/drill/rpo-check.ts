/**
 * One RPO check: every acknowledged like of the load so far, looked up in one region's
 * replica (its counters), and those missing there with the time they span (see `lostLikes`).
 */
import type { DrillDeps } from './deps.js';
import type { LoadSample } from './load.js';
import { lostLikes } from './measure.js';
import type { RpoReading } from './measurements.js';

/** Checks the acknowledged likes in `samples` against what `region` holds now. */
export async function checkRpoIn(
  deps: DrillDeps,
  region: string,
  samples: readonly LoadSample[],
  faultT: number | null,
  at: number,
): Promise<RpoReading> {
  const acks = samples.filter((s) => s.kind === 'like' && s.ok && s.mysfitId !== undefined);
  const ids = [...new Set(acks.map((s) => s.mysfitId!))];
  const visible = ids.length ? await deps.readLikeCounters(region, ids) : new Map<string, number>();
  const lost = lostLikes(acks, visible, faultT);
  return {
    region,
    t: at,
    checked: acks.length,
    lostWrites: lost.lostWrites,
    windowMs: lost.windowMs,
  };
}
