import { describe, expect, it } from 'vitest';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import type { Config } from '../../src/config/schema.js';
import {
  clusterNameDimension,
  idPart,
  loadBalancerDimension,
  regionMetricQueries,
  regionMetricRows,
  replicationLatencyId,
  targetGroupDimension,
} from '../../src/core/metrics/queries.js';
import type { MetricQuery } from '../../src/core/ports.js';

const config: Config = parseConfig(labConfig(), 'lab config');
const ID = /^[a-z][a-zA-Z0-9_]*$/;

type Stat = Extract<MetricQuery, { stat: string }>;
const stat = (queries: MetricQuery[], id: string): Stat => {
  const q = queries.find((x) => x.id === id);
  expect(q, id).toBeDefined();
  expect(q).toHaveProperty('stat');
  return q as Stat;
};
const expression = (queries: MetricQuery[], id: string): string => {
  const q = queries.find((x) => x.id === id);
  expect(q, id).toHaveProperty('expression');
  return (q as { expression: string }).expression;
};

describe('dimension values from ARNs and names', () => {
  const cases: [string, (s: string) => string, string, string][] = [
    [
      'LoadBalancer of an ALB',
      loadBalancerDimension,
      'arn:aws:elasticloadbalancing:us-west-2:000000000000:loadbalancer/app/mysfits-alb/1ab0000000000001',
      'app/mysfits-alb/1ab0000000000001',
    ],
    [
      'TargetGroup of a target group',
      targetGroupDimension,
      'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/mysfits-like/1ab0000000000022',
      'targetgroup/mysfits-like/1ab0000000000022',
    ],
    ['ClusterName of a name', clusterNameDimension, 'mysfits-cluster', 'mysfits-cluster'],
    [
      'ClusterName of an ARN',
      clusterNameDimension,
      'arn:aws:ecs:us-west-2:123456789012:cluster/prod-cluster',
      'prod-cluster',
    ],
    ['an id part of a region', idPart, 'us-east-1', 'us_east_1'],
    ['an id part of a group', idPart, 'like-service.errors', 'like_service_errors'],
    ['the replication id', replicationLatencyId, 'eu-west-1', 'replicationLatency_eu_west_1'],
  ];
  for (const [what, fn, input, expected] of cases)
    it(`${what}: ${input} → ${expected}`, () => expect(fn(input)).toBe(expected));
});

describe('regionMetricQueries for the lab config', () => {
  for (const [region, other, lb, like] of [
    [
      'us-west-2',
      'us-east-1',
      'app/mysfits-alb/1ab0000000000001',
      'targetgroup/mysfits-like/1ab0000000000012',
    ],
    [
      'us-east-1',
      'us-west-2',
      'app/mysfits-alb/1ab0000000000002',
      'targetgroup/mysfits-like/1ab0000000000022',
    ],
  ] as const) {
    describe(region, () => {
      const queries = regionMetricQueries(config, region, 60);

      it('has unique ids that GetMetricData accepts, every query with the period asked', () => {
        const ids = queries.map((q) => q.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(id).toMatch(ID);
        for (const q of queries) expect(q.periodSeconds).toBe(60);
        expect(queries.length).toBeLessThanOrEqual(500);
      });

      const albCounts: [string, string][] = [
        ['requests', 'RequestCount'],
        ['target2xx', 'HTTPCode_Target_2XX_Count'],
        ['target4xx', 'HTTPCode_Target_4XX_Count'],
        ['target5xx', 'HTTPCode_Target_5XX_Count'],
        ['elb5xx', 'HTTPCode_ELB_5XX_Count'],
        ['elb503', 'HTTPCode_ELB_503_Count'],
      ];
      for (const [id, metricName] of albCounts) {
        it(`${id}: AWS/ApplicationELB ${metricName} Sum by LoadBalancer`, () => {
          expect(stat(queries, id)).toMatchObject({
            namespace: 'AWS/ApplicationELB',
            metricName,
            stat: 'Sum',
            dimensions: { LoadBalancer: lb },
          });
          expect(Object.keys(stat(queries, id).dimensions)).toEqual(['LoadBalancer']);
        });
      }

      it('errorRate: percent of requests answered 5xx by target or ELB, 5xx counts filled with 0', () => {
        const e = expression(queries, 'errorRate');
        expect(e).toContain('FILL(target5xx, 0)');
        expect(e).toContain('FILL(elb5xx, 0)');
        expect(e).toMatch(/^100 \* /);
        expect(e).toContain('requests');
      });

      it('every expression refers only to queries of the same call', () => {
        const ids = new Set(queries.map((q) => q.id));
        for (const q of queries) {
          if (!('expression' in q)) continue;
          const refs = q.expression.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? [];
          for (const ref of refs) expect(ids.has(ref), `${q.id} uses ${ref}`).toBe(true);
        }
      });

      for (const p of ['p50', 'p90', 'p99']) {
        it(`responseTime${p.toUpperCase()}: TargetResponseTime ${p} by LoadBalancer`, () =>
          expect(stat(queries, `responseTime${p.toUpperCase()}`)).toMatchObject({
            namespace: 'AWS/ApplicationELB',
            metricName: 'TargetResponseTime',
            stat: p,
            dimensions: { LoadBalancer: lb },
          }));
      }

      it('healthy hosts per target group, by TargetGroup and LoadBalancer', () =>
        expect(stat(queries, 'healthyHosts_mysfits_like')).toMatchObject({
          metricName: 'HealthyHostCount',
          stat: 'Minimum',
          dimensions: { TargetGroup: like, LoadBalancer: lb },
        }));

      for (const [id, metricName] of [
        ['cpu_mysfits_core', 'CPUUtilization'],
        ['memory_mysfits_like', 'MemoryUtilization'],
      ] as const) {
        it(`${id}: AWS/ECS ${metricName} Average by ClusterName and ServiceName`, () =>
          expect(stat(queries, id)).toMatchObject({
            namespace: 'AWS/ECS',
            metricName,
            stat: 'Average',
            dimensions: {
              ClusterName: 'mysfits-cluster',
              ServiceName: id.endsWith('core') ? 'mysfits-core' : 'mysfits-like',
            },
          }));
      }

      it(`replication latency to ${other}, read in ${region}`, () => {
        expect(stat(queries, replicationLatencyId(other))).toMatchObject({
          namespace: 'AWS/DynamoDB',
          metricName: 'ReplicationLatency',
          stat: 'Average',
          dimensions: { TableName: 'MysfitsTable', ReceivingRegion: other },
        });
        expect(queries.find((q) => q.id === replicationLatencyId(region))).toBeUndefined();
      });

      it('one trace count per configured X-Ray group', () =>
        expect(stat(queries, 'xrayTraces_like_service_errors_faults')).toMatchObject({
          namespace: 'AWS/X-Ray',
          metricName: 'ApproximateTraceCount',
          stat: 'Sum',
          dimensions: { GroupName: 'like-service-errors-faults' },
        }));
    });
  }

  it('keeps ids stable whatever the period', () =>
    expect(regionMetricQueries(config, 'us-west-2', 300).map((q) => q.id)).toEqual(
      regionMetricQueries(config, 'us-west-2', 60).map((q) => q.id),
    ));

  it('gives services whose names differ only in punctuation distinct ids', () => {
    const region = config.regions[0]!;
    const twisted: Config = {
      ...config,
      regions: [
        {
          ...region,
          ecs: {
            ...region.ecs,
            services: [
              { ...region.ecs.services[0]!, name: 'a-b' },
              { ...region.ecs.services[1]!, name: 'a_b' },
            ],
          },
        },
        ...config.regions.slice(1),
      ],
    };
    const ids = regionMetricQueries(twisted, region.name, 60).map((q) => q.id);
    expect(ids).toContain('cpu_a_b');
    expect(ids).toContain('cpu_a_b_2');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says how each row sums up: counts add, rates are ratios of named rows, gauges neither', () => {
    const rows = regionMetricRows(config, 'us-west-2', 60);
    const kind = (id: string) => rows.find((r) => r.id === id)?.kind;
    expect([kind('requests'), kind('errorRate'), kind('cpu_mysfits_core')]).toEqual([
      'count',
      'rate',
      'gauge',
    ]);
    expect(rows.find((r) => r.id === 'errorRate')?.ratio).toEqual({
      numerator: ['target5xx', 'elb5xx'],
      denominator: ['requests', 'elb503'],
    });
  });

  it('refuses a region that is not configured', () =>
    expect(() => regionMetricQueries(config, 'eu-west-1', 60)).toThrow(/eu-west-1/));
});
