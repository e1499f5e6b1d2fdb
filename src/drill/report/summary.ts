/**
 * What both reports derive from a journal before rendering it: the verdict's headline,
 * how each objective reads, per-series totals, the success rate per bucket, where the RTO
 * span sits on the time axis, and replication-lag statistics. Pure data in, data out.
 */
import type { DrillEvent, DrillJournal, ObjectiveResult, SeriesPoint } from '../journal.js';
import { formatDuration, formatPercent, plural } from './format.js';

/** The series key of requests that got no answer naming a region (as `drill run` writes it). */
export const UNSERVED_KEY = 'unserved';

/** The one-word outcome shown at the top of a report. */
export type Headline = 'PASSED' | 'FAILED' | 'ABORTED' | 'INTERRUPTED';

/**
 * PASSED only for a completed run that did not deviate, exited 0 and met every objective;
 * ABORTED / INTERRUPTED as the status says; FAILED otherwise.
 */
export function headline(journal: DrillJournal): Headline {
  if (journal.status === 'interrupted') return 'INTERRUPTED';
  if (journal.status === 'aborted') return 'ABORTED';
  const objectivesMet = objectivesOf(journal).every((o) => o.met);
  return journal.status === 'completed' &&
    !journal.deviated &&
    journal.exitCode === 0 &&
    objectivesMet
    ? 'PASSED'
    : 'FAILED';
}

/** The journal's objectives (an empty list when the block is missing). */
export function objectivesOf(journal: DrillJournal): ObjectiveResult[] {
  return journal.measurements?.objectives ?? [];
}

/** One sentence on the objectives: `All 4 met.`, `2 of 4 missed.`, `The objective is met.` */
export function objectivesSummary(objectives: readonly ObjectiveResult[]): string {
  const missed = objectives.filter((o) => !o.met).length;
  if (objectives.length === 1) return missed ? 'The objective is missed.' : 'The objective is met.';
  return missed ? `${missed} of ${objectives.length} missed.` : `All ${objectives.length} met.`;
}

const OBJECTIVE_LABELS: Record<ObjectiveResult['name'], string> = {
  rto: 'Recovery time (RTO)',
  rpo: 'Data-loss window (RPO)',
  lostWrites: 'Acknowledged writes lost (RPO)',
  detection: 'Detection time',
  successRate: 'Request success rate',
};

/** How one objective reads in a table row. */
export interface ObjectiveRow {
  label: string;
  /** `≤ 30.0 s`, `≥ 99 %`. */
  target: string;
  /** `4.4 s`, `0 writes`, or `not measured`. */
  measured: string;
  met: boolean;
}

/** A value of an objective's unit for people. */
export function formatObjectiveValue(value: number | null, unit: ObjectiveResult['unit']): string {
  if (value === null) return 'not measured';
  if (unit === 'ms') return formatDuration(value);
  if (unit === 'ratio') return formatPercent(value);
  return plural(value, 'write');
}

/** An objective as label, target with its comparison, measured value and verdict. */
export function objectiveRow(o: ObjectiveResult): ObjectiveRow {
  const comparison = o.name === 'successRate' ? '≥' : '≤';
  return {
    label: OBJECTIVE_LABELS[o.name] ?? o.name,
    target: `${comparison} ${formatObjectiveValue(o.target, o.unit)}`,
    measured: formatObjectiveValue(o.measured, o.unit),
    met: o.met,
  };
}

/** The series keys that are regions (everything but `unserved`), sorted. */
export function regionsOf(journal: DrillJournal): string[] {
  return Object.keys(journal.measurements?.series ?? {})
    .filter((k) => k !== UNSERVED_KEY)
    .sort();
}

/** Totals of one series over the run. */
export interface SeriesTotals {
  key: string;
  ok: number;
  failed: number;
  /** ok / (ok + failed); null with no requests. */
  successRate: number | null;
  /** Start of the first and last bucket with any request; null with none. */
  firstT: number | null;
  lastT: number | null;
  /** Most requests (ok + failed) in one bucket, per second. */
  peakPerSecond: number;
}

/** Per-series totals, regions first (sorted), then `unserved` if present. */
export function seriesTotals(journal: DrillJournal): SeriesTotals[] {
  const series = journal.measurements?.series ?? {};
  const bucketMs = journal.measurements?.bucketMs || 1000;
  const keys = [...regionsOf(journal), ...(UNSERVED_KEY in series ? [UNSERVED_KEY] : [])];
  return keys.map((key) => {
    const points = series[key] ?? [];
    let ok = 0;
    let failed = 0;
    let peak = 0;
    let firstT: number | null = null;
    let lastT: number | null = null;
    for (const p of points) {
      ok += p.ok;
      failed += p.failed;
      const n = p.ok + p.failed;
      if (n > 0) {
        firstT = firstT === null ? p.t : Math.min(firstT, p.t);
        lastT = lastT === null ? p.t : Math.max(lastT, p.t);
        peak = Math.max(peak, n);
      }
    }
    const total = ok + failed;
    return {
      key,
      ok,
      failed,
      successRate: total === 0 ? null : ok / total,
      firstT,
      lastT,
      peakPerSecond: (peak * 1000) / bucketMs,
    };
  });
}

/** All series summed per bucket start, sorted by time. */
export function combinedBuckets(journal: DrillJournal): SeriesPoint[] {
  const byT = new Map<number, SeriesPoint>();
  for (const points of Object.values(journal.measurements?.series ?? {})) {
    for (const p of points) {
      const sum = byT.get(p.t) ?? { t: p.t, ok: 0, failed: 0 };
      sum.ok += p.ok;
      sum.failed += p.failed;
      byT.set(p.t, sum);
    }
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** Success rate per bucket (null where no request was sent). */
export function successRateSeries(journal: DrillJournal): { t: number; rate: number | null }[] {
  return combinedBuckets(journal).map((p) => ({
    t: p.t,
    rate: p.ok + p.failed === 0 ? null : p.ok / (p.ok + p.failed),
  }));
}

/** The bucket with the lowest success rate; null when no request was sent. */
export function worstBucket(journal: DrillJournal): { t: number; rate: number } | null {
  let worst: { t: number; rate: number } | null = null;
  for (const p of successRateSeries(journal)) {
    if (p.rate !== null && (worst === null || p.rate < worst.rate))
      worst = { t: p.t, rate: p.rate };
  }
  return worst;
}

/**
 * Where the RTO lies on the time axis: from the start of the first bucket holding a failed
 * request (the RTO's first failed request, to the bucket) for `rtoMs`; to the end of the
 * run when it never recovered (`recovered: false`). Null when nothing failed or RTO is 0.
 */
export function rtoSpan(
  journal: DrillJournal,
): { from: number; to: number; recovered: boolean; label: string } | null {
  const m = journal.measurements;
  if (!m || m.rtoMs === 0) return null;
  const firstFailed = combinedBuckets(journal).find((p) => p.failed > 0);
  const from = firstFailed?.t ?? m.events?.find((e) => e.kind === 'fault')?.t;
  if (from === undefined) return null;
  if (m.rtoMs === null) {
    return {
      from,
      to: Math.max(from, endOfAxis(journal)),
      recovered: false,
      label: 'not recovered',
    };
  }
  return { from, to: from + m.rtoMs, recovered: true, label: `RTO ${formatDuration(m.rtoMs)}` };
}

/** The events sorted by time (stable for equal times). */
export function sortedEvents(journal: DrillJournal): DrillEvent[] {
  return [...(journal.measurements?.events ?? [])].sort((a, b) => a.t - b.t);
}

/** The end of the time axis, ms: the run's length, or later data or events if any. */
export function endOfAxis(journal: DrillJournal): number {
  const m = journal.measurements;
  if (!m) return 1000;
  let end = m.durationMs || 0;
  const bucketMs = m.bucketMs || 0;
  for (const points of Object.values(m.series ?? {})) {
    for (const p of points) end = Math.max(end, p.t + bucketMs);
  }
  for (const e of m.events ?? []) end = Math.max(end, e.t);
  for (const samples of Object.values(m.replicationLag ?? {})) {
    for (const s of samples) end = Math.max(end, s.t);
  }
  return end > 0 ? end : 1000;
}

/** Replication lag of one direction, summarised. */
export interface LagStats {
  direction: string;
  samples: number;
  /** Samples where the lag could not be read. */
  unknown: number;
  maxMs: number | null;
  medianMs: number | null;
  lastMs: number | null;
}

/** Lag statistics per direction, sorted by direction. */
export function lagStats(journal: DrillJournal): LagStats[] {
  const lag = journal.measurements?.replicationLag ?? {};
  return Object.keys(lag)
    .sort()
    .map((direction) => {
      const samples = [...(lag[direction] ?? [])].sort((a, b) => a.t - b.t);
      const known = samples.map((s) => s.ms).filter((v): v is number => v !== null);
      const sorted = [...known].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      const median =
        sorted.length === 0
          ? null
          : sorted.length % 2
            ? sorted[mid]!
            : (sorted[mid - 1]! + sorted[mid]!) / 2;
      return {
        direction,
        samples: samples.length,
        unknown: samples.length - known.length,
        maxMs: sorted.length ? sorted[sorted.length - 1]! : null,
        medianMs: median,
        lastMs: samples.length ? (samples[samples.length - 1]!.ms ?? null) : null,
      };
    });
}
