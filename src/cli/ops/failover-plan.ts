/**
 * Builds a failover/failback plan from a fresh status read (with the replication probe, so
 * the lag check is measured live), and the step that checks the target between gradual dial
 * steps: wait the interval, read the target again, stop (or roll the source dial back) if it
 * has degraded.
 */
import { drError, interrupted } from '../../core/errors.js';
import { isScaledDown } from '../../core/failover/checks.js';
import { planFailover } from '../../core/failover/plan.js';
import { failbackDials } from '../../core/failover/failback-dials.js';
import {
  failoverRunsOf,
  recordedCapacity,
  recordedDials,
} from '../../core/failover/recorded-state.js';
import type { JournalRecord, JournalStore } from '../../core/ops/journal.js';
import type { FailoverRunRequest } from '../../core/ops/requests.js';
import type { Plan, Step } from '../../core/ops/step.js';
import { landingOptions, OPERATION_TIMINGS } from '../../core/ops/timings.js';
import { DEFAULT_STATUS_READ, readStatusWith } from '../status-reader.js';
import type { OperationContext } from './run-operation.js';

/** A step that waits `intervalMs`, then fails if `region` can no longer take traffic. */
export function targetCheckStep(
  oc: OperationContext,
  region: string,
  intervalMs: number,
  signal: AbortSignal,
  onDegraded: () => Promise<void> = async () => undefined,
): Step {
  return {
    id: `check:${region}`,
    title: `wait ${Math.round(intervalMs / 1000)} s, then check ${region} (target health, gating alarms, error rate)`,
    done: async () => false,
    async apply(ctx) {
      await ctx.timer.sleep(intervalMs, ctx.signal);
      // The sleep ends early on Ctrl-C: stop here rather than journal a check that never ran.
      if (ctx.signal.aborted) throw interrupted(`interrupted while waiting to check ${region}`);
      const doc = await readStatusWith(
        oc.config,
        oc.ports,
        { ...DEFAULT_STATUS_READ, probe: false },
        signal,
      );
      const report = doc.regions.find((r) => r.name === region)!;
      if (report.canTakeAllTraffic === 'no') {
        await onDegraded();
        throw drError(
          'TARGET_DEGRADED',
          `${region} degraded during the shift: ${report.canTakeReasons.join('; ')}`,
          {
            hint: `Traffic is split; put it back with \`mysfits-dr traffic set <source> 100\`, or continue once ${region} is healthy.`,
          },
        );
      }
      return { errorRatePercent: report.errorRate.percent, healthy: true };
    },
  };
}

/** How many of the newest failover runs are searched for what a failover found. */
const RUNS_SEARCHED = 20;

/**
 * What the newest failover of this deployment recorded (`pick` of its journal, counted when it
 * names at least one entry), with the run; undefined when none did among the newest
 * RUNS_SEARCHED (refused runs left out: they changed nothing).
 */
async function newestRecorded(
  journal: JournalStore,
  deployment: string,
  pick: (records: JournalRecord[]) => Record<string, number>,
): Promise<{ runId: string; values: Record<string, number> } | undefined> {
  const runs = failoverRunsOf(await journal.list(), deployment).slice(0, RUNS_SEARCHED);
  for (const run of runs) {
    const values = pick(await journal.read(run.runId));
    if (Object.keys(values).length > 0) return { runId: run.runId, values };
  }
  return undefined;
}

/** Reads live state and builds the plan. */
export async function buildFailoverPlan(
  oc: OperationContext,
  request: FailoverRunRequest,
  signal: AbortSignal,
): Promise<Plan> {
  const doc = await readStatusWith(oc.config, oc.ports, DEFAULT_STATUS_READ, signal);
  const { timeoutMs } = request;
  // A target scaled to 0 by an earlier `--scale-source-down` gets back what it ran then.
  const restoreDesired = isScaledDown(doc, request.to)
    ? ((await newestRecorded(oc.journal, oc.deployment, (r) => recordedCapacity(r, request.to)))
        ?.values ?? {})
    : {};
  // A failback by the dials restores those the newest failover that changed one (completed or
  // not) found before it did.
  let restoreDials: ReturnType<typeof failbackDials> | undefined;
  if (request.kind === 'failback' && request.via === 'dials') {
    const found = await newestRecorded(oc.journal, oc.deployment, recordedDials);
    const recorded = found && { runId: found.runId, dials: found.values };
    restoreDials = failbackDials(oc.config, request.to, recorded);
  }
  return planFailover(oc.config, doc, request, {
    restoreDesired,
    ...(restoreDials ? { restoreDials } : {}),
    ports: oc.ports,
    probe: oc.probe,
    flows: oc.flows,
    switches: oc.switches,
    runId: oc.runId,
    owner: oc.owner,
    timings: {
      scale: { timeoutMs, pollMs: OPERATION_TIMINGS.scalePollMs },
      dial: { timeoutMs, pollMs: OPERATION_TIMINGS.dialPollMs },
    },
    landing: landingOptions(timeoutMs),
    checkTarget: (region) => targetCheckStep(oc, region, request.intervalMs, signal),
  });
}
