/**
 * The use case of every command that changes traffic: resolve the run (a new one, or the one
 * `--resume` continues), take the operations lock and keep it with a heartbeat, build the plan
 * from live state, stop at failed preflight checks (unless forced by name), ask for
 * confirmation, then execute the plan with a durable journal and a probe through the
 * accelerator, and audit every outcome. Refused and no-op runs are journaled too.
 * Pure: the journal, the lock, the system and the operator arrive as ports; the clock is handed in.
 */
import { drError, notConfirmed, usageError, type DrError } from '../errors.js';
import { startBackgroundProbe, type ProbeTally } from './background-probe.js';
import { executePlan, journalUnexecuted } from './executor.js';
import type { RunOutcome } from './journal.js';
import {
  measurements,
  operationDocument,
  probeFigures,
  type OperationDocument,
  type OperationEnd,
} from './operation-document.js';
import type {
  AuditedRun,
  OperationDeps,
  OperationResult,
  OperationSession,
  OperationSpec,
} from './operation-ports.js';
import { resolveResume } from './resume.js';
import { LOCK_REGION_FORCE, lockRegionCheck } from './control-store.js';
import { blockingChecks, type CheckResult, forceChecks, type Plan } from './step.js';
import { OPERATION_TIMINGS } from './timings.js';
import { waitDeployed } from './wait-deployed.js';

export type * from './operation-ports.js';

/** How long the lock lives without a heartbeat (renewed every fifth of it). */
export const LOCK_TTL_MS = 5 * 60_000;

/** Runs one operation end to end; refusals, lock conflicts and failures are DrErrors. */
export async function runOperation<R extends Record<string, unknown>>(
  spec: OperationSpec<R>,
  deps: OperationDeps<R>,
): Promise<OperationResult> {
  const resumed =
    spec.resume === undefined
      ? undefined
      : await resolveResume(deps.journal, spec.kind, spec.resume, spec.schema);
  const runId = resumed?.runId ?? deps.newRunId(spec.kind, deps.timer.now());
  const run: RunContext<R> = {
    spec,
    deps,
    runId,
    request: resumed?.request ?? spec.request,
    resumed: resumed !== undefined,
    session: await deps.connect(runId),
  };
  if (spec.dryRun) return planAndRun(run);
  const { lock } = run.session;
  // The plan's reads (status, the replication canary) run while the lock is taken: they only
  // read (a canary is the tool's own item), and nothing is changed before both are done. With
  // --wait the plan is built after the accelerator has settled, so it waits for the lock.
  const early = spec.waitDeployedMs === undefined ? run.session.build(run.request) : undefined;
  early?.catch(() => undefined); // awaited below; a lock error must not leave it unhandled
  let taken: Awaited<ReturnType<typeof lock.acquire>>;
  try {
    taken = await lock.acquire(runId, deps.operator, spec.kind, LOCK_TTL_MS);
  } catch (error) {
    await early?.catch(() => undefined); // its reads end before the command does
    throw error;
  }
  const stopHeartbeat = keepLock(run);
  try {
    return await planAndRun(run, lockRegionCheck(taken), early);
  } finally {
    stopHeartbeat();
    await lock
      .release(runId)
      .catch(() =>
        deps.ui.warn(
          `the operations lock of run ${runId} could not be released; it expires on its own`,
        ),
      );
  }
}

interface RunContext<R extends Record<string, unknown>> {
  spec: OperationSpec<R>;
  deps: OperationDeps<R>;
  runId: string;
  request: R;
  resumed: boolean;
  session: OperationSession<R>;
}

/** The heartbeat keeps the lock while the run lives; a run that dies lets it expire. */
function keepLock({ deps, runId, session }: RunContext<Record<string, unknown>>): () => void {
  const stop = new AbortController();
  void (async () => {
    for (;;) {
      await deps.timer.sleep(LOCK_TTL_MS / 5, stop.signal);
      if (stop.signal.aborted) return;
      await session.lock.renew(runId, LOCK_TTL_MS).then(
        (kept) => kept || deps.ui.warn(`run ${runId} no longer holds the operations lock`),
        () => deps.ui.warn('the operations lock could not be renewed; it expires unless renewed'),
      );
    }
  })();
  return () => stop.abort();
}

async function planAndRun<R extends Record<string, unknown>>(
  run: RunContext<R>,
  lockChecks: CheckResult[] = [],
  /** The plan, already being built while the lock was taken. */
  early?: Promise<Plan>,
): Promise<OperationResult> {
  const { spec, deps, runId, session } = run;
  if (spec.waitDeployedMs !== undefined) await waitDeployed(deps, session, spec.waitDeployedMs);
  // Journal the operator's whole request (a shift's --interval, every --timeout): `--resume`
  // rebuilds the plan from it, and the plan's own request drops them.
  const built = await (early ?? session.build(run.request));
  const plan: Plan = { ...built, checks: [...lockChecks, ...built.checks], request: run.request };
  // `lock-region` is not a check of the plan: it was used when the lock was taken.
  const unknownForced = forceChecks(
    plan.checks,
    spec.force.filter((name) => name !== LOCK_REGION_FORCE),
  );
  if (unknownForced.length) {
    throw usageError(
      'UNKNOWN_CHECK',
      `--force ${unknownForced.join(',')}: no such preflight check`,
      `Checks of this plan: ${[...new Set(plan.checks.map((c) => c.name))].join(', ')}.`,
    );
  }
  const blocking = blockingChecks(plan);
  deps.ui.showPlan(plan, runId);
  const document = (end: OperationEnd) => operationDocument(plan, runId, spec.dryRun, end);
  if (spec.dryRun) {
    const state = await session.describeState();
    const outcome = blocking.length ? 'refused' : 'planned';
    return {
      type: 'planned',
      refused: blocking.length > 0,
      document: document({ outcome, state }),
    };
  }
  const startedAt = deps.timer.now();
  if (plan.alreadyDone && !run.resumed) {
    const state = await endUnexecuted(run, plan, startedAt, 'no-op');
    return {
      type: 'already-done',
      plan,
      runId,
      state,
      document: document({ outcome: 'no-op', state }),
    };
  }
  if (blocking.length) {
    const state = await endUnexecuted(run, plan, startedAt, 'refused');
    throw drError(
      'PREFLIGHT_FAILED',
      `refused: ${blocking.map((c) => `${c.name} (${c.detail})`).join('; ')}`,
      {
        state: `nothing was changed; ${state}`,
        hint: `Fix the cause, or override a check you have judged safe with --force ${blocking.map((c) => c.name).join(',')} (recorded in the journal).`,
        details: document({ outcome: 'refused', state }),
      },
    );
  }
  if (!(await deps.ui.confirm(`Run this ${plan.kind} (${plan.steps.length} steps)?`))) {
    throw notConfirmed('nothing was changed');
  }
  return execute(run, plan, startedAt, document);
}

/** The run's audit record, written best effort. */
function audit(run: RunContext<Record<string, unknown>>, entry: AuditedRun): Promise<unknown> {
  return run.session
    .audit(entry)
    .catch((e: Error) => run.deps.ui.warn(`audit record not written: ${e.message}`));
}

function listing(run: RunContext<Record<string, unknown>>, plan: Plan, startedAt: number) {
  return {
    runId: run.runId,
    kind: plan.kind,
    summary: plan.summary,
    operator: run.deps.operator,
    startedAt,
  };
}

/** Journals and audits a run that changed nothing; returns the state it left. */
async function endUnexecuted(
  run: RunContext<Record<string, unknown>>,
  plan: Plan,
  startedAt: number,
  outcome: 'no-op' | 'refused',
): Promise<string> {
  const { deps, runId } = run;
  const state = await run.session.describeState();
  const finishedAt = deps.timer.now();
  const { operator } = deps;
  await journalUnexecuted(deps.journal, {
    plan,
    runId,
    operator,
    startedAt,
    finishedAt,
    outcome,
    state,
  });
  await audit(run, { ...listing(run, plan, startedAt), finishedAt, outcome, state });
  return state;
}

/** Runs the confirmed plan with the background probe; audits how it ended. */
async function execute(
  run: RunContext<Record<string, unknown>>,
  plan: Plan,
  startedAt: number,
  document: (end: OperationEnd) => OperationDocument,
): Promise<OperationResult> {
  const { deps, runId, session } = run;
  const listed = listing(run, plan, startedAt);
  await audit(run, listed);
  const background = startBackgroundProbe(session.probe, deps.timer, OPERATION_TIMINGS.probe);
  let tally: ProbeTally | undefined;
  const stopProbe = async () => (tally ??= await background.stop());
  const progress = deps.ui.progress(`${plan.kind} ${runId}`);
  try {
    const report = await executePlan(
      plan,
      runId,
      {
        journal: deps.journal,
        timer: deps.timer,
        signal: deps.signal,
        operator: deps.operator,
        onProgress: (e) => progress.event(e),
        describeState: () => session.describeState(),
        beforeApply: () => session.guard(),
      },
      { resumeCommand: run.spec.resumeCommand(runId) },
      { resumed: run.resumed, measure: async () => probeFigures(await stopProbe()) },
    );
    progress.succeed(`${plan.kind} ${runId} ${report.outcome}`);
    const measured = measurements(report, await stopProbe());
    const { outcome, state, steps, durationMs } = report;
    await audit(run, { ...listed, finishedAt: deps.timer.now(), outcome, state });
    const end = { outcome, steps, measurements: measured, state, durationMs };
    return { type: 'ran', report, measured, document: document(end) };
  } catch (error) {
    progress.fail(`${plan.kind} ${runId} stopped`);
    await stopProbe();
    const dr = error as DrError;
    const outcome: RunOutcome = dr.exit === 'interrupted' ? 'interrupted' : 'failed';
    const state = dr.state ? { state: dr.state } : {};
    await audit(run, { ...listed, finishedAt: deps.timer.now(), outcome, ...state });
    throw error;
  }
}
