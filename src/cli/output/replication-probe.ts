/** Renders `replication probe` for a terminal: one aligned row per direction, then the cleanup. */
import type { ChalkInstance } from 'chalk';
import type { ReplicationProbeDocument } from '../../core/replication/schema.js';
import { formatDuration } from '../../core/replication/stats.js';
import { renderColumns } from './columns.js';
import { colourVerdict } from './replication-verdict.js';

const dash = '–';

/** A heading, then `direction  verdict  samples  min  median  max` rows, then what was cleaned up. */
export function renderReplicationProbe(
  doc: ReplicationProbeDocument,
  style: ChalkInstance,
): string {
  const s = doc.settings;
  const head = `${style.bold(doc.table)} replication probe (run ${doc.runId}): ${s.samples} canar${s.samples === 1 ? 'y' : 'ies'} per direction, ${formatDuration(s.intervalMs)} apart; resolution ${formatDuration(s.pollIntervalMs)}; timeout ${formatDuration(s.timeoutMs)}; threshold ${s.maxReplicationLagSeconds} s`;
  const rows = doc.directions.map((d) => {
    const seen = d.samples.filter((x) => x.outcome === 'seen').length;
    return [
      `${d.from} → ${d.to}`,
      colourVerdict(d.verdict, style),
      `${seen}/${d.samplesRequested}`,
      d.stats ? formatDuration(d.stats.minMs) : dash,
      d.stats ? formatDuration(d.stats.medianMs) : dash,
      d.stats ? formatDuration(d.stats.maxMs) : dash,
    ];
  });
  const header = ['direction', 'verdict', 'seen', 'min', 'median', 'max'].map((h) => style.dim(h));
  const deleted = doc.directions.reduce((n, d) => n + d.cleanup.deleted, 0);
  const failed = doc.directions.reduce((n, d) => n + d.cleanup.failures.length, 0);
  const written = doc.directions.reduce((n, d) => n + d.samples.length, 0);
  const cleanup = failed
    ? style.yellow(`canaries: ${written} written, ${failed} delete(s) failed (see warnings)`)
    : written
      ? style.dim(`canaries: ${written} written, all deleted in both regions (${deleted} deletes)`)
      : style.dim('canaries: none written');
  const footer = doc.interrupted
    ? [style.yellow('interrupted: the probe stopped early'), cleanup]
    : [cleanup];
  return [head, renderColumns([header, ...rows]), ...footer].join('\n');
}
