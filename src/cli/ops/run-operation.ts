/**
 * How every command that changes traffic runs: take the operations lock, build the plan from
 * live state, show it, stop at failed preflight checks (unless forced by name), ask for
 * confirmation, then execute it with a durable journal, a lock heartbeat and a probe through
 * the accelerator, and report steps, measurements and the state left. `--dry-run` stops after
 * showing the plan; `--resume` continues a run from its journal.
 */
import { hostname, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import { DrError, usageError } from '../../core/errors.js';
import { recordRun } from '../../core/ops/audit.js';
import { executePlan, type ProgressEvent, type RunReport } from '../../core/ops/executor.js';
import { isResumable, summarizeRun, type JournalStore } from '../../core/ops/journal.js';
import { OperationLock } from '../../core/ops/lock.js';
import { blockingChecks, forceChecks, type Plan } from '../../core/ops/step.js';
import type { AppProbe, PortFactory } from '../../core/ports.js';
import type { Context } from '../context.js';
import { systemTimer } from '../timer.js';
import { startBackgroundProbe, type ProbeTally } from './background-probe.js';
import { deploymentIdentity, withDeployment } from './deployment-identity.js';
import { fileJournal, runsDir } from './journal-file.js';
import { renderPlan, renderReport } from './operation-view.js';
import { tableHashKey, tableReplicas } from './table-access.js';
import { describeTrafficState } from './traffic-state.js';

/** What the plan builder gets. */
export interface OperationContext {
  config: Config;
  ports: PortFactory;
  runId: string;
  owner: string;
  hashKey: string;
  probe: AppProbe;
}

/** One operation as a command describes it. */
export interface OperationSpec {
  kind: string;
  /** The operator's request (flags), journaled so `--resume` can rebuild the plan. */
  request: Record<string, unknown>;
  dryRun: boolean;
  /** A run id to resume, or true for the latest resumable run of this kind. */
  resume?: string | true;
  force: readonly string[];
  /** Command line that resumes a run. */
  resumeCommand(runId: string): string;
  build(oc: OperationContext, request: Record<string, unknown>): Promise<Plan>;
  /** Flag `--app-url`, if given. */
  appUrl?: string;
  /** `--wait`: wait for an earlier accelerator change to finish deploying instead of refusing. */
  waitDeployedMs?: number;
}

/** How long the lock lives without a heartbeat. */
const LOCK_TTL_MS = 5 * 60_000;

/** The operator's name in journals and the lock. */
export function operatorName(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return `${user}@${hostname()}`;
}

function newRunId(kind: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${kind}-${stamp}-${randomBytes(2).toString('hex')}`;
}

async function resolveRun(
  journal: JournalStore,
  spec: OperationSpec,
): Promise<{ runId: string; request: Record<string, unknown> } | undefined> {
  if (spec.resume === undefined) return undefined;
  const runs = await journal.list();
  const id =
    spec.resume === true
      ? runs.find(
          (r) =>
            r.kind === spec.kind &&
            (r.outcome === undefined || r.outcome === 'interrupted' || r.outcome === 'failed'),
        )?.runId
      : spec.resume;
  const run = id ? summarizeRun(await journal.read(id)) : undefined;
  if (!run) {
    throw usageError(
      'NO_RUN_TO_RESUME',
      spec.resume === true
        ? `there is no interrupted ${spec.kind} run to resume`
        : `there is no run ${spec.resume} in ${'the runs folder'}`,
      'List runs with `mysfits-dr history`.',
    );
  }
  if (run.kind !== spec.kind)
    throw usageError(
      'RUN_KIND_MISMATCH',
      `run ${run.runId} is a ${run.kind}, not a ${spec.kind}`,
      `Resume it with \`mysfits-dr ${run.kind.replace('traffic-', 'traffic ')} --resume ${run.runId}\`.`,
    );
  if (!isResumable(run)) {
    throw new DrError(`run ${run.runId} already ${run.outcome}; there is nothing to resume`, {
      code: 'RUN_FINISHED',
      exit: 'ok',
      source: 'user',
    });
  }
  return { runId: run.runId, request: run.request };
}

/** The accelerator's address: the flag, MYSFITS_DR_APP_URL, else read from its API. */
export async function resolveAppUrl(
  ctx: Context,
  config: Config,
  ports: PortFactory,
  flag?: string,
): Promise<string> {
  const given = flag ?? ctx.env.MYSFITS_DR_APP_URL;
  if (given) return given;
  try {
    const acc = ports.accelerator();
    const [info, listener] = await Promise.all([
      acc.describeAccelerator(config.accelerator.arn),
      acc.describeListener(config.accelerator.listenerArn),
    ]);
    const port = listener.portRanges[0]?.fromPort ?? 80;
    return `http://${info.dnsName}${port === 80 ? '' : `:${port}`}`;
  } catch (error) {
    throw usageError(
      'APP_URL_UNKNOWN',
      `the accelerator's address could not be read from its API (${(error as Error).message})`,
      'Pass --app-url http://<accelerator DNS name> or set MYSFITS_DR_APP_URL.',
    );
  }
}

/** Runs one operation end to end; returns the exit code. */
export async function runOperation(ctx: Context, spec: OperationSpec): Promise<number> {
  const config = await ctx.config();
  const { awsPortFactory } = await import('../../aws/ports.js');
  const { httpAppProbe } = await import('../../aws/app-probe.js');
  const ports = awsPortFactory(ctx.aws(), {
    acceleratorRegion: config.accelerator.apiRegion,
    requestTimeoutMs: 5_000,
    maxAttempts: 3,
  });
  const journal = withDeployment(
    fileJournal(runsDir(ctx.env)),
    deploymentIdentity(config, ctx.aws()),
  );
  const owner = operatorName();
  try {
    const resumed = await resolveRun(journal, spec);
    const runId = resumed?.runId ?? newRunId(spec.kind, ctx.now());
    const request = resumed?.request ?? spec.request;
    const hashKey = await tableHashKey(config, ports);
    const probe = httpAppProbe(await resolveAppUrl(ctx, config, ports, spec.appUrl));
    const oc: OperationContext = { config, ports, runId, owner, hashKey, probe };
    const lock = new OperationLock({
      regions: tableReplicas(config, ports),
      table: config.globalTable.name,
      hashKey,
      now: ctx.now,
    });
    if (!spec.dryRun) await lock.acquire(runId, owner, spec.kind, LOCK_TTL_MS);
    // The heartbeat keeps the lock while the run lives; a run that dies lets it expire.
    const heartbeat = spec.dryRun
      ? undefined
      : setInterval(() => {
          lock
            .renew(runId, LOCK_TTL_MS)
            .then((kept) => kept || ctx.io.warn(`run ${runId} no longer holds the operations lock`))
            .catch(() =>
              ctx.io.warn('the operations lock could not be renewed; it expires unless renewed'),
            );
        }, LOCK_TTL_MS / 5);
    heartbeat?.unref();
    try {
      return await planAndRun(ctx, spec, oc, journal, request, Boolean(resumed));
    } finally {
      clearInterval(heartbeat);
      if (!spec.dryRun)
        await lock
          .release(runId)
          .catch(() =>
            ctx.io.warn(
              `the operations lock of run ${runId} could not be released; it expires on its own`,
            ),
          );
    }
  } finally {
    ports.destroy();
  }
}

async function planAndRun(
  ctx: Context,
  spec: OperationSpec,
  oc: OperationContext,
  journal: JournalStore,
  request: Record<string, unknown>,
  resumed: boolean,
): Promise<number> {
  if (spec.waitDeployedMs !== undefined) await waitDeployed(ctx, oc, spec.waitDeployedMs);
  const plan = await spec.build(oc, request);
  const unknownForced = forceChecks(plan.checks, spec.force);
  if (unknownForced.length) {
    throw usageError(
      'UNKNOWN_CHECK',
      `--force ${unknownForced.join(',')}: no such preflight check`,
      `Checks of this plan: ${[...new Set(plan.checks.map((c) => c.name))].join(', ')}.`,
    );
  }
  const blocking = blockingChecks(plan);
  if (!ctx.io.json) ctx.io.result(renderPlan(plan, oc.runId, ctx.io.style));
  const doc = (extra: Record<string, unknown>) => ({
    schemaVersion: 1,
    kind: 'operation',
    operation: plan.kind,
    runId: oc.runId,
    dryRun: spec.dryRun,
    plan: {
      summary: plan.summary,
      checks: plan.checks,
      steps: plan.steps.map((s) => ({ id: s.id, title: s.title, undoHint: s.undoHint ?? null })),
    },
    ...extra,
  });
  const state = () => describeTrafficState(oc.config, oc.ports, oc.hashKey);
  const audit = (run: Parameters<typeof recordRun>[1]) =>
    recordRun(
      {
        // The primary first; another region's replica when it does not answer.
        regions: tableReplicas(oc.config, oc.ports),
        table: oc.config.globalTable.name,
        hashKey: oc.hashKey,
      },
      run,
    ).catch((e: Error) => ctx.io.warn(`audit record not written: ${e.message}`));
  const started = ctx.now();
  const listing = {
    runId: oc.runId,
    kind: plan.kind,
    summary: plan.summary,
    operator: oc.owner,
    startedAt: started,
  };

  if (spec.dryRun) {
    ctx.io.document(
      doc({ outcome: blocking.length ? 'refused' : 'planned', state: await state() }),
    );
    return blocking.length ? 3 : 0;
  }
  if (plan.alreadyDone && !resumed) {
    const now = await state();
    await journal.append(oc.runId, {
      type: 'start',
      at: started,
      runId: oc.runId,
      kind: plan.kind,
      request,
      summary: plan.summary,
      operator: oc.owner,
      checks: plan.checks,
      steps: [],
    });
    await journal.append(oc.runId, { type: 'finish', at: ctx.now(), outcome: 'no-op', state: now });
    await audit({ ...listing, finishedAt: ctx.now(), outcome: 'no-op', state: now });
    ctx.io.result(
      `nothing to do: ${plan.summary.replace(/^[a-z-]+: /, '')} (${now}); recorded as run ${oc.runId}.`,
    );
    ctx.io.document(doc({ outcome: 'no-op', state: now }));
    return 0;
  }
  if (blocking.length) {
    const now = await state();
    await journal.append(oc.runId, {
      type: 'start',
      at: started,
      runId: oc.runId,
      kind: plan.kind,
      request,
      summary: plan.summary,
      operator: oc.owner,
      checks: plan.checks,
      steps: [],
    });
    await journal.append(oc.runId, {
      type: 'finish',
      at: ctx.now(),
      outcome: 'refused',
      state: now,
    });
    await audit({ ...listing, finishedAt: ctx.now(), outcome: 'refused', state: now });
    throw new DrError(`refused: ${blocking.map((c) => `${c.name} (${c.detail})`).join('; ')}`, {
      code: 'PREFLIGHT_FAILED',
      exit: 'refused',
      source: 'user',
      state: `nothing was changed; ${now}`,
      hint: `Fix the cause, or override a check you have judged safe with --force ${blocking.map((c) => c.name).join(',')} (recorded in the journal).`,
      details: doc({ outcome: 'refused', state: now }),
    });
  }
  if (!(await ctx.confirm(`Run this ${plan.kind} (${plan.steps.length} steps)?`))) {
    throw new DrError('not confirmed: nothing was changed', {
      code: 'NOT_CONFIRMED',
      exit: 'refused',
      source: 'user',
      hint: 'Pass --yes to run without asking (required when there is no terminal).',
    });
  }
  await audit(listing);
  const background = startBackgroundProbe(oc.probe, systemTimer, {
    path: '/mysfits',
    intervalMs: 200,
    requestTimeoutMs: 2_000,
  });
  let tally: ProbeTally | undefined;
  const stopProbe = async () => (tally ??= await background.stop());
  const progress = ctx.io.progress(`${plan.kind} ${oc.runId}`);
  try {
    // Journal the operator's whole request (a shift's --interval, every --timeout), as the
    // refused and no-op paths do: `--resume` rebuilds the plan from it, and plan.request drops them.
    const report: RunReport = await executePlan(
      { ...plan, request },
      oc.runId,
      {
        journal,
        timer: systemTimer,
        signal: ctx.signal,
        operator: oc.owner,
        onProgress: (e) => onProgress(ctx, progress, e),
        describeState: state,
      },
      { resumeCommand: spec.resumeCommand(oc.runId) },
      { resumed, measure: async () => probeFigures(await stopProbe()) },
    );
    progress.succeed(`${plan.kind} ${oc.runId} ${report.outcome}`);
    const measured = measurements(report, await stopProbe());
    await audit({
      ...listing,
      finishedAt: ctx.now(),
      outcome: report.outcome,
      state: report.state,
    });
    ctx.io.result(renderReport(report, measured, ctx.io.style));
    ctx.io.document(
      doc({
        outcome: report.outcome,
        steps: report.steps,
        measurements: measured,
        state: report.state,
        durationMs: report.durationMs,
      }),
    );
    return 0;
  } catch (error) {
    progress.fail(`${plan.kind} ${oc.runId} stopped`);
    await stopProbe();
    const dr = error as DrError;
    await audit({
      ...listing,
      finishedAt: ctx.now(),
      outcome: dr.exit === 'interrupted' ? 'interrupted' : 'failed',
      ...(dr.state ? { state: dr.state } : {}),
    });
    throw error;
  }
}

type Figures = Record<string, string | number | boolean | null>;

/** What the background probe saw, as journaled with the run's end. */
function probeFigures(tally: ProbeTally): Figures {
  return {
    probeRequests: tally.requests,
    probeFailures: tally.failures,
    probeByRegion:
      Object.entries(tally.byRegion)
        .map(([r, n]) => `${r}:${n}`)
        .join(' ') || null,
  };
}

/** The figures printed at the end: landing time, probe errors, each step's duration. */
function measurements(report: RunReport, tally: ProbeTally): Figures {
  const landing = report.steps.find((s) => s.id.startsWith('observe:'))?.result;
  return {
    landedAfterMs: (landing?.landedAfterMs as number | undefined) ?? null,
    ...probeFigures(tally),
    ...Object.fromEntries(report.steps.map((s) => [`step:${s.id}`, s.durationMs])),
  };
}

function onProgress(
  ctx: Context,
  progress: ReturnType<Context['io']['progress']>,
  event: ProgressEvent,
): void {
  if (event.type === 'note') return progress.update(event.text);
  const n = `[${event.index + 1}/${event.total}]`;
  if (event.type === 'step-start') progress.update(`${n} ${event.step.title}`);
  if (event.type === 'step-skip') ctx.io.info(`${n} already in place: ${event.step.title}`);
  if (event.type === 'step-done')
    ctx.io.info(`${n} done in ${(event.durationMs / 1000).toFixed(1)} s: ${event.step.title}`);
}

/** `--wait`: polls the accelerator until it is DEPLOYED (an unreadable API is left to the checks). */
async function waitDeployed(ctx: Context, oc: OperationContext, timeoutMs: number): Promise<void> {
  const accelerator = oc.ports.accelerator();
  const deadline = ctx.now() + timeoutMs;
  for (;;) {
    let status: string;
    try {
      status = (await accelerator.describeAccelerator(oc.config.accelerator.arn)).status;
    } catch {
      return;
    }
    if (status === 'DEPLOYED') return;
    if (ctx.now() > deadline) {
      throw new DrError(
        `the accelerator is still ${status} after ${Math.round(timeoutMs / 1000)} s`,
        {
          code: 'NOT_CONVERGED',
          exit: 'notConverged',
          source: 'aws',
          state: 'nothing was changed',
        },
      );
    }
    ctx.io.info(`the accelerator is ${status}; waiting for it to deploy (--wait)`);
    await systemTimer.sleep(1_000, ctx.signal);
    if (ctx.signal.aborted)
      throw new DrError('interrupted while waiting for the accelerator', {
        code: 'INTERRUPTED',
        exit: 'interrupted',
        source: 'user',
        state: 'nothing was changed',
      });
  }
}
