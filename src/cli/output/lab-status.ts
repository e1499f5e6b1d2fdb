/** Renders `lab status` for a terminal. */
import type { ChalkInstance } from 'chalk';
import type { LabFault, LabStatus } from '../lab/control.js';

/** A fault on one line: `<id>  <kind>  field=value …  until <expiry>`. */
export function describeFault(fault: LabFault): string {
  const { id, kind, createdAt: _c, expiresAt, ...fields } = fault;
  const detail = Object.entries(fields)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return `${id}  ${kind}  ${detail}${expiresAt ? `  until ${expiresAt}` : ''}`;
}

/** One line per component with a tick or a cross, then the active faults, then any problem. */
export function renderLabStatus(status: LabStatus, style: ChalkInstance): string {
  if (!status.state) return `${style.yellow('●')} ${status.problem ?? 'the lab is not running'}`;
  const head = `${status.health?.healthy ? style.green('● healthy') : style.red('● unhealthy')}  ${status.state.endpoint}  timing ${status.state.profile}  pid ${status.state.pid}  since ${status.state.startedAt}`;
  const rows = Object.entries(status.health?.components ?? {}).map(
    ([name, c]) =>
      `  ${c.healthy ? style.green('✔') : style.red('✘')} ${name.padEnd(28)} ${c.url ?? ''}${c.detail ? `  ${style.dim(c.detail)}` : ''}`,
  );
  const faults = (status.faults ?? []).map((f) => `  ${style.yellow('⚡')} ${describeFault(f)}`);
  const faultHead = status.faults
    ? [faults.length ? `faults (${faults.length}):` : 'faults: none']
    : [];
  const problem = status.problem ? [`${style.red('problem:')} ${status.problem}`] : [];
  return [head, ...rows, ...faultHead, ...faults, ...problem].join('\n');
}
