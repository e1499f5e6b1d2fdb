/**
 * The journal's measurements block from what a run recorded: the request series, detection
 * (fault → the first new signal: an accelerator endpoint of the faulted region not HEALTHY,
 * an alarm in ALARM, or new connections served by another region), RTO, the RPO readings,
 * replication lag, the moments on the time axis, and each objective's verdict. Pure.
 */
import type { DrillEvent, DrillMeasurements } from './journal.js';
import type { LoadSample } from './load.js';
import {
  bucketSeries,
  evaluateObjectives,
  measureDetection,
  measureRto,
  requestTotals,
  successRate,
  type DetectionSignal,
} from './measure.js';
import type { MonitorRecord } from './monitor.js';
import type { Drill } from './schema.js';

/** One RPO check: acknowledged likes missing in `region` at `t`. */
export interface RpoReading {
  region: string;
  t: number;
  checked: number;
  lostWrites: number;
  windowMs: number;
}

/** What `measureRun` works from. */
export interface RunRecord {
  drill: Drill;
  t0: number;
  durationMs: number;
  samples: readonly LoadSample[];
  events: readonly DrillEvent[];
  faults: readonly { t: number; regions: string[] }[];
  monitor: MonitorRecord;
  rpo: readonly RpoReading[];
}

/** Bucket width: 1 s for runs up to 10 minutes, wider beyond so a chart keeps ~600 points. */
export function bucketFor(durationMs: number): number {
  return Math.max(1000, Math.ceil(durationMs / 600 / 1000) * 1000);
}

/** Signals that count as detection of the first fault. */
export function detectionSignals(record: RunRecord): DetectionSignal[] {
  const fault = record.faults[0];
  if (!fault) return [];
  const regions = fault.regions;
  const concerns = (kind: string) =>
    kind.startsWith('alarm:') ||
    (kind.startsWith('endpoint-unhealthy:') &&
      (regions.length === 0 || regions.includes(kind.slice('endpoint-unhealthy:'.length))));
  // A signal already present before the fault says nothing about it.
  const before = new Set(record.monitor.signals.filter((s) => s.t < fault.t).map((s) => s.kind));
  const signals = record.monitor.signals.filter((s) => concerns(s.kind) && !before.has(s.kind));
  const servedByFaulted = record.samples.some(
    (s) => s.t < fault.t && s.ok && s.region !== null && regions.includes(s.region),
  );
  if (servedByFaulted) {
    const moved = record.samples
      .filter((s) => s.t >= fault.t && s.ok && s.region !== null && !regions.includes(s.region))
      .sort((a, b) => a.t - b.t)[0];
    if (moved) signals.push({ t: moved.t, kind: `traffic-moved:${moved.region}` });
  }
  return signals;
}

/** Computes the measurements block. */
export function measureRun(record: RunRecord): DrillMeasurements {
  const { samples, drill } = record;
  const bucketMs = bucketFor(record.durationMs);
  const faultT = record.faults[0]?.t ?? null;
  const detectionMs = measureDetection(faultT, detectionSignals(record));
  const rtoMs = samples.length ? measureRto(samples) : null;
  const events: DrillEvent[] = [...record.events];
  if (faultT !== null && detectionMs !== null)
    events.push({ t: faultT + detectionMs, kind: 'detection', label: 'detected' });
  const firstFailure = [...samples].sort((a, b) => a.t - b.t).find((s) => !s.ok);
  if (firstFailure && rtoMs !== null && rtoMs > 0)
    events.push({ t: firstFailure.t + rtoMs, kind: 'recovery', label: 'recovered' });
  events.sort((a, b) => a.t - b.t);
  const worst = record.rpo.length
    ? record.rpo.reduce((a, b) =>
        b.lostWrites > a.lostWrites || (b.lostWrites === a.lostWrites && b.windowMs > a.windowMs)
          ? b
          : a,
      )
    : undefined;
  const rpo = worst
    ? {
        lostWrites: worst.lostWrites,
        windowMs: worst.windowMs,
        checkedIn: [...new Set(record.rpo.map((r) => r.region))],
        checkedAt: Math.max(...record.rpo.map((r) => r.t)),
      }
    : null;
  const objectives = evaluateObjectives(drill.objectives ?? {}, {
    rto: rtoMs,
    rpo: rpo?.windowMs ?? null,
    lostWrites: rpo?.lostWrites ?? null,
    detection: detectionMs,
    successRate: successRate(samples),
  });
  return {
    startedAt: new Date(record.t0).toISOString(),
    durationMs: record.durationMs,
    bucketMs,
    series: bucketSeries(samples, bucketMs, record.durationMs),
    requests: requestTotals(samples),
    detectionMs,
    rtoMs,
    rpo,
    replicationLag: record.monitor.lag,
    events,
    objectives,
  };
}
