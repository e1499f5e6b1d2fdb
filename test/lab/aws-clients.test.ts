// The official AWS CLI and boto3 against the lab: both speak to the same endpoint, see the
// same data, and parse the lab's answers (including botocore's x-amz-crc32 check of the
// DescribeTable answers the lab rewrites).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkshopData } from '../../src/lab/seed.js';
import { hasBoto3 } from '../helpers/aws-tools.js';
import { REGIONS, startTestLab, type TestLab, uniqueId, labEnv } from '../helpers/lab.js';

const run = promisify(execFile);
const TABLE = 'MysfitsTable';
const [west, east] = REGIONS;
let lab: TestLab;

async function findAwsCli(): Promise<string | undefined> {
  if (existsSync('/usr/bin/aws')) return '/usr/bin/aws';
  try {
    await run('aws', ['--version'], { env: labEnv() });
    return 'aws';
  } catch {
    return undefined;
  }
}

const awsCli = await findAwsCli();
const boto3 = await hasBoto3();

beforeAll(async () => {
  lab = await startTestLab({ lagMs: 100 });
  await seedWorkshopData(lab.url, { primaryRegion: west, secondaryRegion: east, tableName: TABLE });
});
afterAll(async () => {
  await lab?.stop();
});

describe.skipIf(!awsCli)(`the AWS CLI (${awsCli ?? 'not installed'})`, () => {
  const aws = async (region: string, ...args: string[]) => {
    const { stdout } = await run(
      awsCli!,
      ['--endpoint-url', lab.url, '--region', region, '--output', 'json', 'dynamodb', ...args],
      { env: labEnv() },
    );
    return JSON.parse(stdout || '{}');
  };
  /** A strongly consistent read of the mysfit `id` in `region`. */
  const getItem = (region: string, id: string) =>
    aws(
      region,
      'get-item',
      '--table-name',
      TABLE,
      '--consistent-read',
      '--key',
      JSON.stringify({ MysfitId: { S: id } }),
    );

  it('lists, puts and gets in both regions', async () => {
    for (const region of REGIONS)
      expect((await aws(region, 'list-tables')).TableNames).toContain(TABLE);
    const id = uniqueId('cli');
    await aws(
      east,
      'put-item',
      '--table-name',
      TABLE,
      '--item',
      JSON.stringify({ MysfitId: { S: id }, Name: { S: 'Cli' } }),
    );
    const local = await getItem(east, id);
    expect(local.Item.Name.S).toBe('Cli');
    let replicated: { Item?: { Name: { S: string } } } = {};
    for (let i = 0; i < 40 && !replicated.Item; i++) {
      replicated = await getItem(west, id);
    }
    expect(replicated.Item?.Name.S).toBe('Cli');
    const described = await aws(west, 'describe-table', '--table-name', TABLE);
    expect(described.Table.Replicas).toEqual([{ RegionName: east, ReplicaStatus: 'ACTIVE' }]);
  });

  it('reports AWS error codes', async () => {
    const failure = await aws(west, 'describe-table', '--table-name', 'NoSuchTable').catch(
      (e: { stderr: string }) => e,
    );
    expect((failure as { stderr: string }).stderr).toContain('ResourceNotFoundException');
  });
});

describe.skipIf(!boto3)(
  boto3 ? 'boto3' : 'boto3 (skipped: `import boto3` fails in python3)',
  () => {
    it('lists, puts and gets in both regions and reads Replicas', async () => {
      const id = uniqueId('boto3');
      const script = `
import json, sys, time, boto3
url, table, west, east, key = sys.argv[1:6]
c = {r: boto3.client("dynamodb", endpoint_url=url, region_name=r) for r in (west, east)}
out = {"tables": {r: c[r].list_tables()["TableNames"] for r in c}}
c[west].put_item(TableName=table, Item={"MysfitId": {"S": key}, "Name": {"S": "Boto"}})
item = None
for _ in range(100):
    item = c[east].get_item(TableName=table, Key={"MysfitId": {"S": key}}, ConsistentRead=True).get("Item")
    if item: break
    time.sleep(0.05)
out["replicated"] = item
out["replicas"] = {r: c[r].describe_table(TableName=table)["Table"].get("Replicas") for r in c}
try:
    c[west].describe_table(TableName="NoSuchTable")
except c[west].exceptions.ResourceNotFoundException as e:
    out["error"] = e.response["Error"]["Code"]
print(json.dumps(out))
`;
      const { stdout } = await run('python3', ['-c', script, lab.url, TABLE, west, east, id], {
        env: labEnv(),
      });
      const out = JSON.parse(stdout);
      expect(out.tables[west]).toContain(TABLE);
      expect(out.tables[east]).toContain(TABLE);
      expect(out.replicated).toEqual({ MysfitId: { S: id }, Name: { S: 'Boto' } });
      expect(out.replicas[west]).toEqual([{ RegionName: east, ReplicaStatus: 'ACTIVE' }]);
      expect(out.replicas[east]).toEqual([{ RegionName: west, ReplicaStatus: 'ACTIVE' }]);
      expect(out.error).toBe('ResourceNotFoundException');
    });
  },
);
