/**
 * The HTML report's text sections (the same content as the Markdown report): the run's
 * facts, verdict, objectives, measurements, steady-state hypothesis, activities, rollbacks,
 * timeline and load summary. Each returns an HTML fragment; journal text is escaped.
 */
import type { ActivityRun, DrillJournal, SteadyStateRun } from '../journal.js';
import {
  escapeHtml as h,
  formatDuration,
  formatInstant,
  formatOffset,
  formatPercent,
  tick,
  yesNo,
} from './format.js';
import {
  headline,
  objectiveRow,
  objectivesOf,
  objectivesSummary,
  sortedEvents,
  worstBucket,
} from './summary.js';
import {
  activityNotes,
  answeredByRegion,
  lagTable,
  measurementFacts,
  seriesTable,
  type TextTable,
} from './tables.js';

/** A cell: text to escape, or `{ html }` already safe, with an optional class. */
export type Cell = string | { html: string; cls?: string };

function cell(tag: 'td' | 'th', c: Cell): string {
  if (typeof c === 'string') return `<${tag}>${h(c)}</${tag}>`;
  return `<${tag}${c.cls ? ` class="${c.cls}"` : ''}>${c.html}</${tag}>`;
}

/** A table with a header row; `rowClass` may tag rows (e.g. missed objectives). */
export function table(
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  cls = '',
  rowClass: (i: number) => string = () => '',
): string {
  const head = `<thead><tr>${headers.map((c) => cell('th', c)).join('')}</tr></thead>`;
  const body = rows
    .map((r, i) => {
      const rc = rowClass(i);
      return `<tr${rc ? ` class="${rc}"` : ''}>${r.map((c) => cell('td', c)).join('')}</tr>`;
    })
    .join('');
  return `<table${cls ? ` class="${cls}"` : ''}>${head}<tbody>${body}</tbody></table>`;
}

/** A two-column table of facts: label, value. */
function facts(rows: readonly (readonly [string, Cell])[]): string {
  const body = rows.map(([k, v]) => `<tr><th scope="row">${h(k)}</th>${cell('td', v)}</tr>`);
  return `<table class="facts"><tbody>${body.join('')}</tbody></table>`;
}

const num = (text: string): Cell => ({ html: h(text), cls: 'num' });
const metCell = (met: boolean): Cell => ({ html: h(tick(met)), cls: met ? 'met' : 'missed' });
const seconds = (s: number): string => formatDuration(s * 1000);

/** Title, description and when/where the run happened. */
export function headerSection(j: DrillJournal): string {
  const e = j.experiment ?? { title: 'Untitled drill' };
  const rows: [string, Cell][] = [];
  if (e.file) rows.push(['Drill file', { html: `<code>${h(e.file)}</code>` }]);
  rows.push(
    ['Started', formatInstant(j.start)],
    ['Ended', formatInstant(j.end)],
    ['Duration', seconds(j.duration)],
    ['Ran on', `${j.platform}, Node ${j.node}`],
  );
  const description = e.description ? `<p class="description">${h(e.description)}</p>` : '';
  return `<header><h1>Drill report: ${h(e.title || 'Untitled drill')}</h1>${description}${facts(rows)}</header>`;
}

/** The verdict badge and why. */
export function verdictSection(j: DrillJournal): string {
  const word = headline(j);
  return (
    `<section id="verdict"><h2>Verdict <span class="verdict ${word.toLowerCase()}">${word}</span></h2>` +
    facts([
      ['Status', j.status],
      ['Deviated from the steady state', yesNo(j.deviated)],
      ['Exit code', String(j.exitCode)],
      ['Reason', j.reason || '—'],
    ]) +
    '</section>'
  );
}

/** Target against measured, with ✔/✘, per objective. */
export function objectivesSection(j: DrillJournal): string {
  const objectives = objectivesOf(j);
  if (!objectives.length)
    return '<section id="objectives"><h2>Objectives</h2><p>The drill sets no objectives.</p></section>';
  const rows = objectives.map((o) => {
    const r = objectiveRow(o);
    return [r.label, num(r.target), num(r.measured), metCell(r.met)];
  });
  const summary = objectivesSummary(objectives);
  return (
    `<section id="objectives"><h2>Objectives</h2><p>${h(summary)}</p>` +
    table(['Objective', num('Target'), num('Measured'), 'Met'], rows, 'objectives', (i) =>
      objectives[i]?.met ? '' : 'missed-row',
    ) +
    '</section>'
  );
}

/** A plain-text table, numeric columns right-aligned. */
function textTable(t: TextTable, cls: string): string {
  const align = (text: string, i: number): Cell => (t.numeric[i] ? num(text) : text);
  return table(
    t.headers.map(align),
    t.rows.map((r) => r.map(align)),
    cls,
  );
}

/** Detection, RTO, RPO and the load's totals. */
export function measurementsSection(j: DrillJournal): string {
  const regions = answeredByRegion(j);
  const byRegion = regions.length
    ? table(
        ['Region', num('Requests answered')],
        regions.map(([r, n]) => [r, num(n)]),
        'by-region',
      )
    : '<p>No request was answered by any region.</p>';
  return `<section id="measurements"><h2>Measurements</h2>${facts(measurementFacts(j))}<h3>Requests by serving region</h3>${byRegion}</section>`;
}

function activityTable(runs: readonly ActivityRun[], numbered: boolean): string {
  const headers: Cell[] = ['Activity', 'Type', 'Provider', 'Status', num('Duration'), 'Details'];
  const rows = runs.map((r, i) => {
    const details = activityNotes(r).map(h);
    if (r.exception) details.push(`<span class="error">${h(r.exception)}</span>`);
    const cells: Cell[] = [
      r.activity.name,
      r.activity.type,
      { html: `<code>${h(r.activity.provider.type)}</code>` },
      { html: h(r.status), cls: `status-${h(r.status)}` },
      num(seconds(r.duration)),
      { html: details.join('; ') || '—' },
    ];
    return numbered ? [num(String(i + 1)), ...cells] : cells;
  });
  return table(numbered ? [num('#'), ...headers] : headers, rows, 'activities');
}

function steadyState(label: string, run: SteadyStateRun | null): string {
  if (!run)
    return `<h3>${h(label)}</h3><p class="muted">Not checked (the run ended before this point, or the drill has no hypothesis).</p>`;
  const verdict = `<span class="${run.steady_state_met ? 'met' : 'missed'}">${run.steady_state_met ? '✔ met' : '✘ not met'}</span>`;
  const probes = run.probes.length ? activityTable(run.probes, false) : '<p>No probes.</p>';
  return `<h3>${h(label)}: ${verdict}</h3>${probes}`;
}

/** The hypothesis before and after, the method and the rollbacks. */
export function activitiesSections(j: DrillJournal): string {
  const ss = j.steady_states ?? { before: null, after: null };
  return [
    `<section id="steady-state"><h2>Steady-state hypothesis</h2>${steadyState('Before the method', ss.before)}${steadyState('After the method', ss.after)}</section>`,
    `<section id="method"><h2>Method</h2>${j.run?.length ? activityTable(j.run, true) : '<p>No activity ran.</p>'}</section>`,
    `<section id="rollbacks"><h2>Rollbacks</h2>${j.rollbacks?.length ? activityTable(j.rollbacks, true) : '<p>No rollback ran.</p>'}</section>`,
  ].join('');
}

/** Every event, numbered as on the charts. */
export function timelineSection(j: DrillJournal): string {
  const events = sortedEvents(j);
  if (!events.length)
    return '<section id="timeline"><h2>Timeline</h2><p>No events were recorded.</p></section>';
  const rows = events.map((e, i) => [
    num(String(i + 1)),
    num(formatOffset(e.t)),
    { html: `<span class="kind kind-${h(e.kind)}">${h(e.kind)}</span>` },
    e.label,
  ]);
  return (
    `<section id="timeline"><h2>Timeline</h2><p class="muted">Times since the run started (${h(formatInstant(j.measurements.startedAt))}); numbers match the chart markers.</p>` +
    table([num('#'), num('Time'), 'Kind', 'Event'], rows, 'timeline') +
    '</section>'
  );
}

/** Per-series totals, the worst bucket, and replication lag in figures. */
export function seriesSection(j: DrillJournal): string {
  const m = j.measurements;
  const out = ['<section id="series"><h2>Load over time</h2>'];
  const series = seriesTable(j);
  if (!series) out.push('<p>No request series was recorded.</p>');
  else {
    out.push(
      `<p>Buckets of ${h(formatDuration(m.bucketMs))} over ${h(formatDuration(m.durationMs))}.</p>`,
      textTable(series, 'series-totals'),
    );
    const worst = worstBucket(j);
    if (worst) {
      out.push(
        `<p>Lowest success rate: ${h(formatPercent(worst.rate))} in the bucket at ${h(formatOffset(worst.t))}.</p>`,
      );
    }
  }
  const lag = lagTable(j);
  out.push(
    '<h3>Replication lag</h3>',
    lag ? textTable(lag, 'lag') : '<p>No replication lag was sampled.</p>',
  );
  out.push('</section>');
  return out.join('');
}
