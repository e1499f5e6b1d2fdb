/**
 * The routing switch end to end in a lab of this file's own (fast timing, ECS replacing
 * tasks that fail their ELB health checks): the operator's write of `routing#us-west-2 =
 * out` into the control table makes us-west-2's routing gate (a Lambda target of the
 * ALB's `mysfits-gate` group) answer its health check 503; the gate target turns unhealthy,
 * the accelerator judges the ALB endpoint UNHEALTHY (one of its target groups has no healthy
 * target) and new connections land in us-east-1 — without any Global Accelerator API call,
 * while every application target stays healthy and no task is replaced. Then `in` brings it
 * all back. A failed read of the switch (API latency beyond the gate's read timeout) changes
 * nothing: the gate keeps answering the last state it read. Prints how long each stage took.
 */
import { request } from 'node:http';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTING_GATE_HOST } from '../../src/lab/services/elbv2/seed.js';
import { readState } from '../../src/lab/state.js';
import {
  LAB_ACCELERATOR,
  LAB_CLUSTER,
  LAB_CONTROL_TABLE_NAME,
  labTargetGroupArn,
  type LabRegion,
} from '../../src/lab/topology.js';
import { runCli } from '../helpers/cli.js';
import { labClientConfig, sleep, waitFor } from '../helpers/lab.js';
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
let ecs: ECSClient;
let albUrl: string;

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
  ecs = new ECSClient(config(WEST));
  const health = (await (await fetch(`${lab.endpoint}/_lab/health`)).json()) as {
    components: Record<string, { url?: string }>;
  };
  albUrl = health.components[`alb:${WEST}:mysfits-alb`]?.url ?? '';
  if (!albUrl) throw new Error('the lab reports no us-west-2 ALB');
});

afterAll(async () => {
  for (const client of [...Object.values(ddb ?? {}), ...Object.values(elb ?? {}), ga, ecs]) {
    client?.destroy();
  }
  await lab?.stop();
});

/**
 * What the operator tool writes: the switch item in the control table (strongly consistent
 * across regions, so one write in one replica is what every region's gate reads).
 */
async function setSwitch(region: LabRegion, state: 'in' | 'out', runId: string): Promise<void> {
  const item = {
    Pk: { S: `routing#${region}` },
    RoutingState: { S: state },
    ChangedAt: { N: String(Date.now()) },
    ChangedBy: { S: 'test/lab/routing-switch.test.ts' },
    RunId: { S: runId },
    Reason: { S: `drill ${runId}: ${state === 'out' ? 'drain' : 'restore'} ${region}` },
  };
  await ddb[region].send(new PutItemCommand({ TableName: LAB_CONTROL_TABLE_NAME, Item: item }));
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

/** Every application target (core, like) of `region` healthy. */
async function appTargetsHealthy(region: LabRegion) {
  const all = await targetStates(region);
  return all.length > 0 && all.every((t) => t?.State === 'healthy');
}

/** The health of the region's gate target (the gate function in the `mysfits-gate` group). */
async function gateTarget(region: LabRegion) {
  const { TargetHealthDescriptions = [] } = await elb[region].send(
    new DescribeTargetHealthCommand({ TargetGroupArn: labTargetGroupArn(region, 'gate') }),
  );
  return TargetHealthDescriptions[0]?.TargetHealth;
}

/** The gate's own answer, asked through us-west-2's ALB with the Host its rule matches. */
async function gateAnswer(): Promise<{ status: number; state?: string; source?: string }> {
  // node:http, since fetch does not let a caller set Host.
  const { status, body } = await new Promise<{ status: number; body: string }>(
    (resolve, reject) => {
      const req = request(`${albUrl}/`, { headers: { host: ROUTING_GATE_HOST } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end();
    },
  );
  const parsed = JSON.parse(body) as { state?: string; source?: string };
  return { status, state: parsed.state, source: parsed.source };
}

/** How many us-west-2 tasks ECS has stopped so far (none should be, for the switch). */
async function stoppedTasks(): Promise<number> {
  let count = 0;
  for (const serviceName of ['mysfits-core', 'mysfits-like']) {
    const { taskArns = [] } = await ecs.send(
      new ListTasksCommand({ cluster: LAB_CLUSTER, serviceName, desiredStatus: 'STOPPED' }),
    );
    count += taskArns.length;
  }
  return count;
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

const fault = (...args: string[]) => runCli(['lab', 'fault', ...args], { env: lab.env });

/**
 * Makes us-west-2's switch unreadable for its gate (API latency beyond the gate's read
 * timeout) and resolves with the gate's first answer from its last known state.
 */
async function unreadableSwitch() {
  const added = await fault('latency', '--region', WEST, '--plane', 'api', '--ms', '1000');
  expect(added.code, added.stderr).toBe(0);
  await waitFor('the gate answers from its last known state', async () => {
    const answer = await gateAnswer();
    return answer.source === 'last-known' && answer;
  });
  return gateAnswer();
}

/** Samples `check` every 100 ms while `during` runs; resolves with every sample's result. */
async function sampleWhile<T>(check: () => Promise<T>, during: Promise<unknown>): Promise<T[]> {
  let done = false;
  const samples: T[] = [];
  const finished = during.finally(() => (done = true));
  while (!done) {
    samples.push(await check());
    await sleep(100);
  }
  await finished;
  return samples;
}

describe('routing switch in the lab', () => {
  it('out drains us-west-2 through the gate alone, app targets stay healthy, no task replaced; in brings it back', async () => {
    // Steady state: everything healthy and the client (closest to us-west-2) served there.
    for (const region of REGIONS) {
      await waitFor(`${region} app targets healthy`, () => appTargetsHealthy(region), 20_000);
      await waitFor(
        `${region} gate target healthy`,
        async () => (await gateTarget(region))?.State === 'healthy',
        20_000,
      );
      await waitFor(
        `${region} accelerator endpoint HEALTHY`,
        async () => (await endpointHealth(region))?.HealthState === 'HEALTHY',
        20_000,
      );
    }
    await trafficIn(WEST, Date.now(), 10_000);
    const stoppedBefore = await stoppedTasks();

    // Out.
    const out = Date.now();
    await setSwitch(WEST, 'out', 'lab-test-out');
    const draining = Promise.all([
      since(
        out,
        'us-west-2 gate target unhealthy',
        async () => (await gateTarget(WEST))?.State === 'unhealthy',
        20_000,
      ),
      since(
        out,
        'us-west-2 endpoint UNHEALTHY',
        async () => (await endpointHealth(WEST))?.HealthState === 'UNHEALTHY',
        20_000,
      ),
      trafficIn(EAST, out, 20_000),
    ]);
    const appDuringOut = await sampleWhile(() => appTargetsHealthy(WEST), draining);
    const [gateOut, gaOut, trafficOut] = await draining;
    // The app's own targets never left `healthy` while the region drained.
    expect(appDuringOut.length).toBeGreaterThan(0);
    expect(appDuringOut.every(Boolean)).toBe(true);
    expect(await gateTarget(WEST)).toEqual({
      State: 'unhealthy',
      Reason: 'Target.ResponseCodeMismatch',
      Description: 'Health checks failed with these codes: [503]',
    });
    expect((await endpointHealth(WEST))?.HealthReason).toMatch(
      /target group mysfits-gate has no healthy target/,
    );
    expect((await endpointHealth(WEST))?.HealthReason).not.toMatch(/mysfits-(core|like)/);
    expect(await appTargetsHealthy(EAST)).toBe(true); // the other region is untouched
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

    // A failed read while out (API latency beyond the gate's read timeout): the gate
    // answers the last state it read, so the region stays out.
    expect(await unreadableSwitch()).toEqual({ status: 503, state: 'out', source: 'last-known' });
    await trafficIn(EAST, Date.now(), 20_000);
    expect((await fault('clear')).code).toBe(0);

    // In again.
    const back = Date.now();
    await setSwitch(WEST, 'in', 'lab-test-in');
    const restoring = Promise.all([
      since(
        back,
        'us-west-2 gate target healthy',
        async () => (await gateTarget(WEST))?.State === 'healthy',
        20_000,
      ),
      since(
        back,
        'us-west-2 endpoint HEALTHY',
        async () => (await endpointHealth(WEST))?.HealthState === 'HEALTHY',
        20_000,
      ),
      trafficIn(WEST, back, 20_000),
    ]);
    const appDuringIn = await sampleWhile(() => appTargetsHealthy(WEST), restoring);
    const [gateIn, gaIn, trafficBack] = await restoring;
    expect(appDuringIn.every(Boolean)).toBe(true);

    // A failed read while in: the region stays in (a read failure never drains by itself).
    expect(await unreadableSwitch()).toEqual({ status: 200, state: 'in', source: 'last-known' });
    await trafficIn(WEST, Date.now(), 20_000);
    expect((await gateTarget(WEST))?.State).toBe('healthy');
    expect((await fault('clear')).code).toBe(0);

    // The flipped churn guard: through the whole switch, ECS replaced no us-west-2 task.
    expect(await stoppedTasks()).toBe(stoppedBefore);

    const row = (a: number, b: number, c: number) =>
      `gate target ${a} ms → accelerator endpoint ${b} ms → traffic ${c} ms`;
    console.log(
      [
        'routing switch timings (fast lab; gate group 10 s × 3, accelerator 30 s × 3, scaled × 0.05):',
        `  out: ${row(gateOut, gaOut, trafficOut)} (unhealthy, UNHEALTHY, in ${EAST})`,
        `  in:  ${row(gateIn, gaIn, trafficBack)} (healthy, HEALTHY, in ${WEST})`,
      ].join('\n'),
    );
  });
});
