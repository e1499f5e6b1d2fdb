// Traffic through the lab's data planes, each against a baseline measured in the same run:
//  1. requests per second of likes sent through accelerator → ALB → Like task → DynamoDB,
//     against the same load sent straight to the Like task (the proxies' overhead), with ab;
//  2. time from a whole-region outage of us-west-2 to the first new connection served by
//     us-east-1, against the configured detection floor (the endpoint group's health-check
//     interval × threshold, on the lab's clock).
// Run: npm run build && node bench/traffic.js [rounds]
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { labDown, labUp } from '../dist/src/cli/lab/control.js';
import { freePort } from '../dist/src/lab/processes.js';
import { LAB_PROFILES } from '../dist/src/lab/profiles.js';
import { LAB_ACCELERATOR, labTargetGroupArn } from '../dist/src/lab/topology.js';
import { median, ms } from './lib.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const rounds = Number(process.argv[2] ?? 3);
const LIKE = '/mysfits/da5303ae-5aba-495c-b5d6-eb5c4a66b941/like';
const credentials = { accessKeyId: 'mysfitslab', secretAccessKey: 'mysfitslab' };

const rps = (url) => {
  const out = execFileSync(
    'ab',
    ['-q', '-n', '1500', '-c', '8', '-p', '/dev/null', '-T', 'text/plain', url],
    { encoding: 'utf8' },
  );
  const non2xx = /Non-2xx responses:\s+(\d+)/.exec(out);
  if (non2xx) throw new Error(`${url}: ${non2xx[1]} non-2xx answers`);
  return Number(/Requests per second:\s+([\d.]+)/.exec(out)[1]);
};
const regionOfNewConnection = (url) =>
  new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? res.headers['x-mysfits-region'] : undefined);
    });
    req.on('error', () => resolve(undefined));
  });
const fault = (endpoint, method, body) =>
  fetch(`${endpoint}/_lab/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });

const dir = mkdtempSync(join(tmpdir(), 'mysfits-bench-traffic-'));
const { state } = await labUp({
  dir,
  port: await freePort(),
  acceleratorPort: await freePort(),
  profile: 'fast',
  timeoutMs: 120_000,
});
try {
  const elb = new ElasticLoadBalancingV2Client({
    region: 'us-west-2',
    endpoint: state.endpoint,
    credentials,
  });
  const health = await elb.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: labTargetGroupArn('us-west-2', 'like') }),
  );
  const task = health.TargetHealthDescriptions[0].Target;
  const direct = `http://127.0.0.1:${task.Port}${LIKE}`;
  const viaAccelerator = `${state.acceleratorUrl}${LIKE}`;
  rps(direct); // warm-up
  const throughDirect = [];
  const throughAccelerator = [];
  for (let i = 0; i < rounds; i += 1) {
    throughDirect.push(rps(direct));
    throughAccelerator.push(rps(viaAccelerator));
  }
  console.log(`likes per second (ab -n 1500 -c 8, ${rounds} interleaved rounds, medians)`);
  console.log(`  straight to the Like task            ${median(throughDirect).toFixed(0)} req/s`);
  console.log(
    `  accelerator → ALB → task → DynamoDB  ${median(throughAccelerator).toFixed(0)} req/s   ratio ${(median(throughAccelerator) / median(throughDirect)).toFixed(2)}x`,
  );

  const ga = new GlobalAcceleratorClient({
    region: 'us-west-2',
    endpoint: state.endpoint,
    credentials,
  });
  const group = (
    await ga.send(
      new DescribeEndpointGroupCommand({
        EndpointGroupArn: LAB_ACCELERATOR.endpointGroupArn('us-west-2'),
      }),
    )
  ).EndpointGroup;
  const floor =
    group.HealthCheckIntervalSeconds * 1000 * group.ThresholdCount * LAB_PROFILES.fast.timeScale;
  const detections = [];
  for (let i = 0; i < rounds; i += 1) {
    while ((await regionOfNewConnection(`${state.acceleratorUrl}/`)) !== 'us-west-2')
      await new Promise((r) => setTimeout(r, 100));
    await fault(state.endpoint, 'POST', { kind: 'region-outage', region: 'us-west-2' });
    const started = performance.now();
    while ((await regionOfNewConnection(`${state.acceleratorUrl}/`)) !== 'us-east-1')
      await new Promise((r) => setTimeout(r, 10));
    detections.push(performance.now() - started);
    await fault(state.endpoint, 'DELETE');
  }
  console.log(
    `outage of us-west-2 → first new connection served by us-east-1 (${rounds} rounds, median)`,
  );
  console.log(
    `  detection floor (interval ${group.HealthCheckIntervalSeconds} s × threshold ${group.ThresholdCount}, time scale ${LAB_PROFILES.fast.timeScale})   ${ms(floor)}`,
  );
  console.log(
    `  measured                                                           ${ms(median(detections))}   ratio ${(median(detections) / floor).toFixed(2)}x`,
  );
} finally {
  await labDown(dir, 30_000);
}
