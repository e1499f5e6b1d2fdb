/** The default failover thresholds, written out in generated configs (`init`) and applied by the schema. */
export const DEFAULT_THRESHOLDS = {
  maxReplicationLagSeconds: 5,
  maxFailbackReplicationLagSeconds: 2,
  minHealthyTasks: 1,
  maxErrorRatePercent: 5,
  staleAfterSeconds: 300,
} as const;
