// The lab's CloudWatch dashboards (account-wide, as on AWS) and the seeded workshop
// resources over HTTP with the real SDK v3: the `mysfits-dr` dashboard seen from every
// region, Put/Get/List/DeleteDashboards with body validation, the gating alarms' config,
// and AWS's error codes (query-compatible: SDK exception names from the shapes, `Code`
// from the Query codes) for bad input.
import {
  DeleteDashboardsCommand,
  DescribeAlarmsCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  ListDashboardsCommand,
  PutDashboardCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { HEALTHY_HOSTS_GATE, TARGET_5XX_GATE } from '../../src/lab/services/cloudwatch/seed.js';
import { LAB_GATING_ALARMS } from '../../src/lab/topology.js';
import { REGIONS, uniqueId } from '../helpers/lab.js';
import { minute, sdkError, useCloudWatchBed } from './cloudwatch-harness.js';

const [west, east] = REGIONS;
const bed = useCloudWatchBed();

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
      // As the seed put them: the alarm's members survive PutMetricAlarm → DescribeAlarms.
      expect(fiveXx).toMatchObject({
        AlarmName: 'mysfits-like-target-5xx',
        AlarmArn: `arn:aws:cloudwatch:${region}:000000000000:alarm:mysfits-like-target-5xx`,
        ...TARGET_5XX_GATE,
      });
      expect(fiveXx!.Dimensions!.map((d) => d.Name).sort()).toEqual([
        'LoadBalancer',
        'TargetGroup',
      ]);
      expect(hosts).toMatchObject(HEALTHY_HOSTS_GATE);
      expect(['INSUFFICIENT_DATA', 'OK', 'ALARM']).toContain(hosts!.StateValue);
    }
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
