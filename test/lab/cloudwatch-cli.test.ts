// The lab's CloudWatch through the official AWS CLI v2.9 (/usr/bin/aws), which speaks the
// Query protocol (form in, XML out): metrics, alarms, history, dashboards and AWS's error
// codes as the CLI prints them.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGIONS, uniqueId } from '../helpers/lab.js';
import { runCommand, useCloudWatchBed } from './cloudwatch-harness.js';

const awsCli = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined;

const [west] = REGIONS;
const bed = useCloudWatchBed();
const minuteAgo = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);

describe.skipIf(!awsCli)('the AWS CLI v2 (/usr/bin/aws, Query protocol)', () => {
  const aws = async (...args: string[]) => {
    const result = await runCommand(awsCli!, [
      '--endpoint-url',
      bed.lab.url,
      '--region',
      west,
      '--output',
      'json',
      'cloudwatch',
      ...args,
    ]);
    return { ...result, json: result.stdout ? JSON.parse(result.stdout) : undefined };
  };

  it('puts and reads metrics, alarms and dashboards', async () => {
    const namespace = uniqueId('Lab/Cli');
    const at = minuteAgo().toISOString();
    const data = [
      {
        MetricName: 'Latency',
        Dimensions: [{ Name: 'Service', Value: 'like' }],
        Timestamp: at,
        Values: [1, 2, 3, 4],
        Counts: [1, 1, 1, 1],
        Unit: 'Milliseconds',
        StorageResolution: 1,
      },
    ];
    expect(
      (
        await aws(
          'put-metric-data',
          '--namespace',
          namespace,
          '--metric-data',
          JSON.stringify(data),
        )
      ).code,
    ).toBe(0);
    const stats = await aws(
      'get-metric-statistics',
      '--namespace',
      namespace,
      '--metric-name',
      'Latency',
      '--dimensions',
      'Name=Service,Value=like',
      '--start-time',
      at,
      '--end-time',
      new Date(Date.now() + 60_000).toISOString(),
      '--period',
      '60',
      '--extended-statistics',
      'p50',
      'p99',
    );
    expect(stats.json.Datapoints).toEqual([
      {
        Timestamp: at.replace('.000Z', '+00:00'),
        Unit: 'Milliseconds',
        ExtendedStatistics: { p50: 2, p99: 4 },
      },
    ]);
    const queries = [
      {
        Id: 'm1',
        MetricStat: {
          Metric: {
            Namespace: namespace,
            MetricName: 'Latency',
            Dimensions: [{ Name: 'Service', Value: 'like' }],
          },
          Period: 60,
          Stat: 'Sum',
        },
      },
      { Id: 'e1', Expression: 'm1 * 10' },
    ];
    const data2 = await aws(
      'get-metric-data',
      '--metric-data-queries',
      JSON.stringify(queries),
      '--start-time',
      at,
      '--end-time',
      new Date(Date.now() + 60_000).toISOString(),
    );
    expect(data2.json.MetricDataResults.map((r: { Values: number[] }) => r.Values)).toEqual([
      [10],
      [100],
    ]);
    const list = await aws('list-metrics', '--namespace', namespace);
    expect(list.json.Metrics).toEqual([
      {
        Namespace: namespace,
        MetricName: 'Latency',
        Dimensions: [{ Name: 'Service', Value: 'like' }],
      },
    ]);

    const alarm = uniqueId('cli');
    expect(
      (
        await aws(
          'put-metric-alarm',
          '--alarm-name',
          alarm,
          '--namespace',
          namespace,
          '--metric-name',
          'Latency',
          '--statistic',
          'Maximum',
          '--period',
          '60',
          '--evaluation-periods',
          '1',
          '--threshold',
          '3',
          '--comparison-operator',
          'GreaterThanThreshold',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await aws(
          'set-alarm-state',
          '--alarm-name',
          alarm,
          '--state-value',
          'ALARM',
          '--state-reason',
          'cli',
        )
      ).code,
    ).toBe(0);
    const alarms = await aws('describe-alarms', '--alarm-names', alarm);
    expect(alarms.json.MetricAlarms[0]).toMatchObject({
      AlarmName: alarm,
      Threshold: 3,
      Period: 60,
      Dimensions: [],
    });
    // SetAlarmState lasts until the alarm's next evaluation (3 s in the fast lab, as on AWS at
    // its own period); a slow `aws` process may read the state after it. The history keeps it.
    const updates = await aws(
      'describe-alarm-history',
      '--alarm-name',
      alarm,
      '--history-item-type',
      'StateUpdate',
    );
    expect(
      (updates.json.AlarmHistoryItems as { HistorySummary: string }[]).map((i) => i.HistorySummary),
    ).toContain('Alarm updated from INSUFFICIENT_DATA to ALARM');
    const history = await aws(
      'describe-alarm-history',
      '--alarm-name',
      alarm,
      '--history-item-type',
      'ConfigurationUpdate',
    );
    expect(history.json.AlarmHistoryItems[0].HistorySummary).toBe(`Alarm "${alarm}" created`);
    const dashboard = await aws('get-dashboard', '--dashboard-name', 'mysfits-dr');
    expect(JSON.parse(dashboard.json.DashboardBody).widgets.length).toBeGreaterThan(3);
  }, 180_000);

  it('reports AWS error codes', async () => {
    const bad = await aws(
      'put-metric-data',
      '--namespace',
      'AWS/ECS',
      '--metric-name',
      'x',
      '--value',
      '1',
    );
    expect(bad.stderr).toContain(
      'An error occurred (InvalidParameterValue) when calling the PutMetricData operation: The value AWS/ECS for parameter Namespace is invalid.',
    );
    expect((await aws('get-dashboard', '--dashboard-name', 'nope')).stderr).toContain(
      '(ResourceNotFound)',
    );
    const invalid = await aws(
      'put-dashboard',
      '--dashboard-name',
      'x',
      '--dashboard-body',
      '{"widgets": 3}',
    );
    expect(invalid.stderr).toContain('(InvalidParameterInput)');
  });
});
