/** Renders `traffic show`: per region the dial, endpoint health and share of new connections. */
import type { ChalkInstance } from 'chalk';
import type { StatusDocument } from '../../core/status/schema.js';
import { renderColumns } from './columns.js';
import { originLines } from './status-view.js';

/** One row per region, then the active region and any warning. */
export function renderTraffic(doc: StatusDocument, style: ChalkInstance): string {
  const unknown = style.magenta('UNKNOWN');
  const rows = [
    ['region', 'dial', 'endpoint', 'share of new connections', 'could take all'],
    ...doc.regions.map((r) => [
      r.name,
      r.traffic.dial === null ? unknown : `${r.traffic.dial}%`,
      r.traffic.endpoints === null
        ? unknown
        : r.traffic.endpoints
            .map((e) => `${e.healthState}${e.healthReason ? ` (${e.healthReason})` : ''}`)
            .join(', '),
      r.traffic.sharePercent === null ? unknown : style.bold(`${r.traffic.sharePercent}%`),
      r.canTakeAllTraffic,
    ]),
  ];
  const active = `active: ${doc.verdict.activeRegion ?? unknown} (shares for clients nearest ${doc.accelerator.clientsNearest}; accelerator ${doc.accelerator.status ?? 'UNKNOWN'})`;
  return [
    renderColumns(rows),
    active,
    ...originLines(doc),
    ...doc.warnings.map((w) => `${style.yellow('warning:')} ${w}`),
  ].join('\n');
}
