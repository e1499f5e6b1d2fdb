/**
 * The routing switch item and the region's routing gate (services/shared/routing-switch.ts,
 * services/gate, docs/routing-switch.md): the item's parsing and verdict; the gate with an
 * injected reader (200 in, 503 out, the ALB → Lambda result shape, one read per invocation,
 * a failed read answering the container's last known state and never draining by itself);
 * the gate's Lambda entry point with the real SDK against DynamoDB Local (through a small
 * proxy this test can cut); and both services as real processes, whose `GET /` no longer
 * looks at the switch at all. Needs `npx tsc -p tsconfig.json` first.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlbLambdaEvent, AlbLambdaResult } from '../../services/gate/alb-lambda.js';
import { createRoutingGate, type GateLog } from '../../services/gate/gate.js';
import {
  parseRoutingItem,
  routingHealth,
  routingItemId,
  routingItemKey,
  type RoutingItemReader,
} from '../../services/shared/routing-switch.js';
import * as harness from './harness.js';
import type { Item, ServiceProcess } from './harness.js';

const { AWS_ENV, seedItems, serviceEnv, startService, startWorkshopTable, stopAll } = harness;

const WEST = 'us-west-2';
const EAST = 'us-east-1';
const CHANGED_AT = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The control table, where the switch items are (hash key `Pk`), beside the app's table. */
const CONTROL_TABLE = 'MysfitsDrControl';

/** A switch item as the operator writes it. */
function switchItem(region: string, state: string, extra: Partial<Item> = {}): Item {
  return {
    ...routingItemKey(region),
    RoutingState: { S: state },
    ChangedAt: { N: String(CHANGED_AT) },
    ChangedBy: { S: 'arn:aws:sts::000000000000:assumed-role/operator/alice' },
    RunId: { S: 'run-42' },
    Reason: { S: 'drill: drain west' },
    ...extra,
  };
}

const OUT_REASON =
  'routing switch: us-west-2 marked out by arn:aws:sts::000000000000:assumed-role/operator/alice ' +
  'at 2025-01-02T03:04:05.678Z (drill: drain west)';

/** The event ELB sends for a health check of a Lambda target. */
const HEALTH_CHECK: AlbLambdaEvent = {
  requestContext: {
    elb: {
      targetGroupArn:
        'arn:aws:elasticloadbalancing:us-west-2:000000000000:targetgroup/mysfits-gate/0123456789abcdef',
    },
  },
  httpMethod: 'GET',
  path: '/',
  queryStringParameters: {},
  headers: { 'user-agent': 'ELB-HealthChecker/2.0' },
  body: '',
  isBase64Encoded: false,
};

function body(result: AlbLambdaResult): Record<string, unknown> {
  return JSON.parse(result.body) as Record<string, unknown>;
}

describe('routing switch item', () => {
  it.each([
    ['no item', undefined, { state: 'in' }],
    ['in', switchItem(WEST, 'in'), { state: 'in', changedAt: CHANGED_AT, runId: 'run-42' }],
    ['out', switchItem(WEST, 'out'), { state: 'out', reason: 'drill: drain west' }],
    ['out, nothing else', { RoutingState: { S: 'out' } }, { state: 'out' }],
  ] as const)('%s', (_, item, expected) => {
    expect(parseRoutingItem(item as Item | undefined)).toMatchObject(expected);
  });

  it.each([
    ['OUT', { S: 'OUT' }],
    ['empty', { S: '' }],
    ['a number', { N: '0' }],
    ['missing', undefined],
  ])('refuses a RoutingState that is %s', (_, value) => {
    const item: Item = { ...routingItemKey(WEST) };
    if (value) item.RoutingState = value as Item[string];
    expect(() => parseRoutingItem(item)).toThrow(/RoutingState must be "in" or "out"/);
  });

  it('explains an out region: who, when, why', () => {
    expect(routingHealth(WEST, parseRoutingItem(switchItem(WEST, 'out')))).toEqual({
      healthy: false,
      reason: OUT_REASON,
    });
    expect(routingHealth(WEST, { state: 'out' })).toEqual({
      healthy: false,
      reason: 'routing switch: us-west-2 marked out by unknown at an unknown time',
    });
    expect(routingHealth(WEST, { state: 'in', changedBy: 'x' })).toEqual({ healthy: true });
  });
});

describe('gate with an injected reader', () => {
  /** A reader whose next answers the test sets: an item, undefined, an error, or 'hang'. */
  function scriptedReader() {
    let next: Item | undefined | Error | 'hang' = undefined;
    const calls: AbortSignal[] = [];
    const read: RoutingItemReader = (signal) => {
      calls.push(signal);
      const answer = next;
      if (answer === 'hang') return new Promise(() => undefined);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    };
    return { read, calls, set: (value: typeof next) => void (next = value) };
  }

  function gateWith(reader: ReturnType<typeof scriptedReader>, timeoutMs = 50) {
    const lines: { level: string; msg: string; fields: object }[] = [];
    const log: GateLog = (level, msg, fields) => void lines.push({ level, msg, fields });
    return { gate: createRoutingGate({ region: WEST, read: reader.read, timeoutMs, log }), lines };
  }

  it('no item or in: 200; out: 503 with who, when, why — one read per invocation', async () => {
    const reader = scriptedReader();
    const { gate, lines } = gateWith(reader);
    const none = await gate.handle(HEALTH_CHECK);
    expect(none).toEqual({
      statusCode: 200,
      statusDescription: '200 OK',
      headers: {
        'content-type': 'application/json',
        'x-mysfits-routing-state': 'in',
        'x-mysfits-routing-source': 'read',
      },
      body: JSON.stringify({ region: WEST, state: 'in', source: 'read' }),
      isBase64Encoded: false,
    });
    reader.set(switchItem(WEST, 'out'));
    const out = await gate.handle(HEALTH_CHECK);
    expect(out.statusCode).toBe(503);
    expect(out.statusDescription).toBe('503 Service Unavailable');
    expect(body(out)).toEqual({ region: WEST, state: 'out', source: 'read', reason: OUT_REASON });
    reader.set(switchItem(WEST, 'in'));
    expect((await gate.handle(HEALTH_CHECK)).statusCode).toBe(200);
    expect(reader.calls).toHaveLength(3);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'routing switch'],
      ['warn', 'routing switch'],
      ['info', 'routing switch'],
    ]);
  });

  it('a failed read before any success answers in (default): it never drains by itself', async () => {
    for (const failure of [new Error('ThrottlingException'), 'hang' as const]) {
      const reader = scriptedReader();
      reader.set(failure);
      const { gate, lines } = gateWith(reader);
      const answer = await gate.handle(HEALTH_CHECK);
      expect(answer.statusCode).toBe(200);
      expect(body(answer)).toMatchObject({ state: 'in', source: 'default' });
      expect(String(body(answer).readError)).toMatch(
        failure === 'hang' ? /no answer within 50 ms/ : /ThrottlingException/,
      );
      expect(lines).toEqual([
        expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/read failed/) }),
      ]);
      expect(gate.lastKnown()).toBeUndefined();
    }
  });

  it('a failed or malformed read answers the last state this instance read (out stays out, in stays in)', async () => {
    const reader = scriptedReader();
    const { gate } = gateWith(reader);
    reader.set(switchItem(WEST, 'out'));
    await gate.handle(HEALTH_CHECK);
    for (const failure of [new Error('boom'), 'hang' as const, switchItem(WEST, 'OUT')]) {
      reader.set(failure);
      const answer = await gate.handle(HEALTH_CHECK);
      expect(answer.statusCode).toBe(503);
      expect(body(answer)).toMatchObject({
        state: 'out',
        source: 'last-known',
        reason: OUT_REASON,
      });
      expect(answer.headers['x-mysfits-routing-source']).toBe('last-known');
    }
    reader.set(undefined);
    expect((await gate.handle(HEALTH_CHECK)).statusCode).toBe(200);
    reader.set(new Error('boom'));
    expect(body(await gate.handle(HEALTH_CHECK))).toMatchObject({
      state: 'in',
      source: 'last-known',
    });
  });

  it('cuts a hung read at its timeout (the read is aborted)', async () => {
    const reader = scriptedReader();
    reader.set('hang');
    const { gate } = gateWith(reader, 30);
    await gate.handle(HEALTH_CHECK);
    expect(reader.calls[0]?.aborted).toBe(true);
  });
});

/**
 * An HTTP proxy to DynamoDB Local that can be cut: while down it resets every connection,
 * as an unreachable endpoint would.
 */
async function cuttableProxy(
  target: string,
): Promise<{ url: string; up: boolean; server: Server }> {
  const { hostname, port } = new URL(target);
  const state = { url: '', up: true, server: undefined as unknown as Server };
  state.server = createServer((req, res) => {
    if (!state.up) return void req.socket.destroy();
    const upstream = request(
      { host: hostname, port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

describe('the Lambda entry point against DynamoDB Local, and the services', () => {
  let client: DynamoDBClient;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let handler: (event: AlbLambdaEvent) => Promise<AlbLambdaResult>;
  let core: ServiceProcess;
  let like: ServiceProcess;

  beforeAll(async () => {
    const db = await startWorkshopTable();
    client = db.client;
    await client.send(
      new CreateTableCommand({
        TableName: CONTROL_TABLE,
        AttributeDefinitions: [{ AttributeName: 'Pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'Pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    proxy = await cuttableProxy(db.endpoint);
    // What Lambda and infra/ give the function: its region, credentials, the table's name.
    Object.assign(process.env, AWS_ENV, {
      AWS_ENDPOINT_URL: proxy.url,
      ROUTING_TABLE_NAME: CONTROL_TABLE,
    });
    ({ handler } = await import('../../services/gate/index.js'));
    const env = serviceEnv(proxy.url);
    [core, like] = await Promise.all([startService('mysfits', env), startService('like', env)]);
  });

  afterAll(async () => {
    await stopAll();
    proxy?.server.closeAllConnections();
    proxy?.server.close();
  });

  const put = (item: Item) =>
    client.send(new PutItemCommand({ TableName: CONTROL_TABLE, Item: item }));

  it("reads its own region's item only: another region's out changes nothing", async () => {
    await put(switchItem(EAST, 'out'));
    const answer = await handler(HEALTH_CHECK);
    expect(answer.statusCode).toBe(200);
    expect(body(answer)).toEqual({ region: WEST, state: 'in', source: 'read' });
  });

  it('out: 503; the DynamoDB endpoint cut: still 503 from its last known state; back: reads again', async () => {
    await put(switchItem(WEST, 'out'));
    expect(body(await handler(HEALTH_CHECK))).toMatchObject({ state: 'out', source: 'read' });
    proxy.up = false;
    try {
      const cut = await handler(HEALTH_CHECK);
      expect(cut.statusCode).toBe(503);
      expect(body(cut)).toMatchObject({ state: 'out', source: 'last-known' });
    } finally {
      proxy.up = true;
    }
    await put(switchItem(WEST, 'in', { ChangedAt: { N: String(CHANGED_AT + 1000) } }));
    expect(body(await handler(HEALTH_CHECK))).toMatchObject({ state: 'in', source: 'read' });
  });

  it('the services answer GET / 200 while their region is out, and never read the switch', async () => {
    await put(switchItem(WEST, 'out', { ChangedAt: { N: String(CHANGED_AT + 2000) } }));
    await sleep(300);
    for (const service of [core, like]) {
      const res = await fetch(`${service.url}/`);
      await res.text();
      expect(res.status).toBe(200);
      expect(service.logs.some((l) => String(l.msg).startsWith('routing switch'))).toBe(false);
    }
    const health = await fetch(`${like.url}/`);
    expect(await health.json()).toMatchObject({
      message: 'Like service is healthy',
      healthy: true,
    });
  });

  it("the app still serves; the switch items are not in the app's table", async () => {
    const res = await fetch(`${core.url}/mysfits`);
    expect(res.status).toBe(200);
    const { mysfits } = (await res.json()) as { mysfits: { mysfitId: string }[] };
    expect(mysfits).toHaveLength(seedItems().length);
    expect(mysfits.some((m) => m.mysfitId.startsWith('__'))).toBe(false);
    const byId = await fetch(`${core.url}/mysfits/${encodeURIComponent(routingItemId(WEST))}`);
    expect(byId.status).toBe(404);
    const liked = await fetch(
      `${like.url}/mysfits/${encodeURIComponent(routingItemId(WEST))}/like`,
      { method: 'POST' },
    );
    expect(liked.status).toBe(404);
  });
});
