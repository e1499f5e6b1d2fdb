import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../../helpers/cli.js';
import { runInProcess } from '../../helpers/program.js';

// Parsing and rendering run in process; the config named by the environment is read by the
// spawned executable (an end-to-end path: commander reads MYSFITS_DR_CONFIG from the process).

type Json = Record<string, unknown>;
let base: Json;
let dir: string;

beforeAll(async () => {
  base = JSON.parse(await readFile(join(REPO_ROOT, 'mysfits-dr.config.json'), 'utf8')) as Json;
  dir = await mkdtemp(join(tmpdir(), 'mysfits-config-'));
});

async function writeConfig(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

function variant(change: (c: Json) => void): Json {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

const regions = (c: Json) => c.regions as Json[];

describe('config validate', () => {
  it('accepts the repository config (the lab topology) and names its regions', async () => {
    const run = await runInProcess(['config', 'validate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('is valid: 2 regions (us-west-2 primary, us-east-1)');
    expect(run.stdout).toContain(
      'control table MysfitsDrControl (multi-Region strong consistency: replicas us-west-2, us-east-1, witness us-east-2)',
    );
    expect(run.stderr).toBe('');
  });

  it('prints one JSON document with --json', async () => {
    const run = await runInProcess(['--json', 'config', 'validate']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      valid: true,
      regions: ['us-west-2', 'us-east-1'],
    });
  });

  const cases: {
    name: string;
    change: (c: Json) => void;
    path: string;
    value: string;
    expected: RegExp;
  }[] = [
    {
      name: 'bad region name',
      change: (c) => (regions(c)[1]!.name = 'us-east-9x'),
      path: '$.regions[1].name',
      value: '"us-east-9x"',
      expected: /AWS region name/,
    },
    {
      name: 'primary not among regions',
      change: (c) => (c.primaryRegion = 'eu-west-1'),
      path: '$.primaryRegion',
      value: '"eu-west-1"',
      expected: /one of the configured regions \(us-west-2, us-east-1\)/,
    },
    {
      name: 'missing table name',
      change: (c) => delete (c.globalTable as Json).name,
      path: '$.globalTable.name',
      value: 'nothing \\(missing\\)',
      expected: /required: add this field \(a string\)/,
    },
    {
      name: 'empty partition key',
      change: (c) => ((c.globalTable as Json).partitionKey = ''),
      path: '$.globalTable.partitionKey',
      value: '""',
      expected: /expected an attribute name/,
    },
    {
      name: 'an accelerator address with a scheme',
      change: (c) => ((c.accelerator as Json).dnsName = 'http://a1234.awsglobalaccelerator.com'),
      path: '$.accelerator.dnsName',
      value: '"http://a1234.awsglobalaccelerator.com"',
      expected: /expected a DNS name such as .*\(no scheme, port or path\)/,
    },
    {
      name: 'a static IP that is no address',
      change: (c) => ((c.accelerator as Json).staticIps = ['75.2.60']),
      path: '$.accelerator.staticIps[0]',
      value: '"75.2.60"',
      expected: /expected an IPv4 or IPv6 address/,
    },
    {
      name: 'a listener port out of range',
      change: (c) => ((c.accelerator as Json).listenerPort = 0),
      path: '$.accelerator.listenerPort',
      value: '0',
      expected: /expected a TCP port from 1 to 65535/,
    },
    {
      name: 'a likes table name with a space',
      change: (c) => ((c.likesTable as Json).name = 'Mysfits Likes'),
      path: '$.likesTable.name',
      value: '"Mysfits Likes"',
      expected: /expected a DynamoDB table name/,
    },
    {
      name: 'unknown field',
      change: (c) => (c.regionz = []),
      path: '$.regionz',
      value: '\\[\\]',
      expected: /no such field here/,
    },
    {
      name: 'bad target group ARN',
      change: (c) =>
        (((regions(c)[0]!.ecs as Json).services as Json[])[1]!.targetGroupArn = 'tg-1'),
      path: '$.regions[0].ecs.services[1].targetGroupArn',
      value: '"tg-1"',
      expected: /elasticloadbalancing ARN/,
    },
    {
      name: 'ARN of another region',
      change: (c) => (regions(c)[1]!.loadBalancerArn = regions(c)[0]!.loadBalancerArn),
      path: '$.regions[1].loadBalancerArn',
      value: '"arn:aws:elasticloadbalancing:us-west-2',
      expected: /ARN in us-east-1, found one in us-west-2/,
    },
    {
      name: 'endpoint group of another accelerator',
      change: (c) =>
        (regions(c)[1]!.endpointGroupArn =
          'arn:aws:globalaccelerator::000000000000:accelerator/other/listener/1ab0001a/endpoint-group/1ab0b0000002'),
      path: '$.regions[1].endpointGroupArn',
      value: '"arn:aws:globalaccelerator::000000000000:accelerator/other/',
      expected:
        /endpoint group of the configured listener \(an ARN starting "arn:aws:globalaccelerator::000000000000:accelerator\/5e1ab000-[^"]*\/listener\/1ab0001a\/endpoint-group\/"\)/,
    },
    {
      name: 'listener of another accelerator',
      change: (c) =>
        ((c.accelerator as Json).listenerArn =
          'arn:aws:globalaccelerator::000000000000:accelerator/other/listener/1ab0001a'),
      path: '$.accelerator.listenerArn',
      value: '"arn:aws:globalaccelerator::000000000000:accelerator/other/listener/1ab0001a"',
      expected: /listener of the configured accelerator/,
    },
    {
      name: 'baseline dial of a region not configured',
      change: (c) => (c.baseline = { dials: { 'us-west-2': 100, 'eu-west-1': 100 } }),
      path: '$.baseline.dials.eu-west-1',
      value: '100',
      expected: /expected a configured region \(us-west-2, us-east-1\), found "eu-west-1"/,
    },
    {
      name: 'baseline with every dial at 0',
      change: (c) => (c.baseline = { dials: { 'us-west-2': 0, 'us-east-1': 0 } }),
      path: '$.baseline.dials',
      value: '\\{"us-west-2":0,"us-east-1":0\\}',
      expected: /at least one dial above 0/,
    },
    {
      name: 'duplicate region',
      change: (c) => (regions(c)[1]!.name = 'us-west-2'),
      path: '$.regions[1].name',
      value: '"us-west-2"',
      expected: /listed twice/,
    },
    {
      name: 'threshold out of range',
      change: (c) => ((c.thresholds as Json).maxErrorRatePercent = 250),
      path: '$.thresholds.maxErrorRatePercent',
      value: '250',
      expected: /between 0 and 100/,
    },
    {
      name: 'wrong version',
      change: (c) => (c.version = 2),
      path: '$.version',
      value: '2',
      expected: /only config format version/,
    },
  ];

  for (const c of cases) {
    it(`rejects a config with ${c.name}: exit 2, names path, value and fix`, async () => {
      const path = await writeConfig(`${c.name.replace(/\W+/g, '-')}.json`, variant(c.change));
      const run = await runInProcess(['config', 'validate', '--config', path]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(`${c.path.replace(/[$.[\]]/g, '\\$&')}: found ${c.value}`),
      );
      expect(run.stderr).toMatch(c.expected);
      expect(run.stderr).toContain('hint:');
    });
  }

  it('explains a config without a control table: the lock fails closed to the primary', async () => {
    const path = await writeConfig(
      'no-control-table.json',
      variant((c) => delete c.controlTable),
    );
    const run = await runInProcess(['config', 'validate', '--config', path]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'table MysfitsTable (no controlTable); the lock is taken only in us-west-2 and fails closed when it does not answer (--force lock-region to take it elsewhere)',
    );
  });

  it('rejects a control table whose witness is a replica region, naming path, value and fix', async () => {
    const path = await writeConfig(
      'witness.json',
      variant((c) => ((c.controlTable as Json).witnessRegion = 'us-east-1')),
    );
    const run = await runInProcess(['config', 'validate', '--config', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/controlTable\.witnessRegion: found "us-east-1"/);
    expect(run.stderr).toMatch(/three different regions: two replicas and a witness/);
  });

  it('reports every problem at once, as JSON issues with path, value and expected', async () => {
    const path = await writeConfig(
      'many.json',
      variant((c) => {
        c.primaryRegion = 'nowhere';
        regions(c)[0]!.alarms = [''];
        c.extra = true;
      }),
    );
    const run = await runInProcess(['--json', 'config', 'validate', '--config', path]);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as {
      valid: boolean;
      issues: { path: string; value: unknown; expected: string }[];
    };
    expect(doc.valid).toBe(false);
    expect(doc.issues.map((i) => i.path).sort()).toEqual([
      '$.extra',
      '$.primaryRegion',
      '$.regions[0].alarms[0]',
    ]);
    expect(doc.issues.find((i) => i.path === '$.primaryRegion')).toMatchObject({
      value: 'nowhere',
    });
  });

  it('rejects a file that is not JSON with exit 2', async () => {
    const path = await writeConfig('broken.json', '{ "version": 1,');
    const run = await runInProcess(['config', 'validate', '--config', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not valid JSON');
  });

  it('reports a missing file with exit 2 and how to create one', async () => {
    const run = await runInProcess(['config', 'validate', '--config', join(dir, 'nope.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read the config file .*nope\.json/);
    expect(run.stderr).toContain('mysfits-dr init');
  });

  it('reads the config named by MYSFITS_DR_CONFIG', async () => {
    const path = await writeConfig(
      'env.json',
      variant((c) => (c.version = 3)),
    );
    const run = await runCli(['config', 'validate'], { env: { MYSFITS_DR_CONFIG: path } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(path);
  });
});
