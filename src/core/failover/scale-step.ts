/**
 * Scaling an ECS service as a plan step: set the desired count, then wait until that many
 * tasks run and are healthy behind the load balancer (or, scaling to zero, until none run).
 */
import { waitUntil } from '../ops/wait.js';
import type { Step, StepContext } from '../ops/step.js';
import type { EcsReader, EcsWriter, Elbv2Reader } from '../ports.js';
import type { WaitTimings } from '../traffic/steps.js';

/** The service to scale and where. */
export interface ScaleTarget {
  region: string;
  cluster: string;
  service: string;
  targetGroupArn: string;
  /** Desired count before the plan, for the undo hint; null when unknown. */
  currentDesired: number | null;
}

/** Scales one service to `want` tasks and waits until they run and (want > 0) are healthy. */
export function scaleStep(
  ecs: EcsReader & EcsWriter,
  elbv2: Elbv2Reader,
  target: ScaleTarget,
  want: number,
  timings: WaitTimings,
): Step {
  const state = async () => {
    const [service] = await ecs.describeServices(target.cluster, [target.service]);
    const healthy =
      want > 0
        ? (await elbv2.describeTargetHealth(target.targetGroupArn)).filter(
            (t) => t.state === 'healthy',
          ).length
        : 0;
    return { desired: service?.desired ?? 0, running: service?.running ?? 0, healthy };
  };
  const reached = (s: { desired: number; running: number; healthy: number }) =>
    want === 0
      ? s.desired === 0 && s.running === 0
      : s.desired >= want && s.running >= want && s.healthy >= want;
  let last = { desired: 0, running: 0, healthy: 0 };
  return {
    id: `scale:${target.region}:${target.service}:${want}`,
    title:
      want === 0
        ? `scale ${target.service} in ${target.region} down to 0`
        : `scale ${target.service} in ${target.region} to ${want} task${want === 1 ? '' : 's'}${target.currentDesired === null ? '' : ` (desired now ${target.currentDesired})`} and wait until they are healthy`,
    undoHint:
      target.currentDesired === null
        ? undefined
        : `scale ${target.service} in ${target.region} back to ${target.currentDesired} (aws ecs update-service --desired-count ${target.currentDesired})`,
    async done() {
      return reached(await state());
    },
    async apply(ctx: StepContext) {
      const started = ctx.timer.now();
      const before = await state();
      if (want === 0 || before.desired < want)
        await ecs.setDesiredCount(target.cluster, target.service, want);
      await waitUntil(
        ctx,
        `${target.service} in ${target.region} reaching ${want} ${want === 0 ? 'tasks' : 'healthy tasks'}`,
        async () => reached((last = await state())),
        {
          ...timings,
          describe: () =>
            `${last.running} running, ${last.healthy} healthy of ${last.desired} desired`,
        },
      );
      return { desired: Math.max(want, before.desired), readyAfterMs: ctx.timer.now() - started };
    },
  };
}
