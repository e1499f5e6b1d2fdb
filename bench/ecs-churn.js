// ECS churn: tasks started per minute (on the lab's clock) while a service's tasks fail their
// load balancer's health checks, against a healthy service in the same window, and against
// the rate the configuration allows at most (one task per health check grace period plus
// provisioning). Three services side by side in one lab (fast timing), over the same window:
//  - baseline: us-west-2 mysfits-core, healthy;
//  - `lab fault failing-health-checks` on us-west-2 mysfits-like (a narrowed security group);
//  - the routing switch `out` for us-east-1: its routing gate fails its health check, its tasks
//    do not, so this row now starts nothing (it churned while the tasks answered 503).
// Run: npm run build && node bench/ecs-churn.js [window seconds, wall clock; default 40]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { labDown } from '../dist/src/cli/lab/control.js';
import { LAB_PROFILES } from '../dist/src/lab/profiles.js';
import { LAB_CLUSTER, LAB_CONTROL_TABLE_NAME } from '../dist/src/lab/topology.js';
import { loadAverage, machineLine, startFastLab } from './lib.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const windowMs = Number(process.argv[2] ?? 40) * 1000;
const { timeScale, taskProvisioningMs } = LAB_PROFILES.fast;
const credentials = { accessKeyId: 'mysfitslab', secretAccessKey: 'mysfitslab' };
const GRACE_SECONDS = 60; // the workshop's (infra/lib/mysfits-service.ts), as the lab seeds it

const dir = mkdtempSync(join(tmpdir(), 'mysfits-bench-ecs-churn-'));
const load = loadAverage();
const state = await startFastLab(dir);
const client = (Client, region) => new Client({ region, endpoint: state.endpoint, credentials });
const ecs = {
  'us-west-2': client(ECSClient, 'us-west-2'),
  'us-east-1': client(ECSClient, 'us-east-1'),
};

/** Tasks of a service created in [from, to], any status. */
async function startedBetween(region, service, from, to) {
  let count = 0;
  for (const desiredStatus of ['RUNNING', 'STOPPED']) {
    const { taskArns = [] } = await ecs[region].send(
      new ListTasksCommand({ cluster: LAB_CLUSTER, serviceName: service, desiredStatus }),
    );
    for (let i = 0; i < taskArns.length; i += 100) {
      const { tasks = [] } = await ecs[region].send(
        new DescribeTasksCommand({ cluster: LAB_CLUSTER, tasks: taskArns.slice(i, i + 100) }),
      );
      count += tasks.filter((t) => t.createdAt >= from && t.createdAt <= to).length;
    }
  }
  return count;
}

async function routingSwitch(region, value) {
  const item = {
    Pk: { S: `routing#${region}` },
    RoutingState: { S: value },
    ChangedAt: { N: String(Date.now()) },
    ChangedBy: { S: 'bench/ecs-churn.js' },
    RunId: { S: 'bench-ecs-churn' },
    Reason: { S: 'bench' },
  };
  // The control table is strongly consistent across regions: one write is read everywhere.
  const ddb = client(DynamoDBClient, region);
  await ddb.send(new PutItemCommand({ TableName: LAB_CONTROL_TABLE_NAME, Item: item }));
  ddb.destroy();
}

try {
  const fault = await fetch(`${state.endpoint}/_lab/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'failing-health-checks',
      region: 'us-west-2',
      service: 'mysfits-like',
    }),
  });
  if (!fault.ok) throw new Error(`adding the fault answered ${fault.status}`);
  await routingSwitch('us-east-1', 'out');
  const from = new Date();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const to = new Date();
  const awsMinutes = (to - from) / timeScale / 60_000;
  const rate = async (region, service) =>
    (await startedBetween(region, service, from, to)) / awsMinutes;
  const baseline = await rate('us-west-2', 'mysfits-core');
  const failing = await rate('us-west-2', 'mysfits-like');
  const drained = await rate('us-east-1', 'mysfits-core');
  const model = 60 / (GRACE_SECONDS + taskProvisioningMs / 1000);
  const row = (label, value) =>
    `  ${label.padEnd(58)} ${value.toFixed(2).padStart(6)} /min   ${(value / model).toFixed(2)}x the model`;
  console.log(
    `tasks started per minute on the lab's clock (window ${(windowMs / 1000).toFixed(0)} s wall = ${awsMinutes.toFixed(1)} AWS minutes, fast timing)`,
  );
  console.log(row('healthy baseline (us-west-2 mysfits-core)', baseline));
  console.log(row('failing-health-checks fault (us-west-2 mysfits-like)', failing));
  console.log(row('routing switch out (us-east-1 mysfits-core)', drained));
  console.log(
    `  model: at most one per grace ${GRACE_SECONDS} s + provisioning ${taskProvisioningMs / 1000} s  ${model.toFixed(2).padStart(6)} /min`,
  );
  console.log(machineLine(load));
} finally {
  for (const c of Object.values(ecs)) c.destroy();
  await labDown(dir, 30_000);
}
