/** Renders `replication lag` for a terminal: one aligned row per direction. */
import type { ChalkInstance } from 'chalk';
import type { ReplicationLagDocument } from '../../core/replication/schema.js';
import { formatDuration } from '../../core/replication/stats.js';
import { renderColumns } from './columns.js';
import { colourVerdict } from './replication-verdict.js';

const dash = '–';

/** A heading, then `direction  verdict  latest avg  latest max  window max  age  pending` rows. */
export function renderReplicationLag(doc: ReplicationLagDocument, style: ChalkInstance): string {
  const windowMs = Date.parse(doc.window.endAt) - Date.parse(doc.window.startAt);
  const head = `${style.bold(doc.table)} replication lag from CloudWatch (ReplicationLatency, last ${formatDuration(windowMs)}, ${doc.window.periodSeconds} s periods; threshold ${doc.thresholds.maxReplicationLagSeconds} s, stale after ${doc.thresholds.staleAfterSeconds} s)`;
  const rows = doc.directions.map((d) => {
    const l = d.latency;
    const ms = (v: number | null | undefined) =>
      v === null || v === undefined ? dash : formatDuration(v);
    const pending =
      d.pendingReplicationCount.status === 'published'
        ? String(d.pendingReplicationCount.latest)
        : d.pendingReplicationCount.status === 'unknown'
          ? 'unknown'
          : 'not published';
    return [
      `${d.from} → ${d.to}`,
      colourVerdict(d.verdict, style),
      ms(l?.latestAverageMs),
      ms(l?.latestMaximumMs),
      ms(l?.windowMaximumMs),
      l ? formatDuration(l.ageMs) : dash,
      pending,
    ];
  });
  const header = [
    'direction',
    'verdict',
    'latest avg',
    'latest max',
    'window max',
    'age',
    'pending',
  ].map((h) => style.dim(h));
  return [head, renderColumns([header, ...rows])].join('\n');
}
