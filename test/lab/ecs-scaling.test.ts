// ECS tasks as real processes: UpdateService scales out (PROVISIONING → PENDING → RUNNING,
// processes answer, targets registered) and in (deregistered and drained before SIGTERM,
// process gone, STOPPED with the scheduler's reason); StopTask stops a task and the service
// replaces it; a task that ignores SIGTERM is SIGKILLed after the (scaled) stop timeout.
import { type ECSClient, StopTaskCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_CLUSTER, labTargetGroupArn } from '../../src/lab/topology.js';
import {
  DEREGISTRATION_DELAY_MS,
  describeService,
  describeTask,
  processAlive,
  serviceTasks,
  startEcsTestLab,
  testClock,
} from '../fixtures/ecs/ecs-harness.js';
import { waitFor } from '../helpers/lab.js';
import { useTestBed } from '../helpers/test-bed.js';

const west = 'us-west-2';
const LIKE = 'mysfits-like';
const STOP_TIMEOUT_MS = testClock.scaled(30_000);
const t = useTestBed(() => startEcsTestLab({ seedRegions: [west] }));
let ecs: ECSClient;

beforeAll(() => {
  ecs = t.client(west);
});

const setDesired = (desiredCount: number) =>
  ecs.send(new UpdateServiceCommand({ cluster: LAB_CLUSTER, service: LIKE, desiredCount }));
const processOf = (taskArn: string) => t.ecs.taskProcesses(west).find((p) => p.taskArn === taskArn);

describe('UpdateService', () => {
  it('scales out: new tasks go PROVISIONING → PENDING → RUNNING, answer, and are registered', async () => {
    const before = new Set((await serviceTasks(ecs, LIKE)).map((task) => task.taskArn));
    for (let i = 0; i < 2; i += 1) t.nextLaunch('like', { LISTEN_DELAY_MS: '400' });
    const updated = await setDesired(3);
    expect(updated.service).toMatchObject({ desiredCount: 3, runningCount: 1 });

    const seen = new Map<string, string[]>();
    const registeredWhilePending: number[] = [];
    await waitFor(
      'three RUNNING like tasks',
      async () => {
        // Registrations are read before the tasks are described: one seen here happened
        // before the task's status was read, so that status cannot be PENDING.
        const registeredBefore = new Map(
          t.ecs
            .taskProcesses(west)
            .map((p) => [p.taskArn, t.registries[west]!.callsFor(p.port).length]),
        );
        const tasks = await serviceTasks(ecs, LIKE);
        for (const task of tasks) {
          const statuses = seen.get(task.taskArn!) ?? [];
          if (statuses.at(-1) !== task.lastStatus) statuses.push(task.lastStatus!);
          seen.set(task.taskArn!, statuses);
          const proc = processOf(task.taskArn!);
          if (task.lastStatus === 'PENDING' && proc) {
            expect(processAlive(proc.pid)).toBe(true);
            const registrations = registeredBefore.get(task.taskArn!) ?? 0;
            if (registrations > 0) registeredWhilePending.push(registrations);
          }
        }
        return tasks.length === 3 && tasks.every((task) => task.lastStatus === 'RUNNING');
      },
      20_000,
    );
    const added = [...seen.keys()].filter((arn) => !before.has(arn));
    expect(added).toHaveLength(2);
    expect(registeredWhilePending).toEqual([]);
    for (const arn of added) {
      expect(seen.get(arn)).toEqual(['PROVISIONING', 'PENDING', 'RUNNING']);
      const proc = processOf(arn)!;
      expect(processAlive(proc.pid)).toBe(true);
      expect((await fetch(`http://127.0.0.1:${proc.port}/`)).status).toBe(200);
      expect(t.registries[west]!.callsFor(proc.port).map((c) => c.op)).toEqual(['register']);
    }
    const service = await describeService(ecs, LIKE);
    expect(service).toMatchObject({ desiredCount: 3, runningCount: 3, pendingCount: 0 });
    const ids = added.map((arn) => arn.split('/').at(-1));
    const started = service.events!.find((e) => e.message!.includes('has started 2 tasks'));
    expect(started?.message).toBe(
      `(service ${LIKE}) has started 2 tasks: ${ids.map((id) => `(task ${id})`).join(' ')}.`,
    );
    await waitFor('a steady state', async () =>
      (await describeService(ecs, LIKE)).events![0]!.message!.endsWith(
        'has reached a steady state.',
      ),
    );
  });

  it('scales in: deregisters and drains, then SIGTERM; the process exits and the task is STOPPED', async () => {
    const running = await serviceTasks(ecs, LIKE);
    const procs = new Map(running.map((task) => [task.taskArn!, processOf(task.taskArn!)!]));
    await setDesired(1);

    const stopping = await waitFor('two tasks desired STOPPED', async () => {
      const stopped = await serviceTasks(ecs, LIKE, 'STOPPED');
      return stopped.length === 2 ? stopped : undefined;
    });
    for (const task of stopping) {
      expect(task.lastStatus).toBe('DEACTIVATING');
      expect(processAlive(procs.get(task.taskArn!)!.pid)).toBe(true);
    }
    await waitFor(
      'both STOPPED',
      async () =>
        (await serviceTasks(ecs, LIKE, 'STOPPED')).every((task) => task.lastStatus === 'STOPPED'),
      20_000,
    );
    const registry = t.registries[west]!;
    const tg = labTargetGroupArn(west, 'like');
    const deployment = (await describeService(ecs, LIKE)).deployments![0]!.id!;
    for (const { taskArn } of stopping) {
      const task = await describeTask(ecs, taskArn!);
      const proc = procs.get(taskArn!)!;
      expect(task).toMatchObject({
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: `Scaling activity initiated by (deployment ${deployment})`,
      });
      expect(task.containers![0]).toMatchObject({ lastStatus: 'STOPPED', exitCode: 0 });
      expect(processAlive(proc.pid)).toBe(false);
      const calls = registry.callsFor(proc.port);
      expect(calls.map((c) => c.op)).toEqual(['register', 'deregister', 'deregistered']);
      expect(calls[1]!.targetGroupArn).toBe(tg);
      const drained = calls[2]!.at;
      expect(drained - calls[1]!.at).toBeGreaterThanOrEqual(DEREGISTRATION_DELAY_MS - 5);
      // SIGTERM only after the target was drained: the process ended after that.
      expect(task.executionStoppedAt!.getTime()).toBeGreaterThanOrEqual(drained - 1);
      expect(task.stoppingAt!.getTime()).toBeLessThanOrEqual(calls[1]!.at + 1);
      expect(task.stoppedAt!.getTime()).toBeGreaterThanOrEqual(task.executionStoppedAt!.getTime());
    }
    const service = await describeService(ecs, LIKE);
    expect(service).toMatchObject({ desiredCount: 1, runningCount: 1, pendingCount: 0 });
    const messages = service.events!.map((e) => e.message!);
    expect(messages[0]).toBe(`(service ${LIKE}) has reached a steady state.`);
    const ids = stopping.map((task) => `(task ${task.taskArn!.split('/').at(-1)})`);
    // ECS reports the tasks a scheduler pass stopped in one event; on a busy host the two stops
    // can fall in two passes (two events, 1 task each). Either way each task is named once.
    const stopEvents = messages
      .map((m) => /^\(service [^)]+\) has stopped (\d+) running tasks: (.*)\.$/.exec(m))
      .filter((m) => m !== null);
    expect(
      stopEvents.reduce((n, m) => n + Number(m[1]), 0),
      messages.join('\n'),
    ).toBe(2);
    const named = stopEvents.flatMap((m) => m[2]!.match(/\(task [^)]+\)/g) ?? []);
    expect(named.sort()).toEqual([...ids].sort());
    expect(messages).toContain(`(service ${LIKE}) deregistered 1 targets in (target-group ${tg})`);
    expect(messages).toContain(
      `(service ${LIKE}, taskSet ${deployment}) has begun draining connections on 1 tasks.`,
    );
  });
});

describe('StopTask', () => {
  it('stops the task with the given reason and the service starts a replacement', async () => {
    const [old] = await serviceTasks(ecs, LIKE);
    const proc = processOf(old!.taskArn!)!;
    const out = await ecs.send(
      new StopTaskCommand({ cluster: LAB_CLUSTER, task: old!.taskArn, reason: 'game day drill' }),
    );
    expect(out.task).toMatchObject({ taskArn: old!.taskArn, desiredStatus: 'STOPPED' });
    const replacement = await waitFor(
      'a replacement RUNNING',
      async () =>
        (await serviceTasks(ecs, LIKE)).find(
          (task) => task.taskArn !== old!.taskArn && task.lastStatus === 'RUNNING',
        ),
      20_000,
    );
    expect(processAlive(processOf(replacement.taskArn!)!.pid)).toBe(true);
    await waitFor(
      'the old task STOPPED',
      async () => (await describeTask(ecs, old!.taskArn!)).lastStatus === 'STOPPED',
    );
    expect(await describeTask(ecs, old!.taskArn!)).toMatchObject({
      stopCode: 'UserInitiated',
      stoppedReason: 'game day drill',
    });
    expect(processAlive(proc.pid)).toBe(false);
    expect(await describeService(ecs, LIKE)).toMatchObject({ runningCount: 1, desiredCount: 1 });
  });

  it('SIGKILLs a task that ignores SIGTERM once the stop timeout has passed', async () => {
    t.nextLaunch('like', { IGNORE_SIGTERM: '1' });
    const [current] = await serviceTasks(ecs, LIKE);
    await ecs.send(new StopTaskCommand({ cluster: LAB_CLUSTER, task: current!.taskArn }));
    const stubborn = await waitFor(
      'the SIGTERM-ignoring replacement RUNNING',
      async () =>
        (await serviceTasks(ecs, LIKE)).find(
          (task) => task.taskArn !== current!.taskArn && task.lastStatus === 'RUNNING',
        ),
      20_000,
    );
    const proc = processOf(stubborn.taskArn!)!;
    expect(t.launches.find((l) => l.port === proc.port)?.env.IGNORE_SIGTERM).toBe('1');
    await ecs.send(new StopTaskCommand({ cluster: LAB_CLUSTER, task: stubborn.taskArn }));
    const stopped = await waitFor(
      'the stubborn task STOPPED',
      async () => {
        const task = await describeTask(ecs, stubborn.taskArn!);
        return task.lastStatus === 'STOPPED' ? task : undefined;
      },
      20_000,
    );
    const drained = t.registries[west]!.callsFor(proc.port).find((c) => c.op === 'deregistered')!;
    expect(stopped).toMatchObject({
      stopCode: 'UserInitiated',
      stoppedReason: 'Task stopped by user',
    });
    expect(stopped.containers![0]!.exitCode).toBe(137);
    expect(stopped.executionStoppedAt!.getTime() - drained.at).toBeGreaterThanOrEqual(
      STOP_TIMEOUT_MS - 50,
    );
    expect(processAlive(proc.pid)).toBe(false);
    await waitFor(
      'one RUNNING like task again',
      async () => (await describeService(ecs, LIKE)).runningCount === 1,
      20_000,
    );
  });
});
