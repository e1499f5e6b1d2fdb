// The accelerator's data plane with healthy endpoints: traffic dials (Lab 5: 100/0, 0/100,
// 50/50, 90/10) and endpoint weights, measured over hundreds of NEW connections through the
// proxy; and a change reaching new connections only, and only once it has propagated.
//
// Tolerances: each connection is an independent draw, so the count that lands in a region is
// binomial(n, p) with σ = √(n·p·(1−p)). We accept ±4σ: a correct router fails such a check
// with probability ≈ 6·10⁻⁵, while a wrong split (e.g. 50/50 routed as 75/25) is ≥ 10σ away.
import http from 'node:http';
import {
  DescribeAcceleratorCommand,
  UpdateEndpointGroupCommand,
} from '@aws-sdk/client-global-accelerator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_ACCELERATOR } from '../../src/lab/topology.js';
import {
  type AcceleratorLab,
  albOf,
  groupOf,
  startAcceleratorLab,
  tally,
  withinSigmas,
} from './accelerator-harness.js';

const [west, east] = ['us-west-2', 'us-east-1'] as const;
const N = 400;
let t: AcceleratorLab;

beforeAll(async () => {
  t = await startAcceleratorLab(0.05); // the `fast` profile: propagation 30 s → 1.5 s
});
afterAll(async () => {
  await t?.stop();
});

async function setDials(westDial: number, eastDial: number): Promise<void> {
  for (const [region, dial] of [
    [west, westDial],
    [east, eastDial],
  ] as const) {
    await t.client.send(
      new UpdateEndpointGroupCommand({
        EndpointGroupArn: groupOf(region),
        TrafficDialPercentage: dial,
      }),
    );
  }
  await t.waitDeployed();
}

describe('traffic dials (client closest to us-west-2)', () => {
  it('100/0 sends every connection to us-west-2', async () => {
    await setDials(100, 0);
    expect(await tally(t.ga.proxyUrl, N)).toEqual({ [west]: N });
  });

  it('0/100 sends every connection to us-east-1', async () => {
    await setDials(0, 100);
    const mark = t.events.length;
    expect(await tally(t.ga.proxyUrl, N)).toEqual({ [east]: N });
    const events = t.events.slice(mark);
    expect(events).toHaveLength(N);
    expect(events.every((e) => e.endpointGroupRegion === east && !e.failOpen)).toBe(true);
    expect(events.every((e) => e.endpointId === albOf(east))).toBe(true);
  });

  it('50/50 splits connections evenly (binomial, ±4σ = ±40 of 400)', async () => {
    await setDials(50, 50);
    const counts = await tally(t.ga.proxyUrl, N);
    expect((counts[west] ?? 0) + (counts[east] ?? 0)).toBe(N);
    withinSigmas(counts[west] ?? 0, N, 0.5);
  });

  it('90/10 keeps 90% in us-west-2: the diverted 10% are not dialled again (±4σ = ±24)', async () => {
    await setDials(90, 10);
    const counts = await tally(t.ga.proxyUrl, N);
    expect((counts[west] ?? 0) + (counts[east] ?? 0)).toBe(N);
    withinSigmas(counts[west] ?? 0, N, 0.9);
  });
});

describe('endpoint weights', () => {
  const green = albOf(west).replace(/0001$/, '00a1');

  it('splits a group by weight (64:192 → 25%/75%, ±4σ ≈ ±35) and gives weight 0 nothing', async () => {
    await t.directory.add(green, `${west}-green`);
    await setDials(100, 100);
    await t.client.send(
      new UpdateEndpointGroupCommand({
        EndpointGroupArn: groupOf(west),
        EndpointConfigurations: [
          { EndpointId: albOf(west), Weight: 64 },
          { EndpointId: green, Weight: 192 },
        ],
      }),
    );
    await t.waitDeployed();
    await t.waitForHealth('HEALTHY', [west]);
    const counts = await tally(t.ga.proxyUrl, N);
    expect((counts[west] ?? 0) + (counts[`${west}-green`] ?? 0)).toBe(N);
    withinSigmas(counts[`${west}-green`] ?? 0, N, 0.75);

    await t.client.send(
      new UpdateEndpointGroupCommand({
        EndpointGroupArn: groupOf(west),
        EndpointConfigurations: [
          { EndpointId: albOf(west), Weight: 0 },
          { EndpointId: green, Weight: 255 },
        ],
      }),
    );
    await t.waitDeployed();
    expect(await tally(t.ga.proxyUrl, 100)).toEqual({ [`${west}-green`]: 100 });

    await t.client.send(
      new UpdateEndpointGroupCommand({
        EndpointGroupArn: groupOf(west),
        EndpointConfigurations: [{ EndpointId: albOf(west), Weight: 128 }],
      }),
    );
    await t.waitDeployed();
  });
});

describe('propagation', () => {
  it('moves new connections only once DEPLOYED; an open connection keeps its endpoint', async () => {
    await setDials(100, 100);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const viaAgent = () =>
      new Promise<{ body: string; reused: boolean }>((resolve, reject) => {
        const request = http.get(t.ga.proxyUrl, { agent }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          response.on('end', () => resolve({ body, reused: request.reusedSocket }));
        });
        request.on('error', reject);
      });
    try {
      expect(await viaAgent()).toEqual({ body: west, reused: false });

      await t.client.send(
        new UpdateEndpointGroupCommand({
          EndpointGroupArn: groupOf(west),
          TrafficDialPercentage: 0,
        }),
      );
      const before = await tally(t.ga.proxyUrl, 40, 10);
      const status = await t.client.send(
        new DescribeAcceleratorCommand({ AcceleratorArn: LAB_ACCELERATOR.arn }),
      );
      // Every connection above was routed before the accelerator became DEPLOYED again.
      if (status.Accelerator?.Status === 'IN_PROGRESS') expect(before).toEqual({ [west]: 40 });
      else console.warn('propagation ended before the check; the "before" half was not measured');

      await t.waitDeployed();
      expect(await tally(t.ga.proxyUrl, 40, 10)).toEqual({ [east]: 40 });
      expect(await viaAgent()).toEqual({ body: west, reused: true });
    } finally {
      agent.destroy();
    }
    await setDials(100, 100);
  });
});
