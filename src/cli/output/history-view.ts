/** Renders `history`: the list of runs, or one run's steps, measurements and state. */
import type { ChalkInstance } from 'chalk';
import type { RunListing, RunSummary } from '../../core/ops/journal.js';
import { renderColumns } from './columns.js';

const time = (ms: number | undefined) =>
  ms === undefined ? '–' : new Date(ms).toISOString().replace('.000', '');

/** One line per run, newest first. */
export function renderHistory(
  runs: readonly (RunListing & { where: string })[],
  style: ChalkInstance,
): string {
  if (runs.length === 0) return 'no operations recorded yet';
  return renderColumns([
    ['run', 'started', 'outcome', 'by', 'where', 'what'],
    ...runs.map((r) => [
      r.runId,
      time(r.startedAt),
      r.outcome === 'completed' || r.outcome === 'no-op'
        ? style.green(r.outcome)
        : r.outcome
          ? style.red(r.outcome)
          : style.yellow('unfinished'),
      r.operator,
      r.where,
      r.summary,
    ]),
  ]);
}

/** One run in full. */
export function renderRun(run: RunSummary, style: ChalkInstance): string {
  const steps = run.steps.map((s, i) => [
    `  ${i + 1}.`,
    s.status,
    s.durationMs === undefined ? '' : `${(s.durationMs / 1000).toFixed(1)} s`,
    `${s.title}${s.error ? style.red(` — ${s.error}`) : ''}`,
  ]);
  const measured = Object.entries(run.measurements ?? {}).map(([k, v]) => `  ${k}: ${String(v)}`);
  return [
    `${style.bold(run.runId)}  ${run.summary}`,
    `by ${run.operator}, started ${time(run.startedAt)}, ${run.outcome ? `${run.outcome} ${time(run.finishedAt)}` : 'unfinished (resumable)'}`,
    renderColumns(steps),
    ...(measured.length ? ['measurements:', ...measured] : []),
    ...(run.state ? [`state: ${run.state}`] : []),
  ].join('\n');
}
