/** Renders `lab status` for a terminal. */
import type { ChalkInstance } from 'chalk';
import type { LabStatus } from '../lab/control.js';

/** One line per component with a tick or a cross, then any problem. */
export function renderLabStatus(status: LabStatus, style: ChalkInstance): string {
  if (!status.state) return `${style.yellow('●')} ${status.problem ?? 'the lab is not running'}`;
  const head = `${status.health?.healthy ? style.green('● healthy') : style.red('● unhealthy')}  ${status.state.endpoint}  timing ${status.state.profile}  pid ${status.state.pid}  since ${status.state.startedAt}`;
  const rows = Object.entries(status.health?.components ?? {}).map(
    ([name, c]) =>
      `  ${c.healthy ? style.green('✔') : style.red('✘')} ${name.padEnd(28)} ${c.url ?? ''}${c.detail ? `  ${style.dim(c.detail)}` : ''}`,
  );
  const problem = status.problem ? [`${style.red('problem:')} ${status.problem}`] : [];
  return [head, ...rows, ...problem].join('\n');
}
