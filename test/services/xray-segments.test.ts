/**
 * The services' X-Ray segments: both services run as real processes (dist/) against DynamoDB
 * Local with AWS_XRAY_DAEMON_ADDRESS pointing at a UDP socket of this test, which reads the
 * daemon protocol (header line + segment document). Needs `npx tsc -p tsconfig.json` first.
 */
import dgram from 'node:dgram';
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
  LIKES_TABLE,
  TABLE,
  type ServiceProcess,
} from './harness.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- segment JSON, asserted field by field
type Doc = any;

const ROOT = `1-${Math.floor(Date.now() / 1000).toString(16)}-00000000000000000000abcd`;
const HEX16 = /^[0-9a-f]{16}$/;

const received: { header: string; doc: Doc }[] = [];
let daemon: dgram.Socket;
let address: string;
let env: Record<string, string>;
let like: ServiceProcess;
let core: ServiceProcess;

function segmentOf(traceId: string, timeoutMs = 5_000): Promise<Doc> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const found = received.find((r) => r.doc.trace_id === traceId);
      if (found) return resolve(found.doc);
      if (Date.now() > deadline) return reject(new Error(`no segment for ${traceId}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

function rootOf(header: string | null): string {
  return /Root=([^;]+)/.exec(header ?? '')?.[1] ?? '';
}

const postLike = (svc: ServiceProcess, headers: Record<string, string> = {}) =>
  fetch(`${svc.url}/mysfits/${GRETTA}/like`, { method: 'POST', headers, body: '' });

beforeAll(async () => {
  daemon = dgram.createSocket('udp4');
  daemon.on('message', (datagram) => {
    const text = datagram.toString('utf8');
    const newline = text.indexOf('\n');
    received.push({ header: text.slice(0, newline), doc: JSON.parse(text.slice(newline + 1)) });
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(daemon.address() as AddressInfo).port}`;
  const db = await startWorkshopTable();
  env = serviceEnv(db.endpoint, { AWS_XRAY_DAEMON_ADDRESS: address });
  [like, core] = await Promise.all([startService('like', env), startService('mysfits', env)]);
}, 120_000);

afterAll(async () => {
  await stopAll();
  daemon?.close();
});

describe('a traced like', () => {
  it('sends one Like Service segment with its DynamoDB subsegments, in the incoming trace', async () => {
    const header = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
    const res = await postLike(like, { 'X-Amzn-Trace-Id': header });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(res.headers.get('x-amzn-trace-id')).toBe(header);
    const doc = await segmentOf(ROOT);
    expect(received.find((r) => r.doc === doc)?.header).toBe('{"format": "json", "version": 1}');
    expect(doc).toMatchObject({
      name: 'Like Service',
      trace_id: ROOT,
      parent_id: '53995c3f42cd8ad8',
      origin: 'AWS::ECS::Container',
      aws: { region: 'us-west-2', ecs: { container: expect.any(String) } },
      http: {
        request: {
          method: 'POST',
          url: expect.stringMatching(
            new RegExp(`^http://127\\.0\\.0\\.1:\\d+/mysfits/${GRETTA}/like$`),
          ),
          client_ip: '127.0.0.1',
        },
        response: { status: 200, content_length: Buffer.byteLength(body) },
      },
    });
    expect(doc.id).toMatch(HEX16);
    expect(doc.error ?? doc.fault ?? doc.throttle).toBeUndefined();
    expect(doc.end_time).toBeGreaterThanOrEqual(doc.start_time);
    expect(Math.abs(doc.start_time - Date.now() / 1000)).toBeLessThan(10);
    expect(doc.start_time % 1).not.toBe(0);
    // Three calls: the mysfit's Likes in the app's table (as the workshop's like), then this
    // region's counter and the other regions' counters in the likes table, side by side.
    const calls = doc.subsegments.map((s: Doc) => `${s.aws.operation} ${s.aws.table_name}`);
    expect(calls[0]).toBe(`UpdateItem ${TABLE}`);
    expect(calls.slice(1).sort()).toEqual([
      `BatchGetItem ${LIKES_TABLE}`,
      `UpdateItem ${LIKES_TABLE}`,
    ]);
    const [sub, ...counters] = doc.subsegments;
    expect(sub).toMatchObject({
      name: 'DynamoDB',
      namespace: 'aws',
      aws: {
        operation: 'UpdateItem',
        region: 'us-west-2',
        table_name: TABLE,
        request_id: expect.any(String),
        retries: 0,
      },
      http: { response: { status: 200 } },
    });
    for (const s of doc.subsegments) {
      expect(s.id).toMatch(HEX16);
      expect(s.start_time).toBeGreaterThanOrEqual(doc.start_time);
      expect(s.end_time).toBeLessThanOrEqual(doc.end_time);
    }
    for (const counter of counters) expect(counter.start_time).toBeGreaterThanOrEqual(sub.end_time);
  });

  it('starts a new trace when the request has none, and answers, logs and forwards its header', async () => {
    const res = await postLike(like, { 'X-Forwarded-For': '203.0.113.7, 10.0.0.2' });
    expect(res.status).toBe(200);
    const header = res.headers.get('x-amzn-trace-id');
    expect(header).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=1$/);
    const doc = await segmentOf(rootOf(header));
    expect(doc.parent_id).toBeUndefined();
    expect(doc.http.request).toMatchObject({ client_ip: '203.0.113.7', x_forwarded_for: true });
    await like.waitForLog((l) => l.msg === 'request' && l.traceId === header);
  });

  it('sends nothing for Sampled=0 or an ALB health check', async () => {
    const unsampled = `1-${Math.floor(Date.now() / 1000).toString(16)}-00000000000000000000dead`;
    const a = await postLike(like, { 'X-Amzn-Trace-Id': `Root=${unsampled};Sampled=0` });
    const b = await fetch(`${like.url}/`, { headers: { 'User-Agent': 'ELB-HealthChecker/2.0' } });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.headers.get('x-amzn-trace-id')).toBeNull();
    const after = await postLike(like);
    await segmentOf(rootOf(after.headers.get('x-amzn-trace-id')));
    expect(received.some((r) => r.doc.trace_id === unsampled)).toBe(false);
    expect(received.some((r) => r.doc.http?.request?.user_agent === 'ELB-HealthChecker/2.0')).toBe(
      false,
    );
  });
});

describe('the Mysfits service', () => {
  it('sends Mysfits Service segments with Scan and BatchGetItem subsegments, 404 as an error', async () => {
    const list = await fetch(`${core.url}/mysfits`);
    expect(list.status).toBe(200);
    const doc = await segmentOf(rootOf(list.headers.get('x-amzn-trace-id')));
    expect(doc.name).toBe('Mysfits Service');
    // One Scan of each table: the mysfits and the like counters.
    expect(
      doc.subsegments.map((s: Doc) => `${s.aws.operation} ${s.aws.table_name}`).sort(),
    ).toEqual([`Scan ${LIKES_TABLE}`, `Scan ${TABLE}`]);
    const missing = await fetch(`${core.url}/mysfits/no-such-mysfit`);
    expect(missing.status).toBe(404);
    const notFound = await segmentOf(rootOf(missing.headers.get('x-amzn-trace-id')));
    expect(notFound).toMatchObject({ error: true, http: { response: { status: 404 } } });
    expect(notFound.fault).toBeUndefined();
    // The mysfit and its counters, one BatchGetItem per table.
    expect(
      notFound.subsegments.map((s: Doc) => `${s.aws.operation} ${s.aws.table_name}`).sort(),
    ).toEqual([`BatchGetItem ${LIKES_TABLE}`, `BatchGetItem ${TABLE}`]);
  });
});

describe('errors and faults', () => {
  it('flags chaos-mode 404s as errors and 500s as faults (no DynamoDB call for either)', async () => {
    const chaos = await startService('like', { ...env, CHAOSMODE: 'on', CHAOS_SEED: 'xray' });
    const seen = new Map<number, Doc>();
    for (let i = 0; i < 30 && seen.size < 3; i++) {
      const res = await postLike(chaos);
      seen.set(res.status, await segmentOf(rootOf(res.headers.get('x-amzn-trace-id'))));
    }
    expect([...seen.keys()].sort()).toEqual([200, 404, 500]);
    expect(seen.get(404)).toMatchObject({ error: true, http: { response: { status: 404 } } });
    expect(seen.get(500)).toMatchObject({ fault: true, http: { response: { status: 500 } } });
    expect(seen.get(500).subsegments).toBeUndefined();
    expect(seen.get(200).subsegments).toHaveLength(3);
  });

  it('marks an unreachable DynamoDB as a fault on the call and on the request', async () => {
    const dead = await startService('like', {
      ...env,
      AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}`,
    });
    const res = await postLike(dead);
    expect(res.status).toBe(503);
    const doc = await segmentOf(rootOf(res.headers.get('x-amzn-trace-id')));
    expect(doc).toMatchObject({ fault: true, http: { response: { status: 503 } } });
    expect(doc.subsegments[0]).toMatchObject({
      name: 'DynamoDB',
      fault: true,
      aws: { operation: 'UpdateItem', retries: 1 },
      cause: { exceptions: [{ remote: false, type: expect.any(String) }] },
    });
  });

  it('refuses a malformed AWS_XRAY_DAEMON_ADDRESS at start-up (exit 2)', async () => {
    const { child, exited } = spawnService('like', {
      ...env,
      AWS_XRAY_DAEMON_ADDRESS: 'xray-daemon',
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited).toBe(2);
    expect(stderr).toContain('AWS_XRAY_DAEMON_ADDRESS="xray-daemon" must be host:port');
  });
});
