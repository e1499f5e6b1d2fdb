/**
 * ECS replaces tasks that fail their load balancer's health checks, in a lab of this file's
 * own (fast timing: the workshop's 60 s grace period lasts 3 s, a 10 s health-check interval
 * 0.5 s), observed with the real SDK and the official AWS CLI over HTTP:
 * - `lab fault failing-health-checks` churns a service's tasks; the stopped tasks carry the
 *   stoppedReason and stopCode AWS gives, the service events record it, DescribeServices counts
 *   the unhealthy task and its replacement as AWS does; clearing the fault ends the churn.
 * - REGRESSION GUARD: the routing switch drains a region with zero tasks replaced (its gate,
 *   not the app's tasks, fails the health checks; the old design churned them).
 * - The workshop's Lab 5 "option 2" (health-check path broken) churns until it is repaired.
 * - The grace period: no task is replaced before it has passed; UpdateService changes it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  type Task,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PROFILES, labClock } from '../../src/lab/profiles.js';
import {
  LAB_CLUSTER,
  LAB_CONTROL_TABLE_NAME,
  labTargetGroupArn,
  type LabRegion,
} from '../../src/lab/topology.js';
import { describeService } from '../fixtures/ecs/ecs-harness.js';
import { runCli } from '../helpers/cli.js';
import { labClientConfig, labEnv, sleep, waitFor } from '../helpers/lab.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';

const run = promisify(execFile);
const WEST = 'us-west-2';
const EAST = 'us-east-1';
const CORE = 'mysfits-core';
const LIKE = 'mysfits-like';
const clock = labClock(LAB_PROFILES.fast);
/** The workshop's grace period (60 s, infra/lib/mysfits-service.ts) on the fast clock. */
const GRACE_MS = clock.scaled(60_000);
/** Long enough for a healthy replacement to pass its checks (3 × 10 s) and settle, scaled. */
const QUIET_MS = 2 * (GRACE_MS + clock.scaled(30_000));
const ELB_REASON = 'Task failed ELB health checks in (target-group ';
const roleOf = (service: string) => (service === CORE ? 'core' : 'like');

let lab: OwnLab;
const ecs = {} as Record<LabRegion, ECSClient>;
const elb = {} as Record<LabRegion, ElasticLoadBalancingV2Client>;
const ddb = {} as Record<LabRegion, DynamoDBClient>;

beforeAll(async () => {
  lab = await startOwnLab();
  for (const region of [WEST, EAST] as const) {
    const config = labClientConfig(region, lab.endpoint);
    ecs[region] = new ECSClient(config);
    elb[region] = new ElasticLoadBalancingV2Client(config);
    ddb[region] = new DynamoDBClient(config);
  }
});

afterAll(async () => {
  for (const client of [...Object.values(ecs), ...Object.values(elb), ...Object.values(ddb)]) {
    client.destroy();
  }
  await lab?.stop();
});

/** The official AWS CLI v2 against the lab, JSON output. */
async function aws(region: string, ...args: string[]): Promise<unknown> {
  const cli = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
  const { stdout } = await run(
    cli,
    [...args, '--endpoint-url', lab.endpoint, '--region', region, '--output', 'json'],
    { env: labEnv() },
  );
  return stdout.trim() ? JSON.parse(stdout) : undefined;
}

/** Every task of a service with a desired status, described with the AWS CLI. */
async function cliTasks(region: string, service: string, status: 'RUNNING' | 'STOPPED') {
  const { taskArns } = (await aws(
    region,
    'ecs',
    'list-tasks',
    '--cluster',
    LAB_CLUSTER,
    '--service-name',
    service,
    '--desired-status',
    status,
  )) as { taskArns: string[] };
  if (taskArns.length === 0) return [];
  const { tasks } = (await aws(
    region,
    'ecs',
    'describe-tasks',
    '--cluster',
    LAB_CLUSTER,
    '--tasks',
    ...taskArns,
  )) as { tasks: { taskArn: string; stopCode?: string; stoppedReason?: string }[] };
  return tasks;
}

/** Every task of a service with a desired status, described with the SDK. */
async function tasksOf(region: LabRegion, service: string, status: 'RUNNING' | 'STOPPED') {
  const { taskArns = [] } = await ecs[region].send(
    new ListTasksCommand({ cluster: LAB_CLUSTER, serviceName: service, desiredStatus: status }),
  );
  if (taskArns.length === 0) return [];
  const { tasks = [] } = await ecs[region].send(
    new DescribeTasksCommand({ cluster: LAB_CLUSTER, tasks: taskArns }),
  );
  return tasks;
}

/** Tasks created since `since` that the scheduler stopped for failing their ELB health checks. */
async function elbStops(region: LabRegion, service: string, since: number): Promise<Task[]> {
  const stopped = await tasksOf(region, service, 'STOPPED');
  return stopped.filter(
    (t) =>
      t.stoppedReason?.startsWith(ELB_REASON) && (t.stoppingAt?.getTime() ?? 0) >= since - 1000,
  );
}

/** Service event messages since `since`, oldest first. */
async function eventsSince(region: LabRegion, service: string, since: number) {
  const { events = [] } = await describeService(ecs[region], service);
  return events
    .filter((e) => (e.createdAt?.getTime() ?? 0) >= since)
    .map((e) => e.message ?? '')
    .reverse();
}

/** Waits until `count` tasks of the service were stopped for failed health checks since `since`. */
function churned(region: LabRegion, service: string, since: number, count: number) {
  return waitFor(
    `${count} task(s) of ${region}/${service} stopped for failing ELB health checks`,
    async () => {
      const stops = await elbStops(region, service, since);
      return stops.length >= count && stops;
    },
    60_000,
  );
}

/** Waits until the service runs one task, nothing pending, its target healthy. */
async function calm(region: LabRegion, service: string): Promise<Task> {
  return waitFor(
    `${region}/${service} calm (1 running task, target healthy)`,
    async () => {
      const s = await describeService(ecs[region], service);
      if (s.runningCount !== 1 || s.pendingCount !== 0) return false;
      const { TargetHealthDescriptions: targets = [] } = await elb[region].send(
        new DescribeTargetHealthCommand({
          TargetGroupArn: labTargetGroupArn(region, roleOf(service)),
        }),
      );
      const running = await tasksOf(region, service, 'RUNNING');
      return (
        targets.length === 1 &&
        targets[0]!.TargetHealth?.State === 'healthy' &&
        running.length === 1 &&
        running[0]!
      );
    },
    60_000,
  );
}

/** Asserts that the service starts and stops nothing for QUIET_MS from `from` and keeps `task`. */
async function staysQuiet(
  region: LabRegion,
  service: string,
  task: Task,
  from = Date.now(),
): Promise<void> {
  await sleep(Math.max(0, from + QUIET_MS - Date.now()));
  const events = await eventsSince(region, service, from);
  expect(events.filter((m) => / has (started|stopped) /.test(m))).toEqual([]);
  const running = await tasksOf(region, service, 'RUNNING');
  expect(running.map((t) => t.taskArn)).toEqual([task.taskArn]);
}

/** Checks what every ELB-stopped task shows and that a replacement started before it stopped. */
async function checkStops(region: LabRegion, service: string, stops: Task[]) {
  const tg = labTargetGroupArn(region, roleOf(service));
  const all = [
    ...(await tasksOf(region, service, 'RUNNING')),
    ...(await tasksOf(region, service, 'STOPPED')),
  ];
  for (const task of stops) {
    expect(task.stopCode).toBe('ServiceSchedulerInitiated');
    expect(task.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${tg})`);
    // Not replaced before the grace period after it started had passed.
    expect(task.stoppingAt!.getTime() - task.startedAt!.getTime()).toBeGreaterThanOrEqual(
      GRACE_MS - 1,
    );
    // The replacement was started first.
    const replacement = all.find(
      (t) =>
        t.taskArn !== task.taskArn &&
        t.createdAt!.getTime() >= task.startedAt!.getTime() &&
        t.createdAt!.getTime() <= task.stoppingAt!.getTime(),
    );
    expect(replacement, `a replacement of ${task.taskArn} started before it stopped`).toBeDefined();
  }
}

/** What the operator tool writes for the routing switch: the item, in the control table. */
async function setSwitch(region: LabRegion, state: 'in' | 'out'): Promise<void> {
  const item = {
    Pk: { S: `routing#${region}` },
    RoutingState: { S: state },
    ChangedAt: { N: String(Date.now()) },
    ChangedBy: { S: 'test/lab/ecs-health-replacement.test.ts' },
    RunId: { S: `ecs-churn-${state}` },
    Reason: { S: `${state === 'out' ? 'drain' : 'restore'} ${region}` },
  };
  await ddb[region].send(new PutItemCommand({ TableName: LAB_CONTROL_TABLE_NAME, Item: item }));
}

describe('ECS replaces tasks that fail their load balancer health checks', () => {
  it('lab fault failing-health-checks churns the tasks; clearing it ends the churn', async () => {
    const original = await calm(WEST, LIKE);
    const t0 = Date.now();
    const fault = await runCli(
      ['lab', 'fault', 'failing-health-checks', '--region', WEST, '--service', LIKE],
      { env: lab.env },
    );
    expect(fault.code, fault.stderr).toBe(0);
    // Sample DescribeServices while it churns: counts as AWS counts them.
    let maxRunning = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const s = await describeService(ecs[WEST], LIKE);
        maxRunning = Math.max(maxRunning, s.runningCount!);
        expect(s.deployments![0]!.runningCount).toBe(s.runningCount);
        expect(s.runningCount!).toBeLessThanOrEqual(2); // maximumPercent 200 of desiredCount 1
        await sleep(100);
      }
    })();
    // A replacement that fails the same check is replaced again: two stops at least.
    const stops = await churned(WEST, LIKE, t0, 2).finally(() => (sampling = false));
    await sampler;
    expect(stops.map((t) => t.taskArn)).toContain(original.taskArn);
    await checkStops(WEST, LIKE, stops);
    // The unhealthy task keeps RUNNING until its replacement's health is known.
    expect(maxRunning).toBe(2);

    // The same, as the official AWS CLI shows it.
    const cliStopped = await cliTasks(WEST, LIKE, 'STOPPED');
    const tg = labTargetGroupArn(WEST, 'like');
    expect(cliStopped.find((t) => t.taskArn === original.taskArn)).toMatchObject({
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Task failed ELB health checks in (target-group ${tg})`,
    });

    const events = await eventsSince(WEST, LIKE, t0);
    const id = original.taskArn!.split('/').at(-1)!;
    const unhealthy = events.findIndex((m) =>
      new RegExp(
        `^\\(service ${LIKE}\\) \\(task ${id}\\) \\(port \\d+\\) is unhealthy in \\(target-group ${tg.replace(/[/.]/g, '\\$&')}\\) due to \\(reason Request timed out\\)\\.$`,
      ).test(m),
    );
    expect(unhealthy, events.join('\n')).toBeGreaterThanOrEqual(0);
    const after = events.slice(unhealthy);
    const started = after.findIndex((m) =>
      /^\(service mysfits-like\) has started 1 tasks: /.test(m),
    );
    const stopped = after.indexOf(`(service ${LIKE}) has stopped 1 running tasks: (task ${id}).`);
    expect(started).toBeGreaterThan(0);
    expect(stopped).toBeGreaterThan(started); // the replacement first, then the stop
    expect(after).toContain(`(service ${LIKE}) deregistered 1 targets in (target-group ${tg})`);

    const cleared = await runCli(['lab', 'fault', 'clear'], { env: lab.env });
    expect(cleared.code, cleared.stderr).toBe(0);
    const last = await calm(WEST, LIKE);
    await staysQuiet(WEST, LIKE, last);
    // The core service had no fault: nothing of it was replaced.
    expect(await elbStops(WEST, CORE, t0)).toEqual([]);
  }, 180_000);

  it('REGRESSION GUARD: the routing switch drains a region with ZERO tasks replaced', async () => {
    // The switch used to make the drained region's tasks answer their health checks 503, so
    // ECS replaced them again and again (this test asserted churn > 0 then). Now the region's
    // gate (a Lambda target of its own target group) fails instead: the gate target turns
    // unhealthy, the app's targets stay healthy, and over longer than the grace period plus
    // the unhealthy threshold, when the old design had already replaced tasks, none is.
    const core = await calm(WEST, CORE);
    const like = await calm(WEST, LIKE);
    const t0 = Date.now();
    await setSwitch(WEST, 'out');
    await waitFor('the us-west-2 gate target unhealthy (the switch took effect)', async () => {
      const { TargetHealthDescriptions: [gate] = [] } = await elb[WEST].send(
        new DescribeTargetHealthCommand({ TargetGroupArn: labTargetGroupArn(WEST, 'gate') }),
      );
      return gate?.TargetHealth?.State === 'unhealthy';
    });
    await Promise.all([staysQuiet(WEST, CORE, core, t0), staysQuiet(WEST, LIKE, like, t0)]);
    expect(await elbStops(WEST, CORE, t0)).toEqual([]);
    expect(await elbStops(WEST, LIKE, t0)).toEqual([]);
    for (const role of ['core', 'like'] as const) {
      const { TargetHealthDescriptions: targets = [] } = await elb[WEST].send(
        new DescribeTargetHealthCommand({ TargetGroupArn: labTargetGroupArn(WEST, role) }),
      );
      expect(targets.map((t) => t.TargetHealth?.State)).toEqual(['healthy']);
    }
    const events = await eventsSince(WEST, CORE, t0);
    expect(events.filter((m) => / is unhealthy in /.test(m))).toEqual([]);
    // The other region is untouched.
    expect(await elbStops(EAST, CORE, t0)).toEqual([]);
    expect(await elbStops(EAST, LIKE, t0)).toEqual([]);

    await setSwitch(WEST, 'in');
    await calm(WEST, CORE);
    await calm(WEST, LIKE);
  }, 180_000);

  it("the workshop's Lab 5 option 2 (broken health checks) churns until repaired", async () => {
    const original = await calm(WEST, CORE);
    const tg = labTargetGroupArn(WEST, 'core');
    const t0 = Date.now();
    // As scripts/workshop-lab5.sh breaks them: the health-check path, with the AWS CLI.
    await aws(
      WEST,
      'elbv2',
      'modify-target-group',
      '--target-group-arn',
      tg,
      '--health-check-path',
      '/not-here',
    );
    const stops = await churned(WEST, CORE, t0, 2);
    expect(stops.map((t) => t.taskArn)).toContain(original.taskArn);
    await checkStops(WEST, CORE, stops);
    // Each replacement is marked for the broken path in turn (the first task may have been
    // marked just before by a health check that timed out on a loaded host).
    const events = await eventsSince(WEST, CORE, t0);
    const reasons = events.filter((m) =>
      m.endsWith('due to (reason Health checks failed with these codes: [404]).'),
    );
    expect(reasons.length, events.join('\n')).toBeGreaterThanOrEqual(1);

    await elb[WEST].send(
      new ModifyTargetGroupCommand({ TargetGroupArn: tg, HealthCheckPath: '/' }),
    );
    const last = await calm(WEST, CORE);
    await staysQuiet(WEST, CORE, last);
  }, 180_000);

  it('replaces no task before the grace period has passed; UpdateService changes it', async () => {
    const original = await calm(EAST, CORE);
    expect((await describeService(ecs[EAST], CORE)).healthCheckGracePeriodSeconds).toBe(60);
    // A grace period of a day, with the AWS CLI: it counts from each task's start, and this task
    // has run for minutes of the lab's clock already.
    await aws(
      EAST,
      'ecs',
      'update-service',
      '--cluster',
      LAB_CLUSTER,
      '--service',
      CORE,
      '--health-check-grace-period-seconds',
      '86400',
    );
    const shown = (await aws(
      EAST,
      'ecs',
      'describe-services',
      '--cluster',
      LAB_CLUSTER,
      '--services',
      CORE,
    )) as {
      services: { healthCheckGracePeriodSeconds: number; deployments: unknown[] }[];
    };
    expect(shown.services[0]).toMatchObject({ healthCheckGracePeriodSeconds: 86_400 });
    expect(shown.services[0]!.deployments).toHaveLength(1); // it starts no deployment

    const t0 = Date.now();
    await runCli(['lab', 'fault', 'failing-health-checks', '--region', EAST, '--service', CORE], {
      env: lab.env,
    });
    await waitFor(
      'the us-east-1 core target unhealthy',
      async () => {
        const { TargetHealthDescriptions: d = [] } = await elb[EAST].send(
          new DescribeTargetHealthCommand({ TargetGroupArn: labTargetGroupArn(EAST, 'core') }),
        );
        return d.length === 1 && d[0]!.TargetHealth?.State === 'unhealthy';
      },
      30_000,
    );
    // Unhealthy for longer than the workshop's 60 s would allow, yet inside the new day.
    await sleep(GRACE_MS + clock.scaled(30_000));
    expect(await elbStops(EAST, CORE, t0)).toEqual([]);
    expect((await eventsSince(EAST, CORE, t0)).filter((m) => m.includes('is unhealthy'))).toEqual(
      [],
    );
    expect((await tasksOf(EAST, CORE, 'RUNNING')).map((t) => t.taskArn)).toEqual([
      original.taskArn,
    ]);

    // Back to 0 (AWS's default when none is given): the task is replaced at once.
    await ecs[EAST].send(
      new UpdateServiceCommand({
        cluster: LAB_CLUSTER,
        service: CORE,
        healthCheckGracePeriodSeconds: 0,
      }),
    );
    const stops = await churned(EAST, CORE, t0, 1);
    expect(stops[0]!.taskArn).toBe(original.taskArn);
    await expect(
      ecs[EAST].send(
        new UpdateServiceCommand({
          cluster: LAB_CLUSTER,
          service: CORE,
          healthCheckGracePeriodSeconds: -1,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(/healthCheckGracePeriodSeconds value -1/),
    });

    await ecs[EAST].send(
      new UpdateServiceCommand({
        cluster: LAB_CLUSTER,
        service: CORE,
        healthCheckGracePeriodSeconds: 60,
      }),
    );
    await runCli(['lab', 'fault', 'clear'], { env: lab.env });
    await calm(EAST, CORE);
  }, 180_000);
});
