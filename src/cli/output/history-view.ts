/** Renders `history`: the list of runs, or one run's steps, measurements and state. */
import type { ChalkInstance } from 'chalk';
import type { RunListing, RunSummary } from '../../core/ops/journal.js';
import { renderColumns } from './columns.js';

const time = (ms: number | undefined) =>
  ms === undefined ? '–' : new Date(ms).toISOString().replace('.000', '');

/** A run as `history` lists it: where it was found (local, shared or both). */
export type HistoryRun = RunListing & { where: 'local' | 'shared' | 'local+shared' };

/** Which runs a listing covers, for its heading. */
export interface HistoryScope {
  /** The configured deployment's identity; undefined when the config could not be read. */
  deployment: string | undefined;
  /** True when every deployment's journals are listed. */
  all: boolean;
  /** Local journals left out (other deployments, or none recorded). */
  hidden: number;
}

/** The heading: which deployment is shown, and what `--all` would add. */
function heading(scope: HistoryScope): string {
  if (!scope.all) {
    const more = scope.hidden
      ? `; ${scope.hidden} run${scope.hidden === 1 ? '' : 's'} of other or unrecorded deployments not shown (--all lists them)`
      : '';
    return `deployment: ${scope.deployment ?? 'unknown'}${more}`;
  }
  return `every deployment run from this machine${scope.deployment ? ` (configured: ${scope.deployment})` : ''}`;
}

/**
 * A heading naming the deployment shown, then one line per run, newest first (with a
 * deployment column when every deployment is listed).
 */
export function renderHistory(
  runs: readonly HistoryRun[],
  style: ChalkInstance,
  scope: HistoryScope,
): string {
  const top = style.dim(heading(scope));
  if (runs.length === 0) return `${top}\nno operations recorded yet`;
  const columns = ['run', 'started', 'outcome', 'by', 'where', 'what'];
  return `${top}\n${renderColumns([
    scope.all ? [...columns, 'deployment'] : columns,
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
      ...(scope.all ? [r.deployment ?? 'unrecorded'] : []),
    ]),
  ])}`;
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
    ...(run.deployment ? [`deployment: ${run.deployment}`] : []),
    `by ${run.operator}, started ${time(run.startedAt)}, ${run.outcome ? `${run.outcome} ${time(run.finishedAt)}` : 'unfinished (resumable)'}`,
    renderColumns(steps),
    ...(measured.length ? ['measurements:', ...measured] : []),
    ...(run.state ? [`state: ${run.state}`] : []),
  ].join('\n');
}
