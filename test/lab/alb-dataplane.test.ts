// The ALB data plane over real HTTP: listener-rule routing, round robin over healthy targets,
// AWS's answers when it cannot serve (503 without targets, 502 on a refused or reset
// connection, 504 on a silent target), failing open when every target is unhealthy, draining,
// the trace and forwarding headers, region outage and latency faults, the metrics hook.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { labLoadBalancerArn } from '../../src/lab/topology.js';
import { REGIONS, waitFor } from '../helpers/lab.js';
import { request, useElbTestBed, type TestTarget, tgArn } from './elbv2-harness.js';

const [west, east] = REGIONS;
const { bed, target } = useElbTestBed();
const TRACE_FIELD = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

async function states(region: string, role: 'core' | 'like'): Promise<string[]> {
  const out = await bed
    .client(region)
    .send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn(region, role) }));
  return out.TargetHealthDescriptions!.map((d) => d.TargetHealth!.State!);
}

async function untilAll(region: string, role: 'core' | 'like', state: string): Promise<void> {
  await waitFor(`${role} targets ${state}`, async () => {
    const now = await states(region, role);
    return now.length > 0 && now.every((s) => s === state);
  });
}

const served = (body: string) => (JSON.parse(body) as { target: string }).target;

describe('routing to healthy targets (us-west-2)', () => {
  let coreA: TestTarget;
  let coreB: TestTarget;
  let like: TestTarget;
  beforeAll(async () => {
    [coreA, coreB, like] = await Promise.all([target('core-a'), target('core-b'), target('like')]);
    const registry = bed.elb.registry(west);
    registry.register(tgArn(west, 'core'), coreA.address);
    registry.register(tgArn(west, 'core'), coreB.address);
    registry.register(tgArn(west, 'like'), like.address);
    await untilAll(west, 'core', 'healthy');
    await untilAll(west, 'like', 'healthy');
  });

  it('sends /mysfits/*/like to the like group and everything else to the default group', async () => {
    const url = bed.albUrl(west);
    expect(served((await request(`${url}/mysfits/abc/like`, { method: 'POST' })).body)).toBe(
      'like',
    );
    expect(served((await request(`${url}/mysfits/a/b/like?x=1`)).body)).toBe('like');
    expect(served((await request(`${url}/mysfits`)).body)).toMatch(/^core-/);
    expect(served((await request(`${url}/mysfits/abc/like/more`)).body)).toMatch(/^core-/);
    expect(served((await request(`${url}/`)).body)).toMatch(/^core-/);
  });

  it('splits requests round robin across the healthy targets', async () => {
    const hits: string[] = [];
    for (let i = 0; i < 10; i++)
      hits.push(served((await request(`${bed.albUrl(west)}/mysfits`)).body));
    expect(hits.filter((h) => h === 'core-a')).toHaveLength(5);
    expect(hits.filter((h) => h === 'core-b')).toHaveLength(5);
    for (let i = 1; i < hits.length; i++) expect(hits[i]).not.toBe(hits[i - 1]);
  });

  it('adds X-Amzn-Trace-Id (keeping an incoming Root) and X-Forwarded-*', async () => {
    const port = Number(bed.albUrl(west).split(':')[2]);
    await request(`${bed.albUrl(west)}/mysfits/1/like`, {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    const fresh = like.requests.at(-1)!.headers;
    expect(fresh['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    const epoch = parseInt(String(fresh['x-amzn-trace-id']).slice(7, 15), 16);
    expect(Math.abs(epoch - Date.now() / 1000)).toBeLessThan(60);
    expect(fresh['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(fresh['x-forwarded-proto']).toBe('http');
    expect(fresh['x-forwarded-port']).toBe(String(port));

    const root = 'Root=1-67891233-abcdef012345678912345678';
    await request(`${bed.albUrl(west)}/mysfits/1/like`, {
      headers: { 'x-amzn-trace-id': `${root};CalledFrom=app` },
    });
    const kept = String(like.requests.at(-1)!.headers['x-amzn-trace-id']).split(';');
    expect(kept[0]).toMatch(/^Self=/);
    expect(kept[0]!.slice(5)).toMatch(TRACE_FIELD);
    expect(kept.slice(1)).toEqual([root, 'CalledFrom=app']);

    await request(`${bed.albUrl(west)}/mysfits/1/like`, {
      headers: { 'x-amzn-trace-id': `Self=1-00000000-000000000000000000000000;${root}` },
    });
    const updated = String(like.requests.at(-1)!.headers['x-amzn-trace-id']).split(';');
    expect(updated[0]).not.toBe('Self=1-00000000-000000000000000000000000');
    expect(updated[1]).toBe(root);
  });

  it('reports each request to the metrics hook', async () => {
    bed.events.length = 0;
    await request(`${bed.albUrl(west)}/mysfits/9/like`, { method: 'POST' });
    await waitFor('event', async () => bed.events.length === 1);
    expect(bed.events[0]).toMatchObject({
      region: west,
      loadBalancerArn: labLoadBalancerArn(west),
      targetGroupArn: tgArn(west, 'like'),
      target: { id: '127.0.0.1', port: like.port },
      targetStatus: 200,
    });
    expect(bed.events[0]!.elbStatus).toBeUndefined();
    expect(bed.events[0]!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends no new requests to a draining target but lets its in-flight request finish', async () => {
    coreB.delayMs = 400;
    coreA.delayMs = 0;
    // Find a request that lands on core-b, then deregister core-b while it runs.
    let inFlight: Promise<{ body: string; status: number }> | undefined;
    for (let i = 0; i < 3 && !inFlight; i++) {
      const [a, b] = [coreA.requests.length, coreB.requests.length];
      const pending = request(`${bed.albUrl(west)}/slow`);
      await waitFor(
        'the request to reach a target',
        async () => coreA.requests.length > a || coreB.requests.length > b,
      );
      if (coreB.requests.length > b) inFlight = pending;
      else await pending;
    }
    expect(inFlight).toBeDefined();
    const gone = bed.elb.registry(west).deregister(tgArn(west, 'core'), coreB.address);
    const during: string[] = [];
    for (let i = 0; i < 6; i++)
      during.push(served((await request(`${bed.albUrl(west)}/mysfits`)).body));
    expect(during).toEqual(Array(6).fill('core-a'));
    const finished = await inFlight!;
    expect(finished.status).toBe(200);
    expect(served(finished.body)).toBe('core-b');
    expect(await states(west, 'core')).toEqual(['healthy', 'draining']);
    await gone;
    expect(await states(west, 'core')).toEqual(['healthy']);
  });
});

describe('what the load balancer answers itself (us-east-1)', () => {
  it('answers 503 with an ELB page when the group has no registered targets', async () => {
    bed.events.length = 0;
    const answer = await request(`${bed.albUrl(east)}/mysfits`);
    expect(answer.status).toBe(503);
    expect(answer.headers.server).toBe('awselb/2.0');
    expect(answer.headers['content-type']).toBe('text/html');
    expect(answer.body).toContain('<center><h1>503 Service Temporarily Unavailable</h1></center>');
    expect(bed.events[0]).toMatchObject({ elbStatus: 503, targetGroupArn: tgArn(east, 'core') });
    expect(bed.events[0]!.target).toBeUndefined();
  });

  it('fails open: with every target unhealthy it still routes to all of them', async () => {
    const [a, b] = await Promise.all([target('sick-a'), target('sick-b')]);
    a.healthStatus = 500;
    b.healthStatus = 500;
    bed.elb.registry(east).register(tgArn(east, 'core'), a.address);
    bed.elb.registry(east).register(tgArn(east, 'core'), b.address);
    await untilAll(east, 'core', 'unhealthy');
    const hits = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const answer = await request(`${bed.albUrl(east)}/mysfits`);
      expect(answer.status).toBe(200);
      hits.add(served(answer.body));
    }
    expect([...hits].sort()).toEqual(['sick-a', 'sick-b']);
    await Promise.all([
      bed.elb.registry(east).deregister(tgArn(east, 'core'), a.address),
      bed.elb.registry(east).deregister(tgArn(east, 'core'), b.address),
    ]);
  });

  it('answers 502 when the target refuses or resets the connection', async () => {
    const closed = await target('closed');
    await closed.close();
    bed.elb.registry(east).register(tgArn(east, 'like'), closed.address);
    const refused = await request(`${bed.albUrl(east)}/mysfits/1/like`, { method: 'POST' });
    expect(refused.status).toBe(502);
    expect(refused.headers.server).toBe('awselb/2.0');
    expect(refused.body).toContain('<title>502 Bad Gateway</title>');
    await bed.elb.registry(east).deregister(tgArn(east, 'like'), closed.address);

    const resetter = http.createServer((req) => req.socket.resetAndDestroy());
    await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', () => resolve()));
    const port = (resetter.address() as AddressInfo).port;
    bed.elb.registry(east).register(tgArn(east, 'like'), { id: '127.0.0.1', port });
    const reset = await request(`${bed.albUrl(east)}/mysfits/1/like`, { method: 'POST' });
    expect(reset.status).toBe(502);
    resetter.close();
    await bed.elb.registry(east).deregister(tgArn(east, 'like'), { id: '127.0.0.1', port });
  });

  it('answers 504 when the target does not answer within the idle timeout', async () => {
    const slow = await target('slow');
    slow.delayMs = 30_000;
    bed.elb.registry(east).register(tgArn(east, 'core'), slow.address);
    const started = Date.now();
    const answer = await request(`${bed.albUrl(east)}/mysfits`);
    expect(answer.status).toBe(504);
    expect(answer.body).toContain('504 Gateway Time-out');
    expect(Date.now() - started).toBeGreaterThanOrEqual(bed.scaled(60_000) - 50);
    await bed.elb.registry(east).deregister(tgArn(east, 'core'), slow.address);
  });
});

describe('region faults on the data plane', () => {
  it('resets connections during a refuse outage and holds them during a timeout outage', async () => {
    const t = await target('faulty');
    bed.elb.registry(east).register(tgArn(east, 'core'), t.address);
    bed.faults.outages.set(east, 'refuse');
    await expect(request(`${bed.albUrl(east)}/mysfits`)).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    bed.faults.outages.set(east, 'timeout');
    await expect(request(`${bed.albUrl(east)}/mysfits`, { timeoutMs: 500 })).rejects.toMatchObject({
      code: 'CLIENT_TIMEOUT',
    });
    bed.faults.outages.delete(east);
    expect((await request(`${bed.albUrl(east)}/mysfits`)).status).toBe(200);
    // The other region was never affected.
    expect((await request(`${bed.albUrl(west)}/mysfits`)).status).toBe(200);
  });

  it('adds data-plane latency', async () => {
    bed.faults.latency.set(east, 300);
    const started = Date.now();
    expect((await request(`${bed.albUrl(east)}/mysfits`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    bed.faults.latency.delete(east);
  });
});
