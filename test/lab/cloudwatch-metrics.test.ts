// The lab's CloudWatch metrics over HTTP with the real SDK v3 (JSON 1.0, query-compatible
// errors): PutMetricData round trips through GetMetricStatistics, GetMetricData (math,
// ScanBy, pages) and ListMetrics; state per region. Errors, dashboards and the seeded
// alarms: cloudwatch-dashboards.test.ts; alarms over time:
// cloudwatch-alarms.test.ts; other clients: cloudwatch-cli/boto3/sdk-protocols tests.
import {
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { REGIONS, uniqueId } from '../helpers/lab.js';
import { minute, sdkError, useCloudWatchBed } from './cloudwatch-harness.js';

const [west, east] = REGIONS;
const bed = useCloudWatchBed();

describe('metrics', () => {
  const namespace = uniqueId('Lab/Api');
  const dimensions = [{ Name: 'Service', Value: 'like' }];

  beforeAll(async () => {
    await bed.client(west).send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: [
          {
            MetricName: 'Latency',
            Dimensions: dimensions,
            Timestamp: minute(3),
            Values: [1, 2, 3, 4, 10],
            Counts: [1, 1, 1, 1, 1],
            Unit: 'Milliseconds',
          },
          {
            MetricName: 'Latency',
            Dimensions: dimensions,
            Timestamp: minute(2),
            Value: 7,
            Unit: 'Milliseconds',
          },
          {
            MetricName: 'Latency',
            Dimensions: dimensions,
            Timestamp: minute(1),
            StatisticValues: { SampleCount: 2, Sum: 10, Minimum: 5, Maximum: 5 },
            Unit: 'Milliseconds',
          },
          { MetricName: 'Errors', Dimensions: dimensions, Timestamp: minute(3), Value: 1 },
          { MetricName: 'Errors', Dimensions: dimensions, Timestamp: minute(2), Value: 0 },
        ],
      }),
    );
  });

  it('GetMetricStatistics returns statistics and percentiles per period', async () => {
    const out = await bed.client(west).send(
      new GetMetricStatisticsCommand({
        Namespace: namespace,
        MetricName: 'Latency',
        Dimensions: dimensions,
        StartTime: minute(10),
        EndTime: minute(-1),
        Period: 60,
        Statistics: ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'],
      }),
    );
    expect(out.Label).toBe('Latency');
    const points = [...out.Datapoints!].sort(
      (a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime(),
    );
    expect(points).toEqual([
      {
        Timestamp: minute(3),
        SampleCount: 5,
        Sum: 20,
        Average: 4,
        Minimum: 1,
        Maximum: 10,
        Unit: 'Milliseconds',
      },
      {
        Timestamp: minute(2),
        SampleCount: 1,
        Sum: 7,
        Average: 7,
        Minimum: 7,
        Maximum: 7,
        Unit: 'Milliseconds',
      },
      {
        Timestamp: minute(1),
        SampleCount: 2,
        Sum: 10,
        Average: 5,
        Minimum: 5,
        Maximum: 5,
        Unit: 'Milliseconds',
      },
    ]);
    const extended = await bed.client(west).send(
      new GetMetricStatisticsCommand({
        Namespace: namespace,
        MetricName: 'Latency',
        Dimensions: dimensions,
        StartTime: minute(3),
        EndTime: minute(2),
        Period: 60,
        ExtendedStatistics: ['p50', 'p90', 'p99', 'IQM'],
      }),
    );
    expect(extended.Datapoints![0]!.ExtendedStatistics).toEqual({
      p50: 3,
      p90: 10,
      p99: 10,
      IQM: 3,
    });
  });

  it('GetMetricData runs several queries, math, labels and ScanBy', async () => {
    const out = await bed.client(west).send(
      new GetMetricDataCommand({
        StartTime: minute(5),
        EndTime: minute(0),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          {
            Id: 'sum',
            MetricStat: {
              Metric: { Namespace: namespace, MetricName: 'Latency', Dimensions: dimensions },
              Period: 60,
              Stat: 'Sum',
            },
          },
          {
            Id: 'p90',
            MetricStat: {
              Metric: { Namespace: namespace, MetricName: 'Latency', Dimensions: dimensions },
              Period: 120,
              Stat: 'p90',
            },
            Label: 'p90 latency',
          },
          {
            Id: 'errors',
            MetricStat: {
              Metric: { Namespace: namespace, MetricName: 'Errors', Dimensions: dimensions },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: false,
          },
          { Id: 'filled', Expression: 'FILL(errors, 0) * 100 / FILL(sum, 1)', Label: 'error %' },
        ],
      }),
    );
    const byId = Object.fromEntries(out.MetricDataResults!.map((r) => [r.Id, r]));
    expect(Object.keys(byId)).toEqual(['sum', 'p90', 'filled']);
    expect(byId.sum).toMatchObject({
      Label: 'Latency',
      Timestamps: [minute(3), minute(2), minute(1)],
      Values: [20, 7, 10],
      StatusCode: 'Complete',
    });
    expect(byId.p90!.Label).toBe('p90 latency');
    expect(byId.filled!.Values).toEqual([0, 0, 5, 0, 0]);
    expect(out.Messages).toEqual([]);
  });

  it('GetMetricData pages with MaxDatapoints and NextToken, newest first by default', async () => {
    const query = {
      Id: 'm',
      MetricStat: {
        Metric: { Namespace: namespace, MetricName: 'Latency', Dimensions: dimensions },
        Period: 60,
        Stat: 'Maximum',
      },
    };
    const input = {
      StartTime: minute(10),
      EndTime: minute(0),
      MaxDatapoints: 2,
      MetricDataQueries: [query],
    };
    const first = await bed.client(west).send(new GetMetricDataCommand(input));
    expect(first.MetricDataResults![0]).toMatchObject({
      Values: [5, 7],
      StatusCode: 'PartialData',
    });
    const second = await bed
      .client(west)
      .send(new GetMetricDataCommand({ ...input, NextToken: first.NextToken }));
    expect(second.MetricDataResults![0]).toMatchObject({
      Values: [10],
      Timestamps: [minute(3)],
      StatusCode: 'Complete',
    });
    expect(second.NextToken).toBeUndefined();
    const bad = await sdkError(
      bed.client(west).send(new GetMetricDataCommand({ ...input, NextToken: 'nope' })),
    );
    expect(bad.name).toBe('InvalidNextToken');
  });

  it('ListMetrics filters by namespace, name and dimensions; state is per region', async () => {
    const all = await bed.client(west).send(new ListMetricsCommand({ Namespace: namespace }));
    expect(all.Metrics!.map((m) => m.MetricName).sort()).toEqual(['Errors', 'Latency']);
    expect(all.Metrics![0]!.Dimensions).toEqual(dimensions);
    const filtered = await bed.client(west).send(
      new ListMetricsCommand({
        Namespace: namespace,
        MetricName: 'Errors',
        Dimensions: [{ Name: 'Service' }],
        RecentlyActive: 'PT3H',
      }),
    );
    expect(filtered.Metrics).toHaveLength(1);
    const none = await bed.client(west).send(
      new ListMetricsCommand({
        Namespace: namespace,
        Dimensions: [{ Name: 'Service', Value: 'core' }],
      }),
    );
    expect(none.Metrics).toEqual([]);
    const east_ = await bed.client(east).send(new ListMetricsCommand({ Namespace: namespace }));
    expect(east_.Metrics).toEqual([]);
  });
});
