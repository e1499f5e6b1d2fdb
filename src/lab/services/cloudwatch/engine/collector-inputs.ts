/**
 * The inputs of the CloudWatch collectors: small records the lead wires the other services
 * to (the ALB proxy's request events, ELB target health, ECS task processes, the
 * replicator's statistics, DynamoDB consumed capacity, X-Ray group counts), and how ALB
 * and target group ARNs become CloudWatch dimension values.
 */
import type { EcsTaskProcess } from './ecs-sampler.js';
import type { MetricDimension } from './store.js';

/** One metric of one region, as the collectors gather it (`addSum` sums it per second). */
export interface SummedMetric {
  region: string;
  namespace: string;
  metricName: string;
  dimensions: MetricDimension[];
  unit: string;
}

/** One ALB request (the ALB proxy's AlbRequestEvent has this shape). */
export interface AlbRequestSample {
  region: string;
  loadBalancerArn: string;
  targetGroupArn?: string;
  /** Status the load balancer answered itself (460, 502, 503, 504). */
  elbStatus?: number;
  /** Status the target answered. */
  targetStatus?: number;
  /** From sending to the target until its response headers, ms. */
  latencyMs: number;
  /** Lab-clock ms. */
  at: number;
}

/** Target health counts of one target group. */
export interface TargetHealthCount {
  region: string;
  loadBalancerArn: string;
  targetGroupArn: string;
  healthy: number;
  unhealthy: number;
}

/** Replication statistics of one direction of a global table. */
export interface ReplicationSample {
  from: string;
  to: string;
  tableName: string;
  /** Lag of the last applied change, ms (null before any). */
  lastLagMs: number | null;
  /** When that change was applied (lab-clock ms); a sample is published only when it changed. */
  lastAppliedAt?: number | null;
}

/** Capacity consumed by one DynamoDB request. */
export interface ConsumedCapacitySample {
  region: string;
  tableName: string;
  read: number;
  write: number;
  at?: number;
}

/** Traces counted for an X-Ray group. */
export interface XRayGroupCount {
  region: string;
  groupName: string;
  count: number;
  at?: number;
}

export type { EcsTaskProcess };

/** Where the periodic samplers read from (the lead wires these to ELB, ECS and the replicator). */
export interface CollectorSources {
  targetHealth?(): TargetHealthCount[];
  ecsTasks?(): EcsTaskProcess[];
  replication?(): ReplicationSample[];
}

/** `app/<name>/<id>` of an ALB ARN, `targetgroup/<name>/<id>` of a target group ARN. */
export function arnDimension(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.startsWith('loadbalancer/') ? resource.slice('loadbalancer/'.length) : resource;
}
