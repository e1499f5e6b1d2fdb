import { describe, expect, it } from 'vitest';
import type { LatencyReading, ProbeSample } from '../../src/core/replication/schema.js';
import {
  formatDuration,
  type LagFigures,
  lagVerdict,
  median,
  probeVerdict,
  replicationExitCode,
  summarize,
  worstLagVerdict,
  worstProbeVerdict,
} from '../../src/core/replication/stats.js';

describe('median and summarize', () => {
  const cases: [number[], number][] = [
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[1000, 1000, 5000], 1000],
    [[7, 7, 7, 7], 7],
  ];
  for (const [values, expected] of cases) {
    it(`median of [${values.join(', ')}] is ${expected}`, () =>
      expect(median(values)).toBe(expected));
  }
  it('median of nothing is NaN and summarize of nothing is null', () => {
    expect(median([])).toBeNaN();
    expect(summarize([])).toBeNull();
  });
  it('summarize gives count, min, median and max', () =>
    expect(summarize([1200, 900, 1000])).toEqual({
      count: 3,
      minMs: 900,
      medianMs: 1000,
      maxMs: 1200,
    }));
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0 ms'],
    [250.4, '250 ms'],
    [1000, '1 s'],
    [1250, '1.25 s'],
    [10_000, '10 s'],
    [12_340, '12.3 s'],
    [180_000, '3 min'],
    [NaN, '?'],
  ];
  for (const [ms, text] of cases)
    it(`${ms} → ${text}`, () => expect(formatDuration(ms)).toBe(text));
});

describe('lagVerdict', () => {
  const latency = (latestAverageMs: number, ageMs: number): LatencyReading => ({
    latestAt: '2026-01-01T00:00:00.000Z',
    ageMs,
    latestAverageMs,
    latestMaximumMs: latestAverageMs,
    windowAverageMs: latestAverageMs,
    windowMaximumMs: latestAverageMs,
    datapoints: 1,
  });
  const base: Omit<LagFigures, 'latency'> = {
    from: 'us-west-2',
    to: 'us-east-1',
    failure: null,
    windowMs: 900_000,
    maxLagSeconds: 5,
    staleAfterSeconds: 300,
  };
  const failure = {
    kind: 'unreachable' as const,
    call: 'cloudwatch:GetMetricData us-west-2',
    message: 'connection refused (ECONNREFUSED)',
  };
  const cases: {
    name: string;
    input: Partial<LagFigures> & { latency: LatencyReading | null };
    verdict: string;
    says: RegExp;
  }[] = [
    {
      name: 'fresh and under the threshold',
      input: { latency: latency(1200, 30_000) },
      verdict: 'ok',
      says: /1\.2 s \(threshold 5 s\)/,
    },
    {
      name: 'exactly at the threshold',
      input: { latency: latency(5000, 30_000) },
      verdict: 'ok',
      says: /5 s/,
    },
    {
      name: 'over the threshold',
      input: { latency: latency(5001, 30_000) },
      verdict: 'lagging',
      says: /exceeds the 5 s threshold/,
    },
    {
      name: 'old datapoint',
      input: { latency: latency(100, 301_000) },
      verdict: 'stale',
      says: /is 5 min old \(stale after 300 s\)/,
    },
    {
      name: 'old and lagging: stale wins',
      input: { latency: latency(9000, 400_000) },
      verdict: 'stale',
      says: /stale after 300 s/,
    },
    {
      name: 'no datapoint',
      input: { latency: null },
      verdict: 'missing',
      says: /no ReplicationLatency datapoint in the last 15 min/,
    },
    {
      name: 'unreadable',
      input: { latency: null, failure },
      verdict: 'unknown',
      says: /could not be read \(unreachable: connection refused/,
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.verdict}`, () => {
      const judged = lagVerdict({ ...base, ...c.input });
      expect(judged.verdict).toBe(c.verdict);
      expect(judged.message).toMatch(c.says);
      expect(judged.message).toMatch(/^us-west-2 → us-east-1: /);
    });
  }
  it('never reports missing data as zero lag', () =>
    expect(lagVerdict({ ...base, latency: null }).message).not.toMatch(/\b0 ms\b/));
});

describe('probeVerdict', () => {
  const seen = (n: number, lagMs: number): ProbeSample => ({
    n,
    key: `__canary#r#a→b#${n}`,
    writtenAt: '2026-01-01T00:00:00.000Z',
    seenAt: '2026-01-01T00:00:01.000Z',
    lagMs,
    polls: 3,
    outcome: 'seen',
  });
  const other = (n: number, outcome: ProbeSample['outcome']): ProbeSample => ({
    ...seen(n, 0),
    seenAt: null,
    lagMs: null,
    outcome,
  });
  const base = {
    from: 'us-west-2',
    to: 'us-east-1',
    samplesRequested: 3,
    failure: null,
    interrupted: false,
    timeoutMs: 10_000,
    maxLagSeconds: 5,
  };
  const failure = {
    kind: 'timeout' as const,
    call: 'dynamodb:PutItem us-west-2',
    message: 'timed out after 5000 ms',
  };
  const cases: {
    name: string;
    samples: ProbeSample[];
    extra?: object;
    verdict: string;
    median: number | null;
    says: RegExp;
  }[] = [
    {
      name: 'three quick samples',
      samples: [seen(1, 900), seen(2, 1100), seen(3, 1000)],
      verdict: 'ok',
      median: 1000,
      says: /median 1 s of 3 samples\) within the 5 s threshold/,
    },
    {
      name: 'median over the threshold',
      samples: [seen(1, 4000), seen(2, 6000), seen(3, 7000)],
      verdict: 'lagging',
      median: 6000,
      says: /exceeds the 5 s threshold/,
    },
    {
      name: 'one slow outlier',
      samples: [seen(1, 1000), seen(2, 9000), seen(3, 1000)],
      verdict: 'ok',
      median: 1000,
      says: /within/,
    },
    {
      name: 'first canary never arrives',
      samples: [other(1, 'timeout')],
      verdict: 'stalled',
      median: null,
      says: /^no canary written in us-west-2 reached us-east-1 within 10 s: replication is stalled or lagging by more than 10 s$/,
    },
    {
      name: 'third canary never arrives',
      samples: [seen(1, 800), seen(2, 900), other(3, 'timeout')],
      verdict: 'stalled',
      median: 850,
      says: /^a canary written in us-west-2 did not reach us-east-1 within 10 s.*2 earlier canaries arrived/,
    },
    {
      name: 'a call failed',
      samples: [other(1, 'error')],
      extra: { failure },
      verdict: 'unknown',
      median: null,
      says: /dynamodb:PutItem us-west-2 failed \(timeout: timed out after 5000 ms\)/,
    },
    {
      name: 'interrupted',
      samples: [seen(1, 800), other(2, 'interrupted')],
      extra: { interrupted: true },
      verdict: 'unknown',
      median: 800,
      says: /interrupted after 1 of 3 samples/,
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.verdict}`, () => {
      const judged = probeVerdict({ ...base, ...c.extra, samples: c.samples });
      expect(judged.verdict).toBe(c.verdict);
      expect(judged.stats?.medianMs ?? null).toBe(c.median);
      expect(judged.message).toMatch(c.says);
    });
  }
});

describe('worst verdicts and exit codes', () => {
  it('orders lag verdicts lagging > unknown > stale > missing > ok', () => {
    expect(worstLagVerdict([])).toBe('ok');
    expect(worstLagVerdict(['ok', 'missing'])).toBe('missing');
    expect(worstLagVerdict(['missing', 'stale', 'ok'])).toBe('stale');
    expect(worstLagVerdict(['stale', 'unknown'])).toBe('unknown');
    expect(worstLagVerdict(['unknown', 'lagging', 'ok'])).toBe('lagging');
  });
  it('orders probe verdicts stalled > lagging > unknown > ok', () => {
    expect(worstProbeVerdict(['ok', 'unknown'])).toBe('unknown');
    expect(worstProbeVerdict(['unknown', 'lagging'])).toBe('lagging');
    expect(worstProbeVerdict(['lagging', 'stalled', 'ok'])).toBe('stalled');
  });
  const codes: [string[], number][] = [
    [['ok', 'ok'], 0],
    [[], 0],
    [['ok', 'lagging'], 1],
    [['stalled', 'ok'], 1],
    [['unknown', 'stalled'], 1],
    [['ok', 'unknown'], 7],
    [['missing', 'ok'], 7],
    [['stale'], 7],
  ];
  for (const [verdicts, code] of codes) {
    it(`[${verdicts.join(', ')}] exits ${code}`, () =>
      expect(replicationExitCode(verdicts as never)).toBe(code));
  }
});
