/**
 * Runs a validated drill: background load, monitor (stop conditions, detection), steady-state
 * hypothesis before, the method, the hypothesis after, rollbacks (on failure, deviation and
 * Ctrl-C, continuing past a failing one), settle, the RPO check, measurements and objectives.
 * Returns the journal; the exit code in it says: 0 passed, 1 deviated or objectives missed,
 * 9 aborted (stop condition or tool error), 130 interrupted.
 */
import { runActivity } from './activity.js';
import type { DrillDeps } from './deps.js';
import type { ExecutionScope } from './execute.js';
import type {
  ActivityRun,
  DrillEvent,
  DrillJournal,
  DrillStatus,
  SteadyStateRun,
} from './journal.js';
import type { LoadRun, LoadSample } from './load.js';
import { measureRun, type RpoReading } from './measurements.js';
import { startMonitor, type StopRequest } from './monitor.js';
import { FAULT_PROVIDERS, TRAFFIC_PROVIDERS } from './providers.js';
import { finalRpoCheck } from './final-rpo.js';
import { checkRpoIn } from './rpo-check.js';
import type { Activity, Drill } from './schema.js';
import { DRILL_EXIT, verdict, type Stop } from './verdict.js';

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
  const t0 = deps.now();
  const rel = () => deps.now() - t0;
  const events: DrillEvent[] = [];
  const run: ActivityRun[] = [];
  const rollbacks: ActivityRun[] = [];
  const steady: DrillJournal['steady_states'] = { before: null, after: null };
  const outputs = new Map<string, unknown>();
  const faults: { t: number; regions: string[] }[] = [];
  const rpoReadings: RpoReading[] = [];
  const methodStop = new AbortController();
  let stop: Stop | undefined;
  let deviated = false;
  let current = 'starting';
  const halt = (s: Stop, kind: DrillEvent['kind']) => {
    if (stop) return;
    stop = s;
    events.push({ t: rel(), kind, label: s.reason });
    methodStop.abort();
  };
  const onInterrupt = () =>
    halt({ status: 'interrupted', reason: 'interrupted (Ctrl-C)' }, 'interrupt');
  if (deps.interrupt.aborted) onInterrupt();
  deps.interrupt.addEventListener('abort', onInterrupt, { once: true });

  let load: LoadRun | undefined;
  const journal = (final?: {
    status: DrillStatus;
    exitCode: number;
    reason: string;
    measurements: DrillJournal['measurements'];
  }): DrillJournal => ({
    'mysfits-dr-journal': 1,
    'chaoslib-version': null,
    platform: deps.platform,
    node: deps.nodeVersion,
    start: new Date(t0).toISOString(),
    end: new Date(deps.now()).toISOString(),
    duration: rel() / 1000,
    status: final?.status ?? 'aborted',
    deviated,
    exitCode: final?.exitCode ?? DRILL_EXIT.aborted,
    reason: final?.reason ?? `the run was still going (at ${current}) when this was written`,
    experiment: { ...drill, ...(options.file ? { file: options.file } : {}) },
    steady_states: steady,
    run,
    rollbacks,
    measurements:
      final?.measurements ??
      measureRun({
        drill,
        t0,
        durationMs: rel(),
        samples: load ? [...load.samples()] : [],
        events,
        faults,
        monitor: { signals: [], lag: {} },
        rpo: rpoReadings,
      }),
  });
  const save = () => deps.saveJournal(journal()).catch(() => undefined);

  const scope = (signal: AbortSignal): ExecutionScope => ({
    deps,
    signal,
    loadStats: (windowMs) => (load ? load.stats(windowMs) : null),
    checkRpo: async (region) => {
      const reading = await checkRpoIn(
        deps,
        region,
        load ? [...load.samples()] : [],
        faults.at(-1)?.t ?? null,
        rel(),
      );
      rpoReadings.push(reading);
      return {
        lostWrites: reading.lostWrites,
        windowMs: reading.windowMs,
        checked: reading.checked,
      };
    },
  });

  const step = async (
    activity: Activity,
    phase: string,
    index: number,
    total: number,
    signal: AbortSignal,
  ) => {
    current = `${phase} ${index + 1}/${total} ${activity.name}`;
    deps.progress({
      kind: 'step-start',
      phase,
      index,
      total,
      name: activity.name,
      provider: activity.provider.type,
      elapsedMs: rel(),
    });
    const outcome = await runActivity(activity, scope(signal), outputs, (t) => {
      const at = t - t0;
      if (phase === 'method') events.push({ t: at, kind: 'step', label: activity.name });
      if (FAULT_PROVIDERS.includes(activity.provider.type) && phase === 'method') {
        faults.push({ t: at, regions: faultRegions(activity) });
        events.push({
          t: at,
          kind: 'fault',
          label: `${activity.name} (${activity.provider.type})`,
        });
      }
      if (TRAFFIC_PROVIDERS.includes(activity.provider.type) && phase === 'method')
        events.push({ t: at, kind: 'failover', label: activity.name });
    });
    const last = outcome.run;
    deps.progress({
      kind: 'step-end',
      name: activity.name,
      status: last.status,
      detail: last.exception ?? summarize(last.output),
      elapsedMs: rel(),
    });
    await save();
    return outcome;
  };

  const hypothesis = async (phase: string, signal: AbortSignal): Promise<SteadyStateRun | null> => {
    const h = drill['steady-state-hypothesis'];
    if (!h) return null;
    deps.progress({
      kind: 'phase',
      phase: `steady-state hypothesis (${phase}): ${h.title}`,
      elapsedMs: rel(),
    });
    const probes: ActivityRun[] = [];
    for (const [i, probe] of h.probes.entries()) {
      if (signal.aborted) break;
      const outcome = await step(probe, `hypothesis-${phase}`, i, h.probes.length, signal);
      probes.push(outcome.run);
      if (outcome.toolError)
        halt(
          { status: 'aborted', reason: `tool error in ${probe.name}: ${outcome.toolError}` },
          'stop-condition',
        );
    }
    return {
      steady_state_met:
        probes.length === h.probes.length && probes.every((p) => p.status === 'succeeded'),
      probes,
    };
  };

  let monitor: ReturnType<typeof startMonitor> | undefined;
  let methodStarted = false;
  try {
    if (drill.load) {
      deps.progress({
        kind: 'phase',
        phase: `load: ${drill.load.rate} requests/s through the accelerator`,
        elapsedMs: rel(),
      });
      load = await deps.startLoad({
        url: drill.load.url ?? (await deps.appUrl()),
        ratePerSecond: drill.load.rate,
        likeShare: drill.load.likeShare,
        maxInFlight: drill.load.maxInFlight,
        timeoutMs: drill.load.timeout,
        t0,
      });
    }
    monitor = startMonitor(
      drill,
      deps,
      t0,
      load,
      () => current,
      (r: StopRequest) =>
        halt(
          { status: 'aborted', reason: `stop condition ${r.condition}: ${r.message}` },
          'stop-condition',
        ),
    );
    if (load && drill.load) await deps.sleep(drill.load.warmup, methodStop.signal);
    steady.before = await hypothesis('before', methodStop.signal);
    if (steady.before && !steady.before.steady_state_met && !stop) {
      deviated = true;
      deps.progress({
        kind: 'note',
        message: 'the steady state did not hold before the method: nothing was injected',
        elapsedMs: rel(),
      });
    } else if (!stop) {
      methodStarted = true;
      deps.progress({ kind: 'phase', phase: 'method', elapsedMs: rel() });
      for (const [i, activity] of drill.method.entries()) {
        if (stop) break;
        const outcome = await step(activity, 'method', i, drill.method.length, methodStop.signal);
        run.push(outcome.run);
        if (outcome.toolError && !stop)
          halt(
            { status: 'aborted', reason: `tool error in ${activity.name}: ${outcome.toolError}` },
            'stop-condition',
          );
        else if (outcome.run.status === 'failed' && !stop) {
          deviated = true;
          deps.progress({
            kind: 'note',
            message: `${activity.name} failed: ${outcome.run.exception ?? ''}; the method stops here`,
            elapsedMs: rel(),
          });
          break;
        }
      }
      if (!stop && !deviated) {
        steady.after = await hypothesis('after', methodStop.signal);
        if (steady.after && !steady.after.steady_state_met) deviated = true;
      }
    }
  } finally {
    deps.interrupt.removeEventListener('abort', onInterrupt);
  }

  // Rollbacks run with a signal of their own: Ctrl-C stopped the method, not the clean-up.
  const failedSoFar = deviated || stop !== undefined;
  const rollbackSignal = new AbortController().signal;
  if (
    methodStarted &&
    drill.rollbacks?.length &&
    (drill['rollback-strategy'] === 'always' || failedSoFar)
  ) {
    events.push({ t: rel(), kind: 'rollback', label: 'rollbacks' });
    deps.progress({ kind: 'phase', phase: 'rollbacks', elapsedMs: rel() });
    for (const [i, action] of drill.rollbacks.entries()) {
      const outcome = await step(action, 'rollback', i, drill.rollbacks.length, rollbackSignal);
      rollbacks.push(outcome.run);
    }
  }

  // The load stops before the final RPO check: a like acknowledged while the check runs
  // would not have had time to replicate, and would count as lost.
  const samples: LoadSample[] = load ? await load.stop() : [];
  if (rpoReadings.length === 0 && stop?.status !== 'interrupted')
    rpoReadings.push(
      ...(await finalRpoCheck(deps, drill.settle, samples, faults.at(-1)?.t ?? null, rel)),
    );
  await monitor?.stop();

  const measurements = measureRun({
    drill,
    t0,
    durationMs: rel(),
    samples,
    events,
    faults,
    monitor: monitor?.record ?? { signals: [], lag: {} },
    rpo: rpoReadings,
  });
  const missed = measurements.objectives.filter((o) => !o.met);
  const [status, exitCode, reason] = verdict(
    stop,
    deviated,
    missed.map((o) => o.name),
    run,
    steady,
    measurements.objectives.length > 0,
  );
  const final = journal({ status, exitCode, reason, measurements });
  await deps.saveJournal(final);
  return final;
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
