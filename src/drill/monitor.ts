/**
 * The run's watcher: once a second, while the drill runs, it checks the stop conditions
 * (maximum duration, named alarms in ALARM, the load's error rate) and records the signals
 * that count as detection (an accelerator endpoint not HEALTHY, an alarm in ALARM) and the
 * replication lag CloudWatch reports. It reports progress ticks for the live view.
 */
import type { DrillDeps } from './deps.js';
import type { LoadRun } from './load.js';
import type { DetectionSignal } from './measure.js';
import type { Drill } from './schema.js';

/** Why the monitor asked the run to stop. */
export interface StopRequest {
  condition: 'maxDuration' | 'alarms' | 'errorRate';
  message: string;
  t: number;
}

/** What the monitor saw over the run. */
export interface MonitorRecord {
  signals: DetectionSignal[];
  lag: Record<string, { t: number; ms: number | null }[]>;
}

/** A running monitor. */
export interface Monitor {
  record: MonitorRecord;
  /** Stops watching and waits for the tick in progress. */
  stop(): Promise<void>;
}

const TICK_MS = 1000;
const PROGRESS_WINDOW_MS = 5000;

/** Starts watching; `onStop` is called once when a stop condition trips. */
export function startMonitor(
  drill: Drill,
  deps: DrillDeps,
  t0: number,
  load: LoadRun | undefined,
  currentStep: () => string,
  onStop: (request: StopRequest) => void,
): Monitor {
  const record: MonitorRecord = { signals: [], lag: {} };
  const conditions = drill['stop-conditions'];
  const watchedAlarms = conditions?.alarms ?? [];
  const done = new AbortController();
  let tripped = false;
  const trip = (request: StopRequest) => {
    if (tripped) return;
    tripped = true;
    onStop(request);
  };
  const rel = () => deps.now() - t0;
  let reading: Promise<void> | undefined;

  const readSignals = async () => {
    const at = rel();
    try {
      const s = await deps.readSignals(watchedAlarms);
      for (const region of s.unhealthyRegions)
        record.signals.push({ t: at, kind: `endpoint-unhealthy:${region}` });
      for (const alarm of s.alarmsInAlarm) record.signals.push({ t: at, kind: `alarm:${alarm}` });
      for (const [direction, ms] of Object.entries(s.replicationLagMs))
        (record.lag[direction] ??= []).push({ t: at, ms });
      const watched = s.alarmsInAlarm.filter((a) => watchedAlarms.includes(a.split('@')[0]!));
      if (watched.length)
        trip({ condition: 'alarms', message: `alarm in ALARM: ${watched.join(', ')}`, t: at });
    } catch {
      // An unreadable signal source is not a stop condition; the next tick tries again.
    }
  };

  const tick = () => {
    const at = rel();
    if (conditions?.maxDuration !== undefined && at > conditions.maxDuration) {
      trip({
        condition: 'maxDuration',
        message: `the run passed its maximum duration (${conditions.maxDuration} ms)`,
        t: at,
      });
    }
    const stats = load ? load.stats(PROGRESS_WINDOW_MS) : null;
    const rule = conditions?.errorRate;
    if (load && rule && at >= (rule.after ?? 0)) {
      // One pass serves both when the rule's window is the progress line's.
      const window = (stats && rule.window === PROGRESS_WINDOW_MS ? stats : load.stats(rule.window))
        .window;
      const errorRate = window.successRate === null ? 0 : 1 - window.successRate;
      if (window.requests >= 5 && errorRate > rule.above) {
        trip({
          condition: 'errorRate',
          message: `error rate ${(errorRate * 100).toFixed(1)}% over the last ${rule.window} ms is above ${(rule.above * 100).toFixed(1)}%`,
          t: at,
        });
      }
    }
    reading ??= readSignals().finally(() => (reading = undefined));
    deps.progress({ kind: 'tick', elapsedMs: at, step: currentStep(), stats });
  };

  const loop = (async () => {
    while (!done.signal.aborted) {
      tick();
      await deps.sleep(TICK_MS, done.signal);
    }
  })();

  return {
    record,
    async stop() {
      done.abort();
      await loop;
      await reading;
    },
  };
}
