/**
 * The game day's background load: steady open-loop traffic through the accelerator (likes
 * and reads), every answer recorded with the region that served it. Open loop: requests
 * leave on a fixed schedule whether or not earlier ones answered, so an outage shows as
 * failed or slow requests instead of as a quietly lower rate; only `maxInFlight` bounds it
 * (a due request is skipped, and counted, while that many are outstanding).
 */
import { sendAppRequest, type AppRequest, type AppResponse } from '../aws/app-load.js';
import { originSpread, type LoadOrigin } from './load-origins.js';
import { UNSERVED } from './measure.js';

/**
 * One request of the load and what it found (app-load's answer: `ok` for a 2xx, the serving
 * region, and for likes the mysfit, as the answer names it else as asked, and the like's
 * sequence number within (mysfit, serving region)).
 */
export interface LoadSample extends AppResponse {
  /** When the request was sent, ms since the run's t0. */
  t: number;
  kind: 'like' | 'read';
  /** The origin it was sent from (loads with origins only). */
  origin?: string;
}

/** Sends one request to the application (app-load's `sendAppRequest` unless replaced). */
export type AppSender = (url: string, request: AppRequest) => Promise<AppResponse>;

/** How to load the application. */
export interface LoadOptions {
  /** The application's address (the accelerator's), e.g. `http://127.0.0.1:4581`. */
  url: string;
  /** Mysfits to like and read (round robin). With none, every request reads `/mysfits`. */
  mysfitIds: readonly string[];
  /** Requests started per second. Default 20. */
  ratePerSecond?: number;
  /** Most requests outstanding at once. Default 50. */
  maxInFlight?: number;
  /** Share of requests that are likes, 0–1 (spread evenly, not at random). Default 0.5. */
  likeShare?: number;
  /** Deadline of each request, ms. Default 5000. */
  requestTimeoutMs?: number;
  /** The clock, ms (default Date.now); also times the schedule. */
  now?: () => number;
  /** t = 0 of the samples, in `now()` units (default: `now()` at start), e.g. the drill's start. */
  t0?: number;
  /** Where the clients sit: requests are spread over these by share (default: this machine). */
  origins?: readonly LoadOrigin[];
  /** Replaces the HTTP sender (tests). */
  send?: AppSender;
}

/** Requests and successes of one region (or `unserved`) over a window. */
export interface RegionRate {
  requests: number;
  ok: number;
  /** Answered requests per second over the window. */
  ratePerSecond: number;
  /** ok / requests; null when there were none. */
  successRate: number | null;
  /** This region's requests / all requests of the window; null when there were none. */
  share: number | null;
}

/** Live figures of a load (for progress and stop conditions). */
export interface LoadStats {
  /** ms since t0. */
  elapsedMs: number;
  /** The window the rates cover: the one asked for, or less when the run is younger. */
  windowMs: number;
  /** Requests answered (or failed) within the window, by serving region; `unserved`: no region. */
  regions: Record<string, RegionRate>;
  /** All regions together over the window. */
  window: RegionRate;
  totals: {
    /** Requests started. */
    sent: number;
    /** Requests finished (answered or failed). */
    done: number;
    ok: number;
    failed: number;
    inFlight: number;
    /** Due requests not sent because `maxInFlight` were outstanding. */
    skipped: number;
    /** Finished requests by serving region (any status). */
    byRegion: Record<string, number>;
  };
}

/** A running load. */
export interface LoadRun {
  /** t = 0 of the samples, in `now()` units. */
  readonly t0: number;
  /** Rates over the last `windowMs` (answers that arrived in it) and totals so far. */
  stats(windowMs: number): LoadStats;
  /** The samples recorded so far (finished requests, in the order they finished). */
  samples(): readonly LoadSample[];
  /** Sends nothing more, waits for the requests in flight; every sample, ordered by `t`. Idempotent. */
  stop(): Promise<LoadSample[]>;
}

/** Starts the load at once; it runs until `stop()`. */
export function startLoad(options: LoadOptions): LoadRun {
  const rate = options.ratePerSecond ?? 20;
  const maxInFlight = options.maxInFlight ?? 50;
  const likeShare = options.likeShare ?? 0.5;
  const timeoutMs = options.requestTimeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  const send = options.send ?? sendAppRequest;
  if (!(rate > 0)) throw new RangeError(`ratePerSecond must be above 0 (got ${rate})`);
  if (!(maxInFlight >= 1)) throw new RangeError(`maxInFlight must be at least 1`);
  if (!(likeShare >= 0 && likeShare <= 1)) throw new RangeError(`likeShare must be within 0–1`);
  const ids = options.mysfitIds;
  const readPaths = ['/mysfits', ...ids.map((id) => `/mysfits/${encodeURIComponent(id)}`)];
  const intervalMs = 1000 / rate;
  const t0 = options.t0 ?? now();
  const started = now();
  const nextOrigin = originSpread(options.origins ?? []);

  const samples: LoadSample[] = [];
  /** When each sample's answer arrived (ms since t0), parallel to `samples`. */
  const doneAt: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const byRegion: Record<string, number> = {};
  let sent = 0;
  let okCount = 0;
  let skipped = 0;
  let ticks = 0;
  let likes = 0;
  let reads = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The n-th request is a like when it takes the running like count past n·share (even spread). */
  const isLike = (n: number) =>
    ids.length > 0 && Math.floor((n + 1) * likeShare) > Math.floor(n * likeShare);

  const fire = (n: number) => {
    const like = isLike(n);
    const mysfitId = like ? ids[likes++ % ids.length]! : undefined;
    const origin = nextOrigin();
    const from = origin?.localAddress ? { localAddress: origin.localAddress } : {};
    const request: AppRequest = like
      ? {
          method: 'POST',
          path: `/mysfits/${encodeURIComponent(mysfitId!)}/like`,
          timeoutMs,
          ...from,
        }
      : { method: 'GET', path: readPaths[reads++ % readPaths.length]!, timeoutMs, ...from };
    const t = now() - t0;
    sent++;
    const pending = send(options.url, request)
      .catch(
        (error: unknown): AppResponse => ({
          ok: false,
          status: null,
          region: null,
          latencyMs: now() - t0 - t,
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .then((answer) => {
        const sample: LoadSample = {
          t,
          kind: like ? 'like' : 'read',
          ok: answer.ok,
          status: answer.status,
          region: answer.region,
          latencyMs: answer.latencyMs,
        };
        if (origin) sample.origin = origin.name;
        if (like) sample.mysfitId = answer.mysfitId ?? mysfitId;
        if (like && answer.regionLikes !== undefined) sample.regionLikes = answer.regionLikes;
        if (answer.error !== undefined) sample.error = answer.error;
        samples.push(sample);
        doneAt.push(now() - t0);
        if (sample.ok) okCount++;
        if (sample.region !== null) byRegion[sample.region] = (byRegion[sample.region] ?? 0) + 1;
      })
      .finally(() => inFlight.delete(pending));
    inFlight.add(pending);
  };

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    // Every request due by now leaves now (catching up after a late timer), one slot each.
    const due = Math.floor((now() - started) / intervalMs) + 1;
    while (ticks < due) {
      if (inFlight.size < maxInFlight) fire(ticks);
      else skipped++;
      ticks++;
    }
    const next = started + ticks * intervalMs;
    timer = setTimeout(tick, Math.max(0, next - now()));
  };
  tick();

  const rateOf = (requests: number, ok: number, windowMs: number, all: number): RegionRate => ({
    requests,
    ok,
    ratePerSecond: windowMs > 0 ? (requests * 1000) / windowMs : 0,
    successRate: requests > 0 ? ok / requests : null,
    share: all > 0 ? requests / all : null,
  });

  let stopping: Promise<LoadSample[]> | undefined;
  return {
    t0,
    stats(windowMs) {
      const elapsedMs = now() - t0;
      const span = Math.max(0, Math.min(windowMs, now() - started));
      const from = elapsedMs - span;
      const counts: Record<string, { requests: number; ok: number }> = {};
      // Samples are in the order their answers arrived: walk back until the window's start.
      for (let i = samples.length - 1; i >= 0 && doneAt[i]! >= from; i--) {
        const s = samples[i]!;
        const c = (counts[s.region ?? UNSERVED] ??= { requests: 0, ok: 0 });
        c.requests++;
        if (s.ok) c.ok++;
      }
      const regions: Record<string, RegionRate> = {};
      let requests = 0;
      let ok = 0;
      for (const c of Object.values(counts)) {
        requests += c.requests;
        ok += c.ok;
      }
      for (const [region, c] of Object.entries(counts))
        regions[region] = rateOf(c.requests, c.ok, span, requests);
      return {
        elapsedMs,
        windowMs: span,
        regions,
        window: rateOf(requests, ok, span, requests),
        totals: {
          sent,
          done: samples.length,
          ok: okCount,
          failed: samples.length - okCount,
          inFlight: inFlight.size,
          skipped,
          byRegion: { ...byRegion },
        },
      };
    },
    samples: () => samples,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        while (inFlight.size > 0) await Promise.all([...inFlight]);
        return [...samples].sort((a, b) => a.t - b.t); // stable: ties keep their order
      })();
      return stopping;
    },
  };
}
