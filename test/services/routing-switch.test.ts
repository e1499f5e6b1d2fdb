/**
 * The routing switch (services/shared/routing-switch.ts, docs/routing-switch.md): the
 * refresher on its own with an injected reader (fail static, timeouts, logging once per
 * change, the reason text), then both services as real processes against DynamoDB Local
 * (through a small proxy this test can cut) answering `GET /` 503 while their region is
 * marked out. Needs `npx tsc -p tsconfig.json` first.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthStatus, useRoutingSwitch } from '../../services/shared/health.js';
import type { Logger, LogFields } from '../../services/shared/logger.js';
import {
  createRoutingSwitch,
  parseRoutingItem,
  routingHealth,
  routingItemId,
  routingReadTimeoutMs,
  type RoutingItemReader,
} from '../../services/shared/routing-switch.js';
import {
  seedItems,
  serviceEnv,
  startService,
  startWorkshopTable,
  stopAll,
  TABLE,
  type Item,
  type ServiceProcess,
} from './harness.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';
const CHANGED_AT = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A switch item as the operator writes it. */
function switchItem(region: string, state: string, extra: Partial<Item> = {}): Item {
  return {
    MysfitId: { S: routingItemId(region) },
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

function memoryLogger() {
  const lines: { level: string; msg: string; fields: LogFields }[] = [];
  const log =
    (level: string) =>
    (msg: string, fields: LogFields = {}) =>
      void lines.push({ level, msg, fields });
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  return { logger, lines };
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
    const item: Item = { MysfitId: { S: routingItemId(WEST) } };
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

  it.each([
    [100, 1000],
    [250, 1000],
    [1500, 1500],
    [5000, 2000],
  ])('a refresh period of %i ms reads with a %i ms timeout', (refreshMs, timeoutMs) => {
    expect(routingReadTimeoutMs(refreshMs)).toBe(timeoutMs);
  });
});

describe('refresher with an injected reader', () => {
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

  it('counts as in before the first successful read, then follows the item', async () => {
    const reader = scriptedReader();
    const { logger } = memoryLogger();
    const sw = createRoutingSwitch({ region: WEST, read: reader.read, refreshMs: 1000, logger });
    expect(sw.known).toBe(false);
    expect(sw.status()).toEqual({ healthy: true });
    reader.set(new Error('connect ECONNREFUSED'));
    await sw.refresh();
    expect(sw.known).toBe(false);
    expect(sw.status()).toEqual({ healthy: true });
    reader.set(switchItem(WEST, 'out'));
    await sw.refresh();
    expect(sw.known).toBe(true);
    expect(sw.status()).toEqual({ healthy: false, reason: OUT_REASON });
    reader.set(undefined); // item deleted: in
    await sw.refresh();
    expect(sw.status()).toEqual({ healthy: true });
  });

  it('fails static: errors, timeouts and malformed items keep the last known state, logged once per change', async () => {
    const reader = scriptedReader();
    const { logger, lines } = memoryLogger();
    const sw = createRoutingSwitch({
      region: WEST,
      read: reader.read,
      refreshMs: 1000,
      timeoutMs: 50,
      logger,
    });
    reader.set(switchItem(WEST, 'out'));
    await sw.refresh();
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    reader.set(error);
    for (let i = 0; i < 5; i++) await sw.refresh();
    expect(sw.status()).toEqual({ healthy: false, reason: OUT_REASON });

    reader.set('hang');
    const started = Date.now();
    await sw.refresh();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reader.calls.at(-1)?.aborted).toBe(true); // the hung read was aborted
    await sw.refresh();
    expect(sw.status().healthy).toBe(false);

    reader.set(switchItem(WEST, 'out')); // readable again, same record: no change logged
    await sw.refresh();
    reader.set(switchItem(WEST, 'sideways'));
    await sw.refresh();
    await sw.refresh();
    expect(sw.status().healthy).toBe(false);

    reader.set(switchItem(WEST, 'in', { ChangedAt: { N: String(CHANGED_AT + 1) } }));
    await sw.refresh();
    expect(sw.status()).toEqual({ healthy: true });

    const failures = lines.filter((l) => l.msg.startsWith('routing switch read failed'));
    expect(failures.map((l) => l.fields.errorName)).toEqual([
      'ECONNREFUSED',
      'MalformedRoutingItemError',
    ]);
    expect(failures.every((l) => l.fields.state === 'out' && l.level === 'warn')).toBe(true);
    expect(lines.filter((l) => l.msg === 'routing switch readable again')).toHaveLength(2);
    const changes = lines.filter((l) => l.msg === 'routing switch');
    expect(changes.map((l) => [l.level, l.fields.state])).toEqual([
      ['warn', 'out'],
      ['info', 'in'],
    ]);
    expect(changes[0]?.fields).toMatchObject({ runId: 'run-42', health: OUT_REASON });
  });

  it('refreshes in the background; healthStatus() never calls the reader', async () => {
    const reader = scriptedReader();
    const { logger } = memoryLogger();
    const sw = createRoutingSwitch({ region: WEST, read: reader.read, refreshMs: 20, logger });
    await sw.start();
    useRoutingSwitch(sw.status);
    try {
      expect(healthStatus()).toEqual({ healthy: true });
      reader.set(switchItem(WEST, 'out'));
      const deadline = Date.now() + 2000;
      while (healthStatus().healthy && Date.now() < deadline) await sleep(5);
      expect(healthStatus()).toEqual({ healthy: false, reason: OUT_REASON });
      const calls = reader.calls.length;
      for (let i = 0; i < 1000; i++) healthStatus();
      expect(reader.calls.length - calls).toBeLessThanOrEqual(1); // at most the loop's next read
      sw.stop();
      const stoppedAt = reader.calls.length;
      await sleep(100);
      expect(reader.calls.length).toBe(stoppedAt);
    } finally {
      sw.stop();
      useRoutingSwitch(undefined);
    }
    expect(healthStatus()).toEqual({ healthy: true });
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

describe('both services honour their region’s switch', () => {
  const REFRESH_MS = 100;
  let client: DynamoDBClient;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let core: ServiceProcess;
  let like: ServiceProcess;

  beforeAll(async () => {
    const db = await startWorkshopTable();
    client = db.client;
    proxy = await cuttableProxy(db.endpoint);
    const env = serviceEnv(proxy.url, { ROUTING_SWITCH_REFRESH_MS: String(REFRESH_MS) });
    [core, like] = await Promise.all([startService('mysfits', env), startService('like', env)]);
  });

  afterAll(async () => {
    await stopAll();
    proxy?.server.closeAllConnections();
    proxy?.server.close();
  });

  const put = (item: Item) => client.send(new PutItemCommand({ TableName: TABLE, Item: item }));

  /** Polls both services' `GET /` until both answer `status`; returns how long it took. */
  async function bothAnswer(status: number, timeoutMs = 10 * REFRESH_MS): Promise<number> {
    const started = Date.now();
    for (;;) {
      const [a, b] = await Promise.all([fetch(`${core.url}/`), fetch(`${like.url}/`)]);
      await Promise.all([a.text(), b.text()]);
      if (a.status === status && b.status === status) return Date.now() - started;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`GET / answered ${a.status}/${b.status}, expected ${status}`);
      }
      await sleep(10);
    }
  }

  it('no item: GET / answers 200', async () => {
    expect((await fetch(`${core.url}/`)).status).toBe(200);
    expect((await fetch(`${like.url}/`)).status).toBe(200);
    expect(core.logs.find((l) => l.msg === 'routing switch enabled')).toMatchObject({
      itemId: '__routing#us-west-2',
      refreshMs: REFRESH_MS,
      timeoutMs: 1000, // the period, within [1 s, 2 s]
      firstTimeoutMs: 2000,
    });
    // the first read of a new process (credentials, first connection) is given 2 s
    expect(core.logs.some((l) => String(l.msg).startsWith('routing switch read failed'))).toBe(
      false,
    );
  });

  it('an item for the other region changes nothing', async () => {
    await put(switchItem(EAST, 'out'));
    await sleep(5 * REFRESH_MS);
    await bothAnswer(200, 0);
  });

  it('out: GET / answers 503 with the reason within a couple of refresh periods', async () => {
    await put(switchItem(WEST, 'out'));
    const tookMs = await bothAnswer(503);
    expect(tookMs).toBeLessThan(3 * REFRESH_MS + 1500); // a couple of periods, on a busy host
    const page = await fetch(`${core.url}/`);
    expect(page.headers.get('x-mysfits-region')).toBe(WEST);
    expect(await page.text()).toBe(`Unhealthy: ${OUT_REASON}\n`);
    const health = await fetch(`${like.url}/`);
    expect(await health.json()).toEqual({
      message: 'Like service is unhealthy',
      healthy: false,
      reason: OUT_REASON,
      service: 'like',
      chaosMode: false,
      region: WEST,
    });
    const logged = await core.waitForLog((l) => l.msg === 'routing switch' && l.state === 'out');
    expect(logged).toMatchObject({ level: 'warn', runId: 'run-42', changedAt: CHANGED_AT });
  });

  it('the app still serves and never shows the switch items', async () => {
    const res = await fetch(`${core.url}/mysfits`);
    expect(res.status).toBe(200);
    const { mysfits } = (await res.json()) as { mysfits: { mysfitId: string }[] };
    expect(mysfits).toHaveLength(seedItems().length);
    expect(mysfits.some((m) => m.mysfitId.startsWith('__'))).toBe(false);
    const byId = await fetch(`${core.url}/mysfits/${encodeURIComponent(routingItemId(WEST))}`);
    expect(byId.status).toBe(404);
    const liked = await fetch(
      `${like.url}/mysfits/${encodeURIComponent(routingItemId(WEST))}/like`,
      {
        method: 'POST',
      },
    );
    expect(liked.status).toBe(404);
  });

  it('DynamoDB unreachable after a known out: stays 503 (fail static), logged once', async () => {
    const mark = core.logs.length;
    proxy.up = false;
    try {
      const failed = (l: Record<string, unknown>) =>
        String(l.msg).startsWith('routing switch read failed');
      await core.waitForLog((l) => failed(l) && l.known === true);
      await sleep(5 * REFRESH_MS);
      await bothAnswer(503, 0);
      const failures = core.logs.slice(mark).filter(failed);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ level: 'warn', state: 'out', known: true });
      // A write made while the task cannot read takes effect once it can again.
      await put(switchItem(WEST, 'in', { ChangedAt: { N: String(CHANGED_AT + 1000) } }));
      await sleep(3 * REFRESH_MS);
      await bothAnswer(503, 0);
    } finally {
      proxy.up = true;
    }
    await bothAnswer(200);
    await core.waitForLog((l) => l.msg === 'routing switch readable again');
  });

  it('out again, then in: back to 200; deleting the item also means in', async () => {
    await put(switchItem(WEST, 'out', { ChangedAt: { N: String(CHANGED_AT + 2000) } }));
    await bothAnswer(503);
    await put(switchItem(WEST, 'in', { ChangedAt: { N: String(CHANGED_AT + 3000) } }));
    await bothAnswer(200);
    await put(switchItem(WEST, 'out', { ChangedAt: { N: String(CHANGED_AT + 4000) } }));
    await bothAnswer(503);
    await client.send(
      new DeleteItemCommand({ TableName: TABLE, Key: { MysfitId: { S: routingItemId(WEST) } } }),
    );
    await bothAnswer(200);
  });

  it('ROUTING_SWITCH=off: always in, no reads', async () => {
    await put(switchItem(WEST, 'out', { ChangedAt: { N: String(CHANGED_AT + 5000) } }));
    const off = await startService(
      'mysfits',
      serviceEnv(proxy.url, {
        ROUTING_SWITCH: 'off',
        ROUTING_SWITCH_REFRESH_MS: String(REFRESH_MS),
      }),
    );
    await sleep(3 * REFRESH_MS);
    expect((await fetch(`${off.url}/`)).status).toBe(200);
    expect(off.logs.some((l) => l.msg === 'routing switch disabled (ROUTING_SWITCH=off)')).toBe(
      true,
    );
    expect(off.logs.some((l) => l.msg === 'routing switch enabled')).toBe(false);
    await bothAnswer(503); // the others still honour it
  });
});
