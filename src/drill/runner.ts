/**
 * Runs a validated drill: background load, monitor (stop conditions, detection), steady-state
 * hypothesis before, the method, the hypothesis after, rollbacks (on failure, deviation and
 * Ctrl-C, continuing past a failing one), settle, the RPO check, measurements and objectives.
 * Returns the journal; the exit code in it says: 0 passed, 1 deviated or objectives missed,
 * 9 aborted (stop condition or tool error), 130 interrupted.
 */
import type { DrillDeps } from './deps.js';
import type { DrillJournal } from './journal.js';
import { finalRpoCheck } from './final-rpo.js';
import { measureRun } from './measurements.js';
import { startMonitor, type Monitor } from './monitor.js';
import { runExperiment, runRollbacks } from './run-phases.js';
import {
  createRunState,
  elapsed,
  halt,
  journalOf,
  lastFaultT,
  type RunState,
} from './run-state.js';
import type { Drill } from './schema.js';
import { verdict } from './verdict.js';

/** Where the drill came from, for the journal. */
export interface RunOptions {
  file?: string;
}

/** Runs the drill to the end and returns its journal. */
export async function runDrill(
  drill: Drill,
  deps: DrillDeps,
  options: RunOptions = {},
): Promise<DrillJournal> {
  const state = createRunState(drill, deps, options.file);
  const onInterrupt = () =>
    halt(state, { status: 'interrupted', reason: 'interrupted (Ctrl-C)' }, 'interrupt');
  if (deps.interrupt.aborted) onInterrupt();
  deps.interrupt.addEventListener('abort', onInterrupt, { once: true });
  let monitor: Monitor | undefined;
  try {
    await startLoad(state);
    monitor = startRunMonitor(state);
    if (state.load && drill.load) await deps.sleep(drill.load.warmup, state.methodStop.signal);
    await runExperiment(state);
  } finally {
    deps.interrupt.removeEventListener('abort', onInterrupt);
  }
  await runRollbacks(state);
  return finish(state, monitor);
}

/** Starts the drill's background load, if it has one. */
async function startLoad(state: RunState): Promise<void> {
  const { drill, deps } = state;
  if (!drill.load) return;
  deps.progress({
    kind: 'phase',
    phase: `load: ${drill.load.rate} requests/s through the accelerator${originsText(drill.load.origins)}`,
    elapsedMs: elapsed(state),
  });
  state.load = await deps.startLoad({
    url: drill.load.url ?? (await deps.appUrl()),
    ratePerSecond: drill.load.rate,
    likeShare: drill.load.likeShare,
    maxInFlight: drill.load.maxInFlight,
    timeoutMs: drill.load.timeout,
    t0: state.t0,
    ...(drill.load.origins ? { origins: drill.load.origins } : {}),
  });
}

/** ` from us-west-2 70 %, us-east-1 30 %` for a load with origins. */
function originsText(origins: Readonly<Record<string, number>> | undefined): string {
  if (!origins) return '';
  const parts = Object.entries(origins).map(
    ([name, share]) => `${name} ${Math.round(share * 100)} %`,
  );
  return ` from ${parts.join(', ')}`;
}

/** Starts the monitor; a stop condition that trips aborts the run. */
function startRunMonitor(state: RunState): Monitor {
  return startMonitor(
    state.drill,
    state.deps,
    state.t0,
    state.load,
    () => state.current,
    (r) =>
      halt(
        state,
        { status: 'aborted', reason: `stop condition ${r.condition}: ${r.message}` },
        'stop-condition',
      ),
  );
}

/**
 * Stops the load, checks RPO (unless a probe did, or the run was interrupted), stops the
 * monitor, measures, judges, and saves the final journal.
 */
async function finish(state: RunState, monitor: Monitor | undefined): Promise<DrillJournal> {
  const { drill, deps } = state;
  // The load stops before the final RPO check: a like acknowledged while the check runs
  // would not have had time to replicate, and would count as lost.
  const samples = state.load ? await state.load.stop() : [];
  if (state.rpoReadings.length === 0 && state.stop?.status !== 'interrupted')
    state.rpoReadings.push(
      ...(await finalRpoCheck(deps, drill.settle, samples, lastFaultT(state), () =>
        elapsed(state),
      )),
    );
  await monitor?.stop();
  const measurements = measureRun({
    drill,
    t0: state.t0,
    durationMs: elapsed(state),
    samples,
    events: state.events,
    faults: state.faults,
    monitor: monitor?.record ?? { signals: [], lag: {} },
    rpo: state.rpoReadings,
  });
  const missed = measurements.objectives.filter((o) => !o.met).map((o) => o.name);
  const [status, exitCode, reason] = verdict(
    state.stop,
    state.deviated,
    missed,
    state.run,
    state.steady,
    measurements.objectives.length > 0,
  );
  const final = journalOf(state, { status, exitCode, reason, measurements });
  await deps.saveJournal(final);
  return final;
}
