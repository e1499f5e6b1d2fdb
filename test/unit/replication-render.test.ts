// The terminal views of `replication lag` and `replication probe`, plain and coloured side by side.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderReplicationLag } from '../../src/cli/output/replication-lag.js';
import { renderReplicationProbe } from '../../src/cli/output/replication-probe.js';
import type {
  ReplicationLagDocument,
  ReplicationProbeDocument,
} from '../../src/core/replication/schema.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });
const at = '2026-03-01T12:00:00.000Z';

const lagDoc: ReplicationLagDocument = {
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
const probeDoc: ReplicationProbeDocument = {
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

describe('replication views', () => {
  it('lag: one aligned row per direction; missing figures are dashes, never 0', () => {
    expect(renderReplicationLag(lagDoc, plain).split('\n')).toEqual([
      'MysfitsTable replication lag from CloudWatch (ReplicationLatency, last 15 min, 60 s periods; threshold 5 s, stale after 300 s)',
      'direction              verdict  latest avg  latest max  window max  age   pending',
      'us-west-2 → us-east-1  ok       302 ms      310 ms      1.34 s      23 s  not published',
      'us-east-1 → us-west-2  missing  –           –           –           –     not published',
    ]);
  });

  it('probe: seen/requested and min/median/max per direction, then the cleanup', () => {
    expect(renderReplicationProbe(probeDoc, plain).split('\n')).toEqual([
      'MysfitsTable replication probe (run r): 3 canaries per direction, 500 ms apart; resolution 100 ms; timeout 10 s; threshold 5 s',
      'direction              verdict  seen  min     median  max',
      'us-west-2 → us-east-1  ok       3/3   1.05 s  1.11 s  1.13 s',
      'us-east-1 → us-west-2  stalled  0/3   –       –       –',
      'canaries: 4 written, all deleted in both regions (8 deletes)',
    ]);
  });

  it('colours verdicts (green ok, red stalled, yellow missing) and keeps the columns aligned', () => {
    const text = renderReplicationProbe(probeDoc, colour);
    expect(text).toContain(colour.green('ok'));
    expect(text).toContain(colour.red('stalled'));
    expect(renderReplicationLag(lagDoc, colour)).toContain(colour.yellow('missing'));
    // eslint-disable-next-line no-control-regex
    const stripped = text.replace(/\u001b\[[0-9;]*m/g, '');
    expect(stripped).toBe(renderReplicationProbe(probeDoc, plain));
  });
});
