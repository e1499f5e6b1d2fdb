// `mysfits-dr config validate --live` against the shared lab, as a process (the built CLI):
// the lab's config matches its accelerator; a config whose endpoint groups are swapped, whose
// load balancer is not its group's endpoint, or whose group does not exist is refused with
// exit 2 and one issue per difference; the document validates against its published schema.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { configValidationDocumentSchema } from '../../src/core/documents/config.js';
import { labClientEnv } from '../../src/lab/env.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const endpoint = inject('labEndpoint');
type Json = Record<string, unknown>;
type Region = { name: string; endpointGroupArn: string; loadBalancerArn: string };

let base: Json;
let dir: string;

beforeAll(async () => {
  base = JSON.parse(await readFile(join(REPO_ROOT, 'mysfits-dr.config.json'), 'utf8')) as Json;
  dir = await mkdtemp(join(tmpdir(), 'mysfits-config-live-'));
});

/** Runs `config validate --live --json` on a variant of the lab's config. */
async function validateLive(name: string, change: (regions: Region[]) => void = () => {}) {
  const config = structuredClone(base);
  change(config.regions as Region[]);
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(config));
  const run = await runCli(['--json', '--config', path, 'config', 'validate', '--live'], {
    env: { ...labClientEnv(endpoint, 'us-west-2'), AWS_PROFILE: undefined },
  });
  return { run, doc: configValidationDocumentSchema.parse(JSON.parse(run.stdout)) };
}

describe('config validate --live', () => {
  it("accepts the lab's config: each endpoint group is its region's and holds its ALB", async () => {
    const { run, doc } = await validateLive('same');
    expect(run.code, run.stderr).toBe(0);
    expect(doc).toMatchObject({ valid: true, live: true, regions: ['us-west-2', 'us-east-1'] });
  });

  it('names each region whose endpoint group sends traffic elsewhere', async () => {
    const { run, doc } = await validateLive('swapped', (r) => {
      [r[0]!.endpointGroupArn, r[1]!.endpointGroupArn] = [
        r[1]!.endpointGroupArn,
        r[0]!.endpointGroupArn,
      ];
    });
    expect(run.code).toBe(2);
    expect(doc.valid).toBe(false);
    const issues = doc.valid ? [] : doc.issues;
    expect(issues.map((i) => i.path)).toEqual([
      '$.regions[0].endpointGroupArn',
      '$.regions[0].loadBalancerArn',
      '$.regions[1].endpointGroupArn',
      '$.regions[1].loadBalancerArn',
    ]);
    expect(issues[0]!.expected).toBe(
      'the endpoint group of us-west-2; this one sends traffic to us-east-1',
    );
    expect(issues[1]!.expected).toMatch(
      /^an endpoint of the region's endpoint group, which holds arn:aws:elasticloadbalancing:us-east-1:/,
    );
  });

  it('names a load balancer its group does not hold, and a group that does not exist', async () => {
    const { run, doc } = await validateLive('wrong', (r) => {
      r[0]!.loadBalancerArn = r[0]!.loadBalancerArn.replace(/\/[0-9a-f]+$/, '/0000000000000bad');
      r[1]!.endpointGroupArn = r[1]!.endpointGroupArn.replace(/[0-9a-f]+$/, '00000000dead');
    });
    expect(run.code).toBe(2);
    const issues = doc.valid ? [] : doc.issues;
    expect(issues.map((i) => [i.path, i.expected])).toEqual([
      ['$.regions[0].loadBalancerArn', expect.stringMatching(/which holds .*mysfits-alb/)],
      [
        '$.regions[1].endpointGroupArn',
        'an endpoint group of the accelerator; Global Accelerator knows none with this ARN',
      ],
    ]);
    const text = await runCli(
      ['--config', join(dir, 'wrong.json'), 'config', 'validate', '--live'],
      {
        env: { ...labClientEnv(endpoint, 'us-west-2'), AWS_PROFILE: undefined },
      },
    );
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('does not match the deployment (2 problems)');
    expect(text.stderr).toContain('hint: Fix the fields listed above');
  });
});
