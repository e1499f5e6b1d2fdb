// How the lab's ECS service scheduler recovers and rolls: a task whose process crashes is
// deregistered, STOPPED as EssentialContainerExited and replaced; killTasks (the fault layer's
// task crash) SIGKILLs processes the same way; a task that never answers is stopped as
// TaskFailedToStart; forceNewDeployment rolls with maximumPercent 200 / minimumHealthyPercent
// 100; close() leaves no process behind.
import { type ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_CLUSTER } from '../../src/lab/topology.js';
import {
  describeService,
  describeTask,
  fixtureChildren,
  processAlive,
  processGroup,
  serviceTasks,
  startEcsTestLab,
} from '../fixtures/ecs/ecs-harness.js';
import { waitFor } from '../helpers/lab.js';
import { useTestBed } from '../helpers/test-bed.js';

const west = 'us-west-2';
const CORE = 'mysfits-core';
const LIKE = 'mysfits-like';
const t = useTestBed(() => startEcsTestLab({ seedRegions: [west], taskStartTimeoutMs: 2_000 }));
let ecs: ECSClient;

beforeAll(() => {
  ecs = t.client(west);
});

const taskId = (arn: string) => arn.split('/').at(-1)!;
const processOf = (taskArn: string) => t.ecs.taskProcesses(west).find((p) => p.taskArn === taskArn);

async function replacementOf(service: string, old: string) {
  return waitFor(
    `a RUNNING replacement in ${service}`,
    async () =>
      (await serviceTasks(ecs, service)).find(
        (task) => task.taskArn !== old && task.lastStatus === 'RUNNING',
      ),
    20_000,
  );
}

async function stoppedTask(taskArn: string) {
  return waitFor(
    `task ${taskId(taskArn)} STOPPED`,
    async () => {
      const task = await describeTask(ecs, taskArn);
      return task.lastStatus === 'STOPPED' ? task : undefined;
    },
    20_000,
  );
}

describe('crashes', () => {
  it('replaces a task whose process exits on its own', async () => {
    const [old] = await serviceTasks(ecs, CORE);
    t.nextLaunch('core', { CRASH_AFTER_MS: '600', CRASH_EXIT_CODE: '3' });
    await ecs.send(
      new UpdateServiceCommand({ cluster: LAB_CLUSTER, service: CORE, desiredCount: 2 }),
    );
    const crashing = await replacementOf(CORE, old!.taskArn!);
    const port = processOf(crashing.taskArn!)!.port;
    const crashed = await stoppedTask(crashing.taskArn!);
    expect(crashed).toMatchObject({
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(crashed.containers![0]).toMatchObject({ lastStatus: 'STOPPED', exitCode: 3 });
    const calls = t.registries[west]!.callsFor(port).map((c) => c.op);
    expect(calls.slice(0, 2)).toEqual(['register', 'deregister']);
    await waitFor(
      'two RUNNING core tasks again',
      async () => {
        const tasks = await serviceTasks(ecs, CORE);
        return tasks.length === 2 && tasks.every((task) => task.lastStatus === 'RUNNING');
      },
      20_000,
    );
    await ecs.send(
      new UpdateServiceCommand({ cluster: LAB_CLUSTER, service: CORE, desiredCount: 1 }),
    );
    await waitFor('one core task', async () => (await serviceTasks(ecs, CORE)).length === 1);
  });

  it('killTasks SIGKILLs running task processes, which are then replaced', async () => {
    expect(t.ecs.killTasks('us-east-1')).toEqual([]);
    expect(t.ecs.killTasks(west, { serviceName: 'ghost' })).toEqual([]);
    const [old] = await serviceTasks(ecs, LIKE);
    const pid = processOf(old!.taskArn!)!.pid;
    expect(t.ecs.killTasks(west, { serviceName: LIKE, count: 1 })).toEqual([old!.taskArn]);
    const killed = await stoppedTask(old!.taskArn!);
    expect(killed).toMatchObject({ stopCode: 'EssentialContainerExited' });
    expect(killed.containers![0]!.exitCode).toBe(137);
    expect(processAlive(pid)).toBe(false);
    await replacementOf(LIKE, old!.taskArn!);
  });

  it('stops a task that never answers as TaskFailedToStart and tries again', async () => {
    const [old] = await serviceTasks(ecs, LIKE);
    t.nextLaunch('like', { NO_LISTEN: '1' });
    t.ecs.killTasks(west, { serviceName: LIKE });
    const silent = await waitFor('the silent replacement', async () =>
      (await serviceTasks(ecs, LIKE)).find((task) => task.taskArn !== old!.taskArn),
    );
    const failed = await stoppedTask(silent.taskArn!);
    expect(failed.stopCode).toBe('TaskFailedToStart');
    expect(failed.stoppedReason).toMatch(/^Task failed to start: .* did not answer GET \//);
    expect(failed.startedAt).toBeUndefined();
    await replacementOf(LIKE, silent.taskArn!);
  });
});

describe('forceNewDeployment', () => {
  it('rolls: new tasks first, old ones stopped once the new run, then COMPLETED', async () => {
    await waitFor('a steady like service', async () => {
      const s = await describeService(ecs, LIKE);
      return s.runningCount === 1 && s.pendingCount === 0 && s.deployments!.length === 1;
    });
    const [old] = await serviceTasks(ecs, LIKE);
    const before = await describeService(ecs, LIKE);
    const oldDeployment = before.deployments![0]!.id!;
    const out = await ecs.send(
      new UpdateServiceCommand({ cluster: LAB_CLUSTER, service: LIKE, forceNewDeployment: true }),
    );
    const deployments = out.service!.deployments!;
    expect(deployments.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    const newDeployment = deployments[0]!.id!;
    expect(newDeployment).not.toBe(oldDeployment);

    let minRunning = Number.POSITIVE_INFINITY;
    let maxLive = 0;
    const done = await waitFor(
      'the deployment COMPLETED',
      async () => {
        const s = await describeService(ecs, LIKE);
        minRunning = Math.min(minRunning, s.runningCount!);
        maxLive = Math.max(maxLive, s.runningCount! + s.pendingCount!);
        const [primary] = s.deployments!;
        return s.deployments!.length === 1 && primary!.rolloutState === 'COMPLETED' ? s : undefined;
      },
      20_000,
    );
    expect(minRunning).toBeGreaterThanOrEqual(1);
    expect(maxLive).toBe(2);
    expect(done.deployments![0]).toMatchObject({ id: newDeployment, status: 'PRIMARY' });
    const replaced = await stoppedTask(old!.taskArn!);
    expect(replaced).toMatchObject({
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Scaling activity initiated by (deployment ${oldDeployment})`,
    });
    const [current] = await serviceTasks(ecs, LIKE);
    expect(current!.startedBy).toBe(newDeployment);
    const messages = done.events!.map((e) => e.message);
    const completed = messages.indexOf(
      `(service ${LIKE}) (deployment ${newDeployment}) deployment completed.`,
    );
    expect(completed).toBeGreaterThan(0);
    expect(messages[completed - 1]).toBe(`(service ${LIKE}) has reached a steady state.`);
  });
});

describe('close', () => {
  it('keeps task processes in the lab process group, and stops every one', async () => {
    const pids = t.ecs.taskProcesses(west).map((p) => p.pid);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    expect(fixtureChildren().sort()).toEqual([...pids].sort());
    for (const pid of pids) expect(processGroup(pid)).toBe(processGroup(process.pid));
    await t.ecs.close();
    for (const pid of pids) expect(processAlive(pid)).toBe(false);
    expect(fixtureChildren()).toEqual([]);
    expect(t.ecs.taskProcesses(west)).toEqual([]);
  });
});
