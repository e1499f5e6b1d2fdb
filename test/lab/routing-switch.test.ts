/**
 * The routing switch end to end in a lab of this file's own (fast timing): the operator's
 * write of `__routing#us-west-2 = out` into both regions' replicas makes us-west-2's tasks
 * fail their ALB health checks, the ALB marks its targets unhealthy, the accelerator marks
 * the endpoint UNHEALTHY and new connections land in us-east-1 — without any Global
 * Accelerator API call. Then `in` brings it all back. Prints how long each stage took.
 */
import { request } from 'node:http';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readState } from '../../src/lab/state.js';
import {
  LAB_ACCELERATOR,
  LAB_TABLE_NAME,
  labTargetGroupArn,
  type LabRegion,
} from '../../src/lab/topology.js';
import { labClientConfig, waitFor } from '../helpers/lab.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';
const REGIONS = [WEST, EAST] as const;
const STREAK = 10; // consecutive new connections in one region that count as "moved"

let lab: OwnLab;
let acceleratorUrl: string;
let ddb: Record<LabRegion, DynamoDBClient>;
let elb: Record<LabRegion, ElasticLoadBalancingV2Client>;
let ga: GlobalAcceleratorClient;

beforeAll(async () => {
  lab = await startOwnLab();
  const state = await readState(lab.dir);
  if (!state?.acceleratorUrl) throw new Error('the lab state has no acceleratorUrl');
  acceleratorUrl = state.acceleratorUrl;
  const config = (region: string) => labClientConfig(region, lab.endpoint);
  ddb = { [WEST]: new DynamoDBClient(config(WEST)), [EAST]: new DynamoDBClient(config(EAST)) };
  elb = {
    [WEST]: new ElasticLoadBalancingV2Client(config(WEST)),
    [EAST]: new ElasticLoadBalancingV2Client(config(EAST)),
  };
  ga = new GlobalAcceleratorClient(config(WEST)); // its API answers only in us-west-2
});

afterAll(async () => {
  for (const client of [...Object.values(ddb ?? {}), ...Object.values(elb ?? {}), ga]) {
    client?.destroy();
  }
  await lab?.stop();
});

/** What the operator tool writes: the switch item, into EVERY region's replica directly. */
async function setSwitch(region: LabRegion, state: 'in' | 'out', runId: string): Promise<void> {
  const item = {
    MysfitId: { S: `__routing#${region}` },
    RoutingState: { S: state },
    ChangedAt: { N: String(Date.now()) },
    ChangedBy: { S: 'test/lab/routing-switch.test.ts' },
    RunId: { S: runId },
    Reason: { S: `drill ${runId}: ${state === 'out' ? 'drain' : 'restore'} ${region}` },
  };
  await Promise.all(
    REGIONS.map((r) => ddb[r].send(new PutItemCommand({ TableName: LAB_TABLE_NAME, Item: item }))),
  );
}

/** The states of all targets of both target groups (core, like) of `region`. */
async function targetStates(region: LabRegion) {
  const groups = await Promise.all(
    (['core', 'like'] as const).map((role) =>
      elb[region].send(
        new DescribeTargetHealthCommand({ TargetGroupArn: labTargetGroupArn(region, role) }),
      ),
    ),
  );
  return groups.flatMap((g) => g.TargetHealthDescriptions ?? []).map((d) => d.TargetHealth);
}

/** True when every task behind us-west-2's ALB answers `GET /` with `status` (asked directly). */
async function tasksAnswer(region: LabRegion, status: number): Promise<boolean> {
  const targets = (
    await Promise.all(
      (['core', 'like'] as const).map((role) =>
        elb[region].send(
          new DescribeTargetHealthCommand({ TargetGroupArn: labTargetGroupArn(region, role) }),
        ),
      ),
    )
  ).flatMap((g) => g.TargetHealthDescriptions ?? []);
  const answers = await Promise.all(
    targets.map(async ({ Target }) => {
      const res = await fetch(`http://${Target?.Id}:${Target?.Port}/`).catch(() => undefined);
      await res?.text();
      return res?.status;
    }),
  );
  return answers.length > 0 && answers.every((s) => s === status);
}

/**
 * Every target in `state`. For `unhealthy`, replacements still `initial` and stopped tasks'
 * `draining` targets are left out: ECS replaces tasks that fail their health checks (after the
 * 60 s grace period, 3 s here), so a drained region's target group soon holds those too. (This
 * test relied on the lab's former kind assumption that a drained region keeps its tasks.)
 */
async function allTargets(region: LabRegion, state: 'healthy' | 'unhealthy') {
  const all = await targetStates(region);
  const targets =
    state === 'unhealthy'
      ? all.filter((t) => t?.State !== 'initial' && t?.State !== 'draining')
      : all;
  return targets.length > 0 && targets.every((t) => t?.State === state) && targets;
}

async function endpointHealth(region: LabRegion) {
  const { EndpointGroup } = await ga.send(
    new DescribeEndpointGroupCommand({
      EndpointGroupArn: LAB_ACCELERATOR.endpointGroupArn(region),
    }),
  );
  return EndpointGroup?.EndpointDescriptions?.[0];
}

/** One `GET path` through the accelerator on a new connection: status and serving region. */
function viaAccelerator(path = '/'): Promise<{ status: number; region?: string; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      `${acceleratorUrl}${path}`,
      { agent: false, timeout: 3000, headers: { connection: 'close' } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => {
          const region = res.headers['x-mysfits-region'];
          resolve({ status: res.statusCode ?? 0, region: region as string | undefined, body });
        });
        res.on('error', () => resolve({ status: 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}

/** Resolves with the ms (since `t0`) at which STREAK consecutive new connections got 200 from `region`. */
async function trafficIn(region: LabRegion, t0: number, timeoutMs: number): Promise<number> {
  let streakStart = 0;
  let streak = 0;
  return waitFor(
    `${STREAK} consecutive requests through the accelerator served by ${region}`,
    async () => {
      const sentAt = Date.now();
      const answer = await viaAccelerator();
      if (answer.status === 200 && answer.region === region) {
        if (streak === 0) streakStart = sentAt;
        streak += 1;
      } else {
        streak = 0;
      }
      return streak >= STREAK && streakStart - t0;
    },
    timeoutMs,
  );
}

/** Resolves with the ms since `t0` at which `check` first held. */
async function since(t0: number, what: string, check: () => Promise<unknown>, timeoutMs: number) {
  await waitFor(what, async () => Boolean(await check()), timeoutMs);
  return Date.now() - t0;
}

describe('routing switch in the lab', () => {
  it('out drains us-west-2 through health checks alone; in brings it back', async () => {
    // Steady state: everything healthy and the client (closest to us-west-2) served there.
    for (const region of REGIONS) {
      await waitFor(`${region} targets healthy`, () => allTargets(region, 'healthy'), 20_000);
      await waitFor(
        `${region} accelerator endpoint HEALTHY`,
        async () => (await endpointHealth(region))?.HealthState === 'HEALTHY',
        20_000,
      );
    }
    await trafficIn(WEST, Date.now(), 10_000);

    // Out.
    const out = Date.now();
    await setSwitch(WEST, 'out', 'lab-test-out');
    const [tasksOut, targetsOut, gaOut, trafficOut] = await Promise.all([
      since(out, 'us-west-2 tasks answer 503', () => tasksAnswer(WEST, 503), 10_000),
      since(out, 'us-west-2 targets unhealthy', () => allTargets(WEST, 'unhealthy'), 20_000),
      since(
        out,
        'us-west-2 endpoint UNHEALTHY',
        async () => (await endpointHealth(WEST))?.HealthState === 'UNHEALTHY',
        20_000,
      ),
      trafficIn(EAST, out, 20_000),
    ]);
    const targets = (await targetStates(WEST)).filter((t) => t?.State === 'unhealthy');
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((t) => t?.Reason === 'Target.ResponseCodeMismatch')).toBe(true);
    expect((await endpointHealth(WEST))?.HealthReason).toMatch(/no healthy target/);
    expect(await allTargets(EAST, 'healthy')).toBeTruthy(); // the other region is untouched
    expect((await endpointHealth(EAST))?.HealthState).toBe('HEALTHY');
    // Nothing but the switch changed: the traffic dials are still 100/100.
    for (const region of REGIONS) {
      const { EndpointGroup } = await ga.send(
        new DescribeEndpointGroupCommand({
          EndpointGroupArn: LAB_ACCELERATOR.endpointGroupArn(region),
        }),
      );
      expect(EndpointGroup?.TrafficDialPercentage).toBe(100);
    }
    // The app keeps working through the accelerator and never shows the switch item.
    const list = await viaAccelerator('/mysfits');
    expect(list).toMatchObject({ status: 200, region: EAST });
    const { mysfits } = JSON.parse(list.body) as { mysfits: { mysfitId: string }[] };
    expect(mysfits.length).toBeGreaterThan(0);
    expect(mysfits.some((m) => m.mysfitId.startsWith('__'))).toBe(false);

    // In again.
    const back = Date.now();
    await setSwitch(WEST, 'in', 'lab-test-in');
    const [tasksIn, targetsIn, gaIn, trafficBack] = await Promise.all([
      since(back, 'us-west-2 tasks answer 200', () => tasksAnswer(WEST, 200), 10_000),
      since(back, 'us-west-2 targets healthy', () => allTargets(WEST, 'healthy'), 20_000),
      since(
        back,
        'us-west-2 endpoint HEALTHY',
        async () => (await endpointHealth(WEST))?.HealthState === 'HEALTHY',
        20_000,
      ),
      trafficIn(WEST, back, 20_000),
    ]);

    const row = (t: number, a: number, b: number, c: number) =>
      `tasks ${t} ms → targets ${a} ms → accelerator endpoint ${b} ms → traffic ${c} ms`;
    console.log(
      [
        'routing switch timings (fast lab, refresh 250 ms; ALB 10 s × 3, accelerator 30 s × 3, scaled × 0.05):',
        `  out: ${row(tasksOut, targetsOut, gaOut, trafficOut)} (503, unhealthy, UNHEALTHY, in ${EAST})`,
        `  in:  ${row(tasksIn, targetsIn, gaIn, trafficBack)} (200, healthy, HEALTHY, in ${WEST})`,
      ].join('\n'),
    );
    expect(tasksOut).toBeLessThan(10_000); // a few 250 ms refresh periods (more on a busy host)
    expect(targetsOut).toBeLessThanOrEqual(gaOut);
    expect(trafficOut).toBeLessThan(20_000);
    expect(trafficBack).toBeLessThan(20_000);
  });
});
