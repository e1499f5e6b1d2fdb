// The lab's CloudWatch through boto3: as installed (botocore 1.43 picks JSON 1.0 with
// query-compatible errors from the model's protocol list [smithy-rpc-v2-cbor, json, query],
// since it prefers json) and made to pick Smithy RPC v2 CBOR (a model copy listing only it,
// so botocore's own CBOR serializer and parser run). Skipped when boto3 is absent.
import { describe, expect, it } from 'vitest';
import { REGIONS, uniqueId } from '../helpers/lab.js';
import { runCommand, useCloudWatchBed } from './cloudwatch-harness.js';

const boto3 = (await runCommand('python3', ['-c', 'import boto3'])).code === 0;

const [west] = REGIONS;
const bed = useCloudWatchBed();

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
