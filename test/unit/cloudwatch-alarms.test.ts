// Alarms evaluated by the CloudWatch service on a fake, scaled clock (a 60 s period lasts
// 3 s): state transitions with AWS's reason texts and reason data, SetAlarmState until the
// next evaluation, a missing evaluation range, AWS/DynamoDB's ignored missing data, M of N,
// low-sample percentiles, metric-math alarms, the history items, DescribeAlarmsForMetric
// and the alarm quota.
import { describe, expect, it } from 'vitest';
import type { StoredDatum } from '../../src/lab/services/cloudwatch/engine/store.js';
import {
  describeAlarmHistory,
  describeAlarmsForMetric,
  MAX_ALARMS,
  putMetricAlarm,
  setAlarmState,
} from '../../src/lab/services/cloudwatch/ops-alarms.js';
import { HEALTHY_HOSTS_GATE } from '../../src/lab/services/cloudwatch/seed.js';
import { createCloudWatchService } from '../../src/lab/services/cloudwatch/service.js';
import type { InputOf } from '../../src/lab/services/cloudwatch/shapes.js';

const WINDOW = 3000;
const T0 = Date.UTC(2026, 10, 28, 14, 0, 0); // a multiple of the window

function bed() {
  let now = T0;
  const cw = createCloudWatchService({
    regions: ['us-west-2'],
    clock: { now: () => now, scaled: (ms) => Math.round(ms * 0.05) },
    timers: false,
  });
  const context = cw.context('us-west-2');
  const dims = [{ Name: 'TargetGroup', Value: 'targetgroup/mysfits-like/1' }];
  return {
    cw,
    context,
    /** Publishes one value (or values) into window k. */
    put(k: number, values: number[], metricName = 'Errors', namespace = 'Lab') {
      const datum: StoredDatum = {
        namespace,
        metricName,
        dimensions: dims,
        timestampMs: T0 + k * WINDOW + 500,
        storageResolution: 1,
        sample: { kind: 'values', values, counts: values.map(() => 1) },
      };
      cw.publish('us-west-2', datum);
    },
    alarm(input: Partial<InputOf<'PutMetricAlarm'>>) {
      putMetricAlarm(context, {
        AlarmName: 'a',
        Namespace: 'Lab',
        MetricName: 'Errors',
        Dimensions: dims,
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 3,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        ...input,
      });
      return () => context.region.alarms.get(input.AlarmName ?? 'a')!;
    },
    /** Evaluates due alarms when windows 0..k-1 have ended (1 s after the end, as the lab settles). */
    evaluateAfter(k: number) {
      now = T0 + k * WINDOW + 1000;
      return cw.scheduler.runDue(now);
    },
  };
}

const stamp = (k: number) => {
  const d = new Date(T0 + k * WINDOW);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
};

describe('alarm transitions', () => {
  it('goes to ALARM on 3 of 3 breaching windows, with AWS reason text and data', () => {
    const b = bed();
    const alarm = b.alarm({ TreatMissingData: 'notBreaching' });
    expect(alarm().state.reason).toBe('Unchecked: Initial alarm creation');
    for (const k of [0, 1, 2]) b.put(k, [4, 6]);
    b.evaluateAfter(3);
    expect(alarm().state.value).toBe('ALARM');
    expect(alarm().state.reason).toBe(
      `Threshold Crossed: 3 datapoints [10.0 (${stamp(2)}), 10.0 (${stamp(1)}), 10.0 (${stamp(0)})] were greater than the threshold (5.0).`,
    );
    const data = JSON.parse(alarm().state.reasonData!);
    expect(data).toMatchObject({
      version: '1.0',
      statistic: 'Sum',
      period: 60,
      threshold: 5,
      recentDatapoints: [10, 10, 10],
    });
    expect(data.evaluatedDatapoints[0]).toEqual({
      timestamp: new Date(T0 + 2 * WINDOW).toISOString().replace('Z', '+0000'),
      sampleCount: 2,
      value: 10,
    });
    expect(alarm().state.reasonData).toContain('"threshold":5.0,');
    expect(data.queryDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  it('keeps a state set with SetAlarmState until the next evaluation', () => {
    const b = bed();
    const alarm = b.alarm({ TreatMissingData: 'notBreaching' });
    for (const k of [0, 1, 2, 3]) b.put(k, [10]);
    b.evaluateAfter(3);
    setAlarmState(b.context, {
      AlarmName: 'a',
      StateValue: 'OK',
      StateReason: 'testing',
      StateReasonData: '{"a":1}',
    });
    expect(alarm().state).toMatchObject({ value: 'OK', reason: 'testing', reasonData: '{"a":1}' });
    expect(b.evaluateAfter(3.5)).toBe(0);
    expect(alarm().state.value).toBe('OK');
    expect(b.evaluateAfter(4)).toBe(1);
    expect(alarm().state.value).toBe('ALARM');
    const history = describeAlarmHistory(b.context, {
      AlarmName: 'a',
      HistoryItemType: 'StateUpdate',
      ScanBy: 'TimestampAscending',
    });
    const items = history.AlarmHistoryItems as { HistorySummary: string; HistoryData: string }[];
    expect(items.map((i) => i.HistorySummary)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to ALARM',
      'Alarm updated from ALARM to OK',
      'Alarm updated from OK to ALARM',
    ]);
    expect(JSON.parse(items[1]!.HistoryData)).toMatchObject({
      version: '1.0',
      oldState: { stateValue: 'ALARM' },
      newState: { stateValue: 'OK', stateReason: 'testing', stateReasonData: { a: 1 } },
    });
  });

  it('treats a missing evaluation range as the TreatMissingData rule says', () => {
    const b = bed();
    // The workshop's health gate: missing data breaches.
    const alarm = b.alarm({ AlarmName: 'hosts', ...HEALTHY_HOSTS_GATE });
    b.evaluateAfter(5);
    expect(alarm().state).toMatchObject({
      value: 'ALARM',
      reason:
        'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].',
    });
    b.put(5, [1], 'HealthyHostCount', HEALTHY_HOSTS_GATE.Namespace);
    b.evaluateAfter(6);
    expect(alarm().state.value).toBe('OK');
    expect(alarm().state.reason).toBe(
      `Threshold Crossed: 1 datapoint [1.0 (${stamp(5)})] was not less than the threshold (1.0) and 1 missing datapoint was treated as [Breaching].`,
    );
  });

  it('goes to INSUFFICIENT_DATA when data is older than the evaluation range (missing)', () => {
    const b = bed();
    const alarm = b.alarm({});
    for (const k of [0, 1, 2]) b.put(k, [10]);
    b.evaluateAfter(3);
    expect(alarm().state.value).toBe('ALARM');
    b.evaluateAfter(10);
    expect(alarm().state).toMatchObject({
      value: 'INSUFFICIENT_DATA',
      reason: 'Insufficient Data: 3 datapoints were unknown.',
    });
  });

  it('ignores missing data for AWS/DynamoDB metrics whatever TreatMissingData says', () => {
    const b = bed();
    const alarm = b.alarm({
      Namespace: 'AWS/DynamoDB',
      MetricName: 'ReplicationLatency',
      TreatMissingData: 'breaching',
    });
    b.evaluateAfter(5);
    expect(alarm().state.value).toBe('INSUFFICIENT_DATA');
  });

  it('words M-of-N transitions with the minimum datapoints', () => {
    const b = bed();
    const alarm = b.alarm({ DatapointsToAlarm: 2 });
    b.put(0, [10]);
    b.put(1, [0]);
    b.put(2, [10]);
    b.evaluateAfter(3);
    expect(alarm().state.reason).toBe(
      `Threshold Crossed: 2 out of the last 3 datapoints [10.0 (${stamp(2)}), 10.0 (${stamp(0)})] were greater than the threshold (5.0) (minimum 2 datapoints for INSUFFICIENT_DATA -> ALARM transition).`,
    );
    for (const k of [3, 4]) b.put(k, [0]);
    b.evaluateAfter(5);
    expect(alarm().state.reason).toBe(
      `Threshold Crossed: 2 out of the last 3 datapoints [0.0 (${stamp(4)}), 0.0 (${stamp(3)})] were not greater than the threshold (5.0) (minimum 2 datapoints for ALARM -> OK transition).`,
    );
  });

  it('skips percentile periods with too few samples when asked to', () => {
    const b = bed();
    const alarm = b.alarm({
      Statistic: undefined,
      ExtendedStatistic: 'p90',
      EvaluationPeriods: 1,
      EvaluateLowSampleCountPercentile: 'ignore',
    });
    b.put(0, [100, 100, 100]);
    b.evaluateAfter(1);
    expect(alarm().state.value).toBe('INSUFFICIENT_DATA');
    b.put(
      1,
      Array.from({ length: 100 }, () => 100),
    );
    b.evaluateAfter(2);
    expect(alarm().state.value).toBe('ALARM');
  });

  it('evaluates metric math: m1 / m2 * 100', () => {
    const b = bed();
    const metric = (name: string) => ({
      Metric: { Namespace: 'Lab', MetricName: name },
      Period: 60,
      Stat: 'Sum',
    });
    putMetricAlarm(b.context, {
      AlarmName: 'ratio',
      EvaluationPeriods: 1,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: [
        { Id: 'm1', MetricStat: metric('Errors'), ReturnData: false },
        { Id: 'm2', MetricStat: metric('Requests'), ReturnData: false },
        { Id: 'e1', Expression: 'm1 / m2 * 100', ReturnData: true },
      ],
    });
    const put = (name: string, value: number) =>
      b.cw.publish('us-west-2', {
        namespace: 'Lab',
        metricName: name,
        dimensions: [],
        timestampMs: T0 + 500,
        storageResolution: 1,
        sample: { kind: 'values', values: [value], counts: [1] },
      });
    put('Errors', 3);
    put('Requests', 20);
    b.evaluateAfter(1);
    expect(b.context.region.alarms.get('ratio')!.state.value).toBe('ALARM');
  });

  it('records configuration history: created, updated (state kept), deleted', () => {
    const b = bed();
    b.alarm({});
    b.alarm({ Threshold: 7 });
    const items = describeAlarmHistory(b.context, { ScanBy: 'TimestampAscending' })
      .AlarmHistoryItems as { HistorySummary: string; HistoryData: string }[];
    expect(items.map((i) => i.HistorySummary)).toEqual(['Alarm "a" created', 'Alarm "a" updated']);
    expect(JSON.parse(items[1]!.HistoryData)).toMatchObject({
      type: 'Update',
      originalAlarm: { threshold: 5 },
      updatedAlarm: { threshold: 7 },
    });
  });

  it('finds alarms by metric and refuses alarms beyond the quota (LimitExceeded)', () => {
    const b = bed();
    b.alarm({});
    const found = describeAlarmsForMetric(b.context, {
      Namespace: 'Lab',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'TargetGroup', Value: 'targetgroup/mysfits-like/1' }],
    });
    expect((found.MetricAlarms as { AlarmName: string }[]).map((a) => a.AlarmName)).toEqual(['a']);
    expect(
      describeAlarmsForMetric(b.context, { Namespace: 'Lab', MetricName: 'Errors' }).MetricAlarms,
    ).toEqual([]);
    for (let i = 1; i < MAX_ALARMS; i++) b.alarm({ AlarmName: `x${i}` });
    expect(() => b.alarm({ AlarmName: 'one-too-many' })).toThrow(
      expect.objectContaining({ code: 'LimitExceeded' }),
    );
    expect(() => b.alarm({ AlarmName: 'a', Threshold: 9 })).not.toThrow();
  });
});
