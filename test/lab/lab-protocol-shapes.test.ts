// The lab's answers against AWS's own API models (botocore's service-2.json, the models the
// AWS SDK for Python ships): for a representative set of read operations of every lab
// service, the raw answer the SDK v3 client receives is checked member by member against
// the operation's output shape (names, types, enums, required members, recursively).
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListDashboardsCommand,
  ListMetricsCommand,
  type Metric,
} from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeAcceleratorCommand,
  DescribeEndpointGroupCommand,
  DescribeListenerCommand,
  GlobalAcceleratorClient,
  ListAcceleratorsCommand,
  ListEndpointGroupsCommand,
  ListListenersCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-global-accelerator';
import {
  BatchGetTracesCommand,
  GetGroupCommand,
  GetGroupsCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  PutTraceSegmentsCommand,
  XRayClient,
} from '@aws-sdk/client-xray';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../src/lab/env.js';
import { range, struct, text } from '../../src/lab/protocol/shapes.js';
import { ACCELERATOR_INPUT } from '../../src/lab/services/globalaccelerator/input.js';
import { XRAY_INPUT } from '../../src/lab/services/xray/input.js';
import {
  LAB_ACCELERATOR,
  LAB_CLUSTER,
  LAB_TABLE_NAME,
  labLoadBalancerArn,
  labTargetGroupArn,
} from '../../src/lab/topology.js';
import {
  type ApiModel,
  botocoreData,
  CapturingHandler,
  checkJson,
  checkXml,
  loadModel,
  parseXml,
} from './lab-protocol-models.js';
import { checkInputShape } from './lab-input-models.js';

const endpoint = inject('labEndpoint');
const region = 'us-west-2';
const data = botocoreData();
const handlers: CapturingHandler[] = [];

/** A client of the lab whose raw answers are kept by its handler. */
function labClient<C>(make: (config: object) => C): { client: C; handler: CapturingHandler } {
  const handler = new CapturingHandler();
  handlers.push(handler);
  const credentials = { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY };
  const client = make({ endpoint, region, credentials, requestHandler: handler, maxAttempts: 1 });
  return { client, handler };
}
afterAll(() => handlers.forEach((h) => h.destroy()));

/** The model of a service, or a clear failure when botocore is not on this machine. */
function model(service: string, version: string): ApiModel {
  if ('missing' in data) throw new Error(data.missing);
  return loadModel(data.dir, service, version);
}

/** A lab client of a JSON service, and `check(op, send)`: send, then check the answer. */
function jsonService<C>(make: (config: object) => C, service: string, version: string) {
  const { client, handler } = labClient(make);
  const check = (op: string, send: () => Promise<unknown>) =>
    expectJsonAnswer(model(service, version), handler, send, op);
  return { client, check };
}

/** Sends, then checks the raw JSON answer against the operation's output shape. */
async function expectJsonAnswer(
  api: ApiModel,
  handler: CapturingHandler,
  send: () => Promise<unknown>,
  operation: string,
): Promise<Record<string, unknown>> {
  await send();
  const answer = JSON.parse(handler.last || '{}') as Record<string, unknown>;
  const output = api.operations[operation]!.output;
  expect(output, `${operation} has an output in the model`).toBeDefined();
  expect(checkJson(api, output!.shape, answer), `${operation}: ${handler.last}`).toEqual([]);
  return answer;
}

it('finds AWS API models (botocore) on this machine, and its checker finds what is wrong', () => {
  const api = model('globalaccelerator', '2018-08-08');
  const answer = { Accelerators: [{ Name: 3, Status: 'SLEEPING', Colour: 'red' }], Extra: 1 };
  expect(checkJson(api, 'ListAcceleratorsResponse', answer)).toEqual([
    'Accelerators[0].Name: expected a string, got 3',
    "Accelerators[0].Status: 'SLEEPING' is not one of DEPLOYED, IN_PROGRESS",
    'Accelerators[0].Colour: not a member of Accelerator',
    'Extra: not a member of ListAcceleratorsResponse',
  ]);
});

describe('input shapes of the operations read by declarative shapes', () => {
  it.each([
    ['globalaccelerator', '2018-08-08', ACCELERATOR_INPUT],
    ['xray', '2016-04-12', XRAY_INPUT],
  ] as const)(
    '%s: each operation reads its input as the model states it',
    (service, version, shapes) => {
      const api = model(service, version);
      for (const [operation, shape] of Object.entries(shapes)) {
        const input = api.operations[operation]!.input!.shape;
        expect(checkInputShape(api, input, shape), operation).toEqual([]);
      }
    },
  );
  it('its checker finds a member, type, limit or required member the model does not have', () => {
    const api = model('globalaccelerator', '2018-08-08');
    const wrong = struct(
      { AcceleratorArn: text(1, 255), MaxResults: range(1, 50), Colour: 'string' },
      [],
    );
    expect(checkInputShape(api, 'DescribeAcceleratorRequest', wrong)).toEqual([
      'DescribeAcceleratorRequest.AcceleratorArn: min 1 in the lab, undefined in the model',
      'DescribeAcceleratorRequest.MaxResults: not a member of DescribeAcceleratorRequest',
      'DescribeAcceleratorRequest.Colour: not a member of DescribeAcceleratorRequest',
      'DescribeAcceleratorRequest: requires  in the lab, AcceleratorArn in the model',
    ]);
    const listeners = struct({ AcceleratorArn: 'integer', MaxResults: range(1, 50) }, [
      'AcceleratorArn',
    ]);
    expect(checkInputShape(api, 'ListListenersRequest', listeners)).toEqual([
      'ListListenersRequest.AcceleratorArn: integer in the lab, string in the model',
      'ListListenersRequest.MaxResults: max 50 in the lab, 100 in the model',
    ]);
  });
});

describe('Global Accelerator (awsJson1_1)', () => {
  const { client, check } = jsonService(
    (c) => new GlobalAcceleratorClient(c),
    'globalaccelerator',
    '2018-08-08',
  );
  it('List*, Describe* and ListTagsForResource answer in the model output shapes', async () => {
    const arn = LAB_ACCELERATOR.arn;
    await check('ListAccelerators', () => client.send(new ListAcceleratorsCommand({})));
    await check('DescribeAccelerator', () =>
      client.send(new DescribeAcceleratorCommand({ AcceleratorArn: arn })),
    );
    const listeners = await check('ListListeners', () =>
      client.send(new ListListenersCommand({ AcceleratorArn: arn })),
    );
    const listenerArn = (listeners.Listeners as { ListenerArn: string }[])[0]!.ListenerArn;
    await check('DescribeListener', () =>
      client.send(new DescribeListenerCommand({ ListenerArn: listenerArn })),
    );
    const groups = await check('ListEndpointGroups', () =>
      client.send(new ListEndpointGroupsCommand({ ListenerArn: listenerArn, MaxResults: 1 })),
    );
    const groupArn = (groups.EndpointGroups as { EndpointGroupArn: string }[])[0]!.EndpointGroupArn;
    await check('DescribeEndpointGroup', () =>
      client.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: groupArn })),
    );
    await check('ListTagsForResource', () =>
      client.send(new ListTagsForResourceCommand({ ResourceArn: arn })),
    );
  });
});

describe('ECS (awsJson1_1)', () => {
  const { client, check } = jsonService((c) => new ECSClient(c), 'ecs', '2014-11-13');
  it('clusters, services and tasks answer in the model output shapes', async () => {
    const cluster = LAB_CLUSTER;
    await check('ListClusters', () => client.send(new ListClustersCommand({})));
    await check('DescribeClusters', () =>
      client.send(new DescribeClustersCommand({ clusters: [cluster, 'nope'] })),
    );
    const services = await check('ListServices', () =>
      client.send(new ListServicesCommand({ cluster })),
    );
    await check('DescribeServices', () =>
      client.send(
        new DescribeServicesCommand({ cluster, services: services.serviceArns as string[] }),
      ),
    );
    const tasks = await check('ListTasks', () => client.send(new ListTasksCommand({ cluster })));
    await check('DescribeTasks', () =>
      client.send(new DescribeTasksCommand({ cluster, tasks: tasks.taskArns as string[] })),
    );
  });
});

describe('ELBv2 (Query, XML answers)', () => {
  const { client, handler } = labClient((c) => new ElasticLoadBalancingV2Client(c));
  const check = async (op: string, send: () => Promise<unknown>) => {
    const api = model('elbv2', '2015-12-01');
    await send();
    const output = api.operations[op]!.output!;
    const root = parseXml(handler.last);
    expect(root.name).toBe(`${op}Response`);
    const result = root.children.find((c) => c.name === output.resultWrapper);
    expect(result, `${op}: ${handler.last}`).toBeDefined();
    expect(checkXml(api, output.shape, result!, op), handler.last).toEqual([]);
  };
  it('load balancers, target groups, listeners, rules and attributes answer in the model shapes', async () => {
    const lb = labLoadBalancerArn(region);
    const tg = labTargetGroupArn(region, 'core');
    await check('DescribeLoadBalancers', () => client.send(new DescribeLoadBalancersCommand({})));
    await check('DescribeTargetGroups', () => client.send(new DescribeTargetGroupsCommand({})));
    await check('DescribeTargetHealth', () =>
      client.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg })),
    );
    await check('DescribeListeners', () =>
      client.send(new DescribeListenersCommand({ LoadBalancerArn: lb })),
    );
    const { Listeners } = await client.send(new DescribeListenersCommand({ LoadBalancerArn: lb }));
    await check('DescribeRules', () =>
      client.send(new DescribeRulesCommand({ ListenerArn: Listeners![0]!.ListenerArn })),
    );
    await check('DescribeLoadBalancerAttributes', () =>
      client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb })),
    );
    await check('DescribeTargetGroupAttributes', () =>
      client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg })),
    );
  });
  it('the routing gate: its lambda target group, its target health and its rule answer in the model shapes', async () => {
    const gate = labTargetGroupArn(region, 'gate');
    await check('DescribeTargetGroups', () =>
      client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [gate] })),
    );
    await check('DescribeTargetHealth', () =>
      client.send(new DescribeTargetHealthCommand({ TargetGroupArn: gate })),
    );
    const { TargetGroups } = await client.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [gate] }),
    );
    expect(TargetGroups![0]).toMatchObject({
      TargetGroupName: 'mysfits-gate',
      TargetType: 'lambda',
      HealthCheckEnabled: true,
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [labLoadBalancerArn(region)],
    });
    expect(TargetGroups![0]!.Port).toBeUndefined(); // a lambda group has no port or protocol
    const { TargetHealthDescriptions } = await client.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: gate }),
    );
    expect(TargetHealthDescriptions![0]!.Target).toEqual({
      Id: `arn:aws:lambda:${region}:000000000000:function:mysfits-routing-gate`,
    });
    const { Listeners } = await client.send(
      new DescribeListenersCommand({ LoadBalancerArn: labLoadBalancerArn(region) }),
    );
    await check('DescribeRules', () =>
      client.send(new DescribeRulesCommand({ ListenerArn: Listeners![0]!.ListenerArn })),
    );
    const { Rules } = await client.send(
      new DescribeRulesCommand({ ListenerArn: Listeners![0]!.ListenerArn }),
    );
    const rule = Rules!.find((r) => r.Actions?.[0]?.TargetGroupArn === gate);
    expect(rule).toMatchObject({
      Priority: '50000',
      Conditions: [
        {
          Field: 'host-header',
          Values: ['routing-gate.invalid'],
          HostHeaderConfig: { Values: ['routing-gate.invalid'] },
        },
      ],
    });
  });
});

describe('CloudWatch (awsJson1_0, query-compatible)', () => {
  const { client, check } = jsonService((c) => new CloudWatchClient(c), 'cloudwatch', '2010-08-01');
  it('metrics, statistics, alarms and dashboards answer in the model output shapes', async () => {
    const EndTime = new Date();
    const StartTime = new Date(EndTime.getTime() - 600_000);
    const metrics = await check('ListMetrics', () =>
      client.send(new ListMetricsCommand({ Namespace: 'AWS/ApplicationELB' })),
    );
    const metric = (metrics.Metrics as Metric[])[0]!;
    const statistics = {
      Namespace: metric.Namespace!,
      MetricName: metric.MetricName!,
      Dimensions: metric.Dimensions,
      StartTime,
      EndTime,
      Period: 60,
    };
    await check('GetMetricStatistics', () =>
      client.send(
        new GetMetricStatisticsCommand({ ...statistics, Statistics: ['Sum', 'Average'] }),
      ),
    );
    await check('GetMetricStatistics', () =>
      client.send(new GetMetricStatisticsCommand({ ...statistics, ExtendedStatistics: ['p99'] })),
    );
    await check('GetMetricData', () =>
      client.send(
        new GetMetricDataCommand({
          StartTime,
          EndTime,
          MetricDataQueries: [
            { Id: 'm', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } },
            { Id: 'e', Expression: 'm * 2' },
          ],
        }),
      ),
    );
    await check('DescribeAlarms', () => client.send(new DescribeAlarmsCommand({})));
    await check('DescribeAlarmHistory', () => client.send(new DescribeAlarmHistoryCommand({})));
    await check('ListDashboards', () => client.send(new ListDashboardsCommand({})));
  });
});

describe('X-Ray (restJson1)', () => {
  const { client, check } = jsonService((c) => new XRayClient(c), 'xray', '2016-04-12');
  it('groups, trace summaries and the service graph answer in the model output shapes', async () => {
    const EndTime = new Date();
    const StartTime = new Date(EndTime.getTime() - 300_000);
    await check('GetGroups', () => client.send(new GetGroupsCommand({})));
    await check('GetTraceSummaries', () =>
      client.send(new GetTraceSummariesCommand({ StartTime, EndTime })),
    );
    await check('GetServiceGraph', () =>
      client.send(new GetServiceGraphCommand({ StartTime, EndTime })),
    );
    await check('GetGroup', () => client.send(new GetGroupCommand({ GroupName: 'Default' })));
    const unknownTrace = '1-00000000-000000000000000000000000';
    await check('BatchGetTraces', () =>
      client.send(new BatchGetTracesCommand({ TraceIds: [unknownTrace] })),
    );
    await check('PutTraceSegments', () =>
      client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: ['{}'] })),
    );
  });
});

describe('DynamoDB control calls (awsJson1_0)', () => {
  const { client, check } = jsonService((c) => new DynamoDBClient(c), 'dynamodb', '2012-08-10');
  it('ListTables and DescribeTable (with its replicas) answer in the model output shapes', async () => {
    await check('ListTables', () => client.send(new ListTablesCommand({})));
    await check('DescribeTable', () =>
      client.send(new DescribeTableCommand({ TableName: LAB_TABLE_NAME })),
    );
  });
});
