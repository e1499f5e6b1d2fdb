import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import type { JournalRecord, JournalStore } from '../../src/core/ops/journal.js';
import { summarizeRun } from '../../src/core/ops/journal.js';
import { deploymentIdentity, withDeployment } from '../../src/cli/ops/deployment-identity.js';

const ARN = 'arn:aws:globalaccelerator::123456789012:accelerator/abc';
const config = { accelerator: { arn: ARN } } as Config;

describe('deploymentIdentity', () => {
  it.each([
    ['AWS: the accelerator ARN alone', {}, undefined, ARN],
    ['--endpoint-url wins', { AWS_ENDPOINT_URL: 'http://b' }, 'http://a', `${ARN} via http://a`],
    [
      'the accelerator endpoint variable',
      { AWS_ENDPOINT_URL_GLOBAL_ACCELERATOR: 'http://ga', AWS_ENDPOINT_URL: 'http://b' },
      undefined,
      `${ARN} via http://ga`,
    ],
    ['AWS_ENDPOINT_URL', { AWS_ENDPOINT_URL: 'http://b' }, undefined, `${ARN} via http://b`],
    ['an empty variable is no override', { AWS_ENDPOINT_URL: '' }, undefined, ARN],
  ])('%s', (_name, env, endpointUrl, expected) => {
    expect(deploymentIdentity(config, { env, ...(endpointUrl ? { endpointUrl } : {}) })).toBe(
      expected,
    );
  });
});

describe('withDeployment', () => {
  it('stamps start records only, and summaries and listings carry it', async () => {
    const records: JournalRecord[] = [];
    const inner: JournalStore = {
      append: async (_id, record) => void records.push(record),
      read: async () => records,
      list: async () => [],
    };
    const store = withDeployment(inner, ARN);
    await store.append('r1', {
      type: 'start',
      at: 1,
      runId: 'r1',
      kind: 'failover',
      request: {},
      summary: 's',
      operator: 'o',
      checks: [],
      steps: [],
    });
    await store.append('r1', { type: 'finish', at: 2, outcome: 'completed' });
    expect(records.map((r) => 'deployment' in r && r.deployment)).toEqual([ARN, false]);
    expect(summarizeRun(await store.read('r1'))?.deployment).toBe(ARN);
  });
});
