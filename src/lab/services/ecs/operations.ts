/**
 * The ECS operations the lab answers, each `(context, input) → output` over one region's
 * state. Names or ARNs are accepted wherever ECS accepts them; the cluster defaults to
 * `default` (which the lab does not have, so omitting it fails as it would on AWS).
 */
import type { LabClock } from '../../dataplane/contracts.js';
import type { EcsScheduler, EcsServiceUpdate } from '../../dataplane/ecs-scheduler.js';
import { ECS_STOPPED_TASK_RETENTION_MS } from '../../dataplane/ecs-scheduler.js';
import type { EcsCluster, EcsRegionState, EcsServiceState } from '../../dataplane/ecs-state.js';
import {
  clientException,
  clusterNotFound,
  type EcsInput,
  invalidParameter,
  paginate,
  readBoolean,
  readInteger,
  readRefList,
  readString,
  readStringList,
  readStructure,
  serviceNotFound,
} from './input.js';
import { clusterShape, failure, missingArn, serviceShape, taskShape } from './shapes.js';

/** What an operation works on: one region's state and the scheduler. */
export interface EcsOperationContext {
  region: string;
  state: EcsRegionState;
  scheduler: EcsScheduler;
  clock: LabClock;
  /** The lab's cap on desiredCount (every task is a real process). */
  maxDesiredCount: number;
}

/** An ECS operation. */
export type EcsOperation = (context: EcsOperationContext, input: EcsInput) => unknown;

function cluster(ctx: EcsOperationContext, input: EcsInput): EcsCluster {
  const found = ctx.state.findCluster(readString(input, 'cluster'));
  if (!found) throw clusterNotFound();
  return found;
}

function service(ctx: EcsOperationContext, c: EcsCluster, ref: string): EcsServiceState {
  const found = ctx.state.findService(c, ref);
  if (!found) throw serviceNotFound();
  return found;
}

function tasksOf(ctx: EcsOperationContext) {
  ctx.state.prune(ctx.clock.now() - ctx.clock.scaled(ECS_STOPPED_TASK_RETENTION_MS));
  return [...ctx.state.tasks.values()];
}

/** UpdateService members the lab emulates; any other member is refused, naming these. */
const UPDATE_MEMBERS = [
  'cluster',
  'service',
  'desiredCount',
  'taskDefinition',
  'forceNewDeployment',
  'deploymentConfiguration',
  'healthCheckGracePeriodSeconds',
];

/** The largest healthCheckGracePeriodSeconds ECS takes (2,147,483,647 s, about 69 years). */
const MAX_GRACE_PERIOD_SECONDS = 2_147_483_647;

function readUpdate(
  ctx: EcsOperationContext,
  s: EcsServiceState,
  input: EcsInput,
): EcsServiceUpdate {
  const unsupported = Object.keys(input).filter(
    (k) => !UPDATE_MEMBERS.includes(k) && input[k] !== null,
  );
  if (unsupported.length > 0) {
    throw invalidParameter(
      `The mysfits-dr lab does not emulate the UpdateService parameter(s) ${unsupported.join(', ')}; it supports ${UPDATE_MEMBERS.join(', ')} (maximumPercent, minimumHealthyPercent).`,
    );
  }
  const update: EcsServiceUpdate = { forceNewDeployment: readBoolean(input, 'forceNewDeployment') };
  const desiredCount = readInteger(input, 'desiredCount');
  if (desiredCount !== undefined) {
    if (desiredCount < 0) {
      throw invalidParameter(`Invalid desiredCount value ${desiredCount}: it must be 0 or more.`);
    }
    if (desiredCount > ctx.maxDesiredCount) {
      throw invalidParameter(
        `desiredCount ${desiredCount} is above the mysfits-dr lab's limit of ${ctx.maxDesiredCount} tasks per service (each task is a real process on this machine).`,
      );
    }
    update.desiredCount = desiredCount;
  }
  const taskDefinition = readString(input, 'taskDefinition');
  if (taskDefinition !== undefined) {
    const current = s.taskDefinitionArn;
    const family = current.slice(current.lastIndexOf('/') + 1).split(':')[0]!;
    const known = [current, family, current.slice(current.lastIndexOf('/') + 1)];
    if (!known.includes(taskDefinition)) throw clientException('TaskDefinition not found.');
    update.taskDefinitionArn = current;
  }
  const grace = readInteger(input, 'healthCheckGracePeriodSeconds');
  if (grace !== undefined) {
    if (grace < 0 || grace > MAX_GRACE_PERIOD_SECONDS) {
      throw invalidParameter(
        `Invalid healthCheckGracePeriodSeconds value ${grace}: it must be between 0 and ${MAX_GRACE_PERIOD_SECONDS} seconds.`,
      );
    }
    update.healthCheckGracePeriodSeconds = grace;
  }
  const config = readStructure(input, 'deploymentConfiguration');
  if (config) {
    const breaker = readStructure(config, 'deploymentCircuitBreaker');
    if (breaker && readBoolean(breaker, 'enable')) {
      throw invalidParameter(
        'The mysfits-dr lab does not emulate the deployment circuit breaker; set deploymentCircuitBreaker.enable to false or omit it.',
      );
    }
    const max = readInteger(config, 'maximumPercent') ?? s.maximumPercent;
    const min = readInteger(config, 'minimumHealthyPercent') ?? s.minimumHealthyPercent;
    if (min < 0 || min > 100) {
      throw invalidParameter('minimumHealthyPercent must be between 0 and 100.');
    }
    if (max < 100) throw invalidParameter('maximumPercent must be 100 or more.');
    if (max === 100 && min === 100) {
      throw invalidParameter(
        'maximumPercent and minimumHealthyPercent cannot both be 100: no task could be replaced.',
      );
    }
    update.maximumPercent = max;
    update.minimumHealthyPercent = min;
  }
  return update;
}

/** The operations by name. */
export const ECS_OPERATIONS: Record<string, EcsOperation> = {
  ListClusters(ctx, input) {
    const { page, nextToken } = paginate([...ctx.state.clusters.values()], input, 100);
    return { clusterArns: page.map((c) => c.arn), nextToken };
  },

  DescribeClusters(ctx, input) {
    const given = readStringList(input, 'clusters') ?? [];
    const refs = given.length > 0 ? given : ['default'];
    const include = readStringList(input, 'include') ?? [];
    const tasks = tasksOf(ctx);
    const clusters = [];
    const failures = [];
    for (const ref of refs) {
      const c = ctx.state.findCluster(ref);
      if (c) clusters.push(clusterShape(c, ctx.state.servicesOf(c), tasks, include));
      else failures.push(failure(missingArn(ctx.region, 'cluster', ref)));
    }
    return { clusters, failures };
  },

  ListServices(ctx, input) {
    const c = cluster(ctx, input);
    const launchType = readString(input, 'launchType');
    const strategy = readString(input, 'schedulingStrategy');
    const matches =
      (launchType ?? 'FARGATE') === 'FARGATE' && (strategy ?? 'REPLICA') === 'REPLICA';
    const services = matches ? ctx.state.servicesOf(c) : [];
    const { page, nextToken } = paginate(services, input, 10);
    return { serviceArns: page.map((s) => s.arn), nextToken };
  },

  DescribeServices(ctx, input) {
    const c = cluster(ctx, input);
    const refs = readRefList(input, 'services', 'services', 10);
    const include = readStringList(input, 'include') ?? [];
    const services = [];
    const failures = [];
    for (const ref of refs) {
      const s = ctx.state.findService(c, ref);
      if (s) services.push(serviceShape(s, ctx.state.tasksOf(s), include));
      else failures.push(failure(missingArn(ctx.region, 'service', ref, c.name)));
    }
    return { services, failures };
  },

  UpdateService(ctx, input) {
    const c = cluster(ctx, input);
    const ref = readString(input, 'service');
    if (!ref) throw invalidParameter('Service cannot be empty.');
    const s = service(ctx, c, ref);
    ctx.scheduler.update(s, readUpdate(ctx, s, input));
    return { service: serviceShape(s, ctx.state.tasksOf(s), []) };
  },

  ListTasks(ctx, input) {
    const c = cluster(ctx, input);
    const serviceName = readString(input, 'serviceName');
    const s = serviceName === undefined ? undefined : service(ctx, c, serviceName);
    const desiredStatus = readString(input, 'desiredStatus') ?? 'RUNNING';
    if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desiredStatus)) {
      throw invalidParameter(
        `Invalid desiredStatus '${desiredStatus}': expected RUNNING, PENDING or STOPPED.`,
      );
    }
    const family = readString(input, 'family');
    const startedBy = readString(input, 'startedBy');
    const launchType = readString(input, 'launchType') ?? 'FARGATE';
    const containerInstance = readString(input, 'containerInstance');
    const tasks = tasksOf(ctx).filter(
      (t) =>
        t.clusterArn === c.arn &&
        (!s || t.serviceName === s.name) &&
        t.desiredStatus === desiredStatus &&
        (!family || t.taskDefinitionArn.includes(`:task-definition/${family}:`)) &&
        (!startedBy || t.deploymentId === startedBy) &&
        launchType === 'FARGATE' &&
        containerInstance === undefined,
    );
    const { page, nextToken } = paginate(tasks, input, 100);
    return { taskArns: page.map((t) => t.arn), nextToken };
  },

  DescribeTasks(ctx, input) {
    const c = cluster(ctx, input);
    const refs = readRefList(input, 'tasks', 'tasks', 100);
    const include = readStringList(input, 'include') ?? [];
    tasksOf(ctx);
    const tasks = [];
    const failures = [];
    for (const ref of refs) {
      const t = ctx.state.findTask(c, ref);
      if (t) tasks.push(taskShape(t, include));
      else failures.push(failure(missingArn(ctx.region, 'task', ref, c.name)));
    }
    return { tasks, failures };
  },

  StopTask(ctx, input) {
    const c = cluster(ctx, input);
    const ref = readString(input, 'task');
    if (!ref) throw invalidParameter('Task cannot be empty.');
    const reason = readString(input, 'reason');
    if (reason !== undefined && reason.length > 255) {
      throw invalidParameter('reason can be at most 255 characters long.');
    }
    tasksOf(ctx);
    const task = ctx.state.findTask(c, ref);
    if (!task) throw invalidParameter('The referenced task was not found.');
    if (task.desiredStatus === 'RUNNING') ctx.scheduler.stopTask(task, reason);
    return { task: taskShape(task, []) };
  },
};
