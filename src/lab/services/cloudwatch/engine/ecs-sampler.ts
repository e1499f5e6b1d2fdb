/**
 * ECS service utilization from task processes, as ECS computes it: CPUUtilization is the
 * CPU a task used over the sampling interval as a percentage of the CPU units it reserves
 * (1024 units = one vCPU = one CPU second per second), MemoryUtilization its resident memory
 * as a percentage of the memory it reserves. The workshop's tasks reserve 256 CPU units and
 * 512 MiB. A task's first sample only sets its CPU baseline.
 */
import { type ProcessReading, readProcess } from './proc.js';

/** A running task process of an ECS service. */
export interface EcsTaskProcess {
  region: string;
  clusterName: string;
  serviceName: string;
  pid: number;
  /** CPU units the task reserves (default 256). */
  cpuUnits?: number;
  /** Memory the task reserves, MiB (default 512). */
  memoryMiB?: number;
}

/** Per-task utilization of one service, in percent. */
export interface ServiceUtilization {
  region: string;
  clusterName: string;
  serviceName: string;
  cpu: number[];
  memory: number[];
}

/** Keeps each task's previous CPU reading between samples. */
export class EcsSampler {
  readonly #previous = new Map<number, { cpuSeconds: number; atMs: number }>();
  readonly #read: (pid: number) => ProcessReading | undefined;

  constructor(read: (pid: number) => ProcessReading | undefined = readProcess) {
    this.#read = read;
  }

  /** Reads every task once; returns per-service utilization (tasks that cannot be read are left out). */
  sample(tasks: readonly EcsTaskProcess[], nowMs: number): ServiceUtilization[] {
    const services = new Map<string, ServiceUtilization>();
    const alive = new Set<number>();
    for (const task of tasks) {
      const reading = this.#read(task.pid);
      if (!reading) continue;
      alive.add(task.pid);
      const key = `${task.region}\u0000${task.clusterName}\u0000${task.serviceName}`;
      let service = services.get(key);
      if (!service) {
        service = {
          region: task.region,
          clusterName: task.clusterName,
          serviceName: task.serviceName,
          cpu: [],
          memory: [],
        };
        services.set(key, service);
      }
      service.memory.push((reading.rssBytes / ((task.memoryMiB ?? 512) * 1024 * 1024)) * 100);
      const previous = this.#previous.get(task.pid);
      this.#previous.set(task.pid, { cpuSeconds: reading.cpuSeconds, atMs: nowMs });
      if (previous && nowMs > previous.atMs) {
        const vcpu = (task.cpuUnits ?? 256) / 1024;
        const used = (reading.cpuSeconds - previous.cpuSeconds) / ((nowMs - previous.atMs) / 1000);
        service.cpu.push(Math.max(0, (used / vcpu) * 100));
      }
    }
    for (const pid of this.#previous.keys()) if (!alive.has(pid)) this.#previous.delete(pid);
    return [...services.values()];
  }
}
