// The game-day load and its HTTP sender against a local stand-in for the application: a
// server that answers like the services (region header, like JSON with per-region sequence
// numbers) and can switch region, answer 503, reset connections or stall mid-run.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listMysfitIds, sendAppRequest } from '../../src/aws/app-load.js';
import { httpAppProbe } from '../../src/aws/app-probe.js';
import { startLoad, type LoadSample } from '../../src/drill/load.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';
const IDS = ['m-1', 'm-2', 'm-3'];

/** The stand-in's behaviour, changed by the tests mid-run. */
const app = {
  region: WEST,
  mode: 'ok' as 'ok' | '503' | 'reset',
  delayMs: 0,
  /** Requests received, by `METHOD path`. */
  received: [] as string[],
  inFlight: 0,
  maxInFlight: 0,
  /** Per (mysfit, region) like counters: the sequence numbers handed out. */
  counters: new Map<string, number>(),
};
let server: Server;
let url: string;

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-mysfits-region': app.region });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    app.received.push(`${req.method} ${req.url}`);
    app.inFlight++;
    app.maxInFlight = Math.max(app.maxInFlight, app.inFlight);
    res.on('close', () => app.inFlight--);
    req.resume();
    const respond = () => {
      if (app.mode === 'reset') return req.socket.destroy();
      if (app.mode === '503') return answer(res, 503, { message: 'no healthy task' });
      if (req.url === '/stall') return; // never answers
      const like = /^\/mysfits\/([^/]+)\/like$/.exec(req.url ?? '');
      if (req.method === 'POST' && like) {
        const id = decodeURIComponent(like[1]!);
        const key = `${id}#${app.region}`;
        const regionLikes = (app.counters.get(key) ?? 0) + 1;
        app.counters.set(key, regionLikes);
        return answer(res, 200, {
          Update: 'Success',
          mysfitId: id,
          likes: regionLikes,
          region: app.region,
          regionLikes,
        });
      }
      if (req.url === '/mysfits')
        return answer(res, 200, { mysfits: IDS.map((mysfitId) => ({ mysfitId, likes: 0 })) });
      return answer(res, 200, { mysfitId: req.url?.split('/')[2] });
    };
    if (app.delayMs > 0) setTimeout(respond, app.delayMs);
    else respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  Object.assign(app, { region: WEST, mode: 'ok', delayMs: 0, received: [], maxInFlight: 0 });
  app.counters.clear();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sendAppRequest', () => {
  it('reads the serving region, and the mysfit and sequence number of a like', async () => {
    const first = await sendAppRequest(url, {
      method: 'POST',
      path: '/mysfits/m-1/like',
      timeoutMs: 2000,
    });
    expect(first).toMatchObject({
      ok: true,
      status: 200,
      region: WEST,
      mysfitId: 'm-1',
      regionLikes: 1,
    });
    expect(first.latencyMs).toBeGreaterThanOrEqual(0);
    expect(first.error).toBeUndefined();
    const second = await sendAppRequest(url, {
      method: 'POST',
      path: '/mysfits/m-1/like',
      timeoutMs: 2000,
    });
    expect(second.regionLikes).toBe(2);
  });

  it('leaves the body of a read alone', async () => {
    const read = await sendAppRequest(url, {
      method: 'GET',
      path: '/mysfits/m-1',
      timeoutMs: 2000,
    });
    expect(read).toEqual({ ok: true, status: 200, region: WEST, latencyMs: read.latencyMs });
  });

  it.each([
    // mode, path → status, region, error
    ['503', '/mysfits', 503, WEST, 'HTTP 503: no healthy task'],
    ['reset', '/mysfits', null, null, 'socket hang up'],
    ['ok', '/stall', null, null, 'no answer within 300 ms'],
  ] as const)(
    '%s %s: fails with status %s, region %s',
    async (mode, path, status, region, error) => {
      app.mode = mode;
      const started = Date.now();
      const answer = await sendAppRequest(url, { method: 'GET', path, timeoutMs: 300 });
      expect(answer).toMatchObject({ ok: false, status, region, error });
      expect(Date.now() - started).toBeLessThan(2000);
    },
  );

  it('fails without an answer when nothing listens', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const answer = await sendAppRequest(`http://127.0.0.1:${port}`, {
      method: 'GET',
      path: '/',
      timeoutMs: 1000,
    });
    expect(answer).toMatchObject({ ok: false, status: null, region: null });
    expect(answer.error).toMatch(/ECONNREFUSED/);
  });

  it('lists the mysfit ids', async () => {
    expect(await listMysfitIds(url, 2000)).toEqual(IDS);
    app.mode = '503';
    await expect(listMysfitIds(url, 2000)).rejects.toThrow(/HTTP 503/);
  });

  it('is what httpAppProbe sends: one GET, its region and status', async () => {
    const probe = httpAppProbe(`${url}/ignored-path`);
    expect(probe.url).toBe(url);
    expect(await probe.request('/mysfits', 2000)).toMatchObject({
      ok: true,
      status: 200,
      region: WEST,
    });
    app.mode = '503';
    expect(await probe.request('/mysfits', 2000)).toMatchObject({
      ok: false,
      status: 503,
      region: WEST,
    });
    expect(app.received).toEqual(['GET /mysfits', 'GET /mysfits']);
  });
});

/** Checks that each (mysfit, region)'s acknowledged sequence numbers are 1..n, each once. */
function expectSequences(samples: readonly LoadSample[]): void {
  const seen = new Map<string, number[]>();
  for (const s of samples.filter((x) => x.kind === 'like' && x.ok)) {
    expect(s.regionLikes, JSON.stringify(s)).toBeTypeOf('number');
    const key = `${s.mysfitId}#${s.region}`;
    seen.set(key, [...(seen.get(key) ?? []), s.regionLikes!]);
  }
  for (const [key, numbers] of seen) {
    expect(
      numbers.sort((a, b) => a - b),
      key,
    ).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  }
}

describe('startLoad', () => {
  it('holds the rate through a region switch and failures, recording every request once', async () => {
    const started = Date.now();
    const run = startLoad({ url, mysfitIds: IDS, ratePerSecond: 40, requestTimeoutMs: 2000 });
    await sleep(600);
    app.region = EAST;
    await sleep(600);
    app.mode = '503';
    await sleep(300);
    app.mode = 'reset';
    await sleep(300);
    app.mode = 'ok';
    await sleep(400);
    const stats = run.stats(10_000);
    const samples = await run.stop();
    const elapsed = Date.now() - started;

    // Open loop: one request per 25 ms of the run, however the answers went (less at most what
    // a late timer on a busy machine has not caught up yet).
    const scheduled = stats.totals.sent + stats.totals.skipped;
    expect(stats.totals.skipped).toBe(0);
    expect(scheduled).toBeGreaterThanOrEqual(Math.floor((elapsed - 400) / 25));
    expect(scheduled).toBeLessThanOrEqual(Math.ceil(elapsed / 25) + 1);

    // Every request sent is recorded once, and reached the server once.
    const total = samples.length;
    expect(total).toBeGreaterThanOrEqual(stats.totals.sent);
    expect(app.received).toHaveLength(total);
    expect(samples.map((s) => s.t)).toEqual([...samples.map((s) => s.t)].sort((a, b) => a - b));

    // Half likes, half reads, spread evenly over the mysfits.
    const likes = samples.filter((s) => s.kind === 'like');
    expect(Math.abs(likes.length - total / 2)).toBeLessThanOrEqual(1);
    for (const id of IDS)
      expect(
        Math.abs(likes.filter((s) => s.mysfitId === id).length - likes.length / 3),
      ).toBeLessThanOrEqual(1);
    expect(app.received.filter((r) => r.startsWith('POST'))).toHaveLength(likes.length);

    // The region switch, the 503s (served, by us-east-1) and the resets (unserved).
    const regions = new Set(samples.filter((s) => s.ok).map((s) => s.region));
    expect(regions).toEqual(new Set([WEST, EAST]));
    const firstEast = samples.findIndex((s) => s.region === EAST);
    expect(samples.slice(0, firstEast).every((s) => s.region === WEST && s.ok)).toBe(true);
    const failed = samples.filter((s) => !s.ok);
    expect(failed.some((s) => s.status === 503 && s.region === EAST)).toBe(true);
    expect(failed.some((s) => s.status === null && s.region === null && s.error)).toBe(true);
    expect(samples.at(-1)).toMatchObject({ ok: true, region: EAST });
    expectSequences(samples);

    // The totals add up.
    expect(stats.totals.ok + stats.totals.failed).toBe(stats.totals.done);
    expect(stats.regions[WEST]!.successRate).toBe(1);
    expect(stats.regions[EAST]!.successRate).toBeLessThan(1);
    expect(stats.regions.unserved!.successRate).toBe(0);
  });

  it('reports the rate and success rate per region over the last window', async () => {
    const run = startLoad({ url, mysfitIds: IDS, ratePerSecond: 50 });
    await sleep(700);
    app.region = EAST;
    await sleep(1000);
    const recent = run.stats(500);
    await run.stop();
    expect(recent.windowMs).toBe(500);
    expect(Object.keys(recent.regions)).toEqual([EAST]);
    expect(recent.regions[EAST]!.successRate).toBe(1);
    // Answers per second over the window (how many depends on this machine's timers; the
    // schedule itself is checked in the first case).
    const { requests, ratePerSecond } = recent.regions[EAST]!;
    expect(requests).toBeGreaterThan(0);
    expect(ratePerSecond).toBe(requests * 2);
    expect(recent.window).toEqual(recent.regions[EAST]);
    expect(recent.totals.byRegion[WEST]).toBeGreaterThan(20);
  });

  it('stop() sends nothing more and waits for the requests in flight', async () => {
    app.delayMs = 300;
    const run = startLoad({ url, mysfitIds: IDS, ratePerSecond: 50 });
    await sleep(200);
    const before = run.stats(1000).totals;
    expect(before.inFlight).toBeGreaterThan(0);
    const samples = await run.stop();
    expect(samples.length).toBeGreaterThanOrEqual(before.sent);
    expect(samples.every((s) => s.ok && s.latencyMs >= 250)).toBe(true);
    expect(run.stats(1000).totals).toMatchObject({ inFlight: 0, done: samples.length });
    await sleep(200);
    expect(app.received).toHaveLength(samples.length);
    expect(await run.stop()).toEqual(samples);
  });

  it('keeps at most maxInFlight outstanding and counts the requests it skipped', async () => {
    app.delayMs = 400;
    const run = startLoad({ url, mysfitIds: IDS, ratePerSecond: 100, maxInFlight: 5 });
    await sleep(600);
    const samples = await run.stop();
    const { totals } = run.stats(1000);
    expect(app.maxInFlight).toBeLessThanOrEqual(5);
    expect(totals.skipped).toBeGreaterThan(20);
    expect(totals.sent).toBe(samples.length);
  });

  it('spreads the like share evenly and reads /mysfits alone without ids', async () => {
    const quarter = startLoad({ url, mysfitIds: ['m-1'], ratePerSecond: 100, likeShare: 0.25 });
    await sleep(400);
    const samples = await quarter.stop();
    const kinds = samples.map((s) => (s.kind === 'like' ? 'L' : 'r')).join('');
    expect(kinds.startsWith('rrrLrrrL')).toBe(true);
    app.received = [];
    const readsOnly = startLoad({ url, mysfitIds: [], ratePerSecond: 100 });
    await sleep(200);
    const reads = await readsOnly.stop();
    expect(reads.every((s) => s.kind === 'read' && s.ok)).toBe(true);
    expect(new Set(app.received)).toEqual(new Set(['GET /mysfits']));
  });

  it('times samples from the given t0 on the given clock, sent time not answer time', async () => {
    app.delayMs = 100;
    const t0 = Date.now() - 10_000;
    const run = startLoad({ url, mysfitIds: IDS, ratePerSecond: 20, t0, now: () => Date.now() });
    expect(run.t0).toBe(t0);
    await sleep(120);
    const samples = await run.stop();
    expect(samples.length).toBeGreaterThan(0);
    expect(samples[0]!.t).toBeGreaterThanOrEqual(10_000);
    expect(samples[0]!.t).toBeLessThan(10_080);
  });

  it('rejects a rate of 0 and a like share outside 0–1', () => {
    expect(() => startLoad({ url, mysfitIds: IDS, ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => startLoad({ url, mysfitIds: IDS, likeShare: 2 })).toThrow(RangeError);
  });

  it('records a sender that throws as an unserved failure', async () => {
    const run = startLoad({
      url,
      mysfitIds: IDS,
      ratePerSecond: 100,
      send: () => Promise.reject(new Error('boom')),
    });
    await sleep(50);
    const samples = await run.stop();
    expect(samples.length).toBeGreaterThan(0);
    expect(samples[0]).toMatchObject({ ok: false, status: null, region: null, error: 'boom' });
  });
});
