/**
 * The drill report as Markdown: the evidence an auditor reads (what was run, when, the
 * verdict, objectives against measurements, the hypothesis before and after, every
 * activity and rollback, the timeline and the load's series in figures). Every text taken
 * from the journal is escaped, so drill text cannot inject markup.
 */
import type { ActivityRun, DrillJournal, SteadyStateRun } from '../journal.js';
import {
  escapeMarkdown as md,
  escapeMarkdownBlock,
  tick,
  yesNo,
  formatDuration,
  formatInstant,
  formatOffset,
  formatPercent,
} from './format.js';
import * as verdicts from './summary.js';
import * as figures from './tables.js';

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

const seconds = (s: number): string => formatDuration(s * 1000);

function activityTable(runs: readonly ActivityRun[], numbered: boolean): string {
  const headers = ['Activity', 'Type', 'Provider', 'Status', 'Duration', 'Details'];
  return table(
    numbered ? ['#', ...headers] : headers,
    runs.map((r, i) => {
      const details = figures.activityNotes(r);
      if (r.exception) details.push(`error: ${r.exception}`);
      const cells = [
        md(r.activity.name),
        md(r.activity.type),
        md(r.activity.provider.type),
        r.status === 'failed' ? '**failed**' : md(r.status),
        seconds(r.duration),
        details.map(md).join('; ') || '—',
      ];
      return numbered ? [String(i + 1), ...cells] : cells;
    }),
  );
}

function steadyState(label: string, run: SteadyStateRun | null): string {
  if (!run)
    return `### ${label}\n\nNot checked (the run ended before this point, or the drill has no hypothesis).`;
  const verdict = run.steady_state_met ? '✔ met' : '✘ **not met**';
  const probes = run.probes.length ? activityTable(run.probes, false) : 'No probes.';
  return `### ${label}: ${verdict}\n\n${probes}`;
}

function verdictSection(j: DrillJournal): string {
  return [
    `## Verdict: ${verdicts.headline(j)}`,
    '',
    table(
      ['', ''],
      [
        ['Status', md(j.status)],
        ['Deviated from the steady state', yesNo(j.deviated)],
        ['Exit code', String(j.exitCode)],
        ['Reason', md(j.reason) || '—'],
      ],
    ),
  ].join('\n');
}

function objectivesSection(j: DrillJournal): string {
  const objectives = verdicts.objectivesOf(j);
  if (!objectives.length) return '## Objectives\n\nThe drill sets no objectives.';
  const rows = objectives.map((o) => {
    const r = verdicts.objectiveRow(o);
    return [r.label, r.target, r.measured, tick(r.met)];
  });
  const summary = verdicts.objectivesSummary(objectives);
  return `## Objectives\n\n${summary}\n\n${table(['Objective', 'Target', 'Measured', 'Met'], rows)}`;
}

function textTable(t: figures.TextTable): string {
  return table(
    t.headers,
    t.rows.map((r) => r.map(md)),
  );
}

function measurementsSection(j: DrillJournal): string {
  const facts = figures.measurementFacts(j).map(([k, v]) => [k, md(v)]);
  const regions = figures.answeredByRegion(j);
  const byRegion = regions.length
    ? table(
        ['Region', 'Requests answered'],
        regions.map(([r, n]) => [md(r), n]),
      )
    : 'No request was answered by any region.';
  return `## Measurements\n\n${table(['Measurement', 'Value'], facts)}\n\n### Requests by serving region\n\n${byRegion}`;
}

function timelineSection(j: DrillJournal): string {
  const events = verdicts.sortedEvents(j);
  if (!events.length) return '## Timeline\n\nNo events were recorded.';
  const rows = events.map((e, i) => [String(i + 1), formatOffset(e.t), md(e.kind), md(e.label)]);
  return `## Timeline\n\nTimes since the run started (${formatInstant(j.measurements.startedAt)}).\n\n${table(['#', 'Time', 'Kind', 'Event'], rows)}`;
}

function seriesSection(j: DrillJournal): string {
  const m = j.measurements;
  const out = ['## Load over time\n'];
  const series = figures.seriesTable(j);
  if (!series) out.push('No request series was recorded.');
  else {
    out.push(
      `Buckets of ${formatDuration(m.bucketMs)} over ${formatDuration(m.durationMs)}.\n`,
      textTable(series),
    );
    const worst = verdicts.worstBucket(j);
    if (worst) {
      out.push(
        `\nLowest success rate: ${formatPercent(worst.rate)} in the bucket at ${formatOffset(worst.t)}.`,
      );
    }
  }
  const lag = figures.lagTable(j);
  out.push('\n### Replication lag\n', lag ? textTable(lag) : 'No replication lag was sampled.');
  return out.join('\n');
}

/** The whole report of `journal` as a Markdown document (GitHub-flavoured tables), ending in a newline. */
export function renderMarkdownReport(journal: DrillJournal): string {
  const j = journal;
  const e = j.experiment ?? { title: 'Untitled drill' };
  const about: string[][] = [
    ['Started', formatInstant(j.start)],
    ['Ended', formatInstant(j.end)],
    ['Duration', seconds(j.duration)],
  ];
  if (e.file) about.unshift(['Drill file', md(e.file)]);
  about.push(['Ran on', `${md(j.platform)}, Node ${md(j.node)}`]);
  const sections = [
    `# Drill report: ${md(e.title || 'Untitled drill')}`,
    e.description ? escapeMarkdownBlock(e.description) : '',
    table(['', ''], about),
    verdictSection(j),
    objectivesSection(j),
    measurementsSection(j),
    `## Steady-state hypothesis\n\n${steadyState('Before the method', j.steady_states?.before ?? null)}\n\n${steadyState('After the method', j.steady_states?.after ?? null)}`,
    `## Method\n\n${j.run?.length ? activityTable(j.run, true) : 'No activity ran.'}`,
    `## Rollbacks\n\n${j.rollbacks?.length ? activityTable(j.rollbacks, true) : 'No rollback ran.'}`,
    timelineSection(j),
    seriesSection(j),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}
