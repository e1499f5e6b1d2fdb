/**
 * Cross-cutting behaviour of both services as real processes: trace-id echo and request
 * logs, graceful SIGTERM, a dead DynamoDB endpoint (503, no crash), fail-fast config.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  GRETTA,
  serviceEnv,
  spawnService,
  startService,
  startWorkshopTable,
  stopAll,
  type ServiceProcess,
} from './harness.js';

const TRACE = 'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1';
let env: Record<string, string>;

beforeAll(async () => {
  env = serviceEnv((await startWorkshopTable()).endpoint);
});

afterAll(stopAll);

/** Starts a chunked POST like and sends only the first chunk: an in-flight request. */
function openLike(svc: ServiceProcess) {
  const { port } = new URL(svc.url);
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: `/mysfits/${GRETTA}/like`,
    agent: false,
    headers: { 'Transfer-Encoding': 'chunked' },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
  req.write('{');
  return { req, response };
}

describe('both services', () => {
  it.each(['mysfits', 'like'] as const)(
    '%s echoes X-Amzn-Trace-Id and logs one JSON line per request',
    async (name) => {
      const svc = await startService(name, { ...env, SERVICE_NAME: `${name}-task-1` });
      const path = name === 'mysfits' ? '/mysfits' : `/mysfits/${GRETTA}/like`;
      const method = name === 'mysfits' ? 'GET' : 'POST';
      const res = await fetch(`${svc.url}${path}`, {
        method,
        headers: { 'X-Amzn-Trace-Id': TRACE },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-amzn-trace-id')).toBe(TRACE);
      expect(res.headers.get('x-mysfits-service')).toBe(name);
      const plain = await fetch(`${svc.url}/`);
      expect(plain.headers.get('x-amzn-trace-id')).toBeNull();
      const line = await svc.waitForLog((l) => l.msg === 'request' && l.traceId === TRACE);
      expect(line).toMatchObject({ level: 'info', service: `${name}-task-1`, region: 'us-west-2' });
      expect(line).toMatchObject({ method, path, status: 200 });
      expect(typeof line.durationMs).toBe('number');
      expect(Number.isNaN(Date.parse(String(line.time)))).toBe(false);
    },
  );

  it('SIGTERM: stops accepting, finishes the in-flight like, exits 0', async () => {
    const svc = await startService('like', env);
    const { req, response } = openLike(svc);
    await new Promise((r) => setTimeout(r, 200)); // headers and first chunk reach the server
    svc.child.kill('SIGTERM');
    const shutting = await svc.waitForLog((l) => l.msg === 'shutting down');
    expect(shutting.inFlight).toBe(1);
    await expect(fetch(`${svc.url}/`)).rejects.toThrow(); // listener closed: new work refused
    req.end('}');
    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ Update: 'Success', region: 'us-west-2' });
    expect(await svc.exited).toBe(0);
    expect(svc.logs.at(-1)).toMatchObject({ msg: 'stopped', forced: false });
  });

  it('SIGTERM with a request that never finishes: cut after the grace period, exit 1', async () => {
    const svc = await startService('like', { ...env, SHUTDOWN_GRACE_MS: '300' });
    const { response } = openLike(svc); // the body never ends
    response.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    svc.child.kill('SIGTERM');
    expect(await svc.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(svc.logs.at(-1)).toMatchObject({ msg: 'stopped', forced: true, cut: 1 });
  });

  it('DynamoDB unreachable: 503 {error, region} fast, health stays 200, process survives', async () => {
    const dead = { ...env, AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}` };
    const [core, like] = await Promise.all([
      startService('mysfits', dead),
      startService('like', dead),
    ]);
    for (const [svc, method, path, operation] of [
      [core, 'GET', '/mysfits', 'Scan'],
      [core, 'GET', '/mysfits?filter=GoodEvil&value=Good', 'Query'],
      [core, 'GET', `/mysfits/${GRETTA}`, 'BatchGetItem'],
      [like, 'POST', `/mysfits/${GRETTA}/like`, 'UpdateItem'],
    ] as const) {
      const started = Date.now();
      const res = await fetch(`${svc.url}${path}`, { method });
      expect(Date.now() - started).toBeLessThan(3000); // connect fails, one retry, no hang
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        error: 'DynamoDB is unavailable',
        operation,
        reason: 'ECONNREFUSED',
        region: 'us-west-2',
      });
    }
    expect((await fetch(`${core.url}/`)).status).toBe(200);
    expect((await fetch(`${like.url}/`)).status).toBe(200);
    expect(core.child.exitCode).toBeNull();
    expect(like.child.exitCode).toBeNull();
    expect(core.logs.some((l) => l.msg === 'dynamodb failure' && l.level === 'error')).toBe(true);
  });

  it('propagates X-Amzn-Trace-Id to DynamoDB and maps a DynamoDB error to 503', async () => {
    const seen: (string | undefined)[] = [];
    const fake = createServer((req, res) => {
      seen.push(req.headers['x-amzn-trace-id'] as string | undefined);
      req.resume();
      res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.0' });
      res.end(
        '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no table"}',
      );
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const port = (fake.address() as AddressInfo).port;
    try {
      const core = await startService('mysfits', {
        ...env,
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      });
      const res = await fetch(`${core.url}/mysfits`, { headers: { 'X-Amzn-Trace-Id': TRACE } });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        reason: 'ResourceNotFoundException',
        region: 'us-west-2',
      });
      // One Scan of each table (mysfits, like counters): a non-retryable error is not retried.
      expect(seen).toEqual([TRACE, TRACE]);
    } finally {
      fake.close();
    }
  });

  it('fails fast with exit 2 and names every bad variable', async () => {
    const { child, exited } = spawnService('like', {
      AWS_REGION: 'moon-1',
      PORT: 'eighty',
      CHAOSMODE: 'sometimes',
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited).toBe(2);
    expect(stderr).toMatch(/AWS_REGION="moon-1"/);
    expect(stderr).toMatch(/DDB_TABLE_NAME is required/);
    expect(stderr).toMatch(/PORT="eighty"/);
  });

  it.each([
    ['us-east-1', /MYSFITS_REGIONS="us-east-1" must include this task's region \(us-west-2\)/],
    ['us-west-2,mars', /MYSFITS_REGIONS="us-west-2,mars" has "mars"/],
    ['us-west-2,,us-east-1', /MYSFITS_REGIONS="us-west-2,,us-east-1" has ""/],
    ['us-west-2,us-east-1,us-west-2', /names us-west-2 more than once/],
  ])('rejects MYSFITS_REGIONS=%s with exit 2', async (regions, message) => {
    const { child, exited } = spawnService('mysfits', { ...env, MYSFITS_REGIONS: regions });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('rejects a region outside the default MYSFITS_REGIONS when it is unset', async () => {
    const { child, exited } = spawnService('like', { ...env, AWS_REGION: 'eu-west-1' });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited).toBe(2);
    expect(stderr).toMatch(
      /MYSFITS_REGIONS \(default us-west-2,us-east-1\) must include this task's region \(eu-west-1\)/,
    );
  });

  it('rejects an invalid CHAOSMODE with exit 2', async () => {
    const { child, exited } = spawnService('like', { ...env, CHAOSMODE: 'sometimes' });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited).toBe(2);
    expect(stderr).toMatch(/CHAOSMODE="sometimes"/);
  });
});
