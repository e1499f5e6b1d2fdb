/**
 * The replication use cases and their result shapes, for the `replication` commands,
 * `status` and the failover preflight: `readReplicationLag` (CloudWatch) and
 * `probeReplication` (canary items), plus the verdict maths and the exit-code rule.
 */
export {
  allDirections,
  selectDirections,
  type DescribeError,
  type Direction,
  type LagDeps,
  type ProbeDeps,
  type ReplicationClock,
  type ReplicationConfig,
} from './deps.js';
export {
  DEFAULT_LAG_PERIOD_SECONDS,
  DEFAULT_LAG_WINDOW_MS,
  readReplicationLag,
  type LagOptions,
} from './lag.js';
export {
  DEFAULT_PROBE_INTERVAL_MS,
  DEFAULT_PROBE_POLL_MS,
  DEFAULT_PROBE_SAMPLES,
  defaultProbeTimeoutMs,
  probeOptionsFor,
  probeReplication,
  type ProbeOptions,
} from './probe.js';
export { CANARY_PREFIX, isCanaryId } from './canary.js';
export { replicationExitCode, worstLagVerdict, worstProbeVerdict } from './stats.js';
export type {
  LagDirection,
  LagStats,
  LagVerdict,
  ProbeDirection,
  ProbeSample,
  ProbeVerdict,
  ReadFailure,
  ReplicationLagDocument,
  ReplicationProbeDocument,
} from './schema.js';
