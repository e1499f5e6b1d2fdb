/**
 * The seams between the lab's emulated services. ECS registers task processes with ELB
 * target groups; the accelerator asks ELB whether an ALB endpoint is healthy and where its
 * data plane listens; every part asks the fault view what is broken and the clock how long
 * an AWS duration lasts in this lab. Each part is built against these interfaces only, so
 * it can be tested with small fakes of the others.
 */

/** Time in the lab. AWS-visible durations (API fields) stay AWS's; the wall clock is scaled. */
export interface LabClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Wall-clock milliseconds that an AWS duration of `awsMs` lasts in this lab: the same in
   * the `realistic` timing profile, shorter (× the profile's time scale) in `fast`.
   */
  scaled(awsMs: number): number;
}

/** A target of an ELB target group. Task processes all listen on 127.0.0.1, each on its port. */
export interface TargetAddress {
  /** Target id as DescribeTargetHealth shows it (an IP for `ip` target groups: always 127.0.0.1). */
  id: string;
  port: number;
}

/** What ECS needs from ELB: register a task's address and drain it when the task stops. */
export interface TargetRegistry {
  /** Registers a target; its health starts `initial` and health checks decide from then on. Throws for an unknown target group. */
  register(targetGroupArn: string, target: TargetAddress): void;
  /** Starts draining the target; resolves once the group's deregistration delay has passed and the target is gone. */
  deregister(targetGroupArn: string, target: TargetAddress): Promise<void>;
  /** The target's health as DescribeTargetHealth shows it (`unused` when it is not registered). */
  health(targetGroupArn: string, target: TargetAddress): TargetHealthState;
}

/** A target's health: ELB's state, with the reason code and description when not healthy. */
export interface TargetHealthState {
  state: 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unavailable' | 'unused';
  reason?: string;
  description?: string;
}

/** Health of an ALB as a Global Accelerator endpoint. */
export interface EndpointHealth {
  state: 'INITIAL' | 'HEALTHY' | 'UNHEALTHY';
  /** Why, when not healthy (shown as the endpoint's HealthReason). */
  reason?: string;
}

/** What the accelerator needs from ELB. */
export interface LoadBalancerDirectory {
  /**
   * An ALB endpoint is healthy only if each target group its listener routes to has at least
   * one healthy target; `UNHEALTHY` with a reason otherwise, or for an unknown ARN.
   */
  endpointHealth(loadBalancerArn: string): EndpointHealth;
  /** Where the ALB's data plane listens (127.0.0.1 and its port); undefined for an unknown ARN. */
  dataPlaneAddress(loadBalancerArn: string): { host: string; port: number } | undefined;
}

/** How an outage shows to clients: connections refused, or accepted and never answered. */
export type OutageMode = 'refuse' | 'timeout';

/** The active faults as the rest of the lab reads them (see faults.ts for how they are set). */
export interface FaultView {
  /** Whole-region outage: every API and data plane of the region fails. */
  regionOutage(region: string): OutageMode | undefined;
  /** Control-plane outage: the region's AWS APIs fail; its data planes keep working. */
  controlPlaneOutage(region: string): OutageMode | undefined;
  /** Extra latency (ms) added to the region's API answers or data-plane requests. */
  latencyMs(region: string, plane: 'api' | 'data'): number;
  /** Share (0–1) of the region's API calls answered with a throttling error. */
  throttleShare(region: string): number;
  /** True while health checks of this target group's targets must fail (as a narrowed security group makes them). */
  healthChecksFailing(region: string, targetGroupArn: string): boolean;
}

/** A log line sink (the lab log). */
export type LabLog = (line: string) => void;
