/**
 * Where a change sends each client origin (expected-landing.ts), how the landing watch judges
 * a run of landings against every origin at once (landing.ts), and how NewFlowCount periods
 * are judged and waited for (flow-confirmation.ts, with a stand-in CloudWatch for the failures
 * the lab cannot be made to show: flows the accelerator keeps sending to a closed region,
 * CloudWatch not answering). The lab cases are in test/lab/failover-cli.test.ts; these
 * cover the rules one by one.
 */
import { describe, expect, it } from 'vitest';
import type { CloudWatchReader } from '../../src/core/ports.js';
import { assessStatus } from '../../src/core/status/assess.js';
import type { StatusFacts } from '../../src/core/status/facts.js';
import {
  closedToEveryone,
  expectedLanding,
  type OriginLanding,
} from '../../src/core/traffic/expected-landing.js';
import {
  flowConfirmationStep,
  judgeFlows,
  periodsOf,
} from '../../src/core/traffic/flow-confirmation.js';
import { LandingJudge, landingStep } from '../../src/core/traffic/landing.js';
import { config, EAST, healthyFacts, regionFacts, WEST } from '../helpers/status-facts.js';

function doc(westDial: number, eastDial: number, eastHealth = 'HEALTHY') {
  const facts: StatusFacts = {
    ...healthyFacts(),
    regions: [regionFacts(WEST, westDial), regionFacts(EAST, eastDial, eastHealth)],
  };
  return assessStatus(config, facts);
}

const byOrigin = (expected: OriginLanding[] | null) =>
  Object.fromEntries((expected ?? []).map((e) => [e.clientsNearest, e]));

describe('expectedLanding', () => {
  it('a failback from 0/100 to 100/100: each origin served by its own region; only us-west-2 clients see the move', () => {
    const after = byOrigin(expectedLanding(config, doc(0, 100), { dials: { [WEST]: 100 } }));
    expect(after[WEST]).toMatchObject({ allowed: [WEST], mustSee: WEST });
    expect(after[EAST]).toMatchObject({ allowed: [EAST], mustSee: null });
  });

  it('a failover from 100/100 to 0/100: every origin lands in us-east-1, us-west-2 is closed to all', () => {
    const expected = expectedLanding(config, doc(100, 100), { dials: { [WEST]: 0, [EAST]: 100 } });
    const after = byOrigin(expected);
    expect(after[WEST]).toMatchObject({ allowed: [EAST], mustSee: EAST });
    expect(after[EAST]).toMatchObject({ allowed: [EAST], mustSee: null });
    expect(closedToEveryone(expected!)).toEqual([WEST]);
  });

  it('us-west-2 at 50%: its clients split and must show us-east-1; us-east-1 clients unchanged; nothing closed', () => {
    const expected = expectedLanding(config, doc(100, 100), { dials: { [WEST]: 50 } });
    const after = byOrigin(expected);
    expect(after[WEST]!.allowed.sort()).toEqual([EAST, WEST].sort());
    expect(after[WEST]!.mustSee).toBe(EAST);
    expect(after[WEST]!.shares).toEqual({ [WEST]: 50, [EAST]: 50 });
    expect(after[EAST]).toMatchObject({ allowed: [EAST], mustSee: null });
    expect(closedToEveryone(expected!)).toEqual([]);
  });

  it('marking us-west-2 out (unhealthy) at 100/100 sends every origin to us-east-1', () => {
    const expected = expectedLanding(config, doc(100, 100), { unhealthy: [WEST] });
    expect(closedToEveryone(expected!)).toEqual([WEST]);
  });

  it('a target that is unhealthy now but that the plan brings up counts as serving', () => {
    const expected = expectedLanding(config, doc(100, 0, 'UNHEALTHY'), {
      dials: { [EAST]: 100, [WEST]: 0 },
      healthy: [EAST],
    });
    expect(byOrigin(expected)[WEST]).toMatchObject({ allowed: [EAST], mustSee: EAST });
  });
});

describe('LandingJudge', () => {
  const failback = expectedLanding(config, doc(0, 100), { dials: { [WEST]: 100 } })!;
  const origins = (runs: { expected: OriginLanding }[]) =>
    runs.map((r) => r.expected.clientsNearest);

  it('from near us-east-1: three in a row in us-east-1 complete the us-east-1 origin, without a move seen', () => {
    const judge = new LandingJudge(failback, 3);
    expect(judge.record(1, EAST)).toEqual([]);
    expect(judge.record(2, EAST)).toEqual([]);
    const [run, ...more] = judge.record(3, EAST);
    expect(more).toEqual([]);
    expect(run?.expected.clientsNearest).toBe(EAST);
    expect(run?.sawMoveAt).toBeNull();
  });

  it('from near us-west-2: landings in us-east-1 then us-west-2; the run starts at the first us-west-2 one', () => {
    const judge = new LandingJudge(failback, 3);
    judge.record(1, EAST);
    expect(judge.record(2, WEST)).toEqual([]); // breaks the us-east-1 run
    expect(judge.record(3, WEST)).toEqual([]);
    const [run] = judge.record(4, WEST);
    expect(run?.expected.clientsNearest).toBe(WEST);
    expect(run?.sawMoveAt).toBe(2);
  });

  it('a failed request breaks every run', () => {
    const judge = new LandingJudge(failback, 2);
    judge.record(1, WEST);
    judge.record(2, null);
    expect(judge.record(3, WEST)).toEqual([]);
    expect(judge.longest()).toBe(1);
  });

  it('a failover: landings in us-east-1 complete both origins, the us-west-2 one having seen the move', () => {
    const over = expectedLanding(config, doc(100, 100), { dials: { [WEST]: 0, [EAST]: 100 } })!;
    const judge = new LandingJudge(over, 2);
    judge.record(1, EAST);
    const runs = judge.record(2, EAST);
    expect(origins(runs).sort()).toEqual([EAST, WEST].sort());
    expect(runs.find((r) => r.sawMoveAt !== null)?.expected.clientsNearest).toBe(WEST);
  });

  it('a split origin needs one landing in the region the change raised before its run counts', () => {
    const split = expectedLanding(config, doc(100, 100), { dials: { [WEST]: 50 } })!;
    const judge = new LandingJudge(
      split.filter((e) => e.clientsNearest === WEST),
      2,
    );
    expect(judge.record(1, WEST)).toEqual([]);
    expect(judge.record(2, WEST)).toEqual([]); // two in a row, but us-east-1 not seen yet
    expect(judge.record(3, EAST)[0]?.sawMoveAt).toBe(3);
  });
});

describe('landingStep', () => {
  const failback = expectedLanding(config, doc(0, 100), { dials: { [WEST]: 100 } })!;
  /** Runs the watch with a probe answering from `region` and the given accelerator state. */
  async function watch(region: string, settled: () => Promise<boolean>, timeoutMs = 2_000) {
    let now = 0;
    let settledReads = 0;
    const probe = {
      url: 'http://app',
      request: async () => ({ ok: true, status: 200, region, ms: 1 }),
    };
    const step = landingStep(
      probe,
      failback,
      { consecutive: 3, timeoutMs, intervalMs: 100, requestTimeoutMs: 100, path: '/' },
      { trafficChangedAt: 0 },
      'observe:us-west-2',
      () => (settledReads++, settled()),
    );
    const ctx = {
      timer: { now: () => now, sleep: async (ms: number) => void (now += ms) },
      signal: new AbortController().signal,
      note: () => undefined,
    };
    return { result: await step.apply(ctx), settledReads };
  }

  it('landings in us-east-1 count as a probe near us-east-1 only once the accelerator holds the end state', async () => {
    const { result, settledReads } = await watch(EAST, async () => true);
    expect(result).toMatchObject({
      probeClientsNearest: EAST,
      probeSawMove: false,
      landedAfterMs: null,
    });
    expect(settledReads).toBe(1);
  });

  it('while the accelerator does not hold it (a us-west-2 client before the change took), the watch goes on until NOT_CONVERGED', async () => {
    await expect(watch(EAST, async () => false)).rejects.toMatchObject({ code: 'NOT_CONVERGED' });
  });
});

describe('judgeFlows', () => {
  const series = (values: Record<string, [number, number][]>) =>
    Object.entries(values).map(([label, points], i) => ({
      id: `flows${i}`,
      label,
      timestamps: points.map(([t]) => t),
      values: points.map(([, v]) => v),
      statusCode: 'Complete',
      messages: [],
    }));

  it('the newest period with flows decides; regions without a datapoint count 0', () => {
    const periods = periodsOf(
      [WEST, EAST],
      series({
        [WEST]: [[1_000, 4]],
        [EAST]: [
          [1_000, 2],
          [2_000, 7],
        ],
      }),
    );
    expect(periods).toEqual([
      { startMs: 1_000, byRegion: { [WEST]: 4, [EAST]: 2 } },
      { startMs: 2_000, byRegion: { [WEST]: 0, [EAST]: 7 } },
    ]);
    expect(judgeFlows(periods, [WEST])).toEqual({ period: periods[1], leaked: [] });
  });

  it('a closed region with flows in the newest period has leaked; no flows at all is no verdict', () => {
    const periods = periodsOf([WEST, EAST], series({ [WEST]: [[3_000, 1]], [EAST]: [[3_000, 5]] }));
    expect(judgeFlows(periods, [WEST])?.leaked).toEqual([WEST]);
    expect(judgeFlows([], [WEST])).toBeUndefined();
  });
});

describe('flowConfirmationStep', () => {
  const expected = expectedLanding(config, doc(100, 100), { dials: { [WEST]: 0, [EAST]: 100 } })!;
  /** A clock that moves only when the step sleeps; the step starts at t = 10 s. */
  function run(answer: (startMs: number, endMs: number) => Promise<Record<string, number>>) {
    let now = 10_000;
    const queried: number[] = [];
    const cloudwatch: CloudWatchReader = {
      describeAlarms: () => Promise.resolve([]),
      async getMetricData(queries, startMs, endMs) {
        queried.push(startMs);
        const counts = await answer(startMs, endMs);
        return queries.map((q) => ({
          id: q.id,
          label: q.label ?? '',
          timestamps: counts[q.label ?? ''] ? [endMs - 1_000] : [],
          values: counts[q.label ?? ''] ? [counts[q.label ?? '']!] : [],
          statusCode: 'Complete',
          messages: [],
        }));
      },
    };
    const notes: string[] = [];
    const step = flowConfirmationStep(
      {
        cloudwatch,
        acceleratorId: 'acc',
        listenerId: 'lis',
        regions: [WEST, EAST],
        periodSeconds: 1,
        waitMs: 5_000,
      },
      expected,
    );
    const ctx = {
      timer: { now: () => now, sleep: async (ms: number) => void (now += ms) },
      signal: new AbortController().signal,
      note: (text: string) => void notes.push(text),
    };
    return { result: step.apply(ctx), queried, notes };
  }

  it('confirms once a complete period after the landing has flows and none in us-west-2', async () => {
    const { result, queried } = await run(async () => ({ [EAST]: 9 }));
    expect(await result).toMatchObject({
      confirmed: true,
      [`flows:${EAST}`]: 9,
      [`flows:${WEST}`]: 0,
    });
    // Only periods wholly after the step began are read.
    expect(Math.min(...queried)).toBeGreaterThanOrEqual(10_000);
  });

  it('us-west-2 still counting new flows when the wait ends: FLOWS_NOT_MOVED naming it', async () => {
    const { result } = await run(async () => ({ [WEST]: 2, [EAST]: 7 }));
    await expect(result).rejects.toMatchObject({ code: 'FLOWS_NOT_MOVED' });
    await expect(result).rejects.toThrow(/us-west-2 2/);
  });

  it('no flows, or CloudWatch not answering: unconfirmed with the reason, not an error', async () => {
    const idle = run(async () => ({}));
    expect(await idle.result).toMatchObject({ confirmed: false });
    expect(idle.notes.join()).toMatch(/not confirmed/);
    const down = run(() => Promise.reject(new Error('connect ECONNREFUSED')));
    expect(await down.result).toMatchObject({ confirmed: false });
    expect(String((await down.result)!.reason)).toContain('ECONNREFUSED');
  });
});
