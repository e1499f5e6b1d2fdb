/**
 * The lab's ECS: per-region state, the service scheduler and task runner (real processes),
 * and the API handler over them. The lab registers `handler` under the signing name `ecs`;
 * seeding creates the workshop's clusters and services (seed.ts); the fault layer calls
 * `killTasks`; metrics read `taskProcesses`. `close()` stops every task process and is also
 * what the handler's `close` does, so no process outlives the lab endpoint.
 */
import type { FaultView, LabClock, LabLog, TargetRegistry } from '../../dataplane/contracts.js';
import { EcsScheduler } from '../../dataplane/ecs-scheduler.js';
import {
  type EcsServiceRole,
  type EcsServiceState,
  EcsRegionState,
  ecsArn,
} from '../../dataplane/ecs-state.js';
import { ECS_STOP_TIMEOUT_MS, type EcsTaskLauncher } from '../../dataplane/ecs-task-runner.js';
import type { LabTimings } from '../../profiles.js';
import type { ComponentHealth } from '../../protocol/lab-request.js';
import type { ServiceHandler } from '../../protocol/registry.js';
import { LAB_ACCOUNT_ID } from '../../topology.js';
import { createEcsHandler } from './handler.js';
import { taskCounts } from './shapes.js';

export type { EcsTaskLauncher } from '../../dataplane/ecs-task-runner.js';
export type { EcsServiceRole } from '../../dataplane/ecs-state.js';

/** Options of createEcsService. */
export interface EcsServiceOptions {
  /** The regions ECS answers in; each has its own state. */
  regions: readonly string[];
  clock: LabClock;
  timings: Pick<LabTimings, 'taskProvisioningMs'>;
  /** The target registry (ELB) of a region. */
  registry(region: string): TargetRegistry;
  /** The lab's faults: a region under `region-outage` replaces no task for failed health checks. */
  faults?: Pick<FaultView, 'regionOutage'>;
  /** What to run for a task (the lab: `node dist/services/<svc>/main.js` with the region's env). */
  launch: EcsTaskLauncher;
  log?: LabLog;
  /** Folder for one output file per task (`ecs-<region>-<service>-<task id>.log`); none when omitted. */
  logDir?: string;
  /** Wall-clock ms a task's process may take to answer `GET /` (default 60 000). */
  taskStartTimeoutMs?: number;
  /** The lab's cap on a service's desiredCount (default 10). */
  maxDesiredCount?: number;
}

/** A service to create (the lab has no CreateService API; seeding calls this). */
export interface EcsServiceSpec {
  cluster: string;
  name: string;
  role: EcsServiceRole;
  /** The target group its tasks register with (container port 8080). */
  targetGroupArn?: string;
  desiredCount: number;
  /** Task definition family (default: the service name), revision 1. */
  family?: string;
  /** Container name (default: the service name). */
  containerName?: string;
  /** Task size (default 256 CPU units, 512 MiB, as the workshop's task definitions). */
  cpu?: string;
  memory?: string;
  /** healthCheckGracePeriodSeconds (default 0, as CreateService's when none is given). */
  healthCheckGracePeriodSeconds?: number;
}

/** A task's live process, for metrics. */
export interface EcsTaskProcess {
  region: string;
  serviceName: string;
  role: EcsServiceRole;
  taskArn: string;
  pid: number;
  port: number;
}

/** The lab's ECS. */
export interface LabEcs {
  /** The API handler, for `server.registerService('ecs', handler)`. */
  readonly handler: ServiceHandler;
  /** Creates a cluster (idempotent); returns its ARN. */
  createCluster(region: string, name: string): string;
  /** Creates a service and starts its tasks; returns its ARN. Throws if it exists. */
  createService(region: string, spec: EcsServiceSpec): string;
  /** Resolves once the service is steady with all desired tasks RUNNING; rejects after `timeoutMs`. */
  waitForSteadyState(
    region: string,
    cluster: string,
    service: string,
    timeoutMs: number,
  ): Promise<void>;
  /** SIGKILLs running task processes (all, or `count`, oldest first; optionally of one service); returns their task ARNs. */
  killTasks(region: string, filter?: { serviceName?: string; count?: number }): string[];
  /** The live task processes of a region. */
  taskProcesses(region: string): EcsTaskProcess[];
  /** Stops scheduling and every task process (SIGTERM, SIGKILL after the stop timeout). */
  close(): Promise<void>;
}

/** Creates the lab's ECS for `regions`. */
export function createEcsService(options: EcsServiceOptions): LabEcs {
  const { clock } = options;
  const log = options.log ?? (() => {});
  const states = new Map(options.regions.map((r) => [r, new EcsRegionState(r)]));
  const stateOf = (region: string) => {
    let state = states.get(region);
    if (!state) states.set(region, (state = new EcsRegionState(region)));
    return state;
  };
  const scheduler = new EcsScheduler({
    clock,
    taskProvisioningMs: options.timings.taskProvisioningMs,
    registry: options.registry,
    launch: options.launch,
    log,
    logDir: options.logDir,
    startTimeoutMs: options.taskStartTimeoutMs ?? 60_000,
    stateOf,
    regionOut: (region) => options.faults?.regionOutage(region) !== undefined,
  });
  const { runner } = scheduler;
  const killOnExit = () => runner.killAll();
  process.on('exit', killOnExit);

  const findService = (region: string, cluster: string, name: string) => {
    const state = stateOf(region);
    const c = state.findCluster(cluster);
    return c ? state.findService(c, name) : undefined;
  };
  const isSteady = (region: string, s: EcsServiceState) =>
    s.steady && taskCounts(stateOf(region).tasksOf(s)).running === s.desiredCount;

  const health = (): Record<string, ComponentHealth> => {
    const components: Record<string, ComponentHealth> = {};
    for (const [region, state] of states) {
      for (const s of state.services.values()) {
        const { running, pending } = taskCounts(state.tasksOf(s));
        components[`ecs:${region}/${s.name}`] = {
          healthy: running === s.desiredCount,
          detail: `running ${running}/${s.desiredCount}, pending ${pending}`,
        };
      }
    }
    return components;
  };

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      scheduler.close();
      await runner.close(clock.scaled(ECS_STOP_TIMEOUT_MS));
      process.removeListener('exit', killOnExit);
    })();
    return closing;
  };

  const handler = createEcsHandler({
    context: (region) => ({
      region,
      state: stateOf(region),
      scheduler,
      clock,
      maxDesiredCount: options.maxDesiredCount ?? 10,
    }),
    health,
    close,
  });

  return {
    handler,
    createCluster(region, name) {
      const state = stateOf(region);
      const arn = ecsArn(region, `cluster/${name}`);
      if (!state.clusters.has(name)) state.clusters.set(name, { name, arn });
      return arn;
    },
    createService(region, spec) {
      const state = stateOf(region);
      const cluster = state.findCluster(spec.cluster);
      if (!cluster) throw new Error(`ECS cluster ${spec.cluster} does not exist in ${region}`);
      const arn = ecsArn(region, `service/${cluster.name}/${spec.name}`);
      if (state.services.has(arn)) throw new Error(`ECS service ${spec.name} exists in ${region}`);
      const taskDefinitionArn = `arn:aws:ecs:${region}:${LAB_ACCOUNT_ID}:task-definition/${spec.family ?? spec.name}:1`;
      const service: EcsServiceState = {
        name: spec.name,
        arn,
        region,
        clusterArn: cluster.arn,
        clusterName: cluster.name,
        role: spec.role,
        taskDefinitionArn,
        targetGroupArn: spec.targetGroupArn,
        containerName: spec.containerName ?? spec.name,
        containerPort: 8080,
        cpu: spec.cpu ?? '256',
        memory: spec.memory ?? '512',
        desiredCount: spec.desiredCount,
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds ?? 0,
        createdAt: clock.now(),
        deployments: [scheduler.newDeployment(taskDefinitionArn)],
        events: [],
        steady: false,
      };
      state.services.set(arn, service);
      scheduler.schedule(service);
      return arn;
    },
    async waitForSteadyState(region, cluster, name, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = findService(region, cluster, name);
        if (!s) throw new Error(`ECS service ${name} does not exist in ${region}/${cluster}`);
        if (isSteady(region, s)) return;
        if (Date.now() > deadline) {
          const { running, pending } = taskCounts(stateOf(region).tasksOf(s));
          const last = s.events[0]?.message ?? 'no events yet';
          throw new Error(
            `ECS service ${name} in ${region} did not reach a steady state within ${Math.round(timeoutMs / 1000)} s: running ${running}/${s.desiredCount}, pending ${pending}; last event: ${last}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    killTasks(region, filter = {}) {
      const candidates = [...stateOf(region).tasks.values()]
        .filter(
          (t) =>
            t.lastStatus === 'RUNNING' &&
            t.desiredStatus === 'RUNNING' &&
            (filter.serviceName === undefined || t.serviceName === filter.serviceName),
        )
        .sort((a, b) => a.createdAt - b.createdAt)
        .slice(0, filter.count ?? Number.POSITIVE_INFINITY);
      return candidates.filter((t) => runner.kill(t)).map((t) => t.arn);
    },
    taskProcesses(region) {
      return runner
        .liveProcesses()
        .filter(({ task }) => task.region === region)
        .map(({ task, pid }) => ({
          region,
          serviceName: task.serviceName,
          role: task.role,
          taskArn: task.arn,
          pid,
          port: task.port!,
        }));
    },
    close,
  };
}
