// Clients in two places: the accelerator orders endpoint groups by where each client sits
// (its source address: 127.0.0.x near us-west-2, 127.0.1.x near us-east-1, any other loopback
// address as 127.0.0.x), a traffic dial turns away only the share its group already gets and
// that share goes to the next-closest group, and an unhealthy nearest group sends its clients
// to the next one. Every flow is counted in AWS/GlobalAccelerator in us-west-2, read back with
// the SDK and with the official AWS CLI (dials are also set with the AWS CLI).
//
// Tolerances: each connection is an independent draw; a count that lands in a region is
// binomial(n, p), accepted within ±4σ (a correct router fails with probability ≈ 6·10⁻⁵).
import { connect } from 'node:net';
import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudWatchService,
  createCloudWatchService,
} from '../../src/lab/services/cloudwatch/service.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { describeOrigin, sharesByOrigin } from '../../src/core/status/origin-shares.js';
import { LAB_ACCELERATOR, labClientOrigin } from '../../src/lab/topology.js';
import { acceleratorMetricHooks } from '../../src/lab/world-metrics.js';
import { labClientConfig, REGIONS, waitFor } from '../helpers/lab.js';
import { runCommand } from './cloudwatch-harness.js';
import {
  type AcceleratorLab,
  albOf,
  groupOf,
  startAcceleratorLab,
  tally,
  withinSigmas,
} from './accelerator-harness.js';

const [west, east] = ['us-west-2', 'us-east-1'] as const;
/** Source addresses of each origin, and one the table does not name (reads as us-west-2's). */
const FROM = { west: '127.0.0.1', westOther: '127.0.0.9', east: '127.0.1.1', other: '127.0.2.1' };
const N = 200;
const ACCELERATOR_ID = LAB_ACCELERATOR.arn.split('/').at(-1)!;
const LISTENER_ID = LAB_ACCELERATOR.listenerArn.split('/').at(-1)!;

let t: AcceleratorLab;
let cw: CloudWatchService;
let cloudwatch: CloudWatchClient;
const started = new Date(Date.now() - 60_000);
/** Every flow the tests sent, by the region whose endpoint answered. */
const sentTo: Record<string, number> = {};

beforeAll(async () => {
  const clock = { now: Date.now, scaled: (ms: number) => Math.round(ms * 0.05) };
  cw = createCloudWatchService({ regions: REGIONS, clock });
  t = await startAcceleratorLab(0.05, acceleratorMetricHooks(cw.collectors));
  t.lab.server.registerService('monitoring', cw.handler);
  cloudwatch = new CloudWatchClient(labClientConfig(west, t.lab.url));
});
afterAll(async () => {
  cloudwatch?.destroy();
  await t?.stop();
  await cw?.close();
});

/** Sends `n` new connections from `source`; counts where they landed (and keeps the total). */
async function from(source: string, n = N): Promise<Record<string, number>> {
  const counts = await tally(t.ga.proxyUrl, n, 20, source);
  for (const [region, count] of Object.entries(counts))
    sentTo[region] = (sentTo[region] ?? 0) + count;
  return counts;
}

/** Sets both dials with the official AWS CLI (`--region us-west-2`) and waits for DEPLOYED. */
async function setDialsWithCli(westDial: number, eastDial: number): Promise<void> {
  for (const [region, dial] of [
    [west, westDial],
    [east, eastDial],
  ] as const) {
    const result = await runCommand('aws', [
      'globalaccelerator',
      'update-endpoint-group',
      '--endpoint-group-arn',
      groupOf(region),
      '--traffic-dial-percentage',
      String(dial),
      '--region',
      'us-west-2',
      '--endpoint-url',
      t.lab.url,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).EndpointGroup.TrafficDialPercentage).toBe(dial);
  }
  await t.waitDeployed();
}

describe('the origin table', () => {
  it('reads a source address as an origin: 127.0.1.x near us-east-1, the rest near us-west-2', () => {
    expect(labClientOrigin('127.0.1.77').nearest).toEqual([east, west]);
    expect(labClientOrigin('::ffff:127.0.1.1').origin).toBe(east);
    for (const address of ['127.0.0.1', '127.0.0.200', '127.0.2.1', '::1', undefined])
      expect(labClientOrigin(address).nearest).toEqual([west, east]);
  });
});

describe('routing by where the client sits', () => {
  it('dials 100/100: every client goes to its nearest region', async () => {
    await setDialsWithCli(100, 100);
    expect(await from(FROM.west)).toEqual({ [west]: N });
    expect(await from(FROM.westOther, 50)).toEqual({ [west]: 50 });
    expect(await from(FROM.other, 50)).toEqual({ [west]: 50 });
    expect(await from(FROM.east)).toEqual({ [east]: N });
    const origins = new Set(t.events.map((e) => `${e.sourceAddress}→${e.origin}`));
    expect(origins).toContain(`${FROM.east}→${east}`);
    expect(origins).toContain(`${FROM.other}→${west}`);
  });

  it("dials 100/0 (us-east-1 at 0): us-east-1's clients go to us-west-2", async () => {
    await setDialsWithCli(100, 0);
    expect(await from(FROM.east)).toEqual({ [west]: N });
    expect(await from(FROM.west)).toEqual({ [west]: N });
  });

  it("dials 50/100: half of us-west-2's clients go to us-east-1; us-east-1's are unaffected", async () => {
    await setDialsWithCli(50, 100);
    const westClients = await from(FROM.west, 400);
    expect((westClients[west] ?? 0) + (westClients[east] ?? 0)).toBe(400);
    withinSigmas(westClients[east] ?? 0, 400, 0.5);
    expect(await from(FROM.east)).toEqual({ [east]: N });
  });

  it('an unhealthy nearest group sends its clients to the next-closest healthy one', async () => {
    await setDialsWithCli(100, 100);
    t.directory.setHealth(albOf(east), { state: 'UNHEALTHY', reason: 'Target.FailedHealthChecks' });
    try {
      await t.waitForHealth('UNHEALTHY', [east]);
      expect(await from(FROM.east)).toEqual({ [west]: N });
      expect(await from(FROM.west)).toEqual({ [west]: N });
      expect(t.events.at(-1)!.failOpen).toBe(false);
    } finally {
      t.directory.setHealth(albOf(east), { state: 'HEALTHY' });
    }
    await t.waitForHealth('HEALTHY', [east]);
    // With both groups unhealthy, each client fails open to its own nearest group.
    for (const region of REGIONS) t.directory.setHealth(albOf(region), { state: 'UNHEALTHY' });
    try {
      await t.waitForHealth('UNHEALTHY');
      expect(await from(FROM.east, 50)).toEqual({ [east]: 50 });
      expect(await from(FROM.west, 50)).toEqual({ [west]: 50 });
      expect(t.events.at(-1)!.failOpen).toBe(true);
    } finally {
      for (const region of REGIONS) t.directory.setHealth(albOf(region), { state: 'HEALTHY' });
    }
    await t.waitForHealth('HEALTHY');
  });
});

describe("the tool's share model per client origin (status, traffic show) against the routing", () => {
  const config = parseConfig(labConfig(), 'lab');
  const source = { [west]: FROM.west, [east]: FROM.east } as const;

  /**
   * Sets the dials (and us-east-1's health), then for each origin compares where `n` new
   * connections landed with the share `sharesByOrigin` predicts, within ±4σ.
   */
  async function agrees(westDial: number, eastDial: number, eastHealthy = true, n = 300) {
    await setDialsWithCli(westDial, eastDial);
    if (!eastHealthy) {
      t.directory.setHealth(albOf(east), {
        state: 'UNHEALTHY',
        reason: 'Target.FailedHealthChecks',
      });
      await t.waitForHealth('UNHEALTHY', [east]);
    }
    try {
      const model = sharesByOrigin(config, [
        { region: west, dial: westDial, hasHealthyEndpoint: true },
        { region: east, dial: eastDial, hasHealthyEndpoint: eastHealthy },
      ]);
      for (const origin of model) {
        const landed = await from(source[origin.clientsNearest as keyof typeof source], n);
        for (const region of REGIONS) {
          const p = (origin.shares[region] ?? 0) / 100;
          if (p === 0 || p === 1) expect(landed[region] ?? 0, describeOrigin(origin)).toBe(p * n);
          else withinSigmas(landed[region] ?? 0, n, p);
        }
      }
      return model;
    } finally {
      if (!eastHealthy) {
        t.directory.setHealth(albOf(east), { state: 'HEALTHY' });
        await t.waitForHealth('HEALTHY', [east]);
      }
    }
  }

  it('100/100: each origin served by its own region, which status says for both', async () => {
    const model = await agrees(100, 100);
    expect(model.map(describeOrigin)).toEqual([
      'clients nearest us-west-2 → us-west-2 100%',
      'clients nearest us-east-1 → us-east-1 100%',
    ]);
  });

  it('30/100 and 100/60: a dial turns away part of its own clients only', async () => {
    await agrees(30, 100);
    await agrees(100, 60);
  });

  it('100/100 with us-east-1 unhealthy: its clients fail over to us-west-2', async () => {
    const model = await agrees(100, 100, false);
    expect(model[1]).toMatchObject({ clientsNearest: east, failedOver: [east] });
  });
});

/** The Sum of a metric over the whole file, with the SDK (60 s periods added up). */
async function sum(metricName: string, dimensions: Record<string, string>): Promise<number> {
  const { Datapoints = [] } = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/GlobalAccelerator',
      MetricName: metricName,
      Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
      StartTime: started,
      EndTime: new Date(Date.now() + 60_000),
      Period: 60,
      Statistics: ['Sum'],
    }),
  );
  return Datapoints.reduce((total, d) => total + (d.Sum ?? 0), 0);
}

const byGroup = (region: string) => ({
  Accelerator: ACCELERATOR_ID,
  Listener: LISTENER_ID,
  EndpointGroup: region,
});

/** One raw exchange from `source`: sends `request`, reads to the end; the bytes each way. */
async function exchange(source: string, request: string): Promise<{ in: number; out: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: t.ga.proxy.port, localAddress: source });
    let out = 0;
    socket.on('data', (chunk: Buffer) => (out += chunk.length));
    socket.on('end', () => resolve({ in: Buffer.byteLength(request), out }));
    socket.on('error', reject);
    socket.end(request);
  });
}

describe('AWS/GlobalAccelerator metrics (in us-west-2)', () => {
  it('NewFlowCount per EndpointGroup matches the flows sent, with the SDK and the AWS CLI', async () => {
    const expected = { [west]: sentTo[west] ?? 0, [east]: sentTo[east] ?? 0 };
    expect(expected[west]).toBeGreaterThan(0);
    expect(expected[east]).toBeGreaterThan(0);
    await waitFor('every flow to be published', async () => {
      const [w, e] = await Promise.all([
        sum('NewFlowCount', byGroup(west)),
        sum('NewFlowCount', byGroup(east)),
      ]);
      return w === expected[west] && e === expected[east];
    });
    expect(await sum('NewFlowCount', { Accelerator: ACCELERATOR_ID })).toBe(
      expected[west] + expected[east],
    );
    expect(
      await sum('NewFlowCount', { Accelerator: ACCELERATOR_ID, TransportProtocol: 'TCP' }),
    ).toBe(expected[west] + expected[east]);

    const cli = await runCommand('aws', [
      'cloudwatch',
      'get-metric-statistics',
      '--namespace',
      'AWS/GlobalAccelerator',
      '--metric-name',
      'NewFlowCount',
      '--dimensions',
      `Name=Accelerator,Value=${ACCELERATOR_ID}`,
      `Name=Listener,Value=${LISTENER_ID}`,
      `Name=EndpointGroup,Value=${east}`,
      '--statistics',
      'Sum',
      '--period',
      '60',
      '--start-time',
      started.toISOString(),
      '--end-time',
      new Date(Date.now() + 60_000).toISOString(),
      '--region',
      'us-west-2',
      '--endpoint-url',
      t.lab.url,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const points = JSON.parse(cli.stdout).Datapoints as { Sum: number }[];
    expect(points.reduce((total, p) => total + p.Sum, 0)).toBe(expected[east]);
  });

  it('ProcessedBytesIn/Out count the bytes each way, by EndpointGroup', async () => {
    await waitFor('earlier flows published', async () => {
      const flows = await sum('NewFlowCount', { Accelerator: ACCELERATOR_ID });
      return flows === (sentTo[west] ?? 0) + (sentTo[east] ?? 0);
    });
    const before = {
      in: await sum('ProcessedBytesIn', byGroup(east)),
      out: await sum('ProcessedBytesOut', byGroup(east)),
    };
    const request = 'GET / HTTP/1.1\r\nHost: accelerator\r\nConnection: close\r\n\r\n';
    const one = await exchange(FROM.east, request);
    const two = await exchange(FROM.east, request.replace('GET / ', 'GET /bytes '));
    expect(one.out).toBeGreaterThan(0);
    const expected = { in: before.in + one.in + two.in, out: before.out + one.out + two.out };
    await waitFor('the bytes to be published', async () => {
      const now = {
        in: await sum('ProcessedBytesIn', byGroup(east)),
        out: await sum('ProcessedBytesOut', byGroup(east)),
      };
      return now.in === expected.in && now.out === expected.out;
    });
  });

  it("ListMetrics shows AWS's dimension sets, in us-west-2 only (AWS CLI)", async () => {
    const list = async (region: string) => {
      const result = await runCommand('aws', [
        'cloudwatch',
        'list-metrics',
        '--namespace',
        'AWS/GlobalAccelerator',
        '--region',
        region,
        '--endpoint-url',
        t.lab.url,
      ]);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout).Metrics as {
        MetricName: string;
        Dimensions: { Name: string; Value: string }[];
      }[];
    };
    const metrics = await list('us-west-2');
    const sets = (name: string) =>
      new Set(
        metrics
          .filter((m) => m.MetricName === name)
          .map((m) => m.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(',')),
      );
    const a = `Accelerator=${ACCELERATOR_ID}`;
    const aws = new Set([
      a,
      `${a},Listener=${LISTENER_ID}`,
      `${a},Listener=${LISTENER_ID},EndpointGroup=${west}`,
      `${a},Listener=${LISTENER_ID},EndpointGroup=${east}`,
      `${a},SourceRegion=NA`,
      `${a},DestinationEdge=NA`,
      `${a},TransportProtocol=TCP`,
      `${a},AcceleratorIPAddress=127.0.0.1`,
    ]);
    for (const name of ['NewFlowCount', 'ProcessedBytesIn', 'ProcessedBytesOut'])
      expect(sets(name), name).toEqual(aws);
    expect(await list('us-east-1')).toEqual([]);
    // The SDK's ListMetrics (JSON protocol) sees the same metrics.
    const { Metrics = [] } = await cloudwatch.send(
      new ListMetricsCommand({ Namespace: 'AWS/GlobalAccelerator', MetricName: 'NewFlowCount' }),
    );
    expect(Metrics.length).toBe(aws.size);
  });
});
