/**
 * What a drill run has recorded so far, in one object the phases of the run share: the
 * journal's lists, the outputs of earlier steps, the faults injected, the RPO readings, how
 * (and whether) the run was stopped, and where it is. The journal written after every step
 * is a snapshot of it.
 */
import { EXIT_CODES } from '../core/errors.js';
import type { DrillDeps } from './deps.js';
import type { ExecutionScope } from './execute.js';
import type { ActivityRun, DrillEvent, DrillJournal, DrillStatus } from './journal.js';
import type { LoadRun, LoadSample } from './load.js';
import { measureRun, type RpoReading } from './measurements.js';
import { checkRpoIn } from './rpo-check.js';
import type { Drill } from './schema.js';
import type { Stop } from './verdict.js';

/** A fault action's start and the regions it names. */
export interface FaultMark {
  t: number;
  regions: string[];
}

/** The state of one run. Phases change it; nothing else does. */
export interface RunState {
  readonly drill: Drill;
  readonly deps: DrillDeps;
  /** Where the drill came from, for the journal. */
  readonly file: string | undefined;
  /** The run's start, ms since the epoch. */
  readonly t0: number;
  readonly events: DrillEvent[];
  readonly run: ActivityRun[];
  readonly rollbacks: ActivityRun[];
  readonly steady: DrillJournal['steady_states'];
  /** Outputs of the steps that ran, for `${steps.<name>.<path>}`. */
  readonly outputs: Map<string, unknown>;
  readonly faults: FaultMark[];
  readonly rpoReadings: RpoReading[];
  /** Aborted when the method must stop (stop condition, tool error, Ctrl-C). */
  readonly methodStop: AbortController;
  /** Set once, by the first reason to stop early. */
  stop: Stop | undefined;
  deviated: boolean;
  /** Whether the method began (rollbacks only follow a method that began). */
  methodStarted: boolean;
  /** The step running now, for the monitor's progress and an unfinished journal. */
  current: string;
  load: LoadRun | undefined;
}

/** The end of a run, as the final journal records it. */
export interface RunEnd {
  status: DrillStatus;
  exitCode: number;
  reason: string;
  measurements: DrillJournal['measurements'];
}

/** A fresh state for a run starting now. */
export function createRunState(drill: Drill, deps: DrillDeps, file?: string): RunState {
  return {
    drill,
    deps,
    file,
    t0: deps.now(),
    events: [],
    run: [],
    rollbacks: [],
    steady: { before: null, after: null },
    outputs: new Map(),
    faults: [],
    rpoReadings: [],
    methodStop: new AbortController(),
    stop: undefined,
    deviated: false,
    methodStarted: false,
    current: 'starting',
    load: undefined,
  };
}

/** Milliseconds since the run started. */
export function elapsed(state: RunState): number {
  return state.deps.now() - state.t0;
}

/** The load's samples so far (none without load). */
export function samplesOf(state: RunState): LoadSample[] {
  return state.load ? [...state.load.samples()] : [];
}

/** When the latest fault so far was injected (the disaster an RPO check measures from). */
export function lastFaultT(state: RunState): number | null {
  return state.faults.at(-1)?.t ?? null;
}

/** Stops the run early (the first call wins): records why and stops the method. */
export function halt(state: RunState, stop: Stop, kind: DrillEvent['kind']): void {
  if (state.stop) return;
  state.stop = stop;
  state.events.push({ t: elapsed(state), kind, label: stop.reason });
  state.methodStop.abort();
}

/** Stops the run as aborted because the tool could not run a step. */
export function haltOnToolError(state: RunState, step: string, error: string): void {
  halt(state, { status: 'aborted', reason: `tool error in ${step}: ${error}` }, 'stop-condition');
}

/** The journal now: the final one with `end`, else one that says the run was still going. */
export function journalOf(state: RunState, end?: RunEnd): DrillJournal {
  const { drill, deps, t0 } = state;
  return {
    'mysfits-dr-journal': 1,
    'chaoslib-version': null,
    platform: deps.platform,
    node: deps.nodeVersion,
    start: new Date(t0).toISOString(),
    end: new Date(deps.now()).toISOString(),
    duration: elapsed(state) / 1000,
    status: end?.status ?? 'aborted',
    deviated: state.deviated,
    exitCode: end?.exitCode ?? EXIT_CODES.aborted,
    reason: end?.reason ?? `the run was still going (at ${state.current}) when this was written`,
    experiment: { ...drill, ...(state.file ? { file: state.file } : {}) },
    steady_states: state.steady,
    run: state.run,
    rollbacks: state.rollbacks,
    measurements:
      end?.measurements ??
      measureRun({
        drill,
        t0,
        durationMs: elapsed(state),
        samples: samplesOf(state),
        events: state.events,
        faults: state.faults,
        monitor: { signals: [], lag: {} },
        rpo: state.rpoReadings,
      }),
  };
}

/** Writes the journal as it is now; a failed write does not stop the run. */
export async function saveProgress(state: RunState): Promise<void> {
  await state.deps.saveJournal(journalOf(state)).catch(() => undefined);
}

/** What a step's provider may use: the deps, its signal, the load's window and the RPO check. */
export function executionScope(state: RunState, signal: AbortSignal): ExecutionScope {
  return {
    deps: state.deps,
    signal,
    loadStats: (windowMs) => (state.load ? state.load.stats(windowMs) : null),
    checkRpo: async (region) => {
      const reading = await checkRpoIn(
        state.deps,
        region,
        samplesOf(state),
        lastFaultT(state),
        elapsed(state),
      );
      state.rpoReadings.push(reading);
      return {
        lostWrites: reading.lostWrites,
        windowMs: reading.windowMs,
        checked: reading.checked,
      };
    },
  };
}
