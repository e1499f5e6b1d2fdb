// The lab's CloudWatch through the SDK v3 switched from its default JSON 1.0 to the other
// two protocols CloudWatch speaks, Smithy RPC v2 CBOR and Query, checking on the wire that
// each was used.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { describe, expect, it } from 'vitest';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../src/lab/credentials.js';
import { REGIONS, uniqueId } from '../helpers/lab.js';
import { sdkError, useCloudWatchBed } from './cloudwatch-harness.js';

const [west] = REGIONS;
const bed = useCloudWatchBed();
const minuteAgo = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);

describe('the SDK v3 with its other CloudWatch protocols', () => {
  for (const [name, protocol, contentType] of [
    ['Smithy RPC v2 CBOR', AwsSmithyRpcV2CborProtocol, 'application/cbor'],
    ['Query', AwsQueryProtocol, 'application/x-www-form-urlencoded'],
  ] as const) {
    it(`works over ${name}`, async () => {
      const client = new CloudWatchClient({
        region: west,
        endpoint: bed.lab.url,
        credentials: { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY },
        maxAttempts: 1,
        protocol: protocol as never,
      });
      const seen: string[] = [];
      client.middlewareStack.add(
        (next) => async (args) => {
          seen.push(
            String((args.request as { headers: Record<string, string> }).headers['content-type']),
          );
          return next(args);
        },
        { step: 'finalizeRequest' },
      );
      try {
        const namespace = uniqueId('Lab/Sdk');
        const at = minuteAgo();
        await client.send(
          new PutMetricDataCommand({
            Namespace: namespace,
            MetricData: [{ MetricName: 'M', Timestamp: at, Values: [5, 1], Counts: [1, 3] }],
          }),
        );
        const out = await client.send(
          new GetMetricDataCommand({
            StartTime: at,
            EndTime: new Date(Date.now() + 60_000),
            MetricDataQueries: [
              {
                Id: 'm',
                MetricStat: {
                  Metric: { Namespace: namespace, MetricName: 'M' },
                  Period: 60,
                  Stat: 'p50',
                },
              },
              {
                Id: 'avg',
                MetricStat: {
                  Metric: { Namespace: namespace, MetricName: 'M' },
                  Period: 60,
                  Stat: 'Average',
                },
              },
            ],
          }),
        );
        expect(out.MetricDataResults!.map((r) => [r.Timestamps, r.Values])).toEqual([
          [[at], [1]],
          [[at], [2]],
        ]);
        await client.send(
          new PutMetricAlarmCommand({
            AlarmName: uniqueId('sdk'),
            Namespace: namespace,
            MetricName: 'M',
            ExtendedStatistic: 'p99',
            Period: 60,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanThreshold',
          }),
        );
        const alarms = await client.send(
          new DescribeAlarmsCommand({ AlarmNames: ['mysfits-like-target-5xx'] }),
        );
        expect(alarms.MetricAlarms![0]!.AlarmConfigurationUpdatedTimestamp).toBeInstanceOf(Date);
        const error = await sdkError(
          client.send(new GetDashboardCommand({ DashboardName: 'nope' })),
        );
        expect([error.name, error.$metadata.httpStatusCode]).toEqual(['ResourceNotFound', 404]);
        expect(seen.every((type) => type.startsWith(contentType))).toBe(true);
      } finally {
        client.destroy();
      }
    });
  }
});
