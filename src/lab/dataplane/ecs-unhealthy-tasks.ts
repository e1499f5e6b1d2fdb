/**
 * How the ECS service scheduler treats tasks that fail their load balancer's health checks
 * (ECS developer guide, "Amazon ECS services"; see SPEC.md): once the service's
 * healthCheckGracePeriodSeconds after a task started has passed, a RUNNING task whose target
 * ELB reports `unhealthy` is marked unhealthy (service event "… is unhealthy in (target-group …)
 * due to (reason …)."). The scheduler starts a replacement first and stops the marked task
 * (stop code ServiceSchedulerInitiated, "Task failed ELB health checks in (target-group …)")
 * once the replacement's health is known: healthy, or marked unhealthy in turn (churn). When
 * maximumPercent leaves no room for a replacement, marked tasks are stopped one at a time first.
 */
import type { LabClock, TargetHealthState, TargetRegistry } from './contracts.js';
import { addServiceEvent, ecsEventMessages as say } from './ecs-events.js';
import { type EcsServiceState, type EcsTask, taskTarget } from './ecs-state.js';

/** How often the scheduler looks at its tasks' target health (AWS duration; scaled). */
export const ECS_HEALTH_SWEEP_MS = 1000;

const ELB_STOP_PREFIX = 'Task failed ELB health checks in';

/** The stoppedReason of a task stopped for failing its target group's health checks. */
export function elbHealthStopReason(targetGroupArn: string): string {
  return `${ELB_STOP_PREFIX} (target-group ${targetGroupArn})`;
}

/** The ELB health of a task's registered target; undefined for a task with no target. */
export function targetHealthOf(
  registry: TargetRegistry,
  task: EcsTask,
): TargetHealthState | undefined {
  if (!task.targetGroupArn || !task.registered || task.port === undefined) return undefined;
  try {
    return registry.health(task.targetGroupArn, taskTarget(task));
  } catch {
    return undefined;
  }
}

/** True when the load balancer counts the task as healthy (or the task has no load balancer). */
export function passesElbHealth(registry: TargetRegistry, task: EcsTask): boolean {
  if (task.lastStatus !== 'RUNNING' || task.unhealthy) return false;
  if (!task.targetGroupArn) return true;
  const state = targetHealthOf(registry, task)?.state;
  return state === 'healthy' || state === 'unavailable';
}

/**
 * Marks the service's RUNNING tasks whose target is `unhealthy` once the grace period after
 * they started has passed (read from the service at each sweep, so UpdateService applies to
 * running tasks too), with the service event AWS writes. Returns the tasks newly marked.
 */
export function markUnhealthyTasks(
  service: EcsServiceState,
  tasks: readonly EcsTask[],
  registry: TargetRegistry,
  clock: LabClock,
  now: number,
): EcsTask[] {
  const graceMs = clock.scaled(service.healthCheckGracePeriodSeconds * 1000);
  const marked: EcsTask[] = [];
  for (const task of tasks) {
    if (task.unhealthy || task.desiredStatus !== 'RUNNING' || task.lastStatus !== 'RUNNING') {
      continue;
    }
    if (task.startedAt === undefined || now - task.startedAt < graceMs) continue;
    const health = targetHealthOf(registry, task);
    if (health?.state !== 'unhealthy' || !task.targetGroupArn) continue;
    task.unhealthy = { at: now, targetGroupArn: task.targetGroupArn };
    const reason = health.description ?? 'Health checks failed';
    const message = say.unhealthy(
      service.name,
      task.id,
      taskTarget(task).port,
      task.targetGroupArn,
      reason,
    );
    addServiceEvent(service, message, now);
    marked.push(task);
  }
  return marked;
}

/** True while a task stopped for failing its health checks has not yet reached STOPPED. */
export function isStoppingUnhealthy(task: EcsTask): boolean {
  return (
    task.desiredStatus === 'STOPPED' &&
    task.lastStatus !== 'STOPPED' &&
    (task.stoppedReason?.startsWith(ELB_STOP_PREFIX) ?? false)
  );
}

/** What decides which marked tasks of the PRIMARY deployment the scheduler stops now. */
export interface UnhealthyStopInput {
  /** Marked tasks still desired RUNNING. */
  marked: readonly EcsTask[];
  /** Unmarked tasks still desired RUNNING (after other stops). */
  others: readonly EcsTask[];
  desiredCount: number;
  /** How many more tasks maximumPercent allows now. */
  room: number;
  /** True while a task of the service is already stopping for failed health checks. */
  stoppingUnhealthy: boolean;
  passes(task: EcsTask): boolean;
}

/**
 * Marked tasks to stop, oldest mark first: while the tasks whose health is known (passing, or
 * marked) number more than desiredCount ("if the replacement task has a health status of
 * HEALTHY, the service scheduler stops the unhealthy task; if UNHEALTHY, the scheduler will
 * stop either the unhealthy replacement task or the existing unhealthy task"); or one, when
 * maximumPercent leaves no room for a replacement and none is already stopping.
 */
export function unhealthyTasksToStop(input: UnhealthyStopInput): EcsTask[] {
  const marked = [...input.marked].sort((a, b) => a.unhealthy!.at - b.unhealthy!.at);
  if (marked.length === 0) return [];
  let known = marked.length + input.others.filter(input.passes).length;
  const stop: EcsTask[] = [];
  for (const task of marked) {
    if (known <= input.desiredCount) break;
    stop.push(task);
    known -= 1;
  }
  const needsReplacement = input.others.length < input.desiredCount;
  if (stop.length === 0 && needsReplacement && input.room <= 0 && !input.stoppingUnhealthy) {
    stop.push(marked[0]!);
  }
  return stop;
}
