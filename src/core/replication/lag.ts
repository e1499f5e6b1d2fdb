/**
 * `readReplicationLag`: the global table's replication lag per direction as CloudWatch
 * reports it (ReplicationLatency, and PendingReplicationCount where published), with a
 * verdict per direction. Reads each source region once, in parallel; a region that cannot be
 * read makes its directions `unknown` (with the error) rather than failing the whole read.
 * Never throws for AWS errors; `status` and the failover preflight call it directly.
 */
import type { MetricSeries } from '../ports.js';
import {
  type Direction,
  type LagDeps,
  type ReplicationConfig,
  describeErrorPlainly,
  selectDirections,
} from './deps.js';
import {
  latencyReading,
  pendingReading,
  queryIds,
  replicationQueries,
  seriesProblem,
} from './lag-queries.js';
import type { LagDirection, ReadFailure, ReplicationLagDocument } from './schema.js';
import { lagVerdict, worstLagVerdict } from './stats.js';

/** Options of `readReplicationLag`. */
export interface LagOptions {
  /** How far back to look (default 15 min). */
  windowMs?: number;
  /** CloudWatch period (default 60 s, ReplicationLatency's resolution on AWS). */
  periodSeconds?: number;
  /** Only directions from this region. */
  from?: string;
  /** Only directions to this region. */
  to?: string;
}

/** Default window of `replication lag`. */
export const DEFAULT_LAG_WINDOW_MS = 15 * 60_000;
/** Default period of `replication lag`. */
export const DEFAULT_LAG_PERIOD_SECONDS = 60;

type SourceRead =
  | { ok: true; series: Map<string, MetricSeries> }
  | { ok: false; failure: ReadFailure };

/** Reads ReplicationLatency / PendingReplicationCount for every direction and judges each. */
export async function readReplicationLag(
  deps: LagDeps,
  config: ReplicationConfig,
  nowMs: number,
  options: LagOptions = {},
): Promise<ReplicationLagDocument> {
  const windowMs = options.windowMs ?? DEFAULT_LAG_WINDOW_MS;
  const periodSeconds = options.periodSeconds ?? DEFAULT_LAG_PERIOD_SECONDS;
  const table = config.globalTable.name;
  const { maxReplicationLagSeconds, staleAfterSeconds } = config.thresholds;
  const directions = selectDirections(
    config.regions.map((r) => r.name),
    options,
  );
  const sources = [...new Set(directions.map((d) => d.from))];
  const startMs = nowMs - windowMs;

  const reads = await Promise.all(
    sources.map(async (from): Promise<[string, SourceRead]> => {
      const receivers = directions.filter((d) => d.from === from).map((d) => d.to);
      try {
        const series = await deps.ports
          .region(from)
          .cloudwatch.getMetricData(
            replicationQueries(table, receivers, periodSeconds),
            startMs,
            nowMs,
          );
        return [from, { ok: true, series: new Map(series.map((s) => [s.id, s])) }];
      } catch (error) {
        const described = (deps.describeError ?? describeErrorPlainly)(error);
        return [
          from,
          { ok: false, failure: { ...described, call: `cloudwatch:GetMetricData ${from}` } },
        ];
      }
    }),
  );
  const bySource = new Map(reads);

  const results = directions.map((d): LagDirection => {
    const read = bySource.get(d.from)!;
    const receivers = directions.filter((x) => x.from === d.from).map((x) => x.to);
    return judgeDirection(d, read, receivers.indexOf(d.to), nowMs, {
      windowMs,
      maxLagSeconds: maxReplicationLagSeconds,
      staleAfterSeconds,
    });
  });

  return {
    schemaVersion: 1,
    kind: 'replication-lag',
    table,
    generatedAt: new Date(nowMs).toISOString(),
    window: {
      startAt: new Date(startMs).toISOString(),
      endAt: new Date(nowMs).toISOString(),
      periodSeconds,
    },
    thresholds: { maxReplicationLagSeconds, staleAfterSeconds },
    verdict: worstLagVerdict(results.map((r) => r.verdict)),
    directions: results,
    warnings: results.filter((r) => r.verdict !== 'ok').map((r) => r.message),
  };
}

function judgeDirection(
  d: Direction,
  read: SourceRead,
  index: number,
  nowMs: number,
  limits: { windowMs: number; maxLagSeconds: number; staleAfterSeconds: number },
): LagDirection {
  if (!read.ok) {
    const judged = lagVerdict({ ...d, ...limits, failure: read.failure, latency: null });
    return {
      ...d,
      ...judged,
      latency: null,
      pendingReplicationCount: { status: 'unknown' },
      failure: read.failure,
    };
  }
  const ids = queryIds(index);
  const avg = read.series.get(ids.avg);
  const problem = seriesProblem(avg);
  const failure: ReadFailure | null = problem
    ? {
        kind: avg?.statusCode === 'Forbidden' ? 'credentials' : 'error',
        call: `cloudwatch:GetMetricData ${d.from}`,
        message: problem,
      }
    : null;
  const latency = failure
    ? null
    : latencyReading(avg, read.series.get(ids.max), read.series.get(ids.count), nowMs);
  const pendingSeries = read.series.get(ids.pending);
  const pending = seriesProblem(pendingSeries)
    ? ({ status: 'unknown' } as const)
    : pendingReading(pendingSeries, nowMs);
  return {
    ...d,
    ...lagVerdict({ ...d, ...limits, failure, latency }),
    latency,
    pendingReplicationCount: pending,
    failure,
  };
}
