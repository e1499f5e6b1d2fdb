/**
 * The `replication lag --json` and `replication probe --json` documents, version 1, as zod
 * schemas: the contract for scripts, for `status` and the failover preflight (which embed the
 * same shapes), and the check tests run against real output. Documented in docs/replication.md.
 * Adding a field is compatible; renaming or removing one needs `schemaVersion: 2`.
 * Durations are milliseconds (`…Ms`), instants ISO-8601 strings (`…At`).
 */
import { z } from 'zod';
import { AWS_FAILURE_KINDS } from '../failure-kinds.js';

const iso = z.iso.datetime();
const ms = z.number().nonnegative();

/** A read or write that failed: why (as classified), which call, and the message. */
export const readFailureSchema = z.strictObject({
  kind: z.enum([...AWS_FAILURE_KINDS, 'unsupported']),
  /** The call that failed, e.g. `dynamodb:PutItem us-west-2`. */
  call: z.string(),
  message: z.string(),
});

/** Verdict of one direction in `replication lag`. */
export const lagVerdictSchema = z.enum(['ok', 'lagging', 'stale', 'missing', 'unknown']);

/** Verdict of one direction in `replication probe`. */
export const probeVerdictSchema = z.enum(['ok', 'lagging', 'stalled', 'unknown']);

/** ReplicationLatency of one direction over the window (CloudWatch, source region). */
export const latencyReadingSchema = z.strictObject({
  /** Start of the newest period with data. */
  latestAt: iso,
  /** Now minus `latestAt`: at most one period older than the newest sample in it. */
  ageMs: ms,
  /** Average of the newest period: the figure the verdict compares with the threshold. */
  latestAverageMs: ms,
  latestMaximumMs: ms.nullable(),
  /** Average over the window, weighted by sample counts where CloudWatch gave them. */
  windowAverageMs: ms,
  windowMaximumMs: ms.nullable(),
  /** Periods with data in the window. */
  datapoints: z.number().int().positive(),
});

/** PendingReplicationCount: published only for global tables version 2017.11.29. */
export const pendingReadingSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('published'), latest: ms, latestAt: iso, ageMs: ms }),
  /** No datapoint in the window: not 0, just not published (version 2019.11.21 never does). */
  z.strictObject({ status: z.literal('not-published') }),
  /** CloudWatch could not be read. */
  z.strictObject({ status: z.literal('unknown') }),
]);

/** One direction of `replication lag`. */
export const lagDirectionSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  verdict: lagVerdictSchema,
  /** One sentence: the figure and what it means, or why there is none. */
  message: z.string(),
  /** Null when there is no datapoint (missing) or CloudWatch could not be read (unknown). */
  latency: latencyReadingSchema.nullable(),
  pendingReplicationCount: pendingReadingSchema,
  failure: readFailureSchema.nullable(),
});

/** The `replication lag --json` document. */
export const replicationLagDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('replication-lag'),
  table: z.string(),
  generatedAt: iso,
  window: z.strictObject({ startAt: iso, endAt: iso, periodSeconds: z.number().int().positive() }),
  thresholds: z.strictObject({
    maxReplicationLagSeconds: z.number().positive(),
    staleAfterSeconds: z.number().positive(),
  }),
  /** The worst direction's verdict (lagging > unknown > stale > missing > ok). */
  verdict: lagVerdictSchema,
  directions: z.array(lagDirectionSchema),
  /** Everything short of ok, one line each (also printed on stderr). */
  warnings: z.array(z.string()),
});

/** One canary sample. */
export const probeSampleSchema = z.strictObject({
  /** 1-based sample number. */
  n: z.number().int().positive(),
  /** The canary's hash-key value (`__canary#<runId>#<from>→<to>#<n>`). */
  key: z.string(),
  /** When PutItem in the source region was acknowledged (null if it failed). */
  writtenAt: iso.nullable(),
  /** When the receiving region first returned the item (null if it never did). */
  seenAt: iso.nullable(),
  /** `seenAt − writtenAt`; null unless `seen`. */
  lagMs: ms.nullable(),
  /** Strongly consistent GetItem calls made in the receiving region. */
  polls: z.number().int().nonnegative(),
  outcome: z.enum(['seen', 'timeout', 'error', 'interrupted']),
});

/** min / median / max of the lags of the samples that were seen. */
export const lagStatsSchema = z.strictObject({
  count: z.number().int().positive(),
  minMs: ms,
  medianMs: ms,
  maxMs: ms,
});

/** A canary delete that failed (the item is left for its ExpiresAt / a manual delete). */
export const cleanupFailureSchema = z.strictObject({
  region: z.string(),
  key: z.string(),
  message: z.string(),
});

/** One direction of `replication probe`. */
export const probeDirectionSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  verdict: probeVerdictSchema,
  message: z.string(),
  samplesRequested: z.number().int().positive(),
  samples: z.array(probeSampleSchema),
  /** Null when no sample was seen. */
  stats: lagStatsSchema.nullable(),
  /** Measurement resolution: the receiving region is polled this often. */
  resolutionMs: ms,
  failure: readFailureSchema.nullable(),
  cleanup: z.strictObject({
    /** DeleteItem calls that succeeded (two per canary: source and receiving region). */
    deleted: z.number().int().nonnegative(),
    failures: z.array(cleanupFailureSchema),
  }),
});

/** The `replication probe --json` document. */
export const replicationProbeDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('replication-probe'),
  table: z.string(),
  /** Random id shared by this run's canary keys. */
  runId: z.string(),
  startedAt: iso,
  finishedAt: iso,
  settings: z.strictObject({
    samples: z.number().int().positive(),
    intervalMs: ms,
    timeoutMs: z.number().positive(),
    pollIntervalMs: z.number().positive(),
    maxReplicationLagSeconds: z.number().positive(),
  }),
  /** The worst direction's verdict (stalled > lagging > unknown > ok). */
  verdict: probeVerdictSchema,
  /** True when Ctrl-C stopped the probe early (the canaries were still removed). */
  interrupted: z.boolean(),
  directions: z.array(probeDirectionSchema),
  warnings: z.array(z.string()),
});

/** A failure as reported. */
export type ReadFailure = z.infer<typeof readFailureSchema>;
/** A `replication lag` verdict. */
export type LagVerdict = z.infer<typeof lagVerdictSchema>;
/** A `replication probe` verdict. */
export type ProbeVerdict = z.infer<typeof probeVerdictSchema>;
/** ReplicationLatency figures of one direction. */
export type LatencyReading = z.infer<typeof latencyReadingSchema>;
/** PendingReplicationCount of one direction. */
export type PendingReading = z.infer<typeof pendingReadingSchema>;
/** One direction of `replication lag`. */
export type LagDirection = z.infer<typeof lagDirectionSchema>;
/** The `replication lag` result (also the --json document). */
export type ReplicationLagDocument = z.infer<typeof replicationLagDocumentSchema>;
/** One canary sample. */
export type ProbeSample = z.infer<typeof probeSampleSchema>;
/** min / median / max of seen samples. */
export type LagStats = z.infer<typeof lagStatsSchema>;
/** One direction of `replication probe`. */
export type ProbeDirection = z.infer<typeof probeDirectionSchema>;
/** The `replication probe` result (also the --json document). */
export type ReplicationProbeDocument = z.infer<typeof replicationProbeDocumentSchema>;
