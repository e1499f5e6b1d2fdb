// The lab's CloudWatch through every client on this machine and every protocol AWS
// CloudWatch speaks: the AWS CLI v2.9 (Query: form in, XML out), boto3 as installed
// (botocore 1.43 picks JSON 1.0 from the model's protocol list) and boto3 made to pick
// Smithy RPC v2 CBOR, and the SDK v3 switched to its CBOR and Query protocols.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../src/lab/credentials.js';
import { REGIONS, uniqueId } from '../helpers/lab.js';
import {
  type CloudWatchBed,
  runCommand,
  sdkError,
  startCloudWatchBed,
} from './cloudwatch-harness.js';

const [west] = REGIONS;
const awsCli = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined;
const boto3 = (await runCommand('python3', ['-c', 'import boto3'])).code === 0;
let bed: CloudWatchBed;
const minuteAgo = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);

beforeAll(async () => {
  bed = await startCloudWatchBed();
});
afterAll(async () => {
  await bed?.stop();
});

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
      StateReason: 'cli',
      Dimensions: [],
    });
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
  });

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

describe.skipIf(!boto3)(
  boto3 ? 'boto3' : 'boto3 (skipped: `import boto3` fails in python3)',
  () => {
    const script = `
import json, sys, os, gzip, glob, tempfile, datetime, boto3, botocore.session
url, region, namespace, protocol = sys.argv[1:5]
session = botocore.session.get_session()
if protocol == 'cbor':
    src = glob.glob(os.path.join(os.path.dirname(botocore.__file__), 'data/cloudwatch/*/service-2.json.gz'))[0]
    model = json.load(gzip.open(src))
    model['metadata']['protocols'] = ['smithy-rpc-v2-cbor']
    d = tempfile.mkdtemp()
    os.makedirs(os.path.join(d, 'cloudwatch', model['metadata']['apiVersion']))
    json.dump(model, open(os.path.join(d, 'cloudwatch', model['metadata']['apiVersion'], 'service-2.json'), 'w'))
    session.get_component('data_loader').search_paths.insert(0, d)
c = boto3.Session(botocore_session=session).client('cloudwatch', endpoint_url=url, region_name=region)
out = {'protocol': c.meta.service_model.resolved_protocol}
now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0) - datetime.timedelta(minutes=1)
dims = [{'Name': 'Service', 'Value': 'like'}]
r = c.put_metric_data(Namespace=namespace, MetricData=[{'MetricName': 'Errors', 'Dimensions': dims, 'Timestamp': now, 'StatisticValues': {'SampleCount': 2, 'Sum': 3, 'Minimum': 1, 'Maximum': 2}}])
out['content_type'] = r['ResponseMetadata']['HTTPHeaders'].get('content-type')
s = c.get_metric_statistics(Namespace=namespace, MetricName='Errors', Dimensions=dims, StartTime=now, EndTime=now + datetime.timedelta(minutes=2), Period=60, Statistics=['Sum', 'SampleCount', 'Maximum'])
out['stats'] = [{k: v for k, v in p.items() if k != 'Timestamp'} for p in s['Datapoints']]
out['stamp'] = s['Datapoints'][0]['Timestamp'] == now
q = [{'Id': 'm1', 'MetricStat': {'Metric': {'Namespace': namespace, 'MetricName': 'Errors', 'Dimensions': dims}, 'Period': 60, 'Stat': 'Sum'}}]
out['data'] = c.get_metric_data(MetricDataQueries=q, StartTime=now, EndTime=now + datetime.timedelta(minutes=2))['MetricDataResults'][0]['Values']
out['metrics'] = [m['MetricName'] for m in c.list_metrics(Namespace=namespace)['Metrics']]
out['alarms'] = [a['AlarmName'] for a in c.describe_alarms(AlarmNamePrefix='mysfits-like-')['MetricAlarms']]
out['dashboards'] = [d['DashboardName'] for d in c.list_dashboards()['DashboardEntries']]
errors = {}
for name, call in [('namespace', lambda: c.put_metric_data(Namespace='AWS/X', MetricData=[{'MetricName': 'x', 'Value': 1}])), ('dashboard', lambda: c.get_dashboard(DashboardName='nope')), ('alarm', lambda: c.set_alarm_state(AlarmName='nope', StateValue='OK', StateReason='x'))]:
    try:
        call()
    except botocore.exceptions.ClientError as e:
        errors[name] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
out['errors'] = errors
print(json.dumps(out))
`;
    for (const protocol of ['json', 'cbor'] as const) {
      it(`reads and writes with ${protocol === 'json' ? 'its default protocol (JSON 1.0)' : 'Smithy RPC v2 CBOR'}`, async () => {
        const namespace = uniqueId(`Lab/Boto/${protocol}`);
        const result = await runCommand('python3', [
          '-c',
          script,
          bed.lab.url,
          west,
          namespace,
          protocol,
        ]);
        expect(result.stderr).toBe('');
        const out = JSON.parse(result.stdout);
        expect(out.protocol).toBe(protocol === 'json' ? 'json' : 'smithy-rpc-v2-cbor');
        expect(out.content_type).toBe(
          protocol === 'json' ? 'application/x-amz-json-1.0' : 'application/cbor',
        );
        expect(out.stats).toEqual([{ Sum: 3, SampleCount: 2, Maximum: 2, Unit: 'None' }]);
        expect(out.stamp).toBe(true);
        expect(out.data).toEqual([3]);
        expect(out.metrics).toEqual(['Errors']);
        expect(out.alarms).toEqual(['mysfits-like-target-5xx', 'mysfits-like-unhealthy-hosts']);
        expect(out.dashboards).toContain('mysfits-dr');
        expect(out.errors).toEqual({
          namespace: ['InvalidParameterValue', 400],
          dashboard: ['ResourceNotFound', 404],
          alarm: ['ResourceNotFound', 404],
        });
      });
    }
  },
);

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
