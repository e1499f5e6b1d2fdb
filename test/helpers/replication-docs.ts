/** Fixed `replication lag` and `replication probe` documents for rendering tests. */
import type {
  ReplicationLagDocument,
  ReplicationProbeDocument,
} from '../../src/core/replication/schema.js';

const at = '2026-03-01T12:00:00.000Z';

/** A lag document: one direction per verdict kind. */
export const lagDoc: ReplicationLagDocument = {
  schemaVersion: 1,
  kind: 'replication-lag',
  table: 'MysfitsTable',
  generatedAt: at,
  window: { startAt: '2026-03-01T11:45:00.000Z', endAt: at, periodSeconds: 60 },
  thresholds: { maxReplicationLagSeconds: 5, staleAfterSeconds: 300 },
  verdict: 'missing',
  directions: [
    {
      from: 'us-west-2',
      to: 'us-east-1',
      verdict: 'ok',
      message: 'm',
      latency: {
        latestAt: at,
        ageMs: 23_000,
        latestAverageMs: 302,
        latestMaximumMs: 310,
        windowAverageMs: 290,
        windowMaximumMs: 1340,
        datapoints: 3,
      },
      pendingReplicationCount: { status: 'not-published' },
      failure: null,
    },
    {
      from: 'us-east-1',
      to: 'us-west-2',
      verdict: 'missing',
      message: 'm',
      latency: null,
      pendingReplicationCount: { status: 'not-published' },
      failure: null,
    },
  ],
  warnings: ['m'],
};

const sample = (n: number, lagMs: number) => ({
  n,
  key: `__canary#r#us-west-2→us-east-1#${n}`,
  writtenAt: at,
  seenAt: at,
  lagMs,
  polls: 11,
  outcome: 'seen' as const,
});
/** A probe document with samples per direction. */
export const probeDoc: ReplicationProbeDocument = {
  schemaVersion: 1,
  kind: 'replication-probe',
  table: 'MysfitsTable',
  runId: 'r',
  startedAt: at,
  finishedAt: at,
  settings: {
    samples: 3,
    intervalMs: 500,
    timeoutMs: 10_000,
    pollIntervalMs: 100,
    maxReplicationLagSeconds: 5,
  },
  verdict: 'stalled',
  interrupted: false,
  directions: [
    {
      from: 'us-west-2',
      to: 'us-east-1',
      verdict: 'ok',
      message: 'm',
      samplesRequested: 3,
      samples: [sample(1, 1054), sample(2, 1106), sample(3, 1128)],
      stats: { count: 3, minMs: 1054, medianMs: 1106, maxMs: 1128 },
      resolutionMs: 100,
      failure: null,
      cleanup: { deleted: 6, failures: [] },
    },
    {
      from: 'us-east-1',
      to: 'us-west-2',
      verdict: 'stalled',
      message: 'm',
      samplesRequested: 3,
      samples: [{ ...sample(1, 0), lagMs: null, seenAt: null, outcome: 'timeout' }],
      stats: null,
      resolutionMs: 100,
      failure: null,
      cleanup: { deleted: 2, failures: [] },
    },
  ],
  warnings: ['m'],
};
