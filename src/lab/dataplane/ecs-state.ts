/**
 * The lab's ECS state, one `EcsRegionState` per region (nothing is shared between regions):
 * clusters, services with their deployments and events, and tasks. Plain data, read by the
 * API handler (services/ecs) and changed by the task runner and the service scheduler.
 * Times are epoch milliseconds from the lab clock; ARNs follow ECS's long ARN format.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { ManagedProcess } from '../processes.js';
import { LAB_ACCOUNT_ID } from '../topology.js';

/** What a task is in the application: the Mysfits ("core") service or the Like service. */
export type EcsServiceRole = 'core' | 'like';

/** A task's lastStatus, in lifecycle order (ACTIVATING is not used: registration is instant). */
export type EcsTaskStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

/** Why a task stopped (ECS's TaskStopCode values the lab uses). */
export type EcsStopCode =
  | 'TaskFailedToStart'
  | 'EssentialContainerExited'
  | 'UserInitiated'
  | 'ServiceSchedulerInitiated';

/** One ECS task: a real child process once provisioned. */
export interface EcsTask {
  id: string;
  arn: string;
  region: string;
  clusterArn: string;
  clusterName: string;
  serviceName: string;
  role: EcsServiceRole;
  deploymentId: string;
  taskDefinitionArn: string;
  targetGroupArn: string | undefined;
  containerName: string;
  containerArn: string;
  attachmentId: string;
  cpu: string;
  memory: string;
  lastStatus: EcsTaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  connectivityAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: EcsStopCode;
  stoppedReason?: string;
  /** The container's exit code once its process has ended. */
  exitCode?: number;
  /** The loopback port the task's process listens on (picked when it is provisioned). */
  port?: number;
  process?: ManagedProcess;
  /** True while the task is registered with its target group. */
  registered: boolean;
  /** True once the task has reached RUNNING. */
  reachedRunning: boolean;
  /**
   * Set when the scheduler marked the task unhealthy (its target failed the load balancer's
   * health checks after the grace period): it is replaced, then stopped. Never cleared.
   */
  unhealthy?: { at: number; targetGroupArn: string };
  /** Incremented at each change, as ECS's task `version`. */
  version: number;
}

/** A service deployment (rolling update, ECS deployment controller). */
export interface EcsDeployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  taskDefinitionArn: string;
  createdAt: number;
  updatedAt: number;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
  /** Consecutive tasks that failed to reach RUNNING, until one does (then 0, frozen). */
  failedTasks: number;
  hadRunningTask: boolean;
}

/** One entry of a service's event log. */
export interface EcsServiceEvent {
  id: string;
  createdAt: number;
  message: string;
}

/** An ECS service (REPLICA scheduling, Fargate, one target group). */
export interface EcsServiceState {
  name: string;
  arn: string;
  region: string;
  clusterArn: string;
  clusterName: string;
  role: EcsServiceRole;
  taskDefinitionArn: string;
  targetGroupArn: string | undefined;
  containerName: string;
  containerPort: number;
  cpu: string;
  memory: string;
  desiredCount: number;
  maximumPercent: number;
  minimumHealthyPercent: number;
  /** Seconds after a task started during which the scheduler ignores failed ELB health checks. */
  healthCheckGracePeriodSeconds: number;
  createdAt: number;
  /** PRIMARY first, then older ACTIVE ones. */
  deployments: EcsDeployment[];
  /** Newest first, at most 100. */
  events: EcsServiceEvent[];
  /** Whether the last evaluation found the service in a steady state. */
  steady: boolean;
}

/** An ECS cluster. */
export interface EcsCluster {
  name: string;
  arn: string;
}

/** The ARN of a region's resource (`<kind>/<path>`) in the lab account. */
export function ecsArn(region: string, resource: string): string {
  return `arn:aws:ecs:${region}:${LAB_ACCOUNT_ID}:${resource}`;
}

/** The target a task registers with its target group: 127.0.0.1 and the task's own port. */
export function taskTarget(task: EcsTask): { id: string; port: number } {
  return { id: '127.0.0.1', port: task.port! };
}

/** A new task id: 32 hex digits. */
export function newTaskId(): string {
  return randomBytes(16).toString('hex');
}

/** A new deployment id: `ecs-svc/` and 19 digits. */
export function newDeploymentId(): string {
  let digits = String(randomInt(1, 10));
  for (let i = 0; i < 18; i += 1) digits += String(randomInt(0, 10));
  return `ecs-svc/${digits}`;
}

/** The name part of a name-or-ARN reference (`…:kind/a/b/name` → `name`), or undefined when it is not of `kind`. */
function refParts(region: string, ref: string, kind: string): string[] | undefined {
  if (!ref.startsWith('arn:')) return [ref];
  const prefix = ecsArn(region, `${kind}/`);
  return ref.startsWith(prefix) ? ref.slice(prefix.length).split('/') : undefined;
}

/** The ECS state of one region. */
export class EcsRegionState {
  readonly region: string;
  readonly clusters = new Map<string, EcsCluster>();
  /** Services by ARN, in creation order. */
  readonly services = new Map<string, EcsServiceState>();
  /** Tasks by ARN, in creation order (stopped ones until pruned). */
  readonly tasks = new Map<string, EcsTask>();

  constructor(region: string) {
    this.region = region;
  }

  /** The cluster a name or ARN names (`default` when omitted), if it exists. */
  findCluster(ref: string | undefined): EcsCluster | undefined {
    const parts = refParts(this.region, ref ?? 'default', 'cluster');
    return parts?.length === 1 ? this.clusters.get(parts[0]!) : undefined;
  }

  /** A service of a cluster by name or ARN (long `service/<cluster>/<name>` or short `service/<name>`). */
  findService(cluster: EcsCluster, ref: string): EcsServiceState | undefined {
    const parts = refParts(this.region, ref, 'service');
    if (!parts || parts.length > 2 || (parts.length === 2 && parts[0] !== cluster.name)) {
      return undefined;
    }
    return this.services.get(ecsArn(this.region, `service/${cluster.name}/${parts.at(-1)}`));
  }

  /** A task of a cluster by id or ARN (long `task/<cluster>/<id>` or short `task/<id>`). */
  findTask(cluster: EcsCluster, ref: string): EcsTask | undefined {
    const parts = refParts(this.region, ref, 'task');
    if (!parts || parts.length > 2 || (parts.length === 2 && parts[0] !== cluster.name)) {
      return undefined;
    }
    return this.tasks.get(ecsArn(this.region, `task/${cluster.name}/${parts.at(-1)}`));
  }

  /** Services of a cluster, in creation order. */
  servicesOf(cluster: EcsCluster): EcsServiceState[] {
    return [...this.services.values()].filter((s) => s.clusterArn === cluster.arn);
  }

  /** Tasks of a service (any status), in creation order. */
  tasksOf(service: EcsServiceState): EcsTask[] {
    return [...this.tasks.values()].filter(
      (t) => t.clusterArn === service.clusterArn && t.serviceName === service.name,
    );
  }

  /** Forgets tasks that stopped before `before` (ECS keeps stopped tasks visible for about an hour). */
  prune(before: number): void {
    for (const [arn, task] of this.tasks) {
      if (task.lastStatus === 'STOPPED' && (task.stoppedAt ?? 0) < before) this.tasks.delete(arn);
    }
  }
}

/** A new task of a service's deployment (PROVISIONING, desired RUNNING), added to the state. */
export function addServiceTask(
  state: EcsRegionState,
  service: EcsServiceState,
  deployment: EcsDeployment,
  now: number,
): EcsTask {
  const id = newTaskId();
  const region = service.region;
  const task: EcsTask = {
    id,
    arn: ecsArn(region, `task/${service.clusterName}/${id}`),
    region,
    clusterArn: service.clusterArn,
    clusterName: service.clusterName,
    serviceName: service.name,
    role: service.role,
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinitionArn,
    targetGroupArn: service.targetGroupArn,
    containerName: service.containerName,
    containerArn: ecsArn(region, `container/${service.clusterName}/${id}/${randomUUID()}`),
    attachmentId: randomUUID(),
    cpu: service.cpu,
    memory: service.memory,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    createdAt: now,
    registered: false,
    reachedRunning: false,
    version: 1,
  };
  state.tasks.set(task.arn, task);
  return task;
}
