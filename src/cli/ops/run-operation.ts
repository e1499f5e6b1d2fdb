/**
 * How every command that changes traffic reaches its use case (core/ops/operation.ts): the
 * adapters (AWS ports, the file journal, the lock and audit trail in the control table, the
 * probe through the accelerator), the operator's side (plan, confirmation, progress), and the
 * result rendered for a terminal or as the `--json` document, with its exit code.
 */
import { hostname, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import { EXIT_CODES } from '../../core/errors.js';
import { recordRun } from '../../core/ops/audit.js';
import { OperationLock } from '../../core/ops/lock.js';
import { LOCK_REGION_FORCE } from '../../core/ops/control-store.js';
import type { OperationResult, OperationSpec, OperationUi } from '../../core/ops/operation.js';
import type { JournalStore } from '../../core/ops/journal.js';
import type { Plan } from '../../core/ops/step.js';
import type { FlowMetricsSource } from '../../core/traffic/flow-confirmation.js';
import type { SwitchTarget } from '../../core/traffic/steps.js';
import type { AppProbe, PortFactory } from '../../core/ports.js';
import type { Context } from '../context.js';
import { systemTimer } from '../timer.js';
import { probeSourceAddress, resolveAppUrl } from './app-url.js';
import { flowMetricsSource } from './flow-metrics.js';
import { deploymentIdentity, withDeployment } from './deployment-identity.js';
import { fileJournal, runsDir } from './journal-file.js';
import { renderPlan, renderReport } from './operation-view.js';
import { openControlStore } from './table-access.js';
import { describeTrafficState } from './traffic-state.js';

/** What the plan builder gets. */
export interface OperationContext {
  config: Config;
  ports: PortFactory;
  runId: string;
  owner: string;
  /** Where the routing switches are and how this run writes them (with its fencing token). */
  switches: SwitchTarget;
  probe: AppProbe;
  /** The accelerator's metrics, to confirm a move with NewFlowCount. */
  flows: FlowMetricsSource;
  /** The runs' journal (earlier runs are read by plans that restore what a run changed). */
  journal: JournalStore;
  /** The deployment's identity in the journal (deployment-identity.ts). */
  deployment: string;
}

/** One operation as a command describes it: the use case's spec and how its plan is built. */
export interface CliOperation<R extends Record<string, unknown>> extends OperationSpec<R> {
  build(oc: OperationContext, request: R): Promise<Plan>;
  /** Flag `--app-url`, if given. */
  appUrl?: string;
}

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

/** Runs one operation end to end; returns the exit code. */
export async function runOperation<R extends Record<string, unknown>>(
  ctx: Context,
  operation: CliOperation<R>,
): Promise<number> {
  const config = await ctx.config();
  const probeAddress = probeSourceAddress(ctx);
  const [{ awsPortFactory }, { httpAppProbe }, useCase] = await Promise.all([
    import('../../aws/ports.js'),
    import('../../aws/app-probe.js'),
    import('../../core/ops/operation.js'),
  ]);
  const ports = awsPortFactory(ctx.aws(), {
    acceleratorRegion: config.accelerator.apiRegion,
    requestTimeoutMs: 5_000,
    maxAttempts: 3,
  });
  const owner = operatorName();
  try {
    // The checks and steps are time-boxed: the clients' code is loaded before any clock starts.
    await ports.load();
    const deployment = deploymentIdentity(config, ctx.aws());
    const journal = withDeployment(fileJournal(runsDir(ctx.env)), deployment);
    const result = await useCase.runOperation(operation, {
      journal,
      timer: { now: () => ctx.now(), sleep: systemTimer.sleep },
      signal: ctx.signal,
      operator: owner,
      newRunId,
      ui: operationUi(ctx),
      connect: async (runId) => {
        const store = await openControlStore(config, ports);
        const appUrl = await resolveAppUrl(ctx, config, ports, operation.appUrl);
        const probe = httpAppProbe(appUrl, probeAddress);
        // Without a control table the lock stays in its home region unless forced.
        const lock = new OperationLock({
          store,
          now: ctx.now,
          allowOtherRegions: operation.force.includes(LOCK_REGION_FORCE),
        });
        const switches: SwitchTarget = {
          store,
          write: (item, options) => lock.putFenced(item, options),
          runId,
          owner,
        };
        const oc: OperationContext = {
          config,
          ports,
          runId,
          owner,
          switches,
          probe,
          flows: flowMetricsSource(config, ports),
          journal,
          deployment,
        };
        return {
          lock,
          audit: (run) => recordRun({ store, fence: () => lock.assertHeld() }, run),
          guard: () => lock.assertHeld().then(() => undefined),
          describeState: () => describeTrafficState(config, ports, store),
          acceleratorStatus: async () =>
            (await ports.accelerator().describeAccelerator(config.accelerator.arn)).status,
          probe,
          build: (request) => operation.build(oc, request),
        };
      },
    });
    return renderResult(ctx, result);
  } finally {
    ports.destroy();
  }
}

/** Prints how the operation ended; returns its exit code. */
function renderResult(ctx: Context, result: OperationResult): number {
  if (result.type === 'already-done') {
    const { plan, state, runId } = result;
    ctx.io.result(
      `nothing to do: ${plan.summary.replace(/^[a-z-]+: /, '')} (${state}); recorded as run ${runId}.`,
    );
  }
  if (result.type === 'ran')
    ctx.io.result(renderReport(result.report, result.measured, ctx.io.style));
  ctx.io.document(result.document);
  return result.type === 'planned' && result.refused ? EXIT_CODES.refused : EXIT_CODES.ok;
}

/** The operator's side of an operation, on this invocation's output. */
function operationUi(ctx: Context): OperationUi {
  return {
    showPlan: (plan, runId) => {
      if (!ctx.io.json) ctx.io.result(renderPlan(plan, runId, ctx.io.style));
    },
    confirm: (question) => ctx.confirm(question),
    info: (text) => ctx.io.info(text),
    warn: (text) => ctx.io.warn(text),
    progress: (title) => {
      const progress = ctx.io.progress(title);
      return {
        succeed: (text) => progress.succeed(text),
        fail: (text) => progress.fail(text),
        event: (event) => {
          if (event.type === 'note') return progress.update(event.text);
          const n = `[${event.index + 1}/${event.total}]`;
          if (event.type === 'step-start') progress.update(`${n} ${event.step.title}`);
          if (event.type === 'step-skip') ctx.io.info(`${n} already in place: ${event.step.title}`);
          if (event.type === 'step-done')
            ctx.io.info(
              `${n} done in ${(event.durationMs / 1000).toFixed(1)} s: ${event.step.title}`,
            );
        },
      };
    },
  };
}
