/**
 * What a region ran before a failover scaled it down (`--scale-source-down`), read back from
 * that run's journal: each `scale:<region>:<service>:0` step records the desired count it
 * found (`result.desired`). A failback scales the region back to at least these. Pure.
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

/** The failover runs of `deployment` that may have scaled a region down, newest first. */
export function failoverRunsOf(runs: readonly RunListing[], deployment: string): RunListing[] {
  return runs.filter(
    (r) => r.kind === 'failover' && r.deployment === deployment && r.outcome !== 'refused',
  );
}
