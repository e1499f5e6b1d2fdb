import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labConfig } from '../../src/config/lab-config.js';
import { runCli } from '../helpers/cli.js';
import { runInProcess } from '../helpers/program.js';
import { startCloudFormationReplay, type RecordedStack } from '../helpers/cloudformation-replay.js';
import recorded from '../fixtures/cloudformation/stacks.json' with { type: 'json' };

let dir: string;
let replay: Awaited<ReturnType<typeof startCloudFormationReplay>>;
const creds = {
  AWS_ACCESS_KEY_ID: 'testkey',
  AWS_SECRET_ACCESS_KEY: 'testsecret',
  AWS_PROFILE: undefined,
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mysfits-init-'));
  replay = await startCloudFormationReplay(recorded as Record<string, RecordedStack>);
});
afterAll(() => replay.close());

describe('init --lab', () => {
  it('writes the lab topology, validated, and refuses to overwrite without --force', async () => {
    const out = join(dir, 'lab.json');
    const first = await runCli(['init', '--lab', '--output', out]);
    expect(first.code).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(labConfig());

    await writeFile(out, '{"edited": true}\n');
    const again = await runCli(['init', '--lab', '--output', out]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('already exists; nothing was written');
    expect(again.stderr).toContain('--force');
    expect(await readFile(out, 'utf8')).toBe('{"edited": true}\n');

    const forced = await runCli(['init', '--lab', '--output', out, '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(labConfig());
  });

  it('needs exactly one source', async () => {
    const none = await runInProcess(['init', '--output', join(dir, 'none.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('exactly one of --lab or --from-stacks');
  });
});

describe('init --from-stacks (recorded CloudFormation answers, real SDK)', () => {
  it('reads the global stack in us-west-2, then each regional stack in its region, and writes a valid config', async () => {
    const out = join(dir, 'deployed.json');
    const run = await runCli(
      ['--endpoint-url', replay.url, 'init', '--from-stacks', '--output', out],
      { env: creds },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(replay.calls).toEqual(
      expect.arrayContaining([
        'us-west-2/MysfitsDr-global',
        'us-west-2/MysfitsDr-us-west-2',
        'us-east-1/MysfitsDr-us-east-1',
      ]),
    );
    const config = JSON.parse(await readFile(out, 'utf8')) as {
      primaryRegion: string;
      accelerator: { arn: string; dnsName: string; staticIps: string[]; listenerPort: number };
      likesTable: { name: string };
      regions: {
        name: string;
        endpointGroupArn: string;
        alarms: string[];
        ecs: { services: { role: string; targetGroupArn: string }[] };
      }[];
    };
    const g = recorded['MysfitsDr-global'].outputs;
    const east = recorded['MysfitsDr-us-east-1'].outputs;
    expect(config.primaryRegion).toBe('us-west-2');
    expect(config.accelerator.arn).toBe(g.AcceleratorArn);
    // The address commands use when the accelerator API (us-west-2 only) does not answer.
    expect(config.accelerator).toMatchObject({
      dnsName: g.AcceleratorDnsName,
      staticIps: g.AcceleratorIpv4Addresses.split(','),
      listenerPort: 80,
    });
    expect(config.likesTable.name).toBe(g.LikesTableName);
    expect(config.regions.map((r) => r.name)).toEqual(['us-west-2', 'us-east-1']);
    expect(config.regions[1]!.endpointGroupArn).toBe(g.SecondaryEndpointGroupArn);
    expect(config.regions[1]!.ecs.services.find((s) => s.role === 'like')!.targetGroupArn).toBe(
      east.LikeTargetGroupArn,
    );
    expect(config.regions[0]!.alarms).toEqual([
      'mysfits-like-target-5xx',
      'mysfits-like-unhealthy-hosts',
    ]);
    const validate = await runCli(['config', 'validate', '--config', out]);
    expect(validate.code).toBe(0);
  });

  it('says which stack is missing, exits 2 and writes nothing', async () => {
    const out = join(dir, 'missing.json');
    const run = await runCli(
      [
        '--endpoint-url',
        replay.url,
        'init',
        '--from-stacks',
        '--stack-prefix',
        'Other',
        '--output',
        out,
      ],
      { env: creds },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stack Other-global does not exist in us-west-2');
    await expect(readFile(out, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
