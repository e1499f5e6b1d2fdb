// Where new flows go, per client origin, through the lab's accelerator: for the traffic dials
// 100/100, 100/0 and 50/100 (us-west-2/us-east-1), the share of new connections from each
// origin (us-west-2: source 127.0.0.1; us-east-1: source 127.0.1.1) that each region served,
// against the share AWS's rules give (nearest group first, a dial turns away only the share its
// group gets, the rest goes to the next-closest group), and the flows CloudWatch counted
// (AWS/GlobalAccelerator NewFlowCount per EndpointGroup, us-west-2) against the flows sent.
// A row notes when an endpoint was not HEALTHY while it ran (on a loaded machine the tasks can
// miss health checks): failover then overrides the dials, as on AWS, and the row is not the
// dials' share.
// Run: npm run build && node bench/accelerator-origins.js [connections per origin and dial]
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeAcceleratorCommand,
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
  UpdateEndpointGroupCommand,
} from '@aws-sdk/client-global-accelerator';
import { labDown } from '../dist/src/cli/lab/control.js';
import { LAB_ACCELERATOR, LAB_CLIENT_ORIGINS } from '../dist/src/lab/topology.js';
import { loadAverage, machineLine, startFastLab } from './lib.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const perOrigin = Number(process.argv[2] ?? 300);
const credentials = { accessKeyId: 'mysfitslab', secretAccessKey: 'mysfitslab' };
const [WEST, EAST] = ['us-west-2', 'us-east-1'];
/** Dials (us-west-2, us-east-1) and the share of each origin's flows AWS's rules send east. */
const CASES = [
  { dials: [100, 100], eastShare: { [WEST]: 0, [EAST]: 1 } },
  { dials: [100, 0], eastShare: { [WEST]: 0, [EAST]: 0 } },
  { dials: [50, 100], eastShare: { [WEST]: 0.5, [EAST]: 1 } },
];

/** The region that served one request on a new connection from `localAddress`. */
const regionFrom = (url, localAddress) =>
  new Promise((resolve) => {
    const options = { agent: false, localAddress, headers: { connection: 'close' } };
    const req = http.get(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers['x-mysfits-region'] ?? 'none'));
    });
    req.on('error', () => resolve('error'));
  });

/** Sends `count` new connections from `localAddress`, 8 at a time; counts the serving regions. */
async function tally(url, localAddress, count) {
  const counts = {};
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent += 1;
      const region = await regionFrom(url, localAddress);
      counts[region] = (counts[region] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return counts;
}

/** Polls both endpoint groups while `work` runs; resolves with its result and any unhealthy region. */
async function watchingHealth(ga, work) {
  const unhealthy = new Set();
  let done = false;
  const poll = async () => {
    while (!done) {
      for (const region of [WEST, EAST]) {
        const { EndpointGroup } = await ga.send(
          new DescribeEndpointGroupCommand({
            EndpointGroupArn: LAB_ACCELERATOR.endpointGroupArn(region),
          }),
        );
        if (EndpointGroup.EndpointDescriptions.some((e) => e.HealthState !== 'HEALTHY'))
          unhealthy.add(region);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const polling = poll();
  const result = await work().finally(() => (done = true));
  await polling;
  return { result, unhealthy: [...unhealthy] };
}

const dir = mkdtempSync(join(tmpdir(), 'mysfits-bench-origins-'));
const loadAtStart = loadAverage();
const state = await startFastLab(dir);
try {
  const client = { region: WEST, endpoint: state.endpoint, credentials };
  const ga = new GlobalAcceleratorClient(client);
  const cloudwatch = new CloudWatchClient(client);
  const url = `${state.acceleratorUrl.replace('localhost', '127.0.0.1')}/mysfits`;
  const started = new Date(Date.now() - 60_000);
  const sentTo = { [WEST]: 0, [EAST]: 0 };
  console.log(
    `share of new flows served by us-east-1, per origin (${perOrigin} connections each; expected: AWS's rules)`,
  );
  console.log('  dials (west/east)  origin      us-west-2  us-east-1  failed   expected us-east-1');
  for (const { dials, eastShare } of CASES) {
    for (const [region, dial] of [
      [WEST, dials[0]],
      [EAST, dials[1]],
    ]) {
      await ga.send(
        new UpdateEndpointGroupCommand({
          EndpointGroupArn: LAB_ACCELERATOR.endpointGroupArn(region),
          TrafficDialPercentage: dial,
        }),
      );
    }
    for (;;) {
      const { Accelerator } = await ga.send(
        new DescribeAcceleratorCommand({ AcceleratorArn: LAB_ACCELERATOR.arn }),
      );
      if (Accelerator.Status === 'DEPLOYED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const origin of LAB_CLIENT_ORIGINS) {
      const { result: counts, unhealthy } = await watchingHealth(ga, () =>
        tally(url, origin.sourceAddress, perOrigin),
      );
      sentTo[WEST] += counts[WEST] ?? 0;
      sentTo[EAST] += counts[EAST] ?? 0;
      const share = (region) => `${(((counts[region] ?? 0) / perOrigin) * 100).toFixed(1)} %`;
      const failed = perOrigin - (counts[WEST] ?? 0) - (counts[EAST] ?? 0);
      console.log(
        `  ${`${dials[0]}/${dials[1]}`.padEnd(19)}${origin.origin.padEnd(12)}${share(WEST).padStart(9)}  ${share(EAST).padStart(9)}  ${String(failed).padStart(6)}   ${(eastShare[origin.origin] * 100).toFixed(1)} %${unhealthy.length ? `   (not HEALTHY meanwhile: ${unhealthy.join(', ')}; failover applies)` : ''}`,
      );
    }
  }

  // CloudWatch publishes each second once it has ended; wait for the last flows to be counted.
  const flows = async (region) => {
    const { Datapoints = [] } = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/GlobalAccelerator',
        MetricName: 'NewFlowCount',
        Dimensions: [
          { Name: 'Accelerator', Value: LAB_ACCELERATOR.arn.split('/').at(-1) },
          { Name: 'Listener', Value: LAB_ACCELERATOR.listenerArn.split('/').at(-1) },
          { Name: 'EndpointGroup', Value: region },
        ],
        StartTime: started,
        EndTime: new Date(Date.now() + 60_000),
        Period: 60,
        Statistics: ['Sum'],
      }),
    );
    return Datapoints.reduce((sum, d) => sum + d.Sum, 0);
  };
  await new Promise((r) => setTimeout(r, 2_500));
  console.log('NewFlowCount per EndpointGroup (CloudWatch, us-west-2) against the flows answered');
  for (const region of [WEST, EAST]) {
    const counted = await flows(region);
    console.log(
      `  ${region}  counted ${counted}  answered ${sentTo[region]}  ratio ${(counted / sentTo[region]).toFixed(3)}`,
    );
  }
  console.log(machineLine(loadAtStart));
} finally {
  await labDown(dir, 30_000);
}
