/**
 * What `status` read, fact by fact. Every fact is either known (with the value read) or
 * unknown (with why: unreachable, throttled, timed out…), so a view can never show a guess
 * as a reading. Pure types plus the small helpers that build and inspect them.
 */
import type {
  AcceleratorInfo,
  AlarmInfo,
  EcsServiceInfo,
  EndpointGroupInfo,
  TableInfo,
  TargetHealthInfo,
} from '../ports.js';

/** Why a read failed; `budget` means the status run's total time budget ran out first. */
export type ReadFailureKind =
  | 'unreachable'
  | 'throttled'
  | 'timeout'
  | 'credentials'
  | 'not-found'
  | 'error'
  | 'budget';

/** A read that failed. */
export interface ReadFailure {
  kind: ReadFailureKind;
  /** The call that failed, e.g. `ecs:DescribeServices us-east-1`. */
  call: string;
  message: string;
}

/** A fact that was read, or why it could not be. `ms` is how long the read took. */
export type Fact<T> =
  | { known: true; value: T; ms: number }
  | { known: false; failure: ReadFailure; ms: number };

/** A known fact. */
export function known<T>(value: T, ms = 0): Fact<T> {
  return { known: true, value, ms };
}

/** An unknown fact. */
export function unknown<T>(failure: ReadFailure, ms = 0): Fact<T> {
  return { known: false, failure, ms };
}

/** The value of a fact, or undefined when unknown. */
export function valueOf<T>(fact: Fact<T>): T | undefined {
  return fact.known ? fact.value : undefined;
}

/** The target health of one configured service's target group. */
export interface TargetGroupFacts {
  service: string;
  targetGroupArn: string;
  targets: Fact<TargetHealthInfo[]>;
}

/** The recent request and error figures of a region's load balancer. */
export interface ErrorRateReading {
  /** Requests in the window; 0 when the ALB published nothing (no traffic). */
  requests: number;
  /** 5xx answers (target and ELB) in the window. */
  errors5xx: number;
  /** Percent of requests answered 5xx; null without requests. */
  percent: number | null;
  windowSeconds: number;
  /** Age of the newest request datapoint in seconds; null when there is none. */
  newestAgeSeconds: number | null;
}

/** Replication lag from one region into another, as read for `status`. */
export interface ReplicationReading {
  from: string;
  to: string;
  /** `probe` (a live canary) or `cloudwatch` (ReplicationLatency). */
  source: 'probe' | 'cloudwatch';
  /** Lag in seconds; null when not measured. */
  lagSeconds: number | null;
  /** `ok`, `lagging`, `stalled`, `stale`, `missing` or `unknown`. */
  verdict: string;
  message: string;
  /** Age in seconds of the CloudWatch datapoint used; absent for a probe. */
  ageSeconds?: number;
}

/** A region's routing switch (`routing#<region>` in the control table, `__routing#<region>` in the global table without one). */
export interface RoutingSwitchReading {
  state: 'in' | 'out';
  changedBy?: string;
  changedAt?: number;
}

/** Everything read about one region. */
export interface RegionFacts {
  region: string;
  /** The region's accelerator endpoint group (read through the accelerator's API region). */
  endpointGroup: Fact<EndpointGroupInfo>;
  services: Fact<EcsServiceInfo[]>;
  targetGroups: TargetGroupFacts[];
  alarms: Fact<AlarmInfo[]>;
  errorRate: Fact<ErrorRateReading>;
  replica: Fact<TableInfo>;
  routingSwitch: Fact<RoutingSwitchReading>;
}

/** Everything one status run read. */
export interface StatusFacts {
  readAt: number;
  accelerator: Fact<AcceleratorInfo>;
  regions: RegionFacts[];
  /** Lag per direction, when measured (probe and/or CloudWatch). */
  replication: ReplicationReading[];
  /** How long the whole read took. */
  durationMs: number;
}
