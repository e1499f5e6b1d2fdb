/**
 * CloudWatch adapter: GetMetricData (500 queries a call, every NextToken page, pages merged
 * per query id, oldest first) and DescribeAlarms by name (100 names a call, every page,
 * metric alarms only).
 */
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmInfo, CloudWatchReader, MetricQuery, MetricSeries } from '../core/ports.js';

/** The SDK client this adapter runs over: ports.ts imports both together, on first use. */
export { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

/** Most queries one GetMetricData call takes. */
export const METRIC_QUERIES_PER_CALL = 500;
/** Most alarm names one DescribeAlarms call takes. */
export const ALARM_NAMES_PER_CALL = 100;

/** A port query as the API's MetricDataQuery. */
export function toMetricDataQuery(q: MetricQuery): MetricDataQuery {
  const label = q.label !== undefined ? { Label: q.label } : {};
  if ('expression' in q)
    return { Id: q.id, Expression: q.expression, Period: q.periodSeconds, ...label };
  return {
    Id: q.id,
    ...label,
    MetricStat: {
      Metric: {
        Namespace: q.namespace,
        MetricName: q.metricName,
        Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: q.periodSeconds,
      Stat: q.stat,
    },
    ...(q.returnData !== undefined ? { ReturnData: q.returnData } : {}),
  };
}

/** Statuses that say a query failed; they stick over the pages that follow. */
const FAILED_STATUS = new Set(['InternalError', 'Forbidden']);

/** Merges the pages of one call into series in the order of the queries, oldest point first. */
function mergePages(
  queries: readonly MetricQuery[],
  pages: readonly GetMetricDataCommandOutput[],
): MetricSeries[] {
  const byId = new Map<string, MetricSeries & { points: [number, number][] }>();
  for (const page of pages) {
    for (const r of page.MetricDataResults ?? []) {
      const id = r.Id ?? '';
      let series = byId.get(id);
      if (!series) {
        series = {
          id,
          label: r.Label ?? id,
          timestamps: [],
          values: [],
          statusCode: '',
          messages: [],
          points: [],
        };
        byId.set(id, series);
      }
      const timestamps = r.Timestamps ?? [];
      const values = r.Values ?? [];
      timestamps.forEach((t, k) => series.points.push([t.getTime(), values[k] ?? Number.NaN]));
      if (!FAILED_STATUS.has(series.statusCode))
        series.statusCode = r.StatusCode ?? series.statusCode;
      for (const m of r.Messages ?? []) {
        const text = [m.Code, m.Value].filter(Boolean).join(': ');
        if (text && !series.messages.includes(text)) series.messages.push(text);
      }
    }
  }
  const order = new Map(queries.map((q, i) => [q.id, i]));
  return [...byId.values()]
    .sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity))
    .map(({ points, ...series }) => {
      points.sort((a, b) => a[0] - b[0]);
      return {
        ...series,
        statusCode: series.statusCode || 'Complete',
        timestamps: points.map(([t]) => t),
        values: points.map(([, v]) => v),
      };
    });
}

/** A CloudWatchReader over a CloudWatch client. */
export function cloudWatchReader(client: CloudWatchClient): CloudWatchReader {
  return {
    async getMetricData(queries, startMs, endMs) {
      const result: MetricSeries[] = [];
      for (let i = 0; i < queries.length; i += METRIC_QUERIES_PER_CALL) {
        const batch = queries.slice(i, i + METRIC_QUERIES_PER_CALL);
        const pages: GetMetricDataCommandOutput[] = [];
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new GetMetricDataCommand({
              MetricDataQueries: batch.map(toMetricDataQuery),
              StartTime: new Date(startMs),
              EndTime: new Date(endMs),
              ScanBy: 'TimestampAscending',
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          );
          pages.push(page);
          nextToken = page.NextToken;
        } while (nextToken);
        result.push(...mergePages(batch, pages));
      }
      return result;
    },

    async describeAlarms(names) {
      const alarms: AlarmInfo[] = [];
      for (let i = 0; i < names.length; i += ALARM_NAMES_PER_CALL) {
        const batch = names.slice(i, i + ALARM_NAMES_PER_CALL);
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new DescribeAlarmsCommand({
              AlarmNames: [...batch],
              AlarmTypes: ['MetricAlarm'],
              MaxRecords: 100,
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          );
          for (const a of page.MetricAlarms ?? []) {
            alarms.push({
              name: a.AlarmName ?? '',
              state: a.StateValue ?? 'INSUFFICIENT_DATA',
              reason: a.StateReason ?? '',
              updatedAt: a.StateUpdatedTimestamp?.getTime() ?? 0,
            });
          }
          nextToken = page.NextToken;
        } while (nextToken);
      }
      return alarms;
    },
  };
}
