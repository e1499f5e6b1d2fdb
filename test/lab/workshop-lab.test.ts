import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { labClientEnv } from '../../src/lab/env.js';
import { runCli } from '../helpers/cli.js';

const endpoint = inject('labEndpoint');
const run = promisify(execFile);

/** Runs the official AWS CLI v2 with the variables `mysfits-dr lab env` prints. */
async function aws(region: string, ...args: string[]): Promise<unknown> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...labClientEnv(endpoint, region) };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  const { stdout } = await run(
    '/usr/bin/aws',
    ['--endpoint-url', endpoint, '--region', region, '--output', 'json', ...args],
    { env },
  );
  return stdout.trim() ? JSON.parse(stdout) : undefined;
}

async function labComponents(): Promise<Record<string, { url?: string }>> {
  const health = (await (await fetch(`${endpoint}/_lab/health`)).json()) as {
    components: Record<string, { url?: string }>;
  };
  return health.components;
}

describe('the running lab, as the workshop left it after its Lab 3', () => {
  it("serves the 12 mysfits through each region's load balancer, each naming its region", async () => {
    const components = await labComponents();
    for (const region of ['us-west-2', 'us-east-1']) {
      const base = components[`alb:${region}:mysfits-alb`]!.url!;
      expect(await (await fetch(`${base}/`)).text()).toContain(`Current region: ${region}`);
      const list = (await (await fetch(`${base}/mysfits`)).json()) as { mysfits: unknown[] };
      expect(list.mysfits).toHaveLength(12);
    }
  });

  it('lets the official AWS CLI list, write and read the table in both regions; writes replicate', async () => {
    for (const region of ['us-west-2', 'us-east-1']) {
      expect(await aws(region, 'dynamodb', 'list-tables')).toMatchObject({
        TableNames: expect.arrayContaining(['MysfitsTable']),
      });
      const table = (await aws(
        region,
        'dynamodb',
        'describe-table',
        '--table-name',
        'MysfitsTable',
      )) as {
        Table: {
          GlobalTableVersion: string;
          Replicas: { RegionName: string; ReplicaStatus: string }[];
        };
      };
      expect(table.Table.GlobalTableVersion).toBe('2019.11.21');
      expect(table.Table.Replicas.some((r) => r.ReplicaStatus === 'ACTIVE')).toBe(true);
    }
    for (const [from, to] of [
      ['us-west-2', 'us-east-1'],
      ['us-east-1', 'us-west-2'],
    ] as const) {
      const id = `__cli-${randomUUID()}`;
      const key = JSON.stringify({ MysfitId: { S: id } });
      await aws(
        from,
        'dynamodb',
        'put-item',
        '--table-name',
        'MysfitsTable',
        '--item',
        JSON.stringify({ MysfitId: { S: id }, Name: { S: from } }),
      );
      const written = Date.now();
      let item: unknown;
      while (!item && Date.now() - written < 10_000) {
        item = (
          (await aws(
            to,
            'dynamodb',
            'get-item',
            '--table-name',
            'MysfitsTable',
            '--key',
            key,
            '--consistent-read',
          )) as { Item?: unknown }
        ).Item;
      }
      expect(item, `${from} → ${to}`).toEqual({ MysfitId: { S: id }, Name: { S: from } });
      await aws(from, 'dynamodb', 'delete-item', '--table-name', 'MysfitsTable', '--key', key);
    }
  });

  it('makes the CLI exit 4 when real-looking AWS keys are sent to the lab', async () => {
    const result = await runCli(
      [
        '--endpoint-url',
        endpoint,
        'init',
        '--from-stacks',
        '--output',
        `/tmp/never-${randomUUID()}.json`,
      ],
      {
        env: {
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
          AWS_PROFILE: undefined,
        },
      },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/real AWS credentials/i);
    expect(result.stderr).toContain('mysfits-dr lab env');
  });
});
