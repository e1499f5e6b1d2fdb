/**
 * ECS service event messages, worded as the ECS service scheduler words them (see
 * `aws ecs describe-services` output on AWS), and the event log they go into: newest first,
 * at most 100 entries (DescribeServices shows the most recent 100).
 */
import { randomUUID } from 'node:crypto';
import type { EcsServiceState } from './ecs-state.js';

/** How many events a service keeps. */
export const ECS_SERVICE_EVENT_LIMIT = 100;

/** Adds an event to the front of the service's log, dropping the oldest beyond the limit. */
export function addServiceEvent(service: EcsServiceState, message: string, now: number): void {
  service.events.unshift({ id: randomUUID(), createdAt: now, message });
  if (service.events.length > ECS_SERVICE_EVENT_LIMIT)
    service.events.length = ECS_SERVICE_EVENT_LIMIT;
}

const taskList = (taskIds: readonly string[]) => taskIds.map((id) => `(task ${id})`).join(' ');

/** The event messages the lab's scheduler emits. */
export const ecsEventMessages = {
  started: (service: string, taskIds: readonly string[]) =>
    `(service ${service}) has started ${taskIds.length} tasks: ${taskList(taskIds)}.`,
  stopped: (service: string, taskIds: readonly string[]) =>
    `(service ${service}) has stopped ${taskIds.length} running tasks: ${taskList(taskIds)}.`,
  registered: (service: string, targetGroupArn: string) =>
    `(service ${service}) registered 1 targets in (target-group ${targetGroupArn})`,
  registerFailed: (service: string, targetGroupArn: string, error: string) =>
    `(service ${service}) failed to register targets in (target-group ${targetGroupArn}) with (error ${error})`,
  deregistered: (service: string, targetGroupArn: string) =>
    `(service ${service}) deregistered 1 targets in (target-group ${targetGroupArn})`,
  draining: (service: string, deploymentId: string) =>
    `(service ${service}, taskSet ${deploymentId}) has begun draining connections on 1 tasks.`,
  unhealthy: (
    service: string,
    taskId: string,
    port: number,
    targetGroupArn: string,
    reason: string,
  ) =>
    `(service ${service}) (task ${taskId}) (port ${port}) is unhealthy in (target-group ${targetGroupArn}) due to (reason ${reason}).`,
  steadyState: (service: string) => `(service ${service}) has reached a steady state.`,
  deploymentCompleted: (service: string, deploymentId: string) =>
    `(service ${service}) (deployment ${deploymentId}) deployment completed.`,
};
