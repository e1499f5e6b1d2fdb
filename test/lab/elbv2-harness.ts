/**
 * A test bed for the lab's ELB: a test lab (DynamoDB Local + lab endpoint) with the ELB
 * service registered and the workshop's load balancers seeded, a fake fault view, a fast
 * clock, SDK clients, tiny HTTP servers as targets, and raw HTTP helpers that open a new
 * connection per request (so a test sees exactly what one client would).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { FaultView, OutageMode } from '../../src/lab/dataplane/contracts.js';
import type { AlbRequestEvent } from '../../src/lab/dataplane/alb-proxy.js';
import { seedWorkshopLoadBalancers } from '../../src/lab/services/elbv2/seed.js';
import { createElbService, type ElbService } from '../../src/lab/services/elbv2/service.js';
import { labLoadBalancerArn, labTargetGroupArn } from '../../src/lab/topology.js';
import { REGIONS, startTestLab, type TestLab, labClientConfig } from '../helpers/lab.js';
import { clientPool, useTestBed } from '../helpers/test-bed.js';

/** A fault view the test sets directly. */
export class FakeFaults implements FaultView {
  readonly outages = new Map<string, OutageMode>();
  readonly latency = new Map<string, number>();
  readonly failingGroups = new Set<string>();
  regionOutage(region: string) {
    return this.outages.get(region);
  }
  controlPlaneOutage() {
    return undefined;
  }
  latencyMs(region: string, plane: 'api' | 'data') {
    return plane === 'data' ? (this.latency.get(region) ?? 0) : 0;
  }
  throttleShare() {
    return 0;
  }
  healthChecksFailing(_region: string, targetGroupArn: string) {
    return this.failingGroups.has(targetGroupArn);
  }
}

/** The ELB test bed. */
export interface ElbTestBed {
  lab: TestLab;
  elb: ElbService;
  faults: FakeFaults;
  events: AlbRequestEvent[];
  /** Wall-clock ms of an AWS duration in this bed. */
  scaled(awsMs: number): number;
  client(region: string): ElasticLoadBalancingV2Client;
  /** The data-plane URL of a region's ALB. */
  albUrl(region: string): string;
  stop(): Promise<void>;
}

/** An ELB test bed serving one test file, with the targets its tests start. */
export interface ElbTestFile {
  /** The bed, started before the file's tests and stopped after them. */
  bed: ElbTestBed;
  /** Starts a target that is closed after the file's tests, with the bed. */
  target(name: string): Promise<TestTarget>;
}

/** Starts an ELB test bed before a file's tests; stops it and closes its targets after them. */
export function useElbTestBed(): ElbTestFile {
  const targets: TestTarget[] = [];
  const bed = useTestBed(async (): Promise<ElbTestBed> => {
    const started = await startElbTestBed();
    return {
      ...started,
      async stop() {
        await started.stop();
        await Promise.all(targets.map((t) => t.close()));
      },
    };
  });
  return {
    bed,
    async target(name) {
      const started = await startTarget(name);
      targets.push(started);
      return started;
    },
  };
}

/** Time scale of the test bed: the workshop's 10 s interval lasts 400 ms. */
export const TEST_TIME_SCALE = 0.04;

/** Starts a test lab with the ELB service seeded and registered. */
export async function startElbTestBed(): Promise<ElbTestBed> {
  const lab = await startTestLab();
  const faults = new FakeFaults();
  const events: AlbRequestEvent[] = [];
  const scaled = (ms: number) => Math.round(ms * TEST_TIME_SCALE);
  const elb = createElbService({
    regions: REGIONS,
    clock: { now: Date.now, scaled },
    faults,
    onRequest: (event) => events.push(event),
  });
  await seedWorkshopLoadBalancers(elb, { regions: REGIONS });
  lab.server.registerService('elasticloadbalancing', elb.handler);
  const clients = clientPool(
    (region) => new ElasticLoadBalancingV2Client(labClientConfig(region, lab.url)),
  );
  return {
    lab,
    elb,
    faults,
    events,
    scaled,
    client: clients.client,
    albUrl(region) {
      const address = elb.directory.dataPlaneAddress(labLoadBalancerArn(region as 'us-west-2'))!;
      return `http://${address.host}:${address.port}`;
    },
    async stop() {
      clients.destroyAll();
      await lab.stop();
    },
  };
}

/** The seeded target group ARN of a role in a region. */
export function tgArn(region: string, role: 'core' | 'like'): string {
  return labTargetGroupArn(region as 'us-west-2', role);
}

/** A tiny HTTP server standing in for a task. */
export interface TestTarget {
  name: string;
  port: number;
  address: { id: string; port: number };
  /** Status `GET /` answers (the health check path). */
  healthStatus: number;
  /** Requests seen, other than health checks. */
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  /** Health checks seen. */
  checks: number;
  /** When set, requests to this path are held this long (ms) before the answer. */
  delayMs: number;
  close(): Promise<void>;
}

/** Starts a target answering `{"target": name, "path": …}`; health checks of `/` get healthStatus, of other paths 404. */
export async function startTarget(name: string): Promise<TestTarget> {
  const target: Partial<TestTarget> = {
    name,
    healthStatus: 200,
    requests: [],
    checks: 0,
    delayMs: 0,
  };
  const server = http.createServer((req, res) => {
    if (req.headers['user-agent'] === 'ELB-HealthChecker/2.0') {
      target.checks!++;
      res.writeHead(req.url === '/' ? target.healthStatus! : 404);
      res.end();
      return;
    }
    target.requests!.push({ path: req.url ?? '/', headers: req.headers });
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ target: name, path: req.url }));
    };
    if (target.delayMs) setTimeout(answer, target.delayMs).unref();
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(target, {
    port,
    address: { id: '127.0.0.1', port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  }) as TestTarget;
}

/** An HTTP answer read in full. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on a new connection; rejects with the socket error (ECONNRESET…) or on timeout. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' }));
    }, options.timeoutMs ?? 10_000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}
