/**
 * The time window of a metrics read: `--since` back from now in whole periods of
 * `--period` seconds, aligned to the period so every region's series share one grid. The
 * last period is the one now falls in (still filling). Pure: the clock is handed in.
 */
import { usageError } from '../errors.js';

/** Most periods one read may ask for (CloudWatch's own GetMetricStatistics limit). */
export const MAX_PERIODS = 1440;

/**
 * Periods below a minute that GetMetricData serves for high-resolution metrics: "1, 5, 10, 20,
 * 30, 60, or any multiple of 60" (MetricStat.Period in the CloudWatch API Reference).
 */
export const SUB_MINUTE_PERIODS: readonly number[] = [1, 5, 10, 20, 30];

/** True for a period (seconds) GetMetricData accepts. */
export function isCloudWatchPeriod(seconds: number): boolean {
  return SUB_MINUTE_PERIODS.includes(seconds) || (seconds > 0 && seconds % 60 === 0);
}

/** A window: [startMs, endMs) cut into `periods` periods of `periodSeconds`. */
export interface MetricsWindow {
  startMs: number;
  endMs: number;
  periodSeconds: number;
  periods: number;
  /** When the window was taken (endMs is the end of the period this falls in). */
  nowMs: number;
}

/** Parses `--period`: 1, 5, 10, 20, 30 or a multiple of 60 seconds; else a usage error. */
export function parsePeriod(flag: string, value: string): number {
  const seconds = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!isCloudWatchPeriod(seconds)) {
    throw usageError(
      'BAD_PERIOD',
      `${flag}: "${value}" is not a CloudWatch period`,
      `Pass a number of seconds that is 1, 5, 10, 20, 30 or a multiple of 60, e.g. ${flag} 60.`,
    );
  }
  return seconds;
}

/**
 * The window of `sinceMs` before `nowMs` in periods of `periodSeconds` (at least one).
 * Throws a usage error naming both options when it would need more than MAX_PERIODS.
 */
export function metricsWindow(
  nowMs: number,
  sinceMs: number,
  periodSeconds: number,
): MetricsWindow {
  const periodMs = periodSeconds * 1000;
  const periods = Math.max(1, Math.ceil(sinceMs / periodMs));
  if (periods > MAX_PERIODS) {
    throw usageError(
      'TOO_MANY_PERIODS',
      `--since ${sinceMs / 1000}s with --period ${periodSeconds} asks for ${periods} datapoints per metric; at most ${MAX_PERIODS}`,
      `Pass a longer --period (e.g. --period ${Math.ceil(sinceMs / 1000 / MAX_PERIODS / 60) * 60}) or a shorter --since.`,
    );
  }
  const endMs = Math.floor(nowMs / periodMs) * periodMs + periodMs;
  return { startMs: endMs - periods * periodMs, endMs, periodSeconds, periods, nowMs };
}
