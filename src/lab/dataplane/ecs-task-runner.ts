/**
 * Runs ECS tasks as real child processes, through the lifecycle ECS gives a Fargate task
 * behind a load balancer: PROVISIONING (the profile's provisioning delay) → PENDING (process
 * spawned, until it answers `GET /` on its port) → RUNNING (registered with the target group)
 * and, when stopped, DEACTIVATING (deregistered, waiting for the target group's deregistration
 * delay) → STOPPING (SIGTERM, SIGKILL after the stop timeout) → DEPROVISIONING → STOPPED.
 * A process that exits on its own is deregistered at once and the task stops with
 * EssentialContainerExited. Processes stay in the lab's process group (no `detached`).
 */
import { constants, devNull } from 'node:os';
import { join } from 'node:path';
import type { LabClock, LabLog, TargetRegistry } from './contracts.js';
import { type EcsServiceRole, type EcsStopCode, type EcsTask, taskTarget } from './ecs-state.js';
import {
  freePort,
  httpAnswers,
  isRunning,
  startProcess,
  stopProcess,
  type ManagedProcess,
} from '../processes.js';

/** What to run for a task of a service in a region, listening on `port`. */
export type EcsTaskLauncher = (
  region: string,
  serviceRole: EcsServiceRole,
  port: number,
) => { command: string; args: readonly string[]; env: NodeJS.ProcessEnv };

/** What the runner reports about a task; the scheduler turns these into events and decisions. */
export type EcsTaskNotice =
  | { kind: 'running' }
  | { kind: 'registered' }
  | { kind: 'register-failed'; message: string }
  | { kind: 'deregistering' }
  /** The process ended on its own (the task is now stopping as EssentialContainerExited). */
  | { kind: 'exited' }
  | { kind: 'stopped' };

/** Options of EcsTaskRunner. */
export interface EcsTaskRunnerOptions {
  clock: LabClock;
  /** Provisioning time of a task (AWS duration, ms; scaled by the clock). */
  taskProvisioningMs: number;
  registry: (region: string) => TargetRegistry;
  launch: EcsTaskLauncher;
  log: LabLog;
  /** Folder for one output file per task; output is discarded when undefined. */
  logDir?: string;
  /** Wall-clock ms a task may take to answer `GET /` before it is stopped as failed to start. */
  startTimeoutMs: number;
  notify(task: EcsTask, notice: EcsTaskNotice): void;
}

/** ECS's stop timeout (SIGTERM → SIGKILL), as an AWS duration. */
export const ECS_STOP_TIMEOUT_MS = 30_000;
/** How long detaching a task's network interface takes, as an AWS duration. */
export const ECS_DEPROVISIONING_MS = 5_000;
const PROBE_INTERVAL_MS = 100;

interface Handle {
  task: EcsTask;
  timer?: NodeJS.Timeout;
  stopping?: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exit code of a process as a container reports it: its code, or 128 + the signal number. */
function exitCodeOf(p: ManagedProcess): number | undefined {
  const { exitCode, signalCode } = p.child;
  if (exitCode !== null) return exitCode;
  return signalCode ? 128 + (constants.signals[signalCode] ?? 0) : undefined;
}

/** Starts, stops and watches task processes. */
export class EcsTaskRunner {
  readonly #options: EcsTaskRunnerOptions;
  /** Tasks not yet STOPPED, by ARN. */
  readonly #handles = new Map<string, Handle>();
  #closed = false;

  constructor(options: EcsTaskRunnerOptions) {
    this.#options = options;
  }

  /** Provisions a new task (lastStatus PROVISIONING) and starts its process after the delay. */
  start(task: EcsTask): void {
    if (this.#closed) return;
    const { clock, taskProvisioningMs } = this.#options;
    const handle: Handle = { task };
    this.#handles.set(task.arn, handle);
    handle.timer = setTimeout(() => {
      handle.timer = undefined;
      void this.#spawn(task).catch((error: Error) => this.#log(task, `failed: ${error.message}`));
    }, clock.scaled(taskProvisioningMs));
  }

  /** Stops a task (desiredStatus STOPPED) as ECS does; resolves once it is STOPPED. Idempotent. */
  stop(task: EcsTask, stopCode: EcsStopCode, reason: string): Promise<void> {
    const handle = this.#handles.get(task.arn);
    if (!handle) return Promise.resolve();
    if (handle.stopping) return handle.stopping;
    this.#markStopping(task, stopCode, reason);
    handle.stopping = this.#stopSequence(task, handle);
    return handle.stopping;
  }

  /** SIGKILLs a task's process as a crash would; the task then stops like any crashed one. */
  kill(task: EcsTask): boolean {
    if (!task.process || !isRunning(task.process) || task.process.child.killed) return false;
    this.#log(task, `killed (SIGKILL) by a fault`);
    return task.process.child.kill('SIGKILL');
  }

  /** Tasks whose process is alive, with its pid. */
  liveProcesses(): { task: EcsTask; pid: number }[] {
    const live: { task: EcsTask; pid: number }[] = [];
    for (const { task } of this.#handles.values()) {
      const pid = task.process?.child.pid;
      if (task.process && isRunning(task.process) && pid) live.push({ task, pid });
    }
    return live;
  }

  /** Stops every process (SIGTERM, then SIGKILL after `timeoutMs`) without the ECS sequence. */
  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    const processes: ManagedProcess[] = [];
    for (const handle of this.#handles.values()) {
      if (handle.timer) clearTimeout(handle.timer);
      if (handle.task.process) processes.push(handle.task.process);
    }
    await Promise.all(processes.map((p) => stopProcess(p, timeoutMs)));
  }

  /** SIGKILLs every live process at once (for process exit, when nothing async can run). */
  killAll(): void {
    for (const { task } of this.liveProcesses()) task.process?.child.kill('SIGKILL');
  }

  #log(task: EcsTask, message: string): void {
    this.#options.log(`ecs: ${task.region}/${task.serviceName} task ${task.id} ${message}`);
  }

  #set(task: EcsTask, status: EcsTask['lastStatus']): void {
    task.lastStatus = status;
    task.version += 1;
  }

  #markStopping(task: EcsTask, stopCode: EcsStopCode, reason: string): void {
    task.desiredStatus = 'STOPPED';
    task.stopCode = stopCode;
    task.stoppedReason = reason;
    task.stoppingAt = this.#options.clock.now();
    task.version += 1;
  }

  /** True once nobody wants the task's process any more (stopped, or the lab is closing). */
  #unwanted(task: EcsTask): boolean {
    return this.#closed || task.desiredStatus === 'STOPPED';
  }

  async #spawn(task: EcsTask): Promise<void> {
    if (this.#unwanted(task)) return;
    const { clock, launch, logDir, startTimeoutMs } = this.#options;
    task.port = await freePort();
    if (this.#unwanted(task)) return;
    const now = clock.now();
    this.#set(task, 'PENDING');
    task.pullStartedAt = now;
    task.pullStoppedAt = now;
    task.connectivityAt = now;
    let spec: ReturnType<EcsTaskLauncher>;
    try {
      spec = launch(task.region, task.role, task.port!);
    } catch (error) {
      await this.stop(
        task,
        'TaskFailedToStart',
        `CannotStartContainerError: ${(error as Error).message}`,
      );
      return;
    }
    const logFile = logDir
      ? join(logDir, `ecs-${task.region}-${task.serviceName}-${task.id}.log`)
      : devNull;
    const p = startProcess(`task ${task.id}`, spec.command, spec.args, { env: spec.env, logFile });
    task.process = p;
    this.#log(task, `PENDING: pid ${p.child.pid ?? '?'} on 127.0.0.1:${task.port}`);
    void p.exited.then(() => this.#onExit(task, p, spec.command));
    const deadline = Date.now() + startTimeoutMs;
    while (!this.#unwanted(task) && isRunning(p)) {
      // RUNNING once the container answers at all: ECS does not wait for the load balancer's
      // health check (a task of a region marked out by the routing switch answers 503).
      if (await httpAnswers(`http://127.0.0.1:${task.port}/`).catch(() => false)) {
        if (!this.#unwanted(task) && isRunning(p)) this.#running(task);
        return;
      }
      if (Date.now() > deadline) {
        const seconds = Math.round(startTimeoutMs / 1000);
        await this.stop(
          task,
          'TaskFailedToStart',
          `Task failed to start: the essential container did not answer GET / on port ${task.port} within ${seconds} s`,
        );
        return;
      }
      await sleep(PROBE_INTERVAL_MS);
    }
  }

  #running(task: EcsTask): void {
    task.startedAt = this.#options.clock.now();
    task.reachedRunning = true;
    this.#set(task, 'RUNNING');
    this.#log(task, `RUNNING on 127.0.0.1:${task.port}`);
    this.#options.notify(task, { kind: 'running' });
    if (!task.targetGroupArn) return;
    try {
      this.#options.registry(task.region).register(task.targetGroupArn, taskTarget(task));
      task.registered = true;
      this.#options.notify(task, { kind: 'registered' });
    } catch (error) {
      this.#options.notify(task, { kind: 'register-failed', message: (error as Error).message });
    }
  }

  /** Starts draining the task's target; resolves when the registry has removed it. */
  #deregister(task: EcsTask): Promise<void> {
    if (!task.registered || !task.targetGroupArn) return Promise.resolve();
    task.registered = false;
    this.#options.notify(task, { kind: 'deregistering' });
    return this.#options
      .registry(task.region)
      .deregister(task.targetGroupArn, taskTarget(task))
      .catch((error: Error) => this.#log(task, `deregistration failed: ${error.message}`));
  }

  async #stopSequence(task: EcsTask, handle: Handle): Promise<void> {
    const { clock } = this.#options;
    if (handle.timer) {
      clearTimeout(handle.timer);
      handle.timer = undefined;
    }
    if (task.lastStatus === 'RUNNING' && task.registered) {
      this.#set(task, 'DEACTIVATING');
      await this.#deregister(task);
    }
    const p = task.process;
    if (p && isRunning(p) && !this.#closed) {
      this.#set(task, 'STOPPING');
      this.#log(task, `STOPPING: SIGTERM (${task.stoppedReason})`);
      await stopProcess(p, clock.scaled(ECS_STOP_TIMEOUT_MS));
    } else if (p) {
      await p.exited;
    }
    await this.#deprovision(task);
  }

  /** A process ended: record it; if nobody asked it to stop, the task stops as crashed. */
  #onExit(task: EcsTask, p: ManagedProcess, command: string): void {
    task.executionStoppedAt = this.#options.clock.now();
    task.exitCode = exitCodeOf(p);
    task.version += 1;
    if (task.desiredStatus === 'STOPPED' || this.#closed) return;
    this.#log(task, `exited on its own (exit code ${task.exitCode ?? 'unknown'})`);
    if (p.child.pid === undefined) {
      const reason = `CannotStartContainerError: could not run ${command}`;
      this.#markStopping(task, 'TaskFailedToStart', reason);
    } else {
      this.#markStopping(task, 'EssentialContainerExited', 'Essential container in task exited');
    }
    const handle = this.#handles.get(task.arn);
    if (!handle) return;
    handle.stopping = (async () => {
      void this.#deregister(task);
      this.#options.notify(task, { kind: 'exited' });
      await this.#deprovision(task);
    })();
  }

  async #deprovision(task: EcsTask): Promise<void> {
    if (task.lastStatus === 'STOPPED') return;
    this.#set(task, 'DEPROVISIONING');
    if (!this.#closed) await sleep(this.#options.clock.scaled(ECS_DEPROVISIONING_MS));
    task.stoppedAt = this.#options.clock.now();
    this.#set(task, 'STOPPED');
    this.#handles.delete(task.arn);
    this.#log(
      task,
      `STOPPED (${task.stopCode}: ${task.stoppedReason}; exit code ${task.exitCode ?? '-'})`,
    );
    if (!this.#closed) this.#options.notify(task, { kind: 'stopped' });
  }
}
