// Where the Global Accelerator API answers, over HTTP with the real SDK and the official AWS
// CLI: only in us-west-2 (a request signed for another region gets its connection reset, as a
// client pointed at an endpoint that does not exist fails), and the lab's health report.
import { labEnv } from '../helpers/lab.js';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  GlobalAcceleratorClient,
  ListAcceleratorsCommand,
} from '@aws-sdk/client-global-accelerator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AcceleratorLab,
  failure,
  groupOf,
  startAcceleratorLab,
} from './accelerator-harness.js';

const run = promisify(execFile);
const [west, east] = ['us-west-2', 'us-east-1'] as const;
let t: AcceleratorLab;

beforeAll(async () => {
  t = await startAcceleratorLab(0.01); // propagation 30 s → 300 ms
});
afterAll(async () => {
  await t?.stop();
});

describe('only in us-west-2', () => {
  it('resets the connection of a request signed for us-east-1, as a missing endpoint fails', async () => {
    const eastClient = new GlobalAcceleratorClient({
      region: east,
      endpoint: t.lab.url,
      credentials: { accessKeyId: 'mysfitslab', secretAccessKey: 'mysfitslab' },
      maxAttempts: 1,
    });
    try {
      const error = await failure(eastClient.send(new ListAcceleratorsCommand({})));
      expect(error.$metadata?.httpStatusCode).toBeUndefined();
      expect(`${error.code ?? ''} ${error.message}`).toMatch(/ECONNRESET|socket hang up/);
    } finally {
      eastClient.destroy();
    }
  });

  it('reports itself in GET /_lab/health', async () => {
    const { body } = await t.lab.api('GET', '/_lab/health');
    expect(body.components.accelerator).toMatchObject({ healthy: true, url: t.ga.proxyUrl });
    expect(body.components[`accelerator:${west}`]).toMatchObject({ healthy: true });
    expect(body.components[`accelerator:${east}`]).toMatchObject({ healthy: true });
  });
});

const awsCli = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined;

describe.skipIf(!awsCli)('the AWS CLI', () => {
  const aws = async (region: string, ...args: string[]) => {
    const env = labEnv({ AWS_MAX_ATTEMPTS: '1' });
    const argv = ['--endpoint-url', t.lab.url, '--region', region, '--output', 'json'];
    const { stdout } = await run(awsCli!, [...argv, 'globalaccelerator', ...args], { env });
    return JSON.parse(stdout || '{}');
  };

  it('describes an endpoint group and turns its dial to 0 (and back)', async () => {
    const arn = groupOf(east);
    const described = await aws(west, 'describe-endpoint-group', '--endpoint-group-arn', arn);
    expect(described.EndpointGroup.TrafficDialPercentage).toBe(100);
    expect(described.EndpointGroup.EndpointDescriptions[0].HealthState).toBe('HEALTHY');
    const updated = await aws(
      west,
      'update-endpoint-group',
      '--endpoint-group-arn',
      arn,
      '--traffic-dial-percentage',
      '0',
    );
    expect(updated.EndpointGroup.TrafficDialPercentage).toBe(0);
    await t.waitDeployed();
    await aws(
      west,
      'update-endpoint-group',
      '--endpoint-group-arn',
      arn,
      '--traffic-dial-percentage',
      '100',
    );
    await t.waitDeployed();
  });

  it('fails against us-east-1 without an answer', async () => {
    const error = await failure(aws(east, 'list-accelerators'));
    expect(String(error.stderr)).toMatch(/Connection was closed|reset|closed before/i);
  });
});
