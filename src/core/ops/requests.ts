/**
 * The request of each operation: what the operator asked for, validated once. The same schema
 * gives the commands the limits of their flags and re-reads the journaled request on
 * `--resume`, so a resumed run gets the typed request the first run journaled.
 */
import { z } from 'zod';

/** A longest wait, in milliseconds. */
const timeoutMs = z.number().int().nonnegative();

/** A dial value: a whole percentage between 0 and 100. */
export const dialPercent = z.number().int().min(0).max(100);

/** A dial step of a gradual move: a whole percentage between 1 and 100. */
export const stepPercent = z.number().int().min(1).max(100);

/** `failover` / `failback`: every flag `--resume` needs to rebuild the plan. */
export const failoverRequestSchema = z.object({
  kind: z.enum(['failover', 'failback']),
  to: z.string(),
  via: z.enum(['dials', 'routing-switch']),
  mode: z.enum(['all-at-once', 'gradual']),
  stepPercent,
  intervalMs: timeoutMs,
  timeoutMs,
  scaleSourceDown: z.boolean(),
});
/** A validated failover or failback request. */
export type FailoverRunRequest = z.infer<typeof failoverRequestSchema>;

/** `traffic set <region> <percent>`. */
export const trafficSetRequestSchema = z.object({
  region: z.string(),
  percent: dialPercent,
  timeoutMs,
});
/** A validated `traffic set` request. */
export type TrafficSetRequest = z.infer<typeof trafficSetRequestSchema>;

/** `traffic drain <region>`: a set to 0 %. */
export const trafficDrainRequestSchema = trafficSetRequestSchema.extend({ percent: z.literal(0) });
/** A validated `traffic drain` request. */
export type TrafficDrainRequest = z.infer<typeof trafficDrainRequestSchema>;

/** `traffic shift --to <region>`. */
export const trafficShiftRequestSchema = z.object({
  to: z.string(),
  stepPercent,
  rollback: z.boolean(),
  intervalMs: timeoutMs,
  timeoutMs,
});
/** A validated `traffic shift` request. */
export type TrafficShiftRequest = z.infer<typeof trafficShiftRequestSchema>;

/** `traffic switch <region> in|out`. */
export const trafficSwitchRequestSchema = z.object({
  region: z.string(),
  state: z.enum(['in', 'out']),
  timeoutMs,
});
/** A validated `traffic switch` request. */
export type TrafficSwitchRequest = z.infer<typeof trafficSwitchRequestSchema>;

/** Every operation's request schema, by the operation's kind (the journal's `kind`). */
export const OPERATION_REQUESTS = {
  failover: failoverRequestSchema,
  failback: failoverRequestSchema,
  'traffic-set': trafficSetRequestSchema,
  'traffic-drain': trafficDrainRequestSchema,
  'traffic-shift': trafficShiftRequestSchema,
  'traffic-switch': trafficSwitchRequestSchema,
} as const;

/** The kinds of operation. */
export type OperationKind = keyof typeof OPERATION_REQUESTS;

/** The request of an operation of kind `K`. */
export type OperationRequest<K extends OperationKind> = z.infer<(typeof OPERATION_REQUESTS)[K]>;
