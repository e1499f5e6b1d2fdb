/**
 * `--wait` before an operation: polls the accelerator until an earlier change has propagated
 * (DEPLOYED), so the plan is read from settled state; nothing is changed while it waits.
 */
import { interrupted, notConverged } from '../errors.js';
import type { OperationDeps, OperationSession } from './operation-ports.js';
import { OPERATION_TIMINGS } from './timings.js';
import { waitUntil } from './wait.js';

/** `--wait`: polls the accelerator until it is DEPLOYED (an unreadable API is left to the checks). */
export async function waitDeployed(
  deps: Pick<OperationDeps<Record<string, unknown>>, 'timer' | 'signal' | 'ui'>,
  session: Pick<OperationSession<Record<string, unknown>>, 'acceleratorStatus'>,
  timeoutMs: number,
): Promise<void> {
  const started = deps.timer.now();
  let status = '';
  const nothingChanged = 'nothing was changed';
  await waitUntil(
    { timer: deps.timer, signal: deps.signal, note: (text) => deps.ui.info(text) },
    'the accelerator to deploy',
    async () => {
      try {
        status = await session.acceleratorStatus();
      } catch {
        return 'unreadable';
      }
      if (status === 'DEPLOYED') return status;
      if (deps.timer.now() - started < timeoutMs)
        deps.ui.info(`the accelerator is ${status}; waiting for it to deploy (--wait)`);
      return false;
    },
    {
      timeoutMs,
      pollMs: OPERATION_TIMINGS.deployedPollMs,
      errors: {
        timeout: () =>
          notConverged(
            `the accelerator is still ${status} after ${Math.round(timeoutMs / 1000)} s`,
            {
              state: nothingChanged,
            },
          ),
        interrupted: () =>
          interrupted('interrupted while waiting for the accelerator', { state: nothingChanged }),
      },
    },
  );
}
