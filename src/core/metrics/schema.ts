/**
 * The `metrics --json` document, version 1, as a zod schema: the contract for scripts and the
 * check tests run against real output. Documented field by field in docs/metrics.md. Adding
 * a field is compatible; renaming or removing one needs `schemaVersion: 2`.
 */
import { z } from 'zod';
import { AWS_FAILURE_KINDS } from '../failure-kinds.js';

const timestamp = z.iso.datetime();
const readStatus = z.enum(['ok', 'unknown']);

/** A read that failed: what kind of failure, which call, and AWS's (short) message. */
export const metricsFailureSchema = z.object({
  kind: z.enum(AWS_FAILURE_KINDS),
  /** The call that failed, e.g. `cloudwatch:GetMetricData us-east-1`. */
  call: z.string(),
  message: z.string(),
});

/** Where a series comes from: one CloudWatch metric and statistic, or a metric-math expression. */
export const metricSourceSchema = z.union([
  z.object({
    namespace: z.string(),
    metricName: z.string(),
    stat: z.string(),
    dimensions: z.record(z.string(), z.string()),
  }),
  z.object({ expression: z.string() }),
]);

/** One metric of a region: its datapoints in the window and their summary. */
export const metricSeriesSchema = z
  .object({
    /** The GetMetricData id, stable (`requests`, `errorRate`, `cpu_mysfits_like`…). */
    id: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/),
    label: z.string(),
    group: z.enum(['traffic', 'latency', 'targets', 'ecs', 'replication', 'xray']),
    unit: z.enum(['Count', 'Percent', 'Seconds', 'Milliseconds']),
    /** count: adds up over the window; rate: percent of requests; gauge: a level. */
    kind: z.enum(['count', 'rate', 'gauge']),
    source: metricSourceSchema,
    /** unknown when CloudWatch could not compute it (InternalError, Forbidden, not returned). */
    status: readStatus,
    failure: metricsFailureSchema.optional(),
    /** CloudWatch's messages for the query (e.g. dropped non-numeric values). */
    messages: z.array(z.string()),
    /** Start of each period that has a datapoint, oldest first; periods without one are absent. */
    timestamps: z.array(timestamp),
    values: z.array(z.number()),
    summary: z.object({
      datapoints: z.number().int().nonnegative(),
      latest: z.number().nullable(),
      latestAt: timestamp.nullable(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      /** count: the sum over the window; rate: the ratio of the window's sums; gauge: null. */
      overall: z.number().nullable(),
    }),
  })
  .refine((m) => m.timestamps.length === m.values.length, {
    message: 'expected as many values as timestamps',
  });

/** Request counts of one X-Ray group over the window (from its service graph). */
export const xrayGroupSchema = z.object({
  group: z.string(),
  status: readStatus,
  failure: metricsFailureSchema.optional(),
  /** Requests seen by the group's entry services; null when unknown. */
  total: z.number().nullable(),
  ok: z.number().nullable(),
  /** 4xx. */
  errors: z.number().nullable(),
  /** 5xx. */
  faults: z.number().nullable(),
  /** 429. */
  throttles: z.number().nullable(),
});

/** One region: its metrics, or why they could not be read. */
export const regionMetricsSchema = z.object({
  region: z.string(),
  /** unknown when the region's metrics could not be read (then `metrics` is empty). */
  status: readStatus,
  failure: metricsFailureSchema.optional(),
  metrics: z.array(metricSeriesSchema),
  xray: z.array(xrayGroupSchema),
});

/** The whole `metrics --json` document. */
export const metricsDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('metrics'),
  application: z.string(),
  generatedAt: timestamp,
  /** ok when everything was read (exit 0); unknown when a region, metric or group was not (exit 7). */
  status: readStatus,
  exitCode: z.number().int(),
  window: z.object({
    start: timestamp,
    /** Exclusive; the end of the period that `generatedAt` falls in. */
    end: timestamp,
    periodSeconds: z.number().int().positive(),
    periods: z.number().int().positive(),
  }),
  regions: z.array(regionMetricsSchema),
});

/** The `metrics --json` document. */
export type MetricsDocument = z.infer<typeof metricsDocumentSchema>;
/** One region of it. */
export type RegionMetrics = z.infer<typeof regionMetricsSchema>;
/** One metric of a region. */
export type MetricSeriesReport = z.infer<typeof metricSeriesSchema>;
/** One X-Ray group of a region. */
export type XRayGroupReport = z.infer<typeof xrayGroupSchema>;
/** A read failure as reported. */
export type MetricsFailure = z.infer<typeof metricsFailureSchema>;
