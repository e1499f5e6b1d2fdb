/**
 * The kinds of fault the lab can inject (`POST /_lab/faults`, `mysfits-dr lab fault`), as
 * zod schemas. Each kind names the region(s) it hits; `durationMs` makes a fault clear
 * itself. What each kind does is documented in docs/lab.md.
 */
import { z } from 'zod';

const durationMs = z
  .number({ message: 'expected a number of milliseconds' })
  .int({ message: 'expected a whole number of milliseconds' })
  .positive({ message: 'expected a duration > 0 ms; omit it for a fault that lasts until cleared' })
  .optional();

const region = z.string({ message: 'expected a region name such as "us-west-2"' });
const mode = z
  .enum(['refuse', 'timeout'], {
    message: 'expected "refuse" (connections reset) or "timeout" (never answered)',
  })
  .default('refuse');

/** `replication-pause`: stop replicating changes from `from` to `to` (AWS FIS global-table-pause-replication). */
export const replicationPauseSchema = z.strictObject({
  kind: z.literal('replication-pause'),
  from: region,
  to: region,
  durationMs,
});

/** `region-outage`: every API and data plane of the region fails; replication to and from it stops. */
export const regionOutageSchema = z.strictObject({
  kind: z.literal('region-outage'),
  region,
  mode,
  durationMs,
});

/** `control-plane-outage`: the region's management APIs fail; data planes and DynamoDB item calls keep working. */
export const controlPlaneOutageSchema = z.strictObject({
  kind: z.literal('control-plane-outage'),
  region,
  mode,
  durationMs,
});

/** `kill-tasks`: kill running ECS task processes (the scheduler replaces them); `everyMs` keeps killing. */
export const killTasksSchema = z.strictObject({
  kind: z.literal('kill-tasks'),
  region,
  /** ECS service name; all services when omitted. */
  service: z.string().min(1).optional(),
  /** How many tasks per round; all matching when omitted. */
  count: z.number().int().positive({ message: 'expected a whole number of tasks >= 1' }).optional(),
  /** Kill again every this many ms (a crash loop) until cleared. */
  everyMs: z
    .number()
    .int()
    .min(100, { message: 'expected at least 100 ms between rounds' })
    .optional(),
  durationMs,
});

/** `failing-health-checks`: target health checks time out, as a narrowed security group makes them. */
export const failingHealthChecksSchema = z.strictObject({
  kind: z.literal('failing-health-checks'),
  region,
  /** ECS service name whose target group fails; every target group of the region when omitted. */
  service: z.string().min(1).optional(),
  durationMs,
});

/** `chaos-mode`: the Like service's tasks restart with the workshop's CHAOSMODE=on (~30% 500s, ~30% 404s). */
export const chaosModeSchema = z.strictObject({
  kind: z.literal('chaos-mode'),
  region,
  durationMs,
});

/** `latency`: extra delay on the region's API answers, data-plane requests, or both. */
export const latencySchema = z.strictObject({
  kind: z.literal('latency'),
  region,
  plane: z
    .enum(['api', 'data', 'both'], { message: 'expected "api", "data" or "both"' })
    .default('both'),
  ms: z
    .number({ message: 'expected a number of milliseconds' })
    .int()
    .positive({ message: 'expected a delay > 0 ms' })
    .max(120_000, { message: 'expected at most 120000 ms' }),
  durationMs,
});

/** `throttling`: a share of the region's API calls answered with ThrottlingException. */
export const throttlingSchema = z.strictObject({
  kind: z.literal('throttling'),
  region,
  share: z
    .number({ message: 'expected a share between 0 and 1, e.g. 0.5' })
    .gt(0, { message: 'expected a share > 0' })
    .max(1, { message: 'expected a share <= 1' }),
  durationMs,
});

/**
 * `witness-outage`: the witness of every MRSC table in that region stops answering; a
 * strongly consistent table then needs both of its replica regions up to reach a majority.
 */
export const witnessOutageSchema = z.strictObject({
  kind: z.literal('witness-outage'),
  region: z.string({ message: 'expected the witness region, "us-east-2"' }),
  durationMs,
});

/** Every fault kind's input, by `kind`. */
export const faultInputSchema = z.discriminatedUnion('kind', [
  replicationPauseSchema,
  regionOutageSchema,
  controlPlaneOutageSchema,
  killTasksSchema,
  failingHealthChecksSchema,
  chaosModeSchema,
  latencySchema,
  throttlingSchema,
  witnessOutageSchema,
]);

/** What `POST /_lab/faults` accepts. */
export type FaultInput = z.infer<typeof faultInputSchema>;

/** The fault kinds the lab knows. */
export const FAULT_KINDS = faultInputSchema.options.map((o) => o.shape.kind.value);

/** An active fault. */
export type Fault = FaultInput & { id: string; createdAt: string; expiresAt: string | null };

/** The fields of a fault that name regions the lab serves (a witness region is checked apart). */
export function regionFields(fault: FaultInput): ('region' | 'from' | 'to')[] {
  if (fault.kind === 'witness-outage') return [];
  return fault.kind === 'replication-pause' ? ['from', 'to'] : ['region'];
}

/** Two faults are the same when every input field but the duration is equal. */
export function sameFault(a: FaultInput, b: FaultInput): boolean {
  const key = (f: FaultInput) => {
    const { durationMs: _d, id: _i, createdAt: _c, expiresAt: _e, ...rest } = f as Fault;
    return JSON.stringify(Object.entries(rest).sort());
  };
  return key(a) === key(b);
}
