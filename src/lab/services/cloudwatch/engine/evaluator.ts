/**
 * When and over which windows the lab evaluates alarms. CloudWatch evaluates an alarm
 * every minute (every period for 10 s and 30 s alarms) over Period-long windows. The lab
 * does the same on the LabClock: an AWS duration d lasts clock.scaled(d) of wall time, so
 *  - window = clock.scaled(Period · 1000), rounded to whole seconds (the store's finest
 *    resolution), at least 1 s — 3 s for Period 60 in the `fast` profile (scale 0.05);
 *  - windows are aligned to multiples of the window since the epoch, on the same
 *    (unscaled, lab-clock) timestamps metrics are stored with;
 *  - an evaluation every clock.scaled(min(Period, 60) · 1000) (≥ 1 s), reading the
 *    evaluation range (N + 2 windows) that ended at least SETTLE_MS ago, so the
 *    collectors' once-a-second flushes are in.
 * The API keeps showing Period 60; only the wall time a window lasts shrinks.
 */
import type { LabClock } from '../../../dataplane/contracts.js';

/** How long after a window ends it is first evaluated (the collectors flush every second). */
export const SETTLE_MS = 1_000;

/** The windows one evaluation reads. */
export interface AlarmWindows {
  /** Start of the oldest window. */
  startMs: number;
  windowMs: number;
  count: number;
}

/** Wall milliseconds an alarm period lasts on this clock (whole seconds, ≥ 1 s). */
export function windowMs(clock: LabClock, periodSeconds: number): number {
  return Math.max(1_000, Math.round(clock.scaled(periodSeconds * 1000) / 1000) * 1000);
}

/** Wall milliseconds between two evaluations of an alarm with this period. */
export function cadenceMs(clock: LabClock, periodSeconds: number): number {
  return Math.max(
    1_000,
    Math.round(clock.scaled(Math.min(periodSeconds, 60) * 1000) / 1000) * 1000,
  );
}

/** The `range` most recent complete windows at `nowMs`. */
export function alarmWindows(
  clock: LabClock,
  periodSeconds: number,
  range: number,
  nowMs: number,
): AlarmWindows {
  const window = windowMs(clock, periodSeconds);
  const end = Math.floor((nowMs - Math.min(SETTLE_MS, window)) / window) * window;
  return { startMs: end - range * window, windowMs: window, count: range };
}

/** An alarm as the scheduler sees it. */
export interface ScheduledAlarm {
  /** Unique across regions, e.g. `us-west-2/name`. */
  key: string;
  periodSeconds: number;
}

/** What the scheduler drives. */
export interface AlarmSchedulerOptions {
  clock: LabClock;
  /** Every alarm of every region. */
  alarms(): Iterable<ScheduledAlarm>;
  /** Evaluates one alarm now. */
  evaluate(key: string, nowMs: number): void;
  /** Reports an evaluation that threw. */
  onError?(key: string, error: unknown): void;
  /** Wall milliseconds between checks for due alarms (default 200). */
  tickMs?: number;
}

/** Evaluates each alarm on its cadence. */
export class AlarmScheduler {
  readonly #options: AlarmSchedulerOptions;
  readonly #due = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AlarmSchedulerOptions) {
    this.#options = options;
  }

  /** Starts checking for due alarms. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(
      () => this.runDue(this.#options.clock.now()),
      this.#options.tickMs ?? 200,
    );
    this.#timer.unref();
  }

  /** Stops the timer. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Makes an alarm due at the next check (a new or changed alarm). */
  touch(key: string): void {
    this.#due.set(key, 0);
  }

  /** Holds an alarm's first evaluation until `untilMs` (a seeded alarm without history yet). */
  defer(key: string, untilMs: number): void {
    this.#due.set(key, untilMs);
  }

  /** Evaluates every alarm whose time has come; returns how many were evaluated. */
  runDue(nowMs: number): number {
    const { clock, evaluate, onError } = this.#options;
    const seen = new Set<string>();
    let evaluated = 0;
    for (const alarm of this.#options.alarms()) {
      seen.add(alarm.key);
      const due = this.#due.get(alarm.key) ?? 0;
      if (nowMs < due) continue;
      const cadence = cadenceMs(clock, alarm.periodSeconds);
      const settle = Math.min(SETTLE_MS, windowMs(clock, alarm.periodSeconds));
      this.#due.set(alarm.key, Math.floor(nowMs / cadence) * cadence + cadence + settle);
      try {
        evaluate(alarm.key, nowMs);
        evaluated++;
      } catch (error) {
        onError?.(alarm.key, error);
      }
    }
    for (const key of this.#due.keys()) if (!seen.has(key)) this.#due.delete(key);
    return evaluated;
  }
}
