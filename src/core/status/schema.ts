/**
 * The `status --json` document, version 1, as a zod schema: the contract for scripts and the
 * check tests run against real output. Documented field by field in docs/status.md. Adding a
 * field is compatible; renaming or removing one needs `schemaVersion: 2`.
 */
import { z } from 'zod';
import { AWS_FAILURE_KINDS } from '../failure-kinds.js';

/** A read that failed, as reported. */
export const failureSchema = z.object({
  kind: z.enum([...AWS_FAILURE_KINDS, 'budget']),
  call: z.string(),
  message: z.string(),
});

const state = z.enum(['healthy', 'degraded', 'unknown']);
const triState = z.enum(['yes', 'no', 'unknown']);

const endpointSchema = z.object({
  endpointId: z.string(),
  weight: z.number(),
  healthState: z.string(),
  healthReason: z.string().optional(),
});

const serviceSchema = z.object({
  name: z.string(),
  role: z.string(),
  status: z.string(),
  desired: z.number(),
  running: z.number(),
  pending: z.number(),
  /** Deployments other than the settled primary one (a rollout is in progress). */
  deploymentsInProgress: z.number(),
});

const targetGroupSchema = z.object({
  service: z.string(),
  targetGroupArn: z.string(),
  healthy: z.number().nullable(),
  total: z.number().nullable(),
  /** Count per target state (healthy, unhealthy, initial, draining, unused, unavailable). */
  byState: z.record(z.string(), z.number()),
  /** Distinct reasons given for targets that are not healthy. */
  reasons: z.array(z.string()),
  failure: failureSchema.optional(),
});

const alarmSchema = z.object({
  name: z.string(),
  /** OK, ALARM, INSUFFICIENT_DATA, or MISSING when CloudWatch does not know the alarm. */
  state: z.string(),
  reason: z.string(),
});

const replicationSchema = z.object({
  from: z.string(),
  to: z.string(),
  source: z.enum(['probe', 'cloudwatch']),
  lagSeconds: z.number().nullable(),
  verdict: z.string(),
  message: z.string(),
  ageSeconds: z.number().optional(),
});

/** One region in the document. */
export const regionReportSchema = z.object({
  name: z.string(),
  primary: z.boolean(),
  state,
  /** Why the region is not healthy (empty when healthy). */
  reasons: z.array(z.string()),
  traffic: z.object({
    dial: z.number().nullable(),
    /** Percent of new connections the region receives now (dials and health), null if unknown. */
    sharePercent: z.number().nullable(),
    endpoints: z.array(endpointSchema).nullable(),
    failure: failureSchema.optional(),
  }),
  ecs: z.object({ services: z.array(serviceSchema).nullable(), failure: failureSchema.optional() }),
  targetGroups: z.array(targetGroupSchema),
  replica: z.object({ status: z.string().nullable(), failure: failureSchema.optional() }),
  /** The region's routing switch: `in`, `out` (marked out of service), null when unknown. */
  routingSwitch: z.object({
    state: z.enum(['in', 'out']).nullable(),
    changedBy: z.string().optional(),
    changedAt: z.string().optional(),
    failure: failureSchema.optional(),
  }),
  alarms: z.object({ alarms: z.array(alarmSchema).nullable(), failure: failureSchema.optional() }),
  errorRate: z.object({
    percent: z.number().nullable(),
    requests: z.number().nullable(),
    errors5xx: z.number().nullable(),
    windowSeconds: z.number().nullable(),
    failure: failureSchema.optional(),
  }),
  /** Could this region take all traffic now? With the reasons when not (or not known). */
  canTakeAllTraffic: triState,
  canTakeReasons: z.array(z.string()),
});

/** The whole `status --json` document. */
export const statusDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('status'),
  application: z.string(),
  generatedAt: z.string(),
  durationMs: z.number(),
  /** healthy (exit 0), degraded (exit 1) or unknown (exit 7). */
  overall: state,
  exitCode: z.number(),
  accelerator: z.object({
    arn: z.string(),
    apiRegion: z.string(),
    reachable: z.boolean(),
    /** DEPLOYED, or IN_PROGRESS while a change propagates; null when unknown. */
    status: z.string().nullable(),
    failure: failureSchema.optional(),
    /** The share model of `regions[].traffic` and the verdict: clients nearest this region. */
    clientsNearest: z.string(),
    /**
     * The split of new connections for clients nearest each region (the accelerator sends each
     * client to its closest group and applies the dials there); null when any group is unknown.
     */
    byOrigin: z
      .array(
        z.object({
          clientsNearest: z.string(),
          /** Region → percent of these clients' new connections. */
          shares: z.record(z.string(), z.number()),
          failOpen: z.boolean(),
          failedOver: z.array(z.string()),
        }),
      )
      .nullable(),
  }),
  regions: z.array(regionReportSchema),
  replication: z.array(replicationSchema),
  verdict: z.object({
    /** The region receiving most new connections, null when unknown. */
    activeRegion: z.string().nullable(),
    summary: z.string(),
    failover: z.array(z.object({ to: z.string(), safe: triState, reasons: z.array(z.string()) })),
  }),
  warnings: z.array(z.string()),
});

/** The `status --json` document. */
export type StatusDocument = z.infer<typeof statusDocumentSchema>;
/** One region of it. */
export type RegionReport = z.infer<typeof regionReportSchema>;
/** A read failure as reported. */
export type FailureReport = z.infer<typeof failureSchema>;
