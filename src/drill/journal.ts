/**
 * The journal of a drill run: a superset of Chaos Toolkit's journal (status, deviated,
 * steady_states, run, rollbacks, experiment) with a `measurements` block. Every time is
 * an ISO-8601 string at the top level and, inside `measurements`, milliseconds since the
 * run started (`startedAt`), so the report can draw one time axis.
 */

/** How a run ended. `aborted`: a stop condition or a tool error ended it early. */
export type DrillStatus = 'completed' | 'failed' | 'aborted' | 'interrupted';

/** One activity (probe or action) as it ran. */
export interface ActivityRun {
  /** The activity as declared, after variable substitution. */
  activity: { type: 'probe' | 'action'; name: string; provider: { type: string } };
  /** `succeeded`; `failed` (error, or expectation not met); `skipped` (run stopped first). */
  status: 'succeeded' | 'failed' | 'skipped';
  start: string;
  end: string;
  /** Seconds, as Chaos Toolkit writes it. */
  duration: number;
  /** What the provider returned (usable by later steps as `${steps.<name>.<path>}`). */
  output?: unknown;
  /** For probes: whether the tolerance held (after retries). */
  tolerance_met?: boolean;
  /** Attempts made by a retrying probe. */
  attempts?: number;
  /** Why it failed, for people. */
  exception?: string;
}

/** The steady-state hypothesis checked once before and once after the method. */
export interface SteadyStateRun {
  steady_state_met: boolean;
  probes: ActivityRun[];
}

/** Kinds of moments drawn on the report's time axis. */
export type DrillEventKind =
  | 'step'
  | 'fault'
  | 'detection'
  | 'failover'
  | 'recovery'
  | 'rollback'
  | 'stop-condition'
  | 'interrupt';

/** A moment on the run's time axis. */
export interface DrillEvent {
  /** Milliseconds since `measurements.startedAt`. */
  t: number;
  kind: DrillEventKind;
  label: string;
}

/** Requests of one region (or of no region: `region: null` for failed requests) in one bucket. */
export interface SeriesPoint {
  /** Start of the bucket, ms since `startedAt`. */
  t: number;
  ok: number;
  failed: number;
}

/** One objective and how the run measured against it. */
export interface ObjectiveResult {
  name: 'rto' | 'rpo' | 'lostWrites' | 'detection' | 'successRate';
  /** The objective's limit (ms for durations, a count or a ratio otherwise). */
  target: number;
  /** What was measured; null when it could not be measured (that misses the objective). */
  measured: number | null;
  unit: 'ms' | 'writes' | 'ratio';
  met: boolean;
}

/** What the run measured: the block Chaos Toolkit's journal does not have. */
export interface DrillMeasurements {
  /** ISO time of t = 0. */
  startedAt: string;
  /** Length of the run, ms. */
  durationMs: number;
  /** Width of each series bucket, ms. */
  bucketMs: number;
  /** Requests per region per bucket; key `unserved` holds requests that got no answer. */
  series: Record<string, SeriesPoint[]>;
  /** The load's totals. */
  requests: { sent: number; ok: number; failed: number; byRegion: Record<string, number> };
  /** Fault injected → the system noticed (see docs/drills.md), ms; null if never. */
  detectionMs: number | null;
  /** First failed request → start of the sustained success window, ms; 0 when nothing failed; null if it never recovered. */
  rtoMs: number | null;
  /** Acknowledged writes missing in the surviving region. */
  rpo: {
    lostWrites: number;
    /** Earliest lost acknowledgement → the fault, ms; 0 when nothing was lost. */
    windowMs: number;
    /** Where and when it was checked. */
    checkedIn: string[];
    checkedAt: number | null;
  } | null;
  /** Replication lag samples per direction (`us-west-2→us-east-1`), ms. */
  replicationLag: Record<string, { t: number; ms: number | null }[]>;
  events: DrillEvent[];
  objectives: ObjectiveResult[];
}

/** The whole journal written by `drill run` and read by `drill report`. */
export interface DrillJournal {
  /** Format of this document. */
  'mysfits-dr-journal': 1;
  /** Chaos Toolkit's field, kept for its tooling. */
  'chaoslib-version': null;
  platform: string;
  node: string;
  start: string;
  end: string;
  duration: number;
  status: DrillStatus;
  deviated: boolean;
  /** Exit code the run ended with. */
  exitCode: number;
  /** Why the run ended as it did, for people. */
  reason: string;
  /** The drill after variable substitution, plus where it came from. */
  experiment: { title: string; description?: string; file?: string; [key: string]: unknown };
  steady_states: { before: SteadyStateRun | null; after: SteadyStateRun | null };
  run: ActivityRun[];
  rollbacks: ActivityRun[];
  measurements: DrillMeasurements;
}
