/** Pieces of drill journals shared by the report tests (unit and browser). */
import type { DrillJournal, SeriesPoint } from '../../src/drill/journal.js';

/** 60 buckets of 1 s: us-west-2 serves until 20 s, 4 s of failures, then us-east-1. */
export function outageSeries(): Record<string, SeriesPoint[]> {
  const west: SeriesPoint[] = [];
  const east: SeriesPoint[] = [];
  const unserved: SeriesPoint[] = [];
  for (let i = 0; i < 60; i++) {
    const t = i * 1000;
    west.push({ t, ok: i < 20 ? 20 : 0, failed: i >= 20 && i < 22 ? 5 : 0 });
    east.push({ t, ok: i >= 24 ? 20 : i >= 22 ? 8 : 0, failed: 0 });
    unserved.push({ t, ok: 0, failed: i >= 20 && i < 24 ? 10 : 0 });
  }
  return { 'us-west-2': west, 'us-east-1': east, unserved };
}

/** The head of a completed run's journal that met every objective, from `start` to `end`. */
export function passedRun(start: string, end: string) {
  return {
    'mysfits-dr-journal': 1 as const,
    'chaoslib-version': null,
    platform: 'linux x64',
    node: 'v20.20.2',
    start,
    end,
    duration: (Date.parse(end) - Date.parse(start)) / 1000,
    status: 'completed' as const,
    deviated: false,
    exitCode: 0,
    reason: 'every objective met',
  };
}

/** The events of that outage, from the fault at 20 s to the rollback at 55 s. */
export const OUTAGE_EVENTS = [
  { t: 20_000, kind: 'fault', label: 'us-west-2 down' },
  { t: 22_100, kind: 'detection', label: 'health checks failing' },
  { t: 23_000, kind: 'failover', label: 'traffic on us-east-1' },
  { t: 24_400, kind: 'recovery', label: 'sustained success' },
  { t: 55_000, kind: 'rollback', label: 'clear faults' },
] as const;

/**
 * The measurements of that outage started at `startedAt` (1200 requests, 50 failed, detected
 * in 2.1 s, recovered in 4.4 s, no write lost), with `replicationLag`, `events` and
 * `objectives` as given.
 */
export function outageMeasurements(
  startedAt: string,
  rest: Pick<NonNullable<DrillJournal['measurements']>, 'replicationLag' | 'events' | 'objectives'>,
): NonNullable<DrillJournal['measurements']> {
  return {
    startedAt,
    durationMs: 60_000,
    bucketMs: 1000,
    series: outageSeries(),
    requests: {
      sent: 1200,
      ok: 1150,
      failed: 50,
      byRegion: { 'us-west-2': 410, 'us-east-1': 740 },
    },
    detectionMs: 2100,
    rtoMs: 4400,
    rpo: { lostWrites: 0, windowMs: 0, checkedIn: ['us-east-1'], checkedAt: 58_000 },
    ...rest,
  };
}
