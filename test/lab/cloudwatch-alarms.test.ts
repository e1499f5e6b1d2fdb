// Alarms over HTTP on the fast clock (a 60 s period lasts 3 s of wall time): transitions
// driven by data published with PutMetricData and by the collectors (ALB 5XX responses,
// target health) for the seeded gating alarms, SetAlarmState until the next evaluation,
// and DescribeAlarmHistory.
import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { labLoadBalancerArn, labTargetGroupArn } from '../../src/lab/topology.js';
import { REGIONS, uniqueId, waitFor } from '../helpers/lab.js';
import { sdkError, useCloudWatchBed } from './cloudwatch-harness.js';

const [west, east] = REGIONS;
const bed = useCloudWatchBed();

async function stateOf(region: string, name: string) {
  const out = await bed.client(region).send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return out.MetricAlarms![0]!;
}

describe.concurrent('alarms on published data', () => {
  it('goes to ALARM within seconds, back to OK, with history; SetAlarmState lasts one evaluation', async () => {
    const namespace = uniqueId('Lab/Alarm');
    const name = uniqueId('errors');
    const client = bed.client(west);
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: namespace,
        MetricName: 'Errors',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 2,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      }),
    );
    // Created INSUFFICIENT_DATA; its first evaluation (no data, notBreaching) makes it OK.
    await waitFor('OK on no data', async () => (await stateOf(west, name)).StateValue === 'OK');
    let publishing = true;
    let value = 10;
    const publisher = (async () => {
      while (publishing) {
        await client.send(
          new PutMetricDataCommand({
            Namespace: namespace,
            MetricData: [{ MetricName: 'Errors', Value: value, StorageResolution: 1 }],
          }),
        );
        await new Promise((r) => setTimeout(r, 400));
      }
    })();
    try {
      const alarmed = await waitFor(
        'ALARM',
        async () =>
          (await stateOf(west, name)).StateValue === 'ALARM' ? stateOf(west, name) : undefined,
        20_000,
      );
      expect(alarmed.StateReason).toMatch(
        /^Threshold Crossed: 2 datapoints \[\d+\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\), \d+\.0 .*\] were greater than the threshold \(5\.0\)\.$/,
      );
      expect(JSON.parse(alarmed.StateReasonData!)).toMatchObject({
        version: '1.0',
        statistic: 'Sum',
        period: 60,
        threshold: 5,
      });
      expect((await stateOf(east, name)) ?? undefined).toBeUndefined();

      await client.send(
        new SetAlarmStateCommand({
          AlarmName: name,
          StateValue: 'OK',
          StateReason: 'drill: forced',
        }),
      );
      expect(await stateOf(west, name)).toMatchObject({
        StateValue: 'OK',
        StateReason: 'drill: forced',
      });
      await waitFor(
        'ALARM again after the next evaluation',
        async () => (await stateOf(west, name)).StateValue === 'ALARM',
        10_000,
      );

      value = 0;
      await waitFor('OK', async () => (await stateOf(west, name)).StateValue === 'OK', 20_000);
    } finally {
      publishing = false;
      await publisher;
    }
    const history = await client.send(
      new DescribeAlarmHistoryCommand({ AlarmName: name, ScanBy: 'TimestampAscending' }),
    );
    const summaries = history.AlarmHistoryItems!.map((h) => h.HistorySummary);
    expect(summaries[0]).toBe(`Alarm "${name}" created`);
    expect(summaries.slice(1)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
    expect(history.AlarmHistoryItems![1]).toMatchObject({
      AlarmType: 'MetricAlarm',
      HistoryItemType: 'StateUpdate',
    });
    const onlyState = await client.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: name,
        HistoryItemType: 'StateUpdate',
        MaxRecords: 2,
      }),
    );
    expect(onlyState.AlarmHistoryItems).toHaveLength(2);
    expect(onlyState.NextToken).toBeDefined();
    await client.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
    const gone = await sdkError(client.send(new DeleteAlarmsCommand({ AlarmNames: [name] })));
    expect(gone.name).toBe('ResourceNotFound');
  });

  it('filters DescribeAlarms by prefix and state', async () => {
    const prefix = uniqueId('filter');
    for (const n of ['a', 'b'])
      await bed.client(east).send(
        new PutMetricAlarmCommand({
          AlarmName: `${prefix}-${n}`,
          Namespace: 'Lab',
          MetricName: 'X',
          Statistic: 'Average',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    await bed.client(east).send(
      new SetAlarmStateCommand({
        AlarmName: `${prefix}-b`,
        StateValue: 'ALARM',
        StateReason: 'test',
      }),
    );
    const byPrefix = await bed
      .client(east)
      .send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix }));
    expect(byPrefix.MetricAlarms!.map((a) => a.AlarmName)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    const alarming = await bed
      .client(east)
      .send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, StateValue: 'ALARM' }));
    expect(alarming.MetricAlarms!.map((a) => a.AlarmName)).toEqual([`${prefix}-b`]);
    const composite = await bed
      .client(east)
      .send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, AlarmTypes: ['CompositeAlarm'] }));
    expect(composite.MetricAlarms).toEqual([]);
    const invalid = await sdkError(
      bed.client(east).send(
        new PutMetricAlarmCommand({
          AlarmName: `${prefix}-c`,
          Namespace: 'Lab',
          MetricName: 'X',
          Statistic: 'Average',
          Period: 45,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      ),
    );
    expect(invalid.Code).toBe('InvalidParameterValue');
  });
});

describe.concurrent('the gating alarms fed by the collectors', () => {
  it('mysfits-like-target-5xx alarms on Like 5XX responses in its region only', async () => {
    const lb = labLoadBalancerArn(west);
    const tg = labTargetGroupArn(west, 'like');
    let sending = true;
    const traffic = (async () => {
      while (sending) {
        for (let i = 0; i < 4; i++)
          bed.cw.collectors.recordAlbRequest({
            region: west,
            loadBalancerArn: lb,
            targetGroupArn: tg,
            targetStatus: 500,
            latencyMs: 3,
            at: Date.now(),
          });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    try {
      await waitFor(
        '5XX alarm',
        async () => (await stateOf(west, 'mysfits-like-target-5xx')).StateValue === 'ALARM',
        25_000,
      );
    } finally {
      sending = false;
      await traffic;
    }
    expect((await stateOf(west, 'mysfits-like-target-5xx')).StateReason).toMatch(
      /^Threshold Crossed: 3 datapoints \[\d+\.0 /,
    );
    expect((await stateOf(east, 'mysfits-like-target-5xx')).StateValue).toBe('OK');
  });

  it('mysfits-like-unhealthy-hosts follows HealthyHostCount of the Like target group', async () => {
    let healthy = 0;
    bed.cw.collectors.setSources({
      targetHealth: () =>
        REGIONS.map((region) => ({
          region,
          loadBalancerArn: labLoadBalancerArn(region),
          targetGroupArn: labTargetGroupArn(region, 'like'),
          healthy: region === east ? 1 : healthy,
          unhealthy: 0,
        })),
    });
    await waitFor(
      'ALARM with no healthy host',
      async () => (await stateOf(west, 'mysfits-like-unhealthy-hosts')).StateValue === 'ALARM',
      20_000,
    );
    await waitFor(
      'east OK',
      async () => (await stateOf(east, 'mysfits-like-unhealthy-hosts')).StateValue === 'OK',
      20_000,
    );
    healthy = 1;
    await waitFor(
      'OK once a host is healthy',
      async () => (await stateOf(west, 'mysfits-like-unhealthy-hosts')).StateValue === 'OK',
      20_000,
    );
  });
});
