/**
 * The RPO check at the end of a drill without an `rpo` probe of its own: once the load has
 * stopped, wait `settle` for replication, then look up every acknowledged like in every region.
 */
import type { DrillDeps } from './deps.js';
import type { LoadSample } from './load.js';
import type { RpoReading } from './measurements.js';
import { checkRpoIn } from './rpo-check.js';

/** The readings of every region that could be read (none when the load acknowledged no like). */
export async function finalRpoCheck(
  deps: DrillDeps,
  settleMs: number,
  samples: readonly LoadSample[],
  faultT: number | null,
  rel: () => number,
): Promise<RpoReading[]> {
  if (!samples.some((s) => s.kind === 'like' && s.ok)) return [];
  deps.progress({
    kind: 'phase',
    phase: `settle ${settleMs} ms, then check every acknowledged like in every region`,
    elapsedMs: rel(),
  });
  await deps.sleep(settleMs);
  const readings: RpoReading[] = [];
  for (const region of deps.regions) {
    try {
      readings.push(await checkRpoIn(deps, region, samples, faultT, rel()));
    } catch (error) {
      deps.progress({
        kind: 'note',
        message: `RPO check in ${region} failed: ${(error as Error).message}`,
        elapsedMs: rel(),
      });
    }
  }
  return readings;
}
