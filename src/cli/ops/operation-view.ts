/** Renders an operation's plan before it runs and its report after, for a terminal. */
import type { ChalkInstance } from 'chalk';
import type { RunReport } from '../../core/ops/executor.js';
import type { Plan } from '../../core/ops/step.js';
import { renderColumns } from '../output/columns.js';

/** The plan: summary, preflight checks (✔ / ✘ / forced), numbered steps with their undo. */
export function renderPlan(plan: Plan, runId: string, style: ChalkInstance): string {
  const checks = plan.checks.map((c) => [
    c.ok ? style.green('✔') : c.forced ? style.yellow('⚠ forced') : style.red('✘'),
    c.name,
    c.detail,
  ]);
  const steps = plan.steps.map((s, i) => `  ${i + 1}. ${s.title}`);
  return [
    `${style.bold('plan')} ${runId}: ${plan.summary}`,
    'preflight:',
    renderColumns(checks.map((row) => ['  ' + row[0], ...row.slice(1)])),
    'steps:',
    ...steps,
  ].join('\n');
}

function seconds(ms: number | string | boolean | null | undefined): string {
  return typeof ms === 'number' ? `${(ms / 1000).toFixed(1)} s` : '–';
}

/** What the accelerator's NewFlowCount said after the move (confirm:flows), if it ran. */
function flowLine(report: RunReport): string[] {
  const result = report.steps.find((s) => s.id === 'confirm:flows')?.result;
  if (!result) return [];
  const counts = Object.entries(result)
    .filter(([key]) => key.startsWith('flows:'))
    .map(([key, n]) => `${key.slice('flows:'.length)} ${n}`)
    .join(', ');
  return result.confirmed === true
    ? [`new flows counted by the accelerator after the move (NewFlowCount): ${counts}`]
    : [`not confirmed by the accelerator's NewFlowCount: ${result.reason}`];
}

/** The report: each step's outcome and duration, the measurements, the state left. */
export function renderReport(
  report: RunReport,
  measured: Record<string, string | number | boolean | null>,
  style: ChalkInstance,
): string {
  const rows = report.steps.map((s) => [
    s.status === 'done' ? style.green('done') : style.dim('already in place'),
    seconds(s.durationMs),
    s.title,
  ]);
  return [
    `${style.bold(report.outcome)} in ${seconds(report.durationMs)} (run ${report.runId})`,
    renderColumns(rows.map((r) => ['  ' + r[0], ...r.slice(1)])),
    ...(typeof measured.landedAfterMs === 'number'
      ? [
          `all new connections in the target ${seconds(measured.landedAfterMs)} after the traffic change`,
        ]
      : []),
    ...flowLine(report),
    `probe through the accelerator: ${measured.probeRequests} requests, ${measured.probeFailures} failed (${measured.probeByRegion ?? 'none answered'})`,
    `state: ${report.state}`,
  ].join('\n');
}
