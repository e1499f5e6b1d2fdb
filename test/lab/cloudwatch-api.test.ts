// The lab's CloudWatch over HTTP with the real SDK v3 (JSON 1.0, query-compatible errors):
// PutMetricData round trips through GetMetricStatistics, GetMetricData (math, ScanBy,
// pages) and ListMetrics; state per region; dashboards; the seeded workshop resources;
// AWS's error codes. Alarm behaviour over time is in cloudwatch-alarms.test.ts, other
// clients in cloudwatch-clients.test.ts.
import {
  DeleteDashboardsCommand,
  DescribeAlarmsCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListDashboardsCommand,
  ListMetricsCommand,
  PutDashboardCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_GATING_ALARMS } from '../../src/lab/topology.js';
import { REGIONS, uniqueId } from '../helpers/lab.js';
import { type CloudWatchBed, sdkError, startCloudWatchBed } from './cloudwatch-harness.js';

const [west, east] = REGIONS;
let bed: CloudWatchBed;
const minute = (k: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 - k * 60_000);

beforeAll(async () => {
  bed = await startCloudWatchBed();
});
afterAll(async () => {
  await bed?.stop();
});

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

describe('errors as AWS returns them', () => {
  const cases: [string, () => Promise<unknown>, string, string, RegExp][] = [
    [
      'an AWS/ namespace',
      () =>
        bed.client(west).send(
          new PutMetricDataCommand({
            Namespace: 'AWS/EC2',
            MetricData: [{ MetricName: 'x', Value: 1 }],
          }),
        ),
      'InvalidParameterValueException',
      'InvalidParameterValue',
      /The value AWS\/EC2 for parameter Namespace is invalid/,
    ],
    [
      'no metric name',
      () =>
        bed
          .client(west)
          .send(
            new PutMetricDataCommand({ Namespace: 'Lab', MetricData: [{ Value: 1 } as never] }),
          ),
      'MissingRequiredParameterException',
      'MissingParameter',
      /MetricData.member.1.MetricName is required/,
    ],
    [
      'Value with StatisticValues',
      () =>
        bed.client(west).send(
          new PutMetricDataCommand({
            Namespace: 'Lab',
            MetricData: [
              {
                MetricName: 'x',
                Value: 1,
                StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 },
              },
            ],
          }),
        ),
      'InvalidParameterCombinationException',
      'InvalidParameterCombination',
      /mutually exclusive/,
    ],
    [
      'a bad statistic',
      () =>
        bed.client(west).send(
          new GetMetricDataCommand({
            StartTime: minute(5),
            EndTime: minute(0),
            MetricDataQueries: [
              {
                Id: 'm',
                MetricStat: {
                  Metric: { Namespace: 'Lab', MetricName: 'x' },
                  Period: 60,
                  Stat: 'Median',
                },
              },
            ],
          }),
        ),
      'ValidationException',
      'ValidationError',
      /not a valid statistic/,
    ],
    [
      'an unknown alarm',
      () =>
        bed
          .client(west)
          .send(
            new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' }),
          ),
      'ResourceNotFound',
      'ResourceNotFound',
      /nope/,
    ],
    [
      'an unknown dashboard',
      () => bed.client(west).send(new GetDashboardCommand({ DashboardName: 'nope' })),
      'ResourceNotFound',
      'ResourceNotFound',
      /does not exist/,
    ],
  ];
  for (const [what, call, name, code, message] of cases) {
    it(`refuses ${what}: ${code}`, async () => {
      const error = await sdkError(call());
      expect(error.name).toBe(name);
      expect(error.Code).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.$metadata.httpStatusCode).toBe(code === 'ResourceNotFound' ? 404 : 400);
    });
  }
});

describe('dashboards (account-wide, as on AWS)', () => {
  it('shows the workshop dashboard in every region', async () => {
    for (const region of REGIONS) {
      const list = await bed.client(region).send(new ListDashboardsCommand({}));
      expect(list.DashboardEntries!.map((d) => d.DashboardName)).toContain('mysfits-dr');
    }
    const dashboard = await bed
      .client(east)
      .send(new GetDashboardCommand({ DashboardName: 'mysfits-dr' }));
    expect(dashboard.DashboardArn).toBe('arn:aws:cloudwatch::000000000000:dashboard/mysfits-dr');
    const body = JSON.parse(dashboard.DashboardBody!);
    const metrics = JSON.stringify(
      body.widgets.map((w: { properties: { metrics: unknown } }) => w.properties.metrics),
    );
    for (const name of [
      'RequestCount',
      'HTTPCode_Target_5XX_Count',
      'CPUUtilization',
      'MemoryUtilization',
      'ApproximateTraceCount',
      'like-service-errors-faults',
      'us-east-1',
    ])
      expect(metrics).toContain(name);
  });

  it('puts, lists, gets and deletes; validates the body', async () => {
    const name = uniqueId('dash');
    const body = JSON.stringify({
      widgets: [
        { type: 'text', x: 0, y: 0, width: 6, height: 3, properties: { markdown: '# hi' } },
      ],
    });
    const put = await bed
      .client(west)
      .send(new PutDashboardCommand({ DashboardName: name, DashboardBody: body }));
    expect(put.DashboardValidationMessages).toEqual([]);
    const list = await bed
      .client(east)
      .send(new ListDashboardsCommand({ DashboardNamePrefix: name }));
    expect(list.DashboardEntries).toEqual([
      expect.objectContaining({ DashboardName: name, Size: body.length }),
    ]);
    const invalid = await sdkError(
      bed.client(west).send(
        new PutDashboardCommand({
          DashboardName: name,
          DashboardBody: JSON.stringify({
            widgets: [
              {
                type: 'metric',
                properties: {
                  metrics: [['AWS/EC2', 'CPUUtilization', { InstanceId: 'i-1' }, 'x']],
                },
              },
            ],
          }),
        }),
      ),
    );
    expect(invalid.name).toBe('DashboardInvalidInputError');
    expect(invalid.Code).toBe('InvalidParameterInput');
    expect(invalid.message).toMatch(
      /^The dashboard body is invalid, there are 1 validation errors:/,
    );
    expect(invalid.dashboardValidationMessages).toEqual([
      {
        DataPath: '/widgets/0/properties/metrics/0/2',
        Message: "Invalid metric field type, only 'String' type is allowed",
      },
    ]);
    const notJson = await sdkError(
      bed.client(west).send(new PutDashboardCommand({ DashboardName: name, DashboardBody: '{' })),
    );
    expect(notJson.name).toBe('DashboardInvalidInputError');
    await bed.client(east).send(new DeleteDashboardsCommand({ DashboardNames: [name] }));
    const gone = await sdkError(
      bed.client(west).send(new DeleteDashboardsCommand({ DashboardNames: [name] })),
    );
    expect(gone.name).toBe('ResourceNotFound');
  });
});

describe('the seeded gating alarms', () => {
  it('exist in every region with the workshop configuration', async () => {
    for (const region of REGIONS) {
      const out = await bed
        .client(region)
        .send(new DescribeAlarmsCommand({ AlarmNames: [...LAB_GATING_ALARMS] }));
      const [fiveXx, hosts] = out.MetricAlarms!;
      expect(fiveXx).toMatchObject({
        AlarmName: 'mysfits-like-target-5xx',
        AlarmArn: `arn:aws:cloudwatch:${region}:000000000000:alarm:mysfits-like-target-5xx`,
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HTTPCode_Target_5XX_Count',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(fiveXx!.Dimensions!.map((d) => d.Name).sort()).toEqual([
        'LoadBalancer',
        'TargetGroup',
      ]);
      expect(hosts).toMatchObject({
        MetricName: 'HealthyHostCount',
        Statistic: 'Minimum',
        EvaluationPeriods: 2,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(['INSUFFICIENT_DATA', 'OK', 'ALARM']).toContain(hosts!.StateValue);
    }
  });
});
