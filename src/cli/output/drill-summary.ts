/**
 * The end of `drill run` on a terminal: the verdict, each objective against what was
 * measured, the load's totals, and where the journal and reports are.
 */
import type { ChalkInstance } from 'chalk';
import type { DrillJournal, ObjectiveResult } from '../../drill/journal.js';

function seconds(ms: number | null): string {
  return ms === null ? 'not measured' : `${(ms / 1000).toFixed(1)} s`;
}

function value(o: Pick<ObjectiveResult, 'unit'>, v: number | null): string {
  if (v === null) return 'not measured';
  if (o.unit === 'ms') return seconds(v);
  if (o.unit === 'ratio') return `${(v * 100).toFixed(2)}%`;
  return `${v} ${v === 1 ? 'write' : 'writes'}`;
}

/** Renders the summary block. */
export function renderRunSummary(
  journal: DrillJournal,
  files: { journal: string; markdown: string; html: string },
  style: ChalkInstance,
): string {
  const m = journal.measurements;
  const passed = journal.exitCode === 0;
  const head = `${passed ? style.green('PASSED') : style.red(journal.status.toUpperCase())} ${journal.experiment.title} (exit ${journal.exitCode}): ${journal.reason}`;
  const objectives = m.objectives.map(
    (o) =>
      `  ${o.met ? style.green('met   ') : style.red('missed')} ${o.name.padEnd(11)} ${value(o, o.measured).padStart(14)}  (objective ${o.name === 'successRate' ? '≥' : '≤'} ${value(o, o.target)})`,
  );
  const r = m.requests;
  const byRegion = Object.entries(r.byRegion)
    .map(([region, n]) => `${region} ${n}`)
    .join(', ');
  return [
    head,
    ...(objectives.length ? ['objectives:', ...objectives] : []),
    `detection ${seconds(m.detectionMs)} · RTO ${seconds(m.rtoMs)} · RPO ${m.rpo ? `${m.rpo.lostWrites} lost writes (window ${seconds(m.rpo.windowMs)}, checked in ${m.rpo.checkedIn.join(', ')})` : 'not measured'}`,
    `requests: ${r.sent} sent, ${r.ok} ok, ${r.failed} failed${byRegion ? ` (served: ${byRegion})` : ''}`,
    `journal: ${files.journal}`,
    `report:  ${files.markdown}`,
    `         ${files.html}`,
  ].join('\n');
}
