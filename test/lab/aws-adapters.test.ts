// The AWS adapters (src/aws/*) through `awsPortFactory`, with the real SDK v3 over HTTP against
// the shared lab's seeded topology (mysfits-dr.config.json): every port method, MISSING ECS
// services, unknown alarms, ALB metrics after real traffic, a DynamoDB item round trip, X-Ray
// group counts, and Global Accelerator's connection reset outside us-west-2. Pagination and
// the entry-service choice of X-Ray are also checked on recorded-shape answers.
import { randomUUID } from 'node:crypto';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Service } from '@aws-sdk/client-xray';
import { describe, expect, inject, it } from 'vitest';
import { cloudWatchReader } from '../../src/aws/cloudwatch.js';
import { classifyAwsError } from '../../src/aws/errors.js';
import { awsPortFactory } from '../../src/aws/ports.js';
import { groupStatsOf } from '../../src/aws/xray.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { waitFor } from '../helpers/lab.js';
import { labAwsSettings, useLabPorts } from '../helpers/lab-ports.js';

const endpoint = inject('labEndpoint');
const config = parseConfig(labConfig(), 'lab');
const [west, east] = config.regions;
const LIKE = '/mysfits/da5303ae-5aba-495c-b5d6-eb5c4a66b941/like';

const ports = useLabPorts(endpoint);

/** Where the lab's ALB of a region listens. */
async function albUrl(region: string): Promise<string> {
  const health = (await (await fetch(`${endpoint}/_lab/health`)).json()) as {
    components: Record<string, { url?: string }>;
  };
  return health.components[`alb:${region}:mysfits-alb`]!.url!;
}

/** Sends `n` likes through a region's ALB; returns the statuses. */
async function likes(region: string, n: number): Promise<number[]> {
  const base = await albUrl(region);
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const response = await fetch(`${base}${LIKE}`, { method: 'POST' });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  );
}

describe('the factory', () => {
  it('caches ports per region and the accelerator reader', () => {
    expect(ports.region(west!.name)).toBe(ports.region(west!.name));
    expect(ports.region(west!.name)).not.toBe(ports.region(east!.name));
    expect(ports.accelerator()).toBe(ports.accelerator());
  });
});

describe('Global Accelerator', () => {
  it('describes the accelerator', async () => {
    const info = await ports.accelerator().describeAccelerator(config.accelerator.arn);
    expect(info.arn).toBe(config.accelerator.arn);
    expect(info.name).toBeTruthy();
    expect(['DEPLOYED', 'IN_PROGRESS']).toContain(info.status);
    expect(info.enabled).toBe(true);
    expect(info.dnsName).toBeTruthy();
    expect(info.ipAddresses.length).toBeGreaterThan(0);
  });

  it('describes each endpoint group with its endpoints', async () => {
    for (const region of config.regions) {
      const group = await ports.accelerator().describeEndpointGroup(region.endpointGroupArn);
      expect(group.arn).toBe(region.endpointGroupArn);
      expect(group.region).toBe(region.name);
      expect(group.trafficDialPercentage).toBeGreaterThanOrEqual(0);
      expect(group.trafficDialPercentage).toBeLessThanOrEqual(100);
      expect(group.endpoints.map((e) => e.endpointId)).toContain(region.loadBalancerArn);
      for (const e of group.endpoints) {
        expect(['INITIAL', 'HEALTHY', 'UNHEALTHY']).toContain(e.healthState);
        expect(e.weight).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('lets an unknown accelerator fail as not-found', async () => {
    const error = await failure(
      ports.accelerator().describeAccelerator(`${config.accelerator.arn.slice(0, -4)}ffff`),
    );
    expect(classifyAwsError(error).kind).toBe('not-found');
  });

  it('is unreachable from a client outside us-west-2 (connection reset)', async () => {
    const elsewhere = awsPortFactory(labAwsSettings(endpoint), {
      acceleratorRegion: 'us-east-1',
      maxAttempts: 1,
    });
    try {
      const error = await failure(
        elsewhere.accelerator().describeAccelerator(config.accelerator.arn),
      );
      expect(classifyAwsError(error)).toEqual({
        kind: 'unreachable',
        message: 'connection reset (ECONNRESET)',
      });
    } finally {
      elsewhere.destroy();
    }
  });
});

describe('ECS', () => {
  it('describes the services in the order asked, unknown ones MISSING', async () => {
    const names = ['mysfits-like', 'no-such-service', 'mysfits-core'];
    const services = await ports.region(west!.name).ecs.describeServices(west!.ecs.cluster, names);
    expect(services.map((s) => s.name)).toEqual(names);
    expect(services[1]).toEqual({
      name: 'no-such-service',
      status: 'MISSING',
      desired: 0,
      running: 0,
      pending: 0,
      deployments: [],
    });
    for (const s of [services[0]!, services[2]!]) {
      expect(s.status).toBe('ACTIVE');
      expect(s.deployments.some((d) => d.status === 'PRIMARY')).toBe(true);
      expect(s.running).toBeGreaterThanOrEqual(0);
    }
  });

  it('batches more than 10 names', async () => {
    const names = [
      ...Array.from({ length: 11 }, (_, i) => `missing-${i}`),
      'mysfits-core',
      'mysfits-like',
    ];
    const services = await ports.region(east!.name).ecs.describeServices(east!.ecs.cluster, names);
    expect(services.map((s) => s.name)).toEqual(names);
    expect(services.filter((s) => s.status === 'MISSING')).toHaveLength(11);
    expect(services.slice(11).map((s) => s.status)).toEqual(['ACTIVE', 'ACTIVE']);
  });

  it('answers an empty list without calling ECS', async () => {
    expect(await ports.region(west!.name).ecs.describeServices('nope', [])).toEqual([]);
  });
});

describe('ELBv2', () => {
  it('describes the targets of each target group', async () => {
    for (const service of west!.ecs.services) {
      const targets = await ports
        .region(west!.name)
        .elbv2.describeTargetHealth(service.targetGroupArn);
      expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) {
        expect(t.targetId).toBeTruthy();
        expect(typeof t.port).toBe('number');
        expect(['initial', 'healthy', 'unhealthy', 'unused', 'draining', 'unavailable']).toContain(
          t.state,
        );
      }
    }
  });

  it('lets an unknown target group fail as not-found', async () => {
    const arn = west!.ecs.services[0]!.targetGroupArn.replace(/\/[0-9a-f]+$/, '/0000000000000000');
    const error = await failure(ports.region(west!.name).elbv2.describeTargetHealth(arn));
    expect(classifyAwsError(error).kind).toBe('not-found');
  });
});

describe('CloudWatch', () => {
  it('describes the named alarms; unknown names are absent', async () => {
    const alarms = await ports
      .region(west!.name)
      .cloudwatch.describeAlarms([...west!.alarms, 'no-such-alarm']);
    expect(alarms.map((a) => a.name).sort()).toEqual([...west!.alarms].sort());
    for (const a of alarms) {
      expect(['OK', 'ALARM', 'INSUFFICIENT_DATA']).toContain(a.state);
      expect(a.updatedAt).toBeGreaterThan(0);
    }
    expect(await ports.region(west!.name).cloudwatch.describeAlarms(['no-such-alarm'])).toEqual([]);
  });

  it('reads the ALB RequestCount after traffic, with an expression over it', async () => {
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    const statuses = await likes(west!.name, 5);
    expect(statuses.filter((s) => s < 500).length).toBeGreaterThan(0);
    const loadBalancer = west!.loadBalancerArn.split(':loadbalancer/')[1]!;
    const series = await waitFor(
      'RequestCount datapoints',
      async () => {
        const result = await ports.region(west!.name).cloudwatch.getMetricData(
          [
            {
              id: 'requests',
              namespace: 'AWS/ApplicationELB',
              metricName: 'RequestCount',
              dimensions: { LoadBalancer: loadBalancer },
              stat: 'Sum',
              periodSeconds: 60,
            },
            { id: 'doubled', label: 'twice', expression: 'requests * 2', periodSeconds: 60 },
          ],
          start,
          Date.now() + 60_000,
        );
        const total = result[0]!.values.reduce((a, b) => a + b, 0);
        return total >= 5 ? result : undefined;
      },
      15_000,
    );
    const [requests, doubled] = series;
    expect(requests!.id).toBe('requests');
    expect(requests!.statusCode).toBe('Complete');
    expect(requests!.timestamps).toEqual([...requests!.timestamps].sort((a, b) => a - b));
    expect(requests!.timestamps).toHaveLength(requests!.values.length);
    expect(doubled).toMatchObject({ id: 'doubled', label: 'twice' });
    expect(doubled!.values).toEqual(requests!.values.map((v) => v * 2));
  });

  it('merges NextToken pages per id, oldest first, in the order of the queries', async () => {
    const t = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute));
    const pages = [
      {
        MetricDataResults: [
          { Id: 'b', Label: 'B', Timestamps: [t(0)], Values: [10], StatusCode: 'Complete' },
          {
            Id: 'a',
            Label: 'A',
            Timestamps: [t(0), t(1)],
            Values: [1, 2],
            StatusCode: 'PartialData',
          },
        ],
        NextToken: 'page-2',
      },
      {
        MetricDataResults: [
          { Id: 'a', Label: 'A', Timestamps: [t(2)], Values: [3], StatusCode: 'Complete' },
        ],
      },
    ];
    const sent: { NextToken?: string; ScanBy?: string; MetricDataQueries?: unknown[] }[] = [];
    const client = {
      send: async (command: { input: (typeof sent)[number] }) => {
        sent.push(command.input);
        return pages[sent.length - 1];
      },
    } as unknown as CloudWatchClient;
    const series = await cloudWatchReader(client).getMetricData(
      [
        { id: 'a', expression: 'b / 10', periodSeconds: 60 },
        {
          id: 'b',
          namespace: 'N',
          metricName: 'M',
          dimensions: {},
          stat: 'p99',
          periodSeconds: 60,
        },
      ],
      0,
      1,
    );
    expect(sent.map((s) => [s.NextToken, s.ScanBy])).toEqual([
      [undefined, 'TimestampAscending'],
      ['page-2', 'TimestampAscending'],
    ]);
    expect(series).toEqual([
      {
        id: 'a',
        label: 'A',
        timestamps: [t(0), t(1), t(2)].map((d) => d.getTime()),
        values: [1, 2, 3],
        statusCode: 'Complete',
        messages: [],
      },
      {
        id: 'b',
        label: 'B',
        timestamps: [t(0).getTime()],
        values: [10],
        statusCode: 'Complete',
        messages: [],
      },
    ]);
  });
});

describe('DynamoDB', () => {
  it('describes the global table: key with types, every replica', async () => {
    for (const region of config.regions) {
      const table = await ports.region(region.name).dynamodb.describeTable(config.globalTable.name);
      expect(table.name).toBe(config.globalTable.name);
      expect(table.status).toBe('ACTIVE');
      expect(table.key).toEqual([{ name: 'MysfitId', type: 'S', keyType: 'HASH' }]);
      expect(table.replicas.map((r) => r.region).sort()).toEqual(
        config.regions.map((r) => r.name).sort(),
      );
      expect(table.replicas.find((r) => r.region === region.name)?.status).toBe('ACTIVE');
    }
  });

  it('puts, reads (consistently) and deletes an item', async () => {
    const dynamodb = ports.region(west!.name).dynamodb;
    const table = config.globalTable.name;
    const key = { MysfitId: `__adapter-test-${randomUUID()}` };
    try {
      await dynamodb.putItem(table, { ...key, Name: 'Adapter', Likes: 42, Ratio: -0.5 });
      expect(await dynamodb.getItem(table, key)).toEqual({
        ...key,
        Name: 'Adapter',
        Likes: 42,
        Ratio: -0.5,
      });
    } finally {
      await dynamodb.deleteItem(table, key);
    }
    expect(await dynamodb.getItem(table, key)).toBeUndefined();
  });

  it('refuses values DynamoDB cannot store, before calling it', async () => {
    await expect(
      ports
        .region(west!.name)
        .dynamodb.putItem(config.globalTable.name, { MysfitId: '__adapter-test-nan', N: NaN }),
    ).rejects.toThrow(/finite number/);
  });

  it('lets an unknown table fail as not-found', async () => {
    const error = await failure(ports.region(west!.name).dynamodb.describeTable('NoSuchTable'));
    expect(classifyAwsError(error).kind).toBe('not-found');
  });
});

describe('X-Ray', () => {
  it("counts the like-service group's requests at its entry service", async () => {
    const start = Date.now() - 1_000;
    const statuses = await likes(east!.name, 4);
    const stats = await waitFor(
      'traces of the like-service group',
      async () => {
        const s = await ports
          .region(east!.name)
          .xray.groupStats('like-service', start, Date.now() + 1_000);
        return s.total >= statuses.length ? s : undefined;
      },
      15_000,
    );
    expect(stats.group).toBe('like-service');
    expect(stats.ok + stats.errors + stats.faults).toBe(stats.total);
    expect(stats.throttles).toBeLessThanOrEqual(stats.errors);
  });

  it('lets an unknown group fail as not-found', async () => {
    const error = await failure(
      ports.region(west!.name).xray.groupStats('no-such-group', Date.now() - 60_000, Date.now()),
    );
    expect(classifyAwsError(error).kind).toBe('not-found');
  });

  describe('entry services of a graph', () => {
    const stats = (ok: number, errors: number, throttles: number, faults: number) => ({
      OkCount: ok,
      ErrorStatistics: {
        ThrottleCount: throttles,
        OtherCount: errors - throttles,
        TotalCount: errors,
      },
      FaultStatistics: { OtherCount: faults, TotalCount: faults },
      TotalCount: ok + errors + faults,
    });
    const client: Service = { ReferenceId: 0, Type: 'client', Edges: [{ ReferenceId: 1 }] };
    const like: Service = {
      ReferenceId: 1,
      Name: 'Like Service',
      Type: 'AWS::ECS::Container',
      SummaryStatistics: stats(7, 2, 1, 1),
      Edges: [{ ReferenceId: 2 }],
    };
    const table: Service = {
      ReferenceId: 2,
      Name: 'MysfitsTable',
      Type: 'AWS::DynamoDB::Table',
      SummaryStatistics: stats(20, 0, 0, 0),
    };
    const expected = { group: 'g', total: 10, ok: 7, errors: 2, faults: 1, throttles: 1 };

    it('sums the Root services, never a client', () => {
      expect(
        groupStatsOf('g', [{ ...client, Root: true }, { ...like, Root: true }, table]),
      ).toEqual(expected);
    });

    it('falls back to the services a client calls, then to every non-client service', () => {
      expect(groupStatsOf('g', [client, like, table])).toEqual(expected);
      expect(groupStatsOf('g', [like, table])).toMatchObject({ total: 30, ok: 27 });
      expect(groupStatsOf('g', [])).toEqual({
        ...expected,
        total: 0,
        ok: 0,
        errors: 0,
        faults: 0,
        throttles: 0,
      });
    });
  });
});
