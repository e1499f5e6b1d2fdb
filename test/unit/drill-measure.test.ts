import { describe, expect, it } from 'vitest';
import type { LoadSample } from '../../src/drill/load.js';
import {
  bucketSeries,
  evaluateObjectives,
  likeCounterKey,
  lostLikes,
  measureDetection,
  measureRto,
  requestTotals,
  successRate,
  UNSERVED,
} from '../../src/drill/measure.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';

/** A read sample at `t`. */
function read(t: number, ok = true, region: string | null = ok ? WEST : null): LoadSample {
  return { t, kind: 'read', ok, status: ok ? 200 : null, region, latencyMs: 10 };
}

/** A timeline: one request every `step` ms from `from`, `x` for a failure, `.` for a success. */
function timeline(pattern: string, step = 100, from = 0): LoadSample[] {
  return [...pattern].map((c, i) => read(from + i * step, c === '.'));
}

describe('measureRto', () => {
  it.each([
    // name, pattern (100 ms apart), options, expected RTO
    ['no request', '', {}, 0],
    ['no failure', '....................', {}, 0],
    ['a single blip: recovered at the next request', '.....x' + '.'.repeat(60), {}, 100],
    [
      'a blip inside the first window pushes the start past it',
      '..x' + '.'.repeat(10) + 'x' + '.'.repeat(60),
      {},
      1200,
    ],
    ['never recovers', '....xxxxxxxxxx', {}, null],
    ['fails to the end after successes', '....x.x.x.xx', {}, null],
    [
      'a whole window exactly: 50 successes fill [start, start+5000)',
      'xxx' + '.'.repeat(50) + 'x',
      {},
      300,
    ],
    [
      'one success short of a whole window, then a failure: the next run counts',
      'xxx' + '.'.repeat(49) + 'x' + '.'.repeat(60),
      {},
      5300,
    ],
    ['the run ends after exactly minRequests successes', 'xx' + '.'.repeat(10), {}, 200],
    ['the run ends one success short of minRequests', 'xx' + '.'.repeat(9), {}, null],
    [
      'a smaller window and minimum',
      'x' + '.'.repeat(4) + 'x' + '.'.repeat(5),
      { windowMs: 500, minRequests: 5 },
      600,
    ],
    [
      'too few requests in a whole window is not yet sustained',
      'x' + '.'.repeat(12),
      { minRequests: 60 },
      null,
    ],
  ])('%s', (_name, pattern, options, expected) => {
    expect(measureRto(timeline(pattern), options)).toBe(expected);
  });

  it('orders samples by when they were sent, not by when they finished', () => {
    const samples = timeline('xx' + '.'.repeat(20)).reverse();
    expect(measureRto(samples)).toBe(200);
  });

  it('sparse load: a window holding too few requests waits for the end-of-run rule', () => {
    // One request a second: a 5 s window holds 5, fewer than 10; the run's 12 successes count.
    expect(measureRto(timeline('x' + '.'.repeat(12), 1000))).toBe(1000);
    expect(measureRto(timeline('x' + '.'.repeat(9), 1000))).toBeNull();
  });

  it('measures from the first failure even when later outages are longer', () => {
    const samples = timeline('x' + '.'.repeat(60) + 'xxxxx' + '.'.repeat(60));
    expect(measureRto(samples)).toBe(100);
  });
});

describe('bucketSeries', () => {
  const samples: LoadSample[] = [
    read(0),
    read(999),
    read(1000, false, WEST), // answered 5xx by us-west-2
    read(1500, false), // no answer
    { ...read(2500), region: EAST },
    read(2999, false),
  ];

  it('counts ok and failed per serving region per bucket, zeros included', () => {
    expect(bucketSeries(samples, 1000, 3000)).toEqual({
      [WEST]: [
        { t: 0, ok: 2, failed: 0 },
        { t: 1000, ok: 0, failed: 1 },
        { t: 2000, ok: 0, failed: 0 },
      ],
      [UNSERVED]: [
        { t: 0, ok: 0, failed: 0 },
        { t: 1000, ok: 0, failed: 1 },
        { t: 2000, ok: 0, failed: 1 },
      ],
      [EAST]: [
        { t: 0, ok: 0, failed: 0 },
        { t: 1000, ok: 0, failed: 0 },
        { t: 2000, ok: 1, failed: 0 },
      ],
    });
  });

  it.each([
    // duration, bucket → number of points
    [3000, 1000, 3],
    [3001, 1000, 4],
    [0, 1000, 1],
    [2500, 500, 5],
  ])('duration %i ms in %i ms buckets gives %i points', (duration, bucket, points) => {
    const series = bucketSeries([read(0)], bucket, duration);
    expect(series[WEST]).toHaveLength(points);
    expect(series[WEST]!.map((p) => p.t)).toEqual(
      Array.from({ length: points }, (_, i) => i * bucket),
    );
  });

  it('counts samples past the end in the last bucket and before 0 in the first', () => {
    const series = bucketSeries([read(-5), read(4200)], 1000, 3000);
    expect(series[WEST]!.map((p) => p.ok)).toEqual([1, 0, 1]);
  });

  it('has no series without samples, and no unserved key when everything was served', () => {
    expect(bucketSeries([], 1000, 3000)).toEqual({});
    expect(Object.keys(bucketSeries([read(0)], 1000, 3000))).toEqual([WEST]);
  });

  it('rejects a bucket of 0 ms', () => {
    expect(() => bucketSeries([], 0, 1000)).toThrow(RangeError);
  });
});

describe('requestTotals and successRate', () => {
  it('counts requests, failures, and answers by region of any status', () => {
    const samples = [read(0), read(1, false, WEST), read(2, false), { ...read(3), region: EAST }];
    expect(requestTotals(samples)).toEqual({
      sent: 4,
      ok: 2,
      failed: 2,
      byRegion: { [WEST]: 2, [EAST]: 1 },
    });
    expect(successRate(samples)).toBe(0.5);
    expect(successRate([])).toBeNull();
  });
});

describe('measureDetection', () => {
  const signals = [
    { t: 500, kind: 'alarm' },
    { t: 2500, kind: 'health' },
    { t: 1800, kind: 'alarm' },
  ];
  it.each([
    // fault, kinds → detection
    [1000, undefined, 800],
    [500, undefined, 0], // a signal at the fault counts
    [1000, ['health'], 1500],
    [3000, undefined, null], // nothing after the fault
    [null, undefined, null], // no fault
    [0, ['nothing'], null],
  ])('fault at %s, kinds %j → %s', (fault, kinds, expected) => {
    expect(measureDetection(fault, signals, kinds)).toBe(expected);
  });
});

describe('lostLikes', () => {
  const M1 = 'mysfit-1';
  const M2 = 'mysfit-2';
  const like = (t: number, mysfitId: string, region: string, regionLikes: number): LoadSample => ({
    t,
    kind: 'like',
    ok: true,
    status: 200,
    region,
    latencyMs: 20,
    mysfitId,
    regionLikes,
  });
  const acks = [
    like(1000, M1, WEST, 7),
    like(2000, M1, WEST, 8),
    like(3000, M1, WEST, 9),
    like(2500, M2, WEST, 3),
    like(1500, M1, EAST, 2),
    // Not acknowledged, or acknowledged without a sequence number: never counted.
    { ...like(2900, M1, WEST, 10), ok: false, status: 500 },
    { ...like(2950, M2, WEST, 4), regionLikes: undefined },
    read(2960),
  ];

  it('finds none when every counter covers its acknowledgements', () => {
    const visible = new Map([
      [likeCounterKey(M1, WEST), 9],
      [likeCounterKey(M2, WEST), 3],
      [likeCounterKey(M1, EAST), 2],
    ]);
    expect(lostLikes(acks, visible, 3500)).toEqual({ lostWrites: 0, windowMs: 0, lost: [] });
  });

  it.each([
    // visible counters (M1 west, M2 west, M1 east), fault → lost count, window, lost ts
    [[7, 3, 2], 3500, 2, 1500, [2000, 3000]],
    [[9, 2, 2], 3500, 1, 1000, [2500]],
    [[9, 3, 1], 3500, 1, 2000, [1500]],
    [[6, 3, 2], 2500, 3, 1500, [1000, 2000, 3000]],
    // A fault before the earliest lost acknowledgement: the window is 0, not negative.
    [[8, 3, 2], 2000, 1, 0, [3000]],
    // No fault: to the latest lost acknowledgement's answer (sent 3000 + 20 ms).
    [[7, 3, 2], null, 2, 1020, [2000, 3000]],
  ])('counters %j, fault %s → %i lost over %i ms', (counters, fault, count, windowMs, ts) => {
    const [m1West, m2West, m1East] = counters as [number, number, number];
    const visible = new Map([
      [likeCounterKey(M1, WEST), m1West],
      [likeCounterKey(M2, WEST), m2West],
      [likeCounterKey(M1, EAST), m1East],
    ]);
    const result = lostLikes(acks, visible, fault);
    expect(result.lostWrites).toBe(count);
    expect(result.windowMs).toBe(windowMs);
    expect(result.lost.map((s) => s.t)).toEqual(ts);
  });

  it('counts a counter that is not visible at all as 0', () => {
    const visible = new Map([[likeCounterKey(M1, WEST), 9]]);
    expect(lostLikes(acks, visible, 3500).lost.map((s) => s.t)).toEqual([1500, 2500]);
  });
});

describe('evaluateObjectives', () => {
  it.each([
    // objectives, measured → [name, met] in order
    [{ rto: 10_000 }, { rto: 4_000 }, [['rto', true]]],
    [{ rto: 10_000 }, { rto: 10_000 }, [['rto', true]]], // at the limit is met
    [{ rto: 10_000 }, { rto: 10_001 }, [['rto', false]]],
    [{ rto: 10_000 }, { rto: null }, [['rto', false]]], // never recovered
    [{ rto: 10_000 }, {}, [['rto', false]]], // not measured
    [{ successRate: 0.99 }, { successRate: 0.995 }, [['successRate', true]]],
    [{ successRate: 0.99 }, { successRate: 0.98 }, [['successRate', false]]],
    [{ lostWrites: 0 }, { lostWrites: 0 }, [['lostWrites', true]]],
    [{ lostWrites: 0 }, { lostWrites: 1 }, [['lostWrites', false]]],
    [
      { successRate: 0.9, detection: 30_000, lostWrites: 0, rpo: 0, rto: 60_000 },
      { rto: 12_000, rpo: 0, lostWrites: 0, detection: null, successRate: 0.95 },
      [
        ['rto', true],
        ['rpo', true],
        ['lostWrites', true],
        ['detection', false],
        ['successRate', true],
      ],
    ],
    [{}, { rto: 1 }, []],
  ])('%j against %j', (objectives, measured, expected) => {
    const results = evaluateObjectives(objectives, measured);
    expect(results.map((r) => [r.name, r.met])).toEqual(expected);
  });

  it('reports target, measurement and unit', () => {
    expect(
      evaluateObjectives(
        { rto: 1000, rpo: 0, lostWrites: 0, detection: 500, successRate: 0.9 },
        { rto: 800, rpo: null, lostWrites: 2, detection: 100, successRate: 0.5 },
      ),
    ).toEqual([
      { name: 'rto', target: 1000, measured: 800, unit: 'ms', met: true },
      { name: 'rpo', target: 0, measured: null, unit: 'ms', met: false },
      { name: 'lostWrites', target: 0, measured: 2, unit: 'writes', met: false },
      { name: 'detection', target: 500, measured: 100, unit: 'ms', met: true },
      { name: 'successRate', target: 0.9, measured: 0.5, unit: 'ratio', met: false },
    ]);
  });
});
