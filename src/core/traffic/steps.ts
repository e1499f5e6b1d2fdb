/**
 * The steps that move traffic: set a traffic dial (and wait until the accelerator has
 * deployed it), flip a region's routing switch (the data-plane path, no accelerator API
 * needed). Where new connections then land is watched by landing.ts.
 */
import { drError } from '../errors.js';
import { waitUntil } from '../ops/wait.js';
import type { Step, StepContext } from '../ops/step.js';
import { type ControlStore, inControlRegion } from '../ops/control-store.js';
import type { AcceleratorReader, AcceleratorWriter, SimpleItem } from '../ports.js';

/** Moments shared by a plan's steps, for its measurements. */
export interface SwitchMarks {
  /** When the first traffic change was applied. */
  trafficChangedAt?: number;
}

/** Timing of the steps that wait. */
export interface WaitTimings {
  /** Longest a change may take to take effect (dial propagation, tasks starting…). */
  timeoutMs: number;
  /** How often progress is polled. */
  pollMs: number;
}

/** Sets one endpoint group's dial and waits until the accelerator is DEPLOYED again. */
export function dialStep(
  accelerator: AcceleratorReader & AcceleratorWriter,
  acceleratorArn: string,
  group: { region: string; arn: string; currentDial: number | null },
  percent: number,
  timings: WaitTimings,
  marks: SwitchMarks,
): Step {
  const deployed = async () =>
    (await accelerator.describeAccelerator(acceleratorArn)).status === 'DEPLOYED';
  return {
    id: `dial:${group.region}:${percent}`,
    title: `set the ${group.region} traffic dial to ${percent}%${group.currentDial === null ? '' : ` (now ${group.currentDial}%)`}`,
    undoHint:
      group.currentDial === null
        ? undefined
        : `mysfits-dr traffic set ${group.region} ${group.currentDial}`,
    async done() {
      const current = await accelerator.describeEndpointGroup(group.arn);
      return current.trafficDialPercentage === percent && (await deployed());
    },
    async apply(ctx: StepContext) {
      const started = ctx.timer.now();
      await accelerator.setTrafficDial(group.arn, percent);
      marks.trafficChangedAt ??= started;
      ctx.note(`${group.region} dial set to ${percent}%; waiting for the accelerator to deploy it`);
      await waitUntil(
        ctx,
        `the accelerator deploying the ${group.region} dial change`,
        deployed,
        timings,
      );
      // `from`: the dial found before the change, which a failback restores (recorded-state.ts).
      return { dial: percent, from: group.currentDial, deployedAfterMs: ctx.timer.now() - started };
    },
    async verify() {
      const current = await accelerator.describeEndpointGroup(group.arn);
      if (current.trafficDialPercentage !== percent) {
        throw drError(
          'DIAL_NOT_APPLIED',
          `the ${group.region} dial reads ${current.trafficDialPercentage}% after being set to ${percent}%`,
        );
      }
    },
  };
}

/** Where the routing switch is kept, who flips it, and how (with the run's fencing token). */
export interface SwitchTarget {
  store: ControlStore;
  /** Writes a control item with the run's token (OperationLock.putFenced): FENCED_OUT when stale. */
  write(
    item: SimpleItem,
    options: { everyRegion: boolean },
  ): Promise<{ written: string[]; failed: string[] }>;
  runId: string;
  owner: string;
}

/** Reads a switch item: the one answer of a strong table, or every replica that answers. */
async function readSwitch(
  store: ControlStore,
  key: SimpleItem,
): Promise<(SimpleItem | undefined)[]> {
  if (store.mode === 'strong') {
    const read = await inControlRegion(store, 'reading a routing switch', (r) =>
      r.dynamodb.getItem(store.table, key),
    ).catch(() => undefined);
    return read ? [read.value] : [];
  }
  const reads = await Promise.allSettled(
    store.regions.map((r) => r.dynamodb.getItem(store.table, key)),
  );
  return reads.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

/**
 * Marks a region in or out of service by writing its routing switch: once in the control
 * table (strongly consistent: every replica has it at once), or without one into every
 * region's replica of the app's table (so each region sees it at once, even with replication
 * paused). The step needs at least one write; every write carries the run's fencing token.
 */
export function switchStep(
  target: SwitchTarget,
  region: string,
  state: 'in' | 'out',
  marks: SwitchMarks,
): Step {
  const { store } = target;
  const key = { [store.hashKey]: store.ids.routing(region) };
  const where = store.mode === 'strong' ? 'the control table' : 'the global table';
  return {
    id: `switch:${region}:${state}`,
    title: `mark ${region} ${state === 'out' ? 'OUT of service: its health checks fail and the accelerator routes away' : 'IN service'} (routing switch in ${where})`,
    undoHint: `mysfits-dr traffic switch ${region} ${state === 'out' ? 'in' : 'out'}`,
    async done() {
      const answered = await readSwitch(store, key);
      return (
        answered.length > 0 && answered.every((item) => (item?.RoutingState ?? 'in') === state)
      );
    },
    async apply(ctx: StepContext) {
      const started = ctx.timer.now();
      const item = {
        ...key,
        RoutingState: state,
        ChangedAt: started,
        ChangedBy: target.owner,
        RunId: target.runId,
        Reason: `mysfits-dr run ${target.runId}`,
      };
      const { written, failed } = await target.write(item, { everyRegion: true });
      if (written.length === 0) {
        throw drError(
          'SWITCH_NOT_WRITTEN',
          `the routing switch of ${region} could not be written in any region`,
        );
      }
      if (failed.length)
        ctx.note(
          `routing switch not written in ${failed.join(', ')} (not answering); replication carries it there when the region is back`,
        );
      marks.trafficChangedAt ??= started;
      return { state, writtenIn: written.length, notWrittenIn: failed.join(', ') || null };
    },
  };
}

/** Options of the landing watch. */
export interface LandingOptions {
  /** Consecutive new connections that must land in the target. */
  consecutive: number;
  timeoutMs: number;
  intervalMs: number;
  /** Per-request timeout. */
  requestTimeoutMs: number;
  path: string;
}
