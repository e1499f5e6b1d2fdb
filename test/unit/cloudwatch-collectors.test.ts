// The collectors: ALB request events → AWS/ApplicationELB metrics with AWS's dimensions,
// target health, ECS utilization from /proc readings, DynamoDB replication latency in the
// source region, consumed capacity, X-Ray group counts; resolution by clock scale.
import { describe, expect, it } from 'vitest';
import {
  arnDimension,
  CloudWatchCollectors,
} from '../../src/lab/services/cloudwatch/engine/collectors.js';
import { EcsSampler } from '../../src/lab/services/cloudwatch/engine/ecs-sampler.js';
import {
  parseProcStat,
  parseProcStatus,
  readProcess,
} from '../../src/lab/services/cloudwatch/engine/proc.js';
import type { StoredDatum } from '../../src/lab/services/cloudwatch/engine/store.js';
import { labLoadBalancerArn, labTargetGroupArn } from '../../src/lab/topology.js';

const T = Date.UTC(2026, 10, 28, 12, 0, 0);
const LB = labLoadBalancerArn('us-west-2');
const TG = labTargetGroupArn('us-west-2', 'like');

function collectors(scale = 0.05) {
  const published: (StoredDatum & { region: string })[] = [];
  let now = T;
  const c = new CloudWatchCollectors({
    clock: { now: () => now, scaled: (ms) => Math.round(ms * scale) },
    publish: (region, datum) => published.push({ ...datum, region }),
  });
  return { c, published, setNow: (ms: number) => (now = ms) };
}

const dims = (d: StoredDatum) => Object.fromEntries(d.dimensions.map((x) => [x.Name, x.Value]));
const find = (list: StoredDatum[], name: string, withTargetGroup: boolean) =>
  list.find((d) => d.metricName === name && 'TargetGroup' in dims(d) === withTargetGroup);

describe('ALB requests', () => {
  it('names dimensions as AWS does', () => {
    expect(arnDimension(LB)).toBe('app/mysfits-alb/1ab0000000000001');
    expect(arnDimension(TG)).toBe('targetgroup/mysfits-like/1ab0000000000012');
  });

  it('counts requests and status classes by load balancer and by target group, per second', () => {
    const { c, published } = collectors();
    const base = { region: 'us-west-2', loadBalancerArn: LB, targetGroupArn: TG, at: T + 200 };
    c.recordAlbRequest({ ...base, targetStatus: 200, latencyMs: 20 });
    c.recordAlbRequest({ ...base, targetStatus: 200, latencyMs: 40 });
    c.recordAlbRequest({ ...base, targetStatus: 500, latencyMs: 10 });
    c.recordAlbRequest({ ...base, elbStatus: 502, latencyMs: 5 });
    c.recordAlbRequest({ ...base, elbStatus: 503, latencyMs: 0 });
    c.recordAlbRequest({ ...base, targetStatus: 200, latencyMs: 30, at: T + 1500 });
    c.flush(T + 1000);
    const requests = find(published, 'RequestCount', true)!;
    expect(requests).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      unit: 'Count',
      timestampMs: T,
      storageResolution: 1,
    });
    expect(requests.sample).toEqual({ kind: 'set', count: 4, sum: 4, min: 1, max: 1 });
    expect(dims(requests)).toEqual({
      TargetGroup: 'targetgroup/mysfits-like/1ab0000000000012',
      LoadBalancer: 'app/mysfits-alb/1ab0000000000001',
    });
    expect(find(published, 'RequestCount', false)!.sample).toMatchObject({ count: 4 });
    expect(find(published, 'HTTPCode_Target_2XX_Count', true)!.sample).toMatchObject({ count: 2 });
    expect(find(published, 'HTTPCode_Target_5XX_Count', false)!.sample).toMatchObject({ count: 1 });
    expect(find(published, 'HTTPCode_ELB_5XX_Count', false)!.sample).toMatchObject({ count: 2 });
    expect(find(published, 'HTTPCode_ELB_5XX_Count', true)).toBeUndefined();
    expect(find(published, 'HTTPCode_ELB_503_Count', false)!.sample).toMatchObject({ count: 1 });
    expect(find(published, 'TargetResponseTime', true)).toMatchObject({
      unit: 'Seconds',
      sample: { kind: 'values', values: [0.02, 0.04, 0.01], counts: [1, 1, 1] },
    });
    expect(published.every((d) => d.timestampMs === T)).toBe(true);
    c.stop();
    expect(published.filter((d) => d.timestampMs === T + 1000).length).toBeGreaterThan(0);
  });

  it('publishes standard resolution when the clock runs in real time', () => {
    const { c, published } = collectors(1);
    c.recordAlbRequest({
      region: 'us-east-1',
      loadBalancerArn: LB,
      targetGroupArn: TG,
      targetStatus: 200,
      latencyMs: 1,
      at: T,
    });
    c.flush(T + 5000);
    expect(published[0]!.storageResolution).toBe(60);
    expect(c.sampleIntervalMs).toBe(60_000);
  });
});

describe('samplers', () => {
  it('publishes target health, replication latency (once per applied change) and ECS use', () => {
    const { c, published } = collectors();
    expect(c.sampleIntervalMs).toBe(3000);
    c.setSources({
      targetHealth: () => [
        { region: 'us-west-2', loadBalancerArn: LB, targetGroupArn: TG, healthy: 1, unhealthy: 2 },
      ],
      replication: () => [
        {
          from: 'us-west-2',
          to: 'us-east-1',
          tableName: 'MysfitsTable',
          lastLagMs: 250,
          lastAppliedAt: T - 10,
        },
      ],
      ecsTasks: () => [
        {
          region: 'us-west-2',
          clusterName: 'mysfits-cluster',
          serviceName: 'mysfits-like',
          pid: process.pid,
        },
      ],
    });
    c.sample(T);
    c.sample(T + 3000);
    const healthy = published.filter((d) => d.metricName === 'HealthyHostCount');
    expect(healthy).toHaveLength(2);
    expect(healthy[0]!.sample).toEqual({ kind: 'values', values: [1], counts: [1] });
    expect(dims(healthy[0]!)).toEqual({
      TargetGroup: arnDimension(TG),
      LoadBalancer: arnDimension(LB),
    });
    expect(published.find((d) => d.metricName === 'UnHealthyHostCount')!.sample).toMatchObject({
      values: [2],
    });
    const lag = published.filter((d) => d.metricName === 'ReplicationLatency');
    expect(lag).toHaveLength(1);
    expect(lag[0]).toMatchObject({
      region: 'us-west-2',
      namespace: 'AWS/DynamoDB',
      unit: 'Milliseconds',
    });
    expect(dims(lag[0]!)).toEqual({ TableName: 'MysfitsTable', ReceivingRegion: 'us-east-1' });
    const memory = published.filter((d) => d.metricName === 'MemoryUtilization');
    expect(memory.map((d) => Object.keys(dims(d)).join('+'))).toContain('ClusterName+ServiceName');
    expect(memory.map((d) => Object.keys(dims(d)).join('+'))).toContain('ClusterName');
    expect(published.filter((d) => d.metricName === 'CPUUtilization')).toHaveLength(2);
  });

  it('computes ECS CPU and memory as a share of the task reservation', () => {
    const readings = new Map([[7, { cpuSeconds: 10, rssBytes: 128 * 1024 * 1024 }]]);
    const sampler = new EcsSampler((pid) => readings.get(pid));
    const task = { region: 'r', clusterName: 'c', serviceName: 's', pid: 7 };
    expect(sampler.sample([task], 0)).toEqual([
      { region: 'r', clusterName: 'c', serviceName: 's', cpu: [], memory: [25] },
    ]);
    readings.set(7, { cpuSeconds: 10.5, rssBytes: 256 * 1024 * 1024 });
    const [service] = sampler.sample([task, { ...task, pid: 8 }], 4000);
    expect(service!.memory).toEqual([50]);
    expect(service!.cpu[0]).toBeCloseTo(50, 10); // 0.5 CPU s in 4 s on 0.25 vCPU
  });

  it('reads /proc', () => {
    expect(parseProcStat('123 (node (x)) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0')).toBe(3);
    expect(parseProcStatus('Name:\tnode\nVmRSS:\t  2048 kB\n')).toBe(2048 * 1024);
    const own = readProcess(process.pid);
    expect(own?.rssBytes).toBeGreaterThan(0);
    expect(readProcess(2 ** 22 + 12345)).toBeUndefined();
  });
});

describe('DynamoDB and X-Ray events', () => {
  it('sums consumed capacity and trace counts per second', () => {
    const { c, published } = collectors();
    c.recordConsumedCapacity({
      region: 'us-east-1',
      tableName: 'MysfitsTable',
      read: 0.5,
      write: 1,
      at: T,
    });
    c.recordConsumedCapacity({
      region: 'us-east-1',
      tableName: 'MysfitsTable',
      read: 0.5,
      write: 0,
      at: T + 10,
    });
    c.recordXRayCount({
      region: 'us-west-2',
      groupName: 'like-service-errors-faults',
      count: 2,
      at: T,
    });
    c.recordXRayCount({
      region: 'us-west-2',
      groupName: 'like-service-errors-faults',
      count: 3,
      at: T + 900,
    });
    c.flush(T + 1000);
    expect(published.find((d) => d.metricName === 'ConsumedReadCapacityUnits')!.sample).toEqual({
      kind: 'values',
      values: [0.5],
      counts: [2],
    });
    expect(published.find((d) => d.metricName === 'ConsumedWriteCapacityUnits')!.sample).toEqual({
      kind: 'values',
      values: [1],
      counts: [1],
    });
    const traces = published.find((d) => d.metricName === 'ApproximateTraceCount')!;
    expect(traces).toMatchObject({
      namespace: 'AWS/X-Ray',
      region: 'us-west-2',
      sample: { values: [5] },
    });
    expect(dims(traces)).toEqual({ GroupName: 'like-service-errors-faults' });
  });
});
