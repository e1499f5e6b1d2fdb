/**
 * The ECS service scheduler (REPLICA strategy, rolling-update deployment controller). After
 * every change it reconciles a service: tasks of the PRIMARY deployment are started until
 * they number desiredCount, never exceeding maximumPercent of desiredCount in total; tasks of
 * older deployments are stopped once enough new ones are RUNNING to keep minimumHealthyPercent;
 * extra tasks are stopped (not-yet-running first, then the newest). When only the PRIMARY
 * deployment is left and its tasks all run, the deployment is COMPLETED and the service has
 * reached a steady state. Tasks that end on their own are replaced by the same rule, and so
 * are tasks that fail their load balancer's health checks after the service's grace period
 * (ecs-unhealthy-tasks.ts): a periodic sweep marks them, the replacement starts first.
 */
import type { LabClock, LabLog, TargetRegistry } from './contracts.js';
import { addServiceEvent, ecsEventMessages as say } from './ecs-events.js';
import {
  type EcsDeployment,
  type EcsRegionState,
  type EcsServiceState,
  type EcsTask,
  addServiceTask,
  ecsArn,
  newDeploymentId,
} from './ecs-state.js';
import { EcsTaskRunner, type EcsTaskNotice, type EcsTaskRunnerOptions } from './ecs-task-runner.js';
import {
  ECS_HEALTH_SWEEP_MS,
  elbHealthStopReason,
  isStoppingUnhealthy,
  markUnhealthyTasks,
  passesElbHealth,
  unhealthyTasksToStop,
} from './ecs-unhealthy-tasks.js';

/** How long ECS keeps stopped tasks visible (AWS duration; scaled like every other one). */
export const ECS_STOPPED_TASK_RETENTION_MS = 3_600_000;

/** Options of EcsScheduler: the runner's, plus where each region's state lives. */
export interface EcsSchedulerOptions extends Omit<EcsTaskRunnerOptions, 'notify'> {
  stateOf(region: string): EcsRegionState;
  /** True while the whole region is out: its scheduler then marks no task unhealthy. */
  regionOut?(region: string): boolean;
}

/** What UpdateService may change. */
export interface EcsServiceUpdate {
  desiredCount?: number;
  taskDefinitionArn?: string;
  forceNewDeployment?: boolean;
  maximumPercent?: number;
  minimumHealthyPercent?: number;
  healthCheckGracePeriodSeconds?: number;
}

const STATUS_RANK: Record<string, number> = { PROVISIONING: 0, PENDING: 1, RUNNING: 2 };

/** Scheduler of every service of every region. */
export class EcsScheduler {
  /** The task runner (processes). */
  readonly runner: EcsTaskRunner;
  readonly #clock: LabClock;
  readonly #log: LabLog;
  readonly #stateOf: (region: string) => EcsRegionState;
  readonly #registry: (region: string) => TargetRegistry;
  readonly #regionOut: (region: string) => boolean;
  readonly #queued = new Set<EcsServiceState>();
  /** Every service ever scheduled: the health sweep looks at their tasks. */
  readonly #services = new Set<EcsServiceState>();
  readonly #sweep: NodeJS.Timeout;
  #closed = false;

  constructor(options: EcsSchedulerOptions) {
    this.#clock = options.clock;
    this.#log = options.log;
    this.#stateOf = options.stateOf;
    this.#registry = options.registry;
    this.#regionOut = options.regionOut ?? (() => false);
    this.runner = new EcsTaskRunner({ ...options, notify: (t, n) => this.#onNotice(t, n) });
    const sweepMs = Math.max(50, this.#clock.scaled(ECS_HEALTH_SWEEP_MS));
    this.#sweep = setInterval(() => this.#sweepHealth(), sweepMs);
    this.#sweep.unref();
  }

  /** A new deployment of a task definition (PRIMARY, IN_PROGRESS). */
  newDeployment(taskDefinitionArn: string): EcsDeployment {
    const now = this.#clock.now();
    const id = newDeploymentId();
    return {
      id,
      status: 'PRIMARY',
      taskDefinitionArn,
      createdAt: now,
      updatedAt: now,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment ${id} in progress.`,
      failedTasks: 0,
      hadRunningTask: false,
    };
  }

  /** Applies an UpdateService request; reconciliation follows asynchronously, as on AWS. */
  update(service: EcsServiceState, update: EcsServiceUpdate): void {
    const now = this.#clock.now();
    if (update.maximumPercent !== undefined) service.maximumPercent = update.maximumPercent;
    if (update.minimumHealthyPercent !== undefined) {
      service.minimumHealthyPercent = update.minimumHealthyPercent;
    }
    if (update.healthCheckGracePeriodSeconds !== undefined) {
      service.healthCheckGracePeriodSeconds = update.healthCheckGracePeriodSeconds;
    }
    const taskDefinitionArn = update.taskDefinitionArn ?? service.taskDefinitionArn;
    if (update.forceNewDeployment || taskDefinitionArn !== service.taskDefinitionArn) {
      service.taskDefinitionArn = taskDefinitionArn;
      for (const d of service.deployments) d.status = 'ACTIVE';
      service.deployments.unshift(this.newDeployment(taskDefinitionArn));
    }
    if (update.desiredCount !== undefined) service.desiredCount = update.desiredCount;
    service.deployments[0]!.updatedAt = now;
    this.schedule(service);
  }

  /** StopTask: stops the task as the user asked; a service task is then replaced. */
  stopTask(task: EcsTask, reason: string | undefined): void {
    void this.runner.stop(task, 'UserInitiated', reason ?? 'Task stopped by user');
  }

  /** Reconciles the service soon (once per turn of the event loop however often asked). */
  schedule(service: EcsServiceState): void {
    if (this.#closed || this.#queued.has(service)) return;
    this.#services.add(service);
    this.#queued.add(service);
    setImmediate(() => {
      this.#queued.delete(service);
      if (!this.#closed) this.#reconcile(service);
    });
  }

  /** Stops scheduling (the runner is closed separately). */
  close(): void {
    this.#closed = true;
    clearInterval(this.#sweep);
  }

  /** Marks tasks that fail their health checks past the grace period; reconciles services with marked tasks. */
  #sweepHealth(): void {
    const now = this.#clock.now();
    for (const service of this.#services) {
      // In a whole-region outage the region's control plane is out too: the checks that fail
      // there are the lab's way of making the region unreachable, not the tasks' health.
      if (this.#regionOut(service.region)) continue;
      const live = this.#stateOf(service.region)
        .tasksOf(service)
        .filter((t) => t.desiredStatus === 'RUNNING');
      const registry = this.#registry(service.region);
      for (const task of markUnhealthyTasks(service, live, registry, this.#clock, now)) {
        this.#log(
          `ecs: ${service.region}/${service.name} task ${task.id} failed ELB health checks`,
        );
      }
      if (live.some((t) => t.unhealthy)) this.schedule(service);
    }
  }

  #onNotice(task: EcsTask, notice: EcsTaskNotice): void {
    const state = this.#stateOf(task.region);
    const service = state.services.get(
      ecsArn(task.region, `service/${task.clusterName}/${task.serviceName}`),
    );
    if (!service) return;
    const now = this.#clock.now();
    const deployment = service.deployments.find((d) => d.id === task.deploymentId);
    if (deployment) deployment.updatedAt = now;
    const tg = task.targetGroupArn ?? '';
    switch (notice.kind) {
      case 'running':
        if (deployment) {
          deployment.hadRunningTask = true;
          deployment.failedTasks = 0;
        }
        break;
      case 'registered':
        addServiceEvent(service, say.registered(service.name, tg), now);
        break;
      case 'register-failed':
        addServiceEvent(service, say.registerFailed(service.name, tg, notice.message), now);
        this.#log(`ecs: ${task.region}/${service.name} task ${task.id}: ${notice.message}`);
        break;
      case 'deregistering':
        addServiceEvent(service, say.deregistered(service.name, tg), now);
        addServiceEvent(service, say.draining(service.name, task.deploymentId), now);
        break;
      case 'stopped':
        if (deployment && !task.reachedRunning && !deployment.hadRunningTask) {
          deployment.failedTasks += 1;
        }
        break;
      case 'exited':
        break;
    }
    this.schedule(service);
  }

  #reconcile(service: EcsServiceState): void {
    const state = this.#stateOf(service.region);
    const registry = this.#registry(service.region);
    const now = this.#clock.now();
    state.prune(now - this.#clock.scaled(ECS_STOPPED_TASK_RETENTION_MS));
    const primary = service.deployments[0]!;
    const desired = service.desiredCount;
    const maxTotal = Math.floor((desired * service.maximumPercent) / 100);
    const minHealthy = Math.ceil((desired * service.minimumHealthyPercent) / 100);
    const preference = (a: EcsTask, b: EcsTask) =>
      (STATUS_RANK[a.lastStatus] ?? 3) - (STATUS_RANK[b.lastStatus] ?? 3) ||
      b.createdAt - a.createdAt;
    const all = state.tasksOf(service);
    const live = all.filter((t) => t.desiredStatus === 'RUNNING');
    const ofPrimary = live.filter((t) => t.deploymentId === primary.id);
    // Marked tasks are replaced (below), not counted towards desiredCount.
    const newLive = ofPrimary.filter((t) => !t.unhealthy).sort(preference);
    const oldLive = live.filter((t) => t.deploymentId !== primary.id).sort(preference);

    const toStop = newLive.slice(0, Math.max(0, newLive.length - desired));
    const counts = (t: EcsTask) => t.lastStatus === 'RUNNING' && !t.unhealthy;
    let healthy = live.filter((t) => counts(t) && !toStop.includes(t)).length;
    for (const task of oldLive) {
      if (!counts(task)) toStop.push(task);
      else if (healthy - 1 >= minHealthy) {
        toStop.push(task);
        healthy -= 1;
      }
    }
    const others = newLive.filter((t) => !toStop.includes(t));
    const unhealthyStops = unhealthyTasksToStop({
      marked: ofPrimary.filter((t) => t.unhealthy),
      others,
      desiredCount: desired,
      room: maxTotal - (live.length - toStop.length),
      stoppingUnhealthy: all.some(isStoppingUnhealthy),
      passes: (t) => passesElbHealth(registry, t),
    });
    const stopping = [...toStop, ...unhealthyStops];
    const toStart = Math.max(
      0,
      Math.min(desired - others.length, maxTotal - (live.length - stopping.length)),
    );

    if (stopping.length > 0) {
      const ids = stopping.map((t) => t.id);
      addServiceEvent(service, say.stopped(service.name, ids), now);
      for (const task of toStop) {
        const reason = `Scaling activity initiated by (deployment ${task.deploymentId})`;
        void this.runner.stop(task, 'ServiceSchedulerInitiated', reason);
      }
      for (const task of unhealthyStops) {
        const reason = elbHealthStopReason(task.unhealthy!.targetGroupArn);
        void this.runner.stop(task, 'ServiceSchedulerInitiated', reason);
      }
    }
    if (toStart > 0) {
      const started = Array.from({ length: toStart }, () =>
        addServiceTask(state, service, primary, this.#clock.now()),
      );
      const ids = started.map((t) => t.id);
      addServiceEvent(service, say.started(service.name, ids), now);
      for (const task of started) this.runner.start(task);
    }
    this.#evaluate(state, service, now);
  }

  /** Drops finished old deployments, completes the rollout, reports a steady state. */
  #evaluate(state: EcsRegionState, service: EcsServiceState, now: number): void {
    const tasks = state.tasksOf(service);
    service.deployments = service.deployments.filter(
      (d, i) => i === 0 || tasks.some((t) => t.deploymentId === d.id && t.lastStatus !== 'STOPPED'),
    );
    const primary = service.deployments[0]!;
    const live = tasks.filter((t) => t.desiredStatus === 'RUNNING');
    const running = live.filter((t) => t.lastStatus === 'RUNNING').length;
    const settled =
      service.deployments.length === 1 &&
      running === service.desiredCount &&
      live.length === running &&
      tasks.every((t) => t.desiredStatus === 'RUNNING' || t.lastStatus === 'STOPPED');
    if (settled && primary.rolloutState === 'IN_PROGRESS') {
      primary.rolloutState = 'COMPLETED';
      primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
      primary.updatedAt = now;
      addServiceEvent(service, say.deploymentCompleted(service.name, primary.id), now);
    }
    if (settled && !service.steady) {
      addServiceEvent(service, say.steadyState(service.name), now);
      this.#log(
        `ecs: ${service.region}/${service.name} reached a steady state (${running} running)`,
      );
    }
    service.steady = settled;
  }
}
