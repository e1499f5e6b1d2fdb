/**
 * The pure maths of replication lag: min/median/max of canary samples, the verdict of a
 * direction from its figures and the thresholds, the worst of several verdicts, and the exit
 * code. No I/O and no clock: every instant is passed in. Table-driven tests in
 * test/unit/replication-stats.test.ts.
 */
import { EXIT_CODES } from '../errors.js';
import type {
  LagStats,
  LagVerdict,
  LatencyReading,
  ProbeSample,
  ProbeVerdict,
  ReadFailure,
} from './schema.js';

/** The median of `values` (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** min / median / max of the lags; null when there are none. */
export function summarize(lagsMs: readonly number[]): LagStats | null {
  if (lagsMs.length === 0) return null;
  return {
    count: lagsMs.length,
    minMs: Math.min(...lagsMs),
    medianMs: median(lagsMs),
    maxMs: Math.max(...lagsMs),
  };
}

/** A duration for messages: `850 ms`, `1.25 s`, `12 s`, `3.5 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${trim((ms / 1000).toFixed(2))} s`;
  if (ms < 120_000) return `${trim((ms / 1000).toFixed(1))} s`;
  return `${trim((ms / 60_000).toFixed(1))} min`;
}

function trim(n: string): string {
  return n.includes('.') ? n.replace(/\.?0+$/, '') : n;
}

/** A verdict and the one sentence that explains it. */
export interface Judgement<V extends string> {
  verdict: V;
  message: string;
}

/** What `lagVerdict` judges for one direction of `replication lag`. */
export interface LagFigures {
  from: string;
  to: string;
  /** Set when CloudWatch in the source region could not be read. */
  failure: ReadFailure | null;
  /** Null when the window holds no datapoint. */
  latency: LatencyReading | null;
  windowMs: number;
  maxLagSeconds: number;
  staleAfterSeconds: number;
}

/**
 * Verdict of a direction from CloudWatch: unknown (not readable) › missing (no datapoint) ›
 * stale (newest datapoint older than staleAfterSeconds) › lagging (newest period's average
 * above maxReplicationLagSeconds) › ok. Missing or stale data is never read as zero lag.
 */
export function lagVerdict(f: LagFigures): Judgement<LagVerdict> {
  const dir = `${f.from} → ${f.to}`;
  if (f.failure) {
    return {
      verdict: 'unknown',
      message: `${dir}: CloudWatch in ${f.from} could not be read (${f.failure.kind}: ${f.failure.message})`,
    };
  }
  if (!f.latency) {
    return {
      verdict: 'missing',
      message: `${dir}: no ReplicationLatency datapoint in the last ${formatDuration(f.windowMs)} (CloudWatch publishes it only while items are replicated; measure directly with \`mysfits-dr replication probe\`)`,
    };
  }
  const { latestAverageMs, ageMs } = f.latency;
  if (ageMs > f.staleAfterSeconds * 1000) {
    return {
      verdict: 'stale',
      message: `${dir}: the newest ReplicationLatency datapoint is ${formatDuration(ageMs)} old (stale after ${f.staleAfterSeconds} s); it said ${formatDuration(latestAverageMs)}, which may no longer hold`,
    };
  }
  if (latestAverageMs > f.maxLagSeconds * 1000) {
    return {
      verdict: 'lagging',
      message: `${dir}: replication lag ${formatDuration(latestAverageMs)} exceeds the ${f.maxLagSeconds} s threshold`,
    };
  }
  return {
    verdict: 'ok',
    message: `${dir}: replication lag ${formatDuration(latestAverageMs)} (threshold ${f.maxLagSeconds} s)`,
  };
}

/** What `probeVerdict` judges for one direction of `replication probe`. */
export interface ProbeFigures {
  from: string;
  to: string;
  samples: readonly ProbeSample[];
  samplesRequested: number;
  failure: ReadFailure | null;
  /** True when the probe was stopped (Ctrl-C) before every sample was taken. */
  interrupted: boolean;
  timeoutMs: number;
  maxLagSeconds: number;
}

/**
 * Verdict of a direction from its canaries: stalled (a canary did not arrive within the
 * timeout) › unknown (a call failed, the probe was interrupted, or no sample was seen) ›
 * lagging (median above maxReplicationLagSeconds) › ok.
 */
export function probeVerdict(
  f: ProbeFigures,
): Judgement<ProbeVerdict> & { stats: LagStats | null } {
  const dir = `${f.from} → ${f.to}`;
  const seen = f.samples.filter((s) => s.outcome === 'seen');
  const stats = summarize(seen.map((s) => s.lagMs ?? 0));
  const figures = stats
    ? ` (median ${formatDuration(stats.medianMs)} of ${stats.count} sample${stats.count === 1 ? '' : 's'})`
    : '';
  const within = formatDuration(f.timeoutMs);
  if (f.samples.some((s) => s.outcome === 'timeout')) {
    const before = seen.length
      ? `; ${seen.length} earlier canar${seen.length === 1 ? 'y' : 'ies'} arrived${figures}`
      : '';
    return {
      verdict: 'stalled',
      stats,
      message: `${seen.length ? 'a' : 'no'} canary written in ${f.from} ${seen.length ? 'did not reach' : 'reached'} ${f.to} within ${within}: replication is stalled or lagging by more than ${within}${before}`,
    };
  }
  if (f.failure) {
    return {
      verdict: 'unknown',
      stats,
      message: `${dir}: could not be measured: ${f.failure.call} failed (${f.failure.kind}: ${f.failure.message})`,
    };
  }
  if (f.interrupted || !stats) {
    return {
      verdict: 'unknown',
      stats,
      message: `${dir}: interrupted after ${seen.length} of ${f.samplesRequested} samples${figures}`,
    };
  }
  if (stats.medianMs > f.maxLagSeconds * 1000) {
    return {
      verdict: 'lagging',
      stats,
      message: `${dir}: replication lag${figures} exceeds the ${f.maxLagSeconds} s threshold`,
    };
  }
  return {
    verdict: 'ok',
    stats,
    message: `${dir}: replication lag${figures} within the ${f.maxLagSeconds} s threshold`,
  };
}

const LAG_ORDER: readonly LagVerdict[] = ['ok', 'missing', 'stale', 'unknown', 'lagging'];
const PROBE_ORDER: readonly ProbeVerdict[] = ['ok', 'unknown', 'lagging', 'stalled'];

/** The worst of several `replication lag` verdicts (ok when there are none). */
export function worstLagVerdict(verdicts: readonly LagVerdict[]): LagVerdict {
  return verdicts.reduce<LagVerdict>(
    (worst, v) => (LAG_ORDER.indexOf(v) > LAG_ORDER.indexOf(worst) ? v : worst),
    'ok',
  );
}

/** The worst of several `replication probe` verdicts (ok when there are none). */
export function worstProbeVerdict(verdicts: readonly ProbeVerdict[]): ProbeVerdict {
  return verdicts.reduce<ProbeVerdict>(
    (worst, v) => (PROBE_ORDER.indexOf(v) > PROBE_ORDER.indexOf(worst) ? v : worst),
    'ok',
  );
}

/**
 * The exit code for a set of direction verdicts: 1 (failed) when any is lagging or stalled,
 * else 7 (unknown) when any could not be measured (unknown, stale, missing), else 0.
 */
export function replicationExitCode(verdicts: readonly (LagVerdict | ProbeVerdict)[]): number {
  if (verdicts.some((v) => v === 'lagging' || v === 'stalled')) return EXIT_CODES.failed;
  if (verdicts.some((v) => v !== 'ok')) return EXIT_CODES.unknown;
  return EXIT_CODES.ok;
}
