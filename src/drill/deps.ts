/**
 * Everything a drill run reaches the outside world through, handed in by the CLI: running
 * mysfits-dr's own commands in process, the lab's fault API, AWS fault actions, HTTP to the
 * application, the background load, the monitor's signals, the clock and the journal file.
 * The runner itself holds no SDK, no `fs` and no `process`.
 */
import type { DrillJournal } from './journal.js';
import type { LoadRun, LoadStats } from './load.js';

/** What one in-process mysfits-dr command ended with. */
export interface CommandResult {
  exitCode: number;
  /** The command's `--json` document (undefined when it printed none). */
  document: unknown;
  /** Its stderr (warnings, errors) for the journal. */
  stderr: string;
}

/** What the monitor reads each tick, for stop conditions and detection. */
export interface MonitorSignals {
  /** `name@region` of every watched alarm in ALARM. */
  alarmsInAlarm: string[];
  /** Regions whose accelerator endpoint is not HEALTHY (empty when the API is unreachable). */
  unhealthyRegions: string[];
  /** Replication lag per direction (`a→b`) from CloudWatch; null when unknown. */
  replicationLagMs: Record<string, number | null>;
}

/** Faults on AWS through the AWS APIs; each answers what it replaced, for the rollback. */
export interface FaultActions {
  /** Sets the desired count of a configured ECS service; answers the count it replaced. */
  scaleService(
    region: string,
    service: string,
    desiredCount: number,
  ): Promise<{ previousDesiredCount: number }>;
  /** Sets the health-check path of the service's target group; answers the path it replaced. */
  setHealthCheckPath(
    region: string,
    service: string,
    path: string,
  ): Promise<{ targetGroupArn: string; previousPath: string }>;
  /** Starts an AWS FIS experiment from a template; answers its id and state. */
  startFisExperiment(
    region: string,
    templateId: string,
  ): Promise<{ experimentId: string; state: string }>;
  /** Stops an AWS FIS experiment; answers its state (normally `stopping`). */
  stopFisExperiment(region: string, experimentId: string): Promise<{ state: string }>;
}

/** The outside world of a drill run. */
export interface DrillDeps {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Raised on Ctrl-C. */
  interrupt: AbortSignal;
  /** Runs `mysfits-dr <args> --json --yes` in process. */
  runCommand(args: readonly string[], signal: AbortSignal): Promise<CommandResult>;
  /** The lab's fault API (POST/DELETE /_lab/faults, PUT /_lab/replication). */
  lab: {
    addFault(fault: Record<string, unknown>): Promise<{ id: string }>;
    clearFaults(id?: string): Promise<void>;
    setReplicationLag(ms: number): Promise<void>;
  };
  /** Fault actions on AWS through the AWS APIs (the same calls work against the lab). */
  aws: FaultActions;
  /** One request to the application (a new connection), e.g. through the accelerator. */
  http(request: {
    url: string;
    path: string;
    method: 'GET' | 'POST';
    timeoutMs: number;
  }): Promise<unknown>;
  /** The application's address (the accelerator). */
  appUrl(): Promise<string>;
  /** Starts the background load. */
  startLoad(options: {
    url: string;
    ratePerSecond: number;
    likeShare: number;
    maxInFlight: number;
    timeoutMs: number;
    /** t = 0 of the samples (the run's start), in `now()` units. */
    t0: number;
    /** Where the clients sit, origin → share (`load.origins`); default this machine. */
    origins?: Readonly<Record<string, number>>;
  }): Promise<LoadRun>;
  /**
   * Every region's like counter of each mysfit as `region` sees it (consistent reads), keyed
   * by `likeCounterKey(mysfitId, writerRegion)`.
   */
  readLikeCounters(region: string, mysfitIds: readonly string[]): Promise<Map<string, number>>;
  /** For the journal: the OS and the Node.js version. */
  platform: string;
  nodeVersion: string;
  /** Regions the drill runs across (from the config), primary first. */
  regions: readonly string[];
  /** One read of the monitor's signals; `alarms` are the names to watch. */
  readSignals(alarms: readonly string[]): Promise<MonitorSignals>;
  /** Called with the journal as it grows (after every step), so an abrupt end still leaves one. */
  saveJournal(journal: DrillJournal): Promise<void>;
  /** Progress for people: a step started or ended, a line of load figures. */
  progress(event: DrillProgress): void;
}

/** What the runner reports as it goes. */
export type DrillProgress =
  | { kind: 'phase'; phase: string; elapsedMs: number }
  | {
      kind: 'step-start';
      phase: string;
      index: number;
      total: number;
      name: string;
      provider: string;
      elapsedMs: number;
    }
  | { kind: 'step-end'; name: string; status: string; detail: string; elapsedMs: number }
  | { kind: 'tick'; elapsedMs: number; step: string; stats: LoadStats | null }
  | { kind: 'note'; message: string; elapsedMs: number };
