/**
 * The figures both reports print as tables, as plain text (each renderer escapes it for
 * its format): the measurements, requests per serving region, per-series totals,
 * replication lag per direction, and the notes on an activity.
 */
import type { ActivityRun, DrillJournal } from '../journal.js';
import {
  formatCount,
  formatDuration,
  formatOffset,
  formatPercent,
  plural,
  tick,
} from './format.js';
import { lagStats, seriesTotals } from './summary.js';

/** The measurements block as label/value lines of plain text, in the reports' order. */
export function measurementFacts(journal: DrillJournal): [string, string][] {
  const m = journal.measurements;
  const req = m.requests ?? { sent: 0, ok: 0, failed: 0, byRegion: {} };
  const rpo = m.rpo;
  const rows: [string, string][] = [
    ['Detection time (fault → noticed)', formatDuration(m.detectionMs, 'not detected')],
    [
      'Recovery time, RTO (first failed request → sustained success)',
      m.rtoMs === null ? 'never recovered' : formatDuration(m.rtoMs),
    ],
    ['Acknowledged writes lost (RPO)', rpo ? plural(rpo.lostWrites, 'write') : 'not measured'],
    [
      'Data-loss window (earliest lost write → fault)',
      rpo ? formatDuration(rpo.windowMs) : 'not measured',
    ],
  ];
  if (rpo) {
    const where = rpo.checkedIn.length ? rpo.checkedIn.join(', ') : 'nowhere';
    const when = rpo.checkedAt === null ? '' : ` at ${formatOffset(rpo.checkedAt)}`;
    rows.push(['RPO checked in', `${where}${when}`]);
  }
  const rate = req.sent ? formatPercent(req.ok / req.sent) : 'n/a';
  rows.push(
    ['Requests sent', formatCount(req.sent)],
    ['Requests answered OK', `${formatCount(req.ok)} (${rate})`],
    ['Requests failed', formatCount(req.failed)],
  );
  return rows;
}

/** Requests answered per serving region (`requests.byRegion`), sorted by region. */
export function answeredByRegion(journal: DrillJournal): [string, string][] {
  const byRegion = journal.measurements.requests?.byRegion ?? {};
  return Object.keys(byRegion)
    .sort()
    .map((r) => [r, formatCount(byRegion[r] ?? 0)]);
}

/** A table of plain text cells; `numeric` says which columns hold numbers. */
export interface TextTable {
  headers: string[];
  numeric: boolean[];
  rows: string[][];
}

/** Per-series totals as a table; null when no series was recorded. */
export function seriesTable(journal: DrillJournal): TextTable | null {
  const totals = seriesTotals(journal);
  if (!totals.length) return null;
  return {
    headers: [
      'Series',
      'OK',
      'Failed',
      'Success rate',
      'First request',
      'Last request',
      'Peak rate',
    ],
    numeric: [false, true, true, true, true, true, true],
    rows: totals.map((t) => [
      t.key,
      formatCount(t.ok),
      formatCount(t.failed),
      formatPercent(t.successRate),
      t.firstT === null ? '—' : formatOffset(t.firstT),
      t.lastT === null ? '—' : formatOffset(t.lastT),
      `${formatCount(Math.round(t.peakPerSecond * 10) / 10)} req/s`,
    ]),
  };
}

/** Replication lag per direction as a table; null when nothing was sampled. */
export function lagTable(journal: DrillJournal): TextTable | null {
  const lag = lagStats(journal).filter((l) => l.samples > 0);
  if (!lag.length) return null;
  return {
    headers: ['Direction', 'Samples', 'Unknown', 'Median', 'Peak', 'Last'],
    numeric: [false, true, true, true, true, true],
    rows: lag.map((l) => [
      l.direction,
      formatCount(l.samples),
      formatCount(l.unknown),
      formatDuration(l.medianMs, '—'),
      formatDuration(l.maxMs, '—'),
      formatDuration(l.lastMs, 'unknown'),
    ]),
  };
}

/** Tolerance and attempts of an activity, as plain phrases (its error is rendered apart). */
export function activityNotes(run: ActivityRun): string[] {
  const notes: string[] = [];
  if (run.tolerance_met !== undefined) notes.push(`tolerance ${tick(run.tolerance_met)}`);
  if (run.attempts !== undefined) notes.push(plural(run.attempts, 'attempt'));
  return notes;
}
