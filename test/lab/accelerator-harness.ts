/**
 * Shared by the accelerator tests: a fake LoadBalancerDirectory backed by real tiny HTTP
 * servers (one per ALB, answering with its label; health switchable; stoppable like a region
 * outage), the lab's accelerator registered on a test lab and seeded, an SDK client, and a
 * way to send many NEW connections through the proxy and count where they landed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import {
  DescribeAcceleratorCommand,
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import type { EndpointHealth, LoadBalancerDirectory } from '../../src/lab/dataplane/contracts.js';
import type { AcceleratorConnectionEvent } from '../../src/lab/dataplane/accelerator-proxy.js';
import { labClock, LAB_PROFILES } from '../../src/lab/profiles.js';
import { seedWorkshopAccelerator } from '../../src/lab/services/globalaccelerator/seed.js';
import {
  type AcceleratorService,
  type AcceleratorServiceOptions,
  createAcceleratorService,
} from '../../src/lab/services/globalaccelerator/service.js';
import { LAB_ACCELERATOR, labLoadBalancerArn } from '../../src/lab/topology.js';
import { REGIONS, startTestLab, type TestLab, waitFor } from '../helpers/lab.js';
import { sdkError } from '../helpers/test-bed.js';

/** One fake ALB: a real HTTP server answering `GET /` with its label. */
interface FakeAlb {
  label: string;
  port: number;
  server: http.Server | undefined;
  health: EndpointHealth;
}

/** A LoadBalancerDirectory whose ALBs are tiny HTTP servers in this process. */
export class FakeDirectory implements LoadBalancerDirectory {
  readonly albs = new Map<string, FakeAlb>();

  /** Starts an ALB answering with `label` (its region, by default). */
  async add(arn: string, label: string): Promise<void> {
    const alb: FakeAlb = { label, port: 0, server: undefined, health: { state: 'HEALTHY' } };
    this.albs.set(arn, alb);
    await this.start(arn);
  }

  /** (Re)starts an ALB's server, on its old port when it had one. */
  async start(arn: string): Promise<void> {
    const alb = this.albs.get(arn)!;
    const server = http.createServer((_request, response) => {
      response.setHeader('content-type', 'text/plain');
      response.end(alb.label);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(alb.port, '127.0.0.1', () => resolve()));
    alb.port = (server.address() as AddressInfo).port;
    alb.server = server;
  }

  /** Stops an ALB's server and drops its connections: connects are refused, as in an outage. */
  async stop(arn: string): Promise<void> {
    const alb = this.albs.get(arn)!;
    const server = alb.server;
    alb.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  setHealth(arn: string, health: EndpointHealth): void {
    this.albs.get(arn)!.health = health;
  }

  endpointHealth(arn: string): EndpointHealth {
    return this.albs.get(arn)?.health ?? { state: 'UNHEALTHY', reason: 'Load balancer not found.' };
  }

  dataPlaneAddress(arn: string): { host: string; port: number } | undefined {
    const alb = this.albs.get(arn);
    return alb && { host: '127.0.0.1', port: alb.port };
  }

  async close(): Promise<void> {
    for (const arn of this.albs.keys()) await this.stop(arn);
  }
}

/** A test lab with the accelerator registered and seeded. */
export interface AcceleratorLab {
  lab: TestLab;
  ga: AcceleratorService;
  directory: FakeDirectory;
  client: GlobalAcceleratorClient;
  events: AcceleratorConnectionEvent[];
  /** Waits until every endpoint listed has the given HealthState. */
  waitForHealth(state: string, regions?: readonly string[]): Promise<void>;
  /** Waits until the accelerator is DEPLOYED. */
  waitDeployed(): Promise<void>;
  stop(): Promise<void>;
}

/** The ALB ARN of a region. */
export const albOf = (region: string) => labLoadBalancerArn(region as (typeof REGIONS)[number]);
/** The endpoint group ARN of a region. */
export const groupOf = (region: string) =>
  LAB_ACCELERATOR.endpointGroupArn(region as (typeof REGIONS)[number]);

/**
 * Starts a test lab, fake ALBs in both regions, and the accelerator (timeScale: wall-clock
 * factor); `hooks` also hear every routed connection and the bytes it carries.
 */
export async function startAcceleratorLab(
  timeScale: number,
  hooks: Pick<AcceleratorServiceOptions, 'onConnection' | 'onBytes'> = {},
): Promise<AcceleratorLab> {
  const timings = { ...LAB_PROFILES.fast, timeScale };
  const directory = new FakeDirectory();
  for (const region of REGIONS) await directory.add(albOf(region), region);
  const lab = await startTestLab();
  const events: AcceleratorConnectionEvent[] = [];
  const ga = await createAcceleratorService({
    regions: REGIONS,
    clock: labClock(timings),
    timings,
    directory,
    proxyPort: 0,
    onConnection: (event) => {
      events.push(event);
      hooks.onConnection?.(event);
    },
    ...(hooks.onBytes ? { onBytes: hooks.onBytes } : {}),
  });
  lab.server.registerService('globalaccelerator', ga.handler);
  seedWorkshopAccelerator(ga, { regions: REGIONS });
  const client = new GlobalAcceleratorClient({
    region: 'us-west-2',
    endpoint: lab.url,
    credentials: { accessKeyId: 'mysfitslab', secretAccessKey: 'mysfitslab' },
    maxAttempts: 1,
  });
  const healthOf = async (region: string) => {
    const { EndpointGroup } = await client.send(
      new DescribeEndpointGroupCommand({ EndpointGroupArn: groupOf(region) }),
    );
    return EndpointGroup?.EndpointDescriptions?.map((e) => e.HealthState) ?? [];
  };
  const result: AcceleratorLab = {
    lab,
    ga,
    directory,
    client,
    events,
    async waitForHealth(state, regions = REGIONS) {
      await waitFor(`endpoints ${state} in ${regions.join(', ')}`, async () => {
        for (const region of regions) {
          if (!(await healthOf(region)).every((s) => s === state)) return false;
        }
        return true;
      });
    },
    async waitDeployed() {
      await waitFor('the accelerator to be DEPLOYED', async () => {
        const { Accelerator } = await client.send(
          new DescribeAcceleratorCommand({ AcceleratorArn: LAB_ACCELERATOR.arn }),
        );
        return Accelerator?.Status === 'DEPLOYED';
      });
    },
    async stop() {
      client.destroy();
      await lab.stop();
      await ga.close();
      await directory.close();
    },
  };
  await result.waitForHealth('HEALTHY');
  return result;
}

/**
 * One HTTP request on a NEW connection (no agent, no keep-alive), from `localAddress` when
 * given (the client's origin); resolves with the body.
 */
export async function requestOnce(
  url: string,
  timeoutMs = 5_000,
  localAddress?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const options = { agent: false, timeout: timeoutMs, ...(localAddress ? { localAddress } : {}) };
    const request = http.request(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end();
  });
}

/**
 * Sends `count` requests, each on a new connection, `parallel` at a time, from `localAddress`
 * when given; counts the bodies.
 */
export async function tally(
  url: string,
  count: number,
  parallel = 20,
  localAddress?: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const body = await requestOnce(url, 5_000, localAddress).catch(
        (e: Error) => `error: ${e.message}`,
      );
      counts[body] = (counts[body] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return counts;
}

/** The error a promise rejects with; throws if it resolves. */
export const failure = sdkError;

/**
 * Expects `count` of `n` independent draws of probability `p` within ±`sigmas` σ of n·p
 * (binomial: σ = √(n·p·(1−p)); at 4σ a correct router fails with probability ≈ 6·10⁻⁵).
 */
export function withinSigmas(count: number, n: number, p: number, sigmas = 4): void {
  const sigma = Math.sqrt(n * p * (1 - p));
  expect(count).toBeGreaterThanOrEqual(n * p - sigmas * sigma);
  expect(count).toBeLessThanOrEqual(n * p + sigmas * sigma);
}
