/**
 * What a failover found before it changed anything, read back from its journal, so that a
 * failback can put it back: each `scale:<region>:<service>:0` step of `--scale-source-down`
 * records the desired count it found (`result.desired`), each `dial:<region>:<level>` step the
 * dial it found (`result.from`). Pure.
 */
import type { JournalRecord, RunListing } from '../ops/journal.js';

/** Desired counts by service that `records` show `region` had before being scaled to 0. */
export function recordedCapacity(
  records: readonly JournalRecord[],
  region: string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  const prefix = `scale:${region}:`;
  for (const record of records) {
    if (record.type !== 'step-done' || !record.stepId.startsWith(prefix)) continue;
    if (!record.stepId.endsWith(':0')) continue;
    const service = record.stepId.slice(prefix.length, -':0'.length);
    const desired = record.result?.desired;
    if (typeof desired === 'number' && desired > 0) counts[service] = desired;
  }
  return counts;
}

/**
 * The dial of each region before the run changed it: the `from` of the region's first dial
 * step (a gradual failover sets a region's dial several times).
 */
export function recordedDials(records: readonly JournalRecord[]): Record<string, number> {
  const dials: Record<string, number> = {};
  for (const record of records) {
    if (record.type !== 'step-done' || !record.stepId.startsWith('dial:')) continue;
    const region = record.stepId.split(':')[1]!;
    const from = record.result?.from;
    if (!(region in dials) && typeof from === 'number') dials[region] = from;
  }
  return dials;
}

/** The failover runs of `deployment` that may have scaled a region down, newest first. */
export function failoverRunsOf(runs: readonly RunListing[], deployment: string): RunListing[] {
  return runs.filter(
    (r) => r.kind === 'failover' && r.deployment === deployment && r.outcome !== 'refused',
  );
}
