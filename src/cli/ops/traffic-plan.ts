/**
 * The `traffic` changes as operations: each one's request schema, how its plan is built from
 * a fresh status read (without the replication probe) with the dial and landing timings every
 * operation shares, and the arguments its resume command repeats.
 */
import type { z } from 'zod';
import {
  trafficDrainRequestSchema,
  trafficSetRequestSchema,
  trafficShiftRequestSchema,
  trafficSwitchRequestSchema,
  type TrafficDrainRequest,
  type TrafficSetRequest,
  type TrafficShiftRequest,
  type TrafficSwitchRequest,
} from '../../core/ops/requests.js';
import type { Plan } from '../../core/ops/step.js';
import { landingOptions, OPERATION_TIMINGS } from '../../core/ops/timings.js';
import {
  planTrafficSet,
  planTrafficShift,
  planTrafficSwitch,
  type TrafficDeps,
} from '../../core/traffic/plan.js';
import type { StatusDocument } from '../../core/status/schema.js';
import { DEFAULT_STATUS_READ, readStatusWith } from '../status-reader.js';
import { targetCheckStep } from './failover-plan.js';
import type { OperationContext } from './run-operation.js';

/** One traffic change: its kind, request schema, plan, and what its resume command repeats. */
export interface TrafficOperation<R extends { timeoutMs: number }> {
  kind: 'traffic-set' | 'traffic-drain' | 'traffic-shift' | 'traffic-switch';
  schema: z.ZodType<R>;
  build(oc: OperationContext, request: R, signal: AbortSignal): Promise<Plan>;
  /** The command's required arguments, before `--resume` (`us-east-1 50`, `--to us-east-1`). */
  resumeArgs(request: R): string;
}

/** The status read and the deps a traffic plan is built with. */
async function trafficInputs(
  oc: OperationContext,
  request: { timeoutMs: number; intervalMs?: number },
  signal: AbortSignal,
): Promise<{ doc: StatusDocument; deps: TrafficDeps }> {
  const { timeoutMs, intervalMs = 30_000 } = request;
  const status = { ...DEFAULT_STATUS_READ, probe: false };
  const doc = await readStatusWith(oc.config, oc.ports, status, signal);
  return {
    doc,
    deps: {
      ...oc,
      dial: { timeoutMs, pollMs: OPERATION_TIMINGS.dialPollMs },
      landing: landingOptions(timeoutMs),
      checkReceiver: (region, rollback) =>
        targetCheckStep(oc, region, intervalMs, signal, rollback),
    },
  };
}

/** A traffic change whose plan is built from a fresh status read by `plan`. */
function trafficOperation<R extends { timeoutMs: number; intervalMs?: number }>(
  kind: TrafficOperation<R>['kind'],
  schema: z.ZodType<R>,
  plan: (doc: StatusDocument, request: R, deps: TrafficDeps) => Plan,
  resumeArgs: (request: R) => string,
): TrafficOperation<R> {
  return {
    kind,
    schema,
    async build(oc, request, signal) {
      const { doc, deps } = await trafficInputs(oc, request, signal);
      return plan(doc, request, deps);
    },
    resumeArgs,
  };
}

/** `traffic set <region> <percent>`. */
export const trafficSet = trafficOperation<TrafficSetRequest>(
  'traffic-set',
  trafficSetRequestSchema,
  (doc, r, deps) => planTrafficSet(doc, r.region, r.percent, deps),
  (r) => `${r.region} ${r.percent}`,
);

/** `traffic drain <region>`. */
export const trafficDrain = trafficOperation<TrafficDrainRequest>(
  'traffic-drain',
  trafficDrainRequestSchema,
  (doc, r, deps) => planTrafficSet(doc, r.region, 0, deps, 'traffic-drain'),
  (r) => r.region,
);

/** `traffic shift --to <region>`. */
export const trafficShift = trafficOperation<TrafficShiftRequest>(
  'traffic-shift',
  trafficShiftRequestSchema,
  (doc, r, deps) => planTrafficShift(doc, r.to, r.stepPercent, r.rollback, deps),
  (r) => `--to ${r.to}`,
);

/** `traffic switch <region> in|out`. */
export const trafficSwitch = trafficOperation<TrafficSwitchRequest>(
  'traffic-switch',
  trafficSwitchRequestSchema,
  (doc, r, deps) => planTrafficSwitch(doc, r.region, r.state, deps),
  (r) => `${r.region} ${r.state}`,
);
