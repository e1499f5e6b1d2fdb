// readReplicationLag against fake CloudWatch readers: which queries it sends where, and how
// the answers (data, no data, old data, errors) become verdicts and the v1 document.
import { describe, expect, it } from 'vitest';
import type {
  CloudWatchReader,
  MetricQuery,
  MetricSeries,
  RegionPorts,
} from '../../src/core/ports.js';
import { readReplicationLag } from '../../src/core/replication/lag.js';
import { replicationLagDocumentSchema } from '../../src/core/replication/schema.js';

const NOW = Date.parse('2026-03-01T12:00:30.000Z');
const MIN = 60_000;
const config = {
  globalTable: { name: 'MysfitsTable' },
  regions: [{ name: 'us-west-2' }, { name: 'us-east-1' }],
  thresholds: { maxReplicationLagSeconds: 5, staleAfterSeconds: 300 },
};

/** Series data per region: metric/stat/receiver → [timestamp, value][]. */
type Data = Record<string, [number, number][]>;
type Answer = Data | Error | ((q: readonly MetricQuery[]) => MetricSeries[]);

function fakePorts(answers: Record<string, Answer>) {
  const calls: { region: string; queries: readonly MetricQuery[]; start: number; end: number }[] =
    [];
  const region = (name: string): RegionPorts => {
    const cloudwatch: CloudWatchReader = {
      async getMetricData(queries, start, end) {
        calls.push({ region: name, queries, start, end });
        const answer = answers[name] ?? {};
        if (answer instanceof Error) throw answer;
        if (typeof answer === 'function') return answer(queries);
        return queries.map((q) => {
          const key =
            'metricName' in q ? `${q.metricName}/${q.stat}/${q.dimensions.ReceivingRegion}` : q.id;
          const points = answer[key] ?? [];
          return {
            id: q.id,
            label: q.label ?? q.id,
            timestamps: points.map((p) => p[0]),
            values: points.map((p) => p[1]),
            statusCode: 'Complete',
            messages: [],
          };
        });
      },
      describeAlarms: async () => [],
    };
    return { cloudwatch } as unknown as RegionPorts;
  };
  return { ports: { region }, calls };
}

const minute = (ago: number) => Math.floor(NOW / MIN) * MIN - ago * MIN;

describe('readReplicationLag', () => {
  it('asks each SOURCE region for ReplicationLatency and PendingReplicationCount by TableName + ReceivingRegion', async () => {
    const { ports, calls } = fakePorts({});
    await readReplicationLag({ ports }, config, NOW);
    expect(calls.map((c) => c.region).sort()).toEqual(['us-east-1', 'us-west-2']);
    const west = calls.find((c) => c.region === 'us-west-2')!;
    expect(west.end - west.start).toBe(15 * MIN);
    expect(west.end).toBe(NOW);
    const metrics = west.queries.map((q) =>
      'metricName' in q
        ? `${q.namespace} ${q.metricName} ${q.stat} ${q.periodSeconds} ${JSON.stringify(q.dimensions)}`
        : q.id,
    );
    expect(metrics).toEqual([
      'AWS/DynamoDB ReplicationLatency Average 60 {"TableName":"MysfitsTable","ReceivingRegion":"us-east-1"}',
      'AWS/DynamoDB ReplicationLatency Maximum 60 {"TableName":"MysfitsTable","ReceivingRegion":"us-east-1"}',
      'AWS/DynamoDB ReplicationLatency SampleCount 60 {"TableName":"MysfitsTable","ReceivingRegion":"us-east-1"}',
      'AWS/DynamoDB PendingReplicationCount Maximum 60 {"TableName":"MysfitsTable","ReceivingRegion":"us-east-1"}',
    ]);
    for (const q of west.queries) expect(q.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
  });

  it('judges each direction: ok with figures, missing without data, unknown when a region cannot be read', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      name: 'Error',
    });
    const { ports } = fakePorts({
      'us-west-2': {
        'ReplicationLatency/Average/us-east-1': [
          [minute(3), 900],
          [minute(1), 1200],
        ],
        'ReplicationLatency/Maximum/us-east-1': [
          [minute(3), 2500],
          [minute(1), 1400],
        ],
        'ReplicationLatency/SampleCount/us-east-1': [
          [minute(3), 1],
          [minute(1), 3],
        ],
      },
      'us-east-1': refused,
    });
    const doc = await readReplicationLag(
      {
        ports,
        describeError: (e) => ({ kind: 'unreachable', message: (e as Error).message }),
      },
      config,
      NOW,
    );
    expect(replicationLagDocumentSchema.parse(doc)).toEqual(doc);
    const [west, east] = doc.directions;
    expect(west).toMatchObject({
      from: 'us-west-2',
      to: 'us-east-1',
      verdict: 'ok',
      latency: {
        latestAt: new Date(minute(1)).toISOString(),
        ageMs: NOW - minute(1),
        latestAverageMs: 1200,
        latestMaximumMs: 1400,
        windowAverageMs: (900 + 3 * 1200) / 4,
        windowMaximumMs: 2500,
        datapoints: 2,
      },
      pendingReplicationCount: { status: 'not-published' },
      failure: null,
    });
    expect(east).toMatchObject({
      verdict: 'unknown',
      latency: null,
      pendingReplicationCount: { status: 'unknown' },
      failure: {
        kind: 'unreachable',
        call: 'cloudwatch:GetMetricData us-east-1',
        message: 'connect ECONNREFUSED 127.0.0.1:1',
      },
    });
    expect(doc.verdict).toBe('unknown');
    expect(doc.warnings).toEqual([east!.message]);
  });

  it('reports no data as missing and old data as stale, never as zero', async () => {
    const { ports } = fakePorts({
      'us-east-1': {
        'ReplicationLatency/Average/us-west-2': [[minute(7), 300]],
        'PendingReplicationCount/Maximum/us-west-2': [[minute(7), 4]],
      },
    });
    const doc = await readReplicationLag({ ports }, config, NOW);
    const [west, east] = doc.directions;
    expect(west).toMatchObject({ verdict: 'missing', latency: null });
    expect(west!.message).toContain('no ReplicationLatency datapoint in the last 15 min');
    expect(east).toMatchObject({
      verdict: 'stale',
      latency: { latestAverageMs: 300, latestMaximumMs: null },
      pendingReplicationCount: { status: 'published', latest: 4 },
    });
    expect(doc.verdict).toBe('stale');
    expect(doc.warnings).toHaveLength(2);
  });

  it('calls a series CloudWatch refused unknown, and a high latest average lagging', async () => {
    const { ports } = fakePorts({
      'us-west-2': (queries) =>
        queries.map((q) => ({
          id: q.id,
          label: q.id,
          timestamps: [],
          values: [],
          statusCode: 'Forbidden',
          messages: ['not authorized to perform cloudwatch:GetMetricData'],
        })),
      'us-east-1': { 'ReplicationLatency/Average/us-west-2': [[minute(0), 8000]] },
    });
    const doc = await readReplicationLag({ ports }, config, NOW, { windowMs: 5 * MIN });
    expect(doc.directions.map((d) => d.verdict)).toEqual(['unknown', 'lagging']);
    expect(doc.directions[0]!.failure).toMatchObject({ kind: 'credentials' });
    expect(doc.directions[0]!.message).toContain('Forbidden');
    expect(doc.verdict).toBe('lagging');
    expect(doc.window.startAt).toBe(new Date(NOW - 5 * MIN).toISOString());
  });

  it('reads only the directions asked for', async () => {
    const { ports, calls } = fakePorts({});
    const doc = await readReplicationLag({ ports }, config, NOW, { to: 'us-west-2' });
    expect(doc.directions.map((d) => `${d.from}>${d.to}`)).toEqual(['us-east-1>us-west-2']);
    expect(calls.map((c) => c.region)).toEqual(['us-east-1']);
  });
});
