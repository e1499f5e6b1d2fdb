#!/usr/bin/env node
// Waits for a state of the accelerator, polling its API (us-west-2) every 200 ms with the AWS
// SDK and the credentials and endpoint in the environment (`eval "$(mysfits-dr lab env)"`).
// scripts/workshop-lab5.sh uses it between the workshop's steps: one process per wait
// instead of one AWS CLI start-up per poll.
//
//   node scripts/wait-accelerator.mjs deployed <accelerator arn> [timeout seconds]
//   node scripts/wait-accelerator.mjs health <endpoint group arn> <HEALTHY|UNHEALTHY> [timeout seconds]
//
// Exits 0 once the state is reached, 1 on timeout (saying what it last saw), 2 on bad usage.
import {
  DescribeAcceleratorCommand,
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';

const [what, arn, ...rest] = process.argv.slice(2);
const wanted = what === 'health' ? rest.shift() : 'DEPLOYED';
const timeoutMs = Number(rest[0] ?? 60) * 1000;
if (!['deployed', 'health'].includes(what ?? '') || !arn || !wanted || !(timeoutMs > 0)) {
  console.error(
    'usage: wait-accelerator.mjs deployed <accelerator arn> [timeout s] | health <endpoint group arn> <HEALTHY|UNHEALTHY> [timeout s]',
  );
  process.exit(2);
}

const client = new GlobalAcceleratorClient({ region: 'us-west-2', maxAttempts: 1 });
const read = async () => {
  if (what === 'deployed') {
    const out = await client.send(new DescribeAcceleratorCommand({ AcceleratorArn: arn }));
    return out.Accelerator?.Status;
  }
  const out = await client.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: arn }));
  return out.EndpointGroup?.EndpointDescriptions?.[0]?.HealthState;
};

const deadline = Date.now() + timeoutMs;
let seen = 'nothing yet';
for (;;) {
  try {
    seen = (await read()) ?? 'no value';
    if (seen === wanted) process.exit(0);
  } catch (error) {
    seen = `${error.name}: ${error.message}`;
  }
  if (Date.now() > deadline) {
    console.error(`${arn} did not become ${wanted} within ${timeoutMs / 1000} s (last: ${seen})`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
