/**
 * The CloudWatch queries behind `replication lag` and how their answers become figures.
 * AWS/DynamoDB publishes ReplicationLatency (ms) and, for global tables version 2017.11.29
 * only, PendingReplicationCount in the SOURCE region, with dimensions TableName and
 * ReceivingRegion. One GetMetricData call per source region covers every receiving region.
 */
import type { MetricQuery, MetricSeries } from '../ports.js';
import type { LatencyReading, PendingReading } from './schema.js';

/** The query ids for one receiving region (index `i` in the list of receivers). */
export function queryIds(i: number): { avg: string; max: string; count: string; pending: string } {
  return { avg: `lat_avg_${i}`, max: `lat_max_${i}`, count: `lat_n_${i}`, pending: `pending_${i}` };
}

/** Queries for one source region: latency Average, Maximum, SampleCount and pending Maximum per receiver. */
export function replicationQueries(
  table: string,
  receivers: readonly string[],
  periodSeconds: number,
): MetricQuery[] {
  return receivers.flatMap((to, i) => {
    const ids = queryIds(i);
    const dimensions = { TableName: table, ReceivingRegion: to };
    const metric = (id: string, metricName: string, stat: string): MetricQuery => ({
      id,
      label: `${metricName} ${stat} → ${to}`,
      namespace: 'AWS/DynamoDB',
      metricName,
      dimensions,
      stat,
      periodSeconds,
    });
    return [
      metric(ids.avg, 'ReplicationLatency', 'Average'),
      metric(ids.max, 'ReplicationLatency', 'Maximum'),
      metric(ids.count, 'ReplicationLatency', 'SampleCount'),
      metric(ids.pending, 'PendingReplicationCount', 'Maximum'),
    ];
  });
}

/** Datapoints of a series as [timestamp, value] pairs, oldest first, finite values only. */
function points(series: MetricSeries | undefined): [number, number][] {
  if (!series) return [];
  const pairs: [number, number][] = [];
  series.timestamps.forEach((t, i) => {
    const v = series.values[i];
    if (v !== undefined && Number.isFinite(v)) pairs.push([t, v]);
  });
  return pairs.sort((a, b) => a[0] - b[0]);
}

/** A series CloudWatch could not fill (`Forbidden`, `InternalError`), as a message; else undefined. */
export function seriesProblem(series: MetricSeries | undefined): string | undefined {
  if (!series || series.statusCode === 'Complete' || series.statusCode === 'PartialData') {
    return undefined;
  }
  const why = series.messages.length ? `: ${series.messages.join('; ')}` : '';
  return `GetMetricData answered ${series.statusCode} for ${series.label || series.id}${why}`;
}

/** ReplicationLatency figures from the Average, Maximum and SampleCount series; null without data. */
export function latencyReading(
  avg: MetricSeries | undefined,
  max: MetricSeries | undefined,
  count: MetricSeries | undefined,
  nowMs: number,
): LatencyReading | null {
  const averages = points(avg);
  const latest = averages[averages.length - 1];
  if (!latest) return null;
  const maxima = new Map(points(max));
  const counts = new Map(points(count));
  let weighted = 0;
  let weight = 0;
  for (const [t, v] of averages) {
    const w = counts.get(t) ?? 1;
    weighted += v * w;
    weight += w;
  }
  const allMaxima = [...maxima.values()];
  return {
    latestAt: new Date(latest[0]).toISOString(),
    ageMs: Math.max(0, nowMs - latest[0]),
    latestAverageMs: latest[1],
    latestMaximumMs: maxima.get(latest[0]) ?? null,
    windowAverageMs: weight > 0 ? weighted / weight : latest[1],
    windowMaximumMs: allMaxima.length ? Math.max(...allMaxima) : null,
    datapoints: averages.length,
  };
}

/** PendingReplicationCount: the newest datapoint, or `not-published` when there is none (never 0). */
export function pendingReading(series: MetricSeries | undefined, nowMs: number): PendingReading {
  const all = points(series);
  const latest = all[all.length - 1];
  if (!latest) return { status: 'not-published' };
  return {
    status: 'published',
    latest: latest[1],
    latestAt: new Date(latest[0]).toISOString(),
    ageMs: Math.max(0, nowMs - latest[0]),
  };
}
