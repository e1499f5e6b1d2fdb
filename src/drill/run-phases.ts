/**
 * The phases of a drill run over its RunState: one step (progress, the moments it marks on
 * the time axis, the journal saved after it), the steady-state hypothesis, the method, and
 * the rollbacks. Each phase records into the state; none throws for a step that fails.
 */
import { runActivity, type StepOutcome } from './activity.js';
import type { ActivityRun, SteadyStateRun } from './journal.js';
import { FAULT_PROVIDERS, TRAFFIC_PROVIDERS } from './providers.js';
import {
  elapsed,
  executionScope,
  haltOnToolError,
  saveProgress,
  type RunState,
} from './run-state.js';
import type { Activity } from './schema.js';

/** Where a step runs: its phase and its place in it. */
interface StepPlace {
  phase: string;
  index: number;
  total: number;
}

function faultRegions(activity: Activity): string[] {
  const p = activity.provider as { region?: unknown; from?: unknown };
  return [p.region, p.from].filter((r): r is string => typeof r === 'string');
}

function summarize(output: unknown): string {
  if (output === undefined) return '';
  const text = JSON.stringify(output);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** Marks a method step's start on the time axis: a step, and a fault or a failover. */
function markStart(state: RunState, activity: Activity, at: number): void {
  const type = activity.provider.type;
  state.events.push({ t: at, kind: 'step', label: activity.name });
  if (FAULT_PROVIDERS.includes(type)) {
    state.faults.push({ t: at, regions: faultRegions(activity) });
    state.events.push({ t: at, kind: 'fault', label: `${activity.name} (${type})` });
  }
  if (TRAFFIC_PROVIDERS.includes(type))
    state.events.push({ t: at, kind: 'failover', label: activity.name });
}

/** Runs one step with its progress events, then saves the journal. */
export async function runStep(
  state: RunState,
  activity: Activity,
  place: StepPlace,
  signal: AbortSignal,
): Promise<StepOutcome> {
  const { deps } = state;
  state.current = `${place.phase} ${place.index + 1}/${place.total} ${activity.name}`;
  deps.progress({
    kind: 'step-start',
    ...place,
    name: activity.name,
    provider: activity.provider.type,
    elapsedMs: elapsed(state),
  });
  const outcome = await runActivity(activity, executionScope(state, signal), state.outputs, (t) => {
    if (place.phase === 'method') markStart(state, activity, t - state.t0);
  });
  const last = outcome.run;
  deps.progress({
    kind: 'step-end',
    name: activity.name,
    status: last.status,
    detail: last.exception ?? summarize(last.output),
    elapsedMs: elapsed(state),
  });
  await saveProgress(state);
  return outcome;
}

/** Checks the steady-state hypothesis (null when the drill has none); a tool error halts the run. */
export async function runHypothesis(
  state: RunState,
  phase: 'before' | 'after',
): Promise<SteadyStateRun | null> {
  const h = state.drill['steady-state-hypothesis'];
  if (!h) return null;
  const signal = state.methodStop.signal;
  state.deps.progress({
    kind: 'phase',
    phase: `steady-state hypothesis (${phase}): ${h.title}`,
    elapsedMs: elapsed(state),
  });
  const probes: ActivityRun[] = [];
  for (const [index, probe] of h.probes.entries()) {
    if (signal.aborted) break;
    const place = { phase: `hypothesis-${phase}`, index, total: h.probes.length };
    const outcome = await runStep(state, probe, place, signal);
    probes.push(outcome.run);
    if (outcome.toolError) haltOnToolError(state, probe.name, outcome.toolError);
  }
  return {
    steady_state_met:
      probes.length === h.probes.length && probes.every((p) => p.status === 'succeeded'),
    probes,
  };
}

/** Runs the method's steps until one fails or the run is stopped. */
export async function runMethod(state: RunState): Promise<void> {
  const { drill, deps } = state;
  state.methodStarted = true;
  deps.progress({ kind: 'phase', phase: 'method', elapsedMs: elapsed(state) });
  for (const [index, activity] of drill.method.entries()) {
    if (state.stop) break;
    const place = { phase: 'method', index, total: drill.method.length };
    const outcome = await runStep(state, activity, place, state.methodStop.signal);
    state.run.push(outcome.run);
    if (outcome.toolError && !state.stop) haltOnToolError(state, activity.name, outcome.toolError);
    else if (outcome.run.status === 'failed' && !state.stop) {
      state.deviated = true;
      deps.progress({
        kind: 'note',
        message: `${activity.name} failed: ${outcome.run.exception ?? ''}; the method stops here`,
        elapsedMs: elapsed(state),
      });
      break;
    }
  }
}

/**
 * The experiment proper: the hypothesis before, the method when it held, the hypothesis
 * after when the method neither failed nor was stopped.
 */
export async function runExperiment(state: RunState): Promise<void> {
  state.steady.before = await runHypothesis(state, 'before');
  if (state.steady.before && !state.steady.before.steady_state_met && !state.stop) {
    state.deviated = true;
    state.deps.progress({
      kind: 'note',
      message: 'the steady state did not hold before the method: nothing was injected',
      elapsedMs: elapsed(state),
    });
    return;
  }
  if (state.stop) return;
  await runMethod(state);
  if (state.stop || state.deviated) return;
  state.steady.after = await runHypothesis(state, 'after');
  if (state.steady.after && !state.steady.after.steady_state_met) state.deviated = true;
}

/**
 * Runs the rollbacks when the method began and the strategy asks for them (always, or on
 * failure when the run deviated or stopped), each in turn even past a failing one. They run
 * with a signal of their own: Ctrl-C stopped the method, not the clean-up.
 */
export async function runRollbacks(state: RunState): Promise<void> {
  const { drill } = state;
  const failedSoFar = state.deviated || state.stop !== undefined;
  const actions = drill.rollbacks ?? [];
  if (!state.methodStarted || !actions.length) return;
  if (drill['rollback-strategy'] !== 'always' && !failedSoFar) return;
  const signal = new AbortController().signal;
  state.events.push({ t: elapsed(state), kind: 'rollback', label: 'rollbacks' });
  state.deps.progress({ kind: 'phase', phase: 'rollbacks', elapsedMs: elapsed(state) });
  for (const [index, action] of actions.entries()) {
    const place = { phase: 'rollback', index, total: actions.length };
    const outcome = await runStep(state, action, place, signal);
    state.rollbacks.push(outcome.run);
  }
}
