import { randomUUID } from 'node:crypto';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../src/lab/env.js';
import { runCli } from '../helpers/cli.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';

let lab: OwnLab;
beforeAll(async () => {
  lab = await startOwnLab();
});
afterAll(() => lab?.stop());
afterEach(async () => {
  await runCli(['lab', 'fault', 'clear'], { env: lab.env });
});

const client = (region: string, timeoutMs = 3_000) =>
  new DynamoDBClient({
    region,
    endpoint: lab.endpoint,
    credentials: { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      requestTimeout: timeoutMs,
      connectionTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    }),
  });
const fault = (...args: string[]) => runCli(['--json', 'lab', 'fault', ...args], { env: lab.env });
const TABLE = 'MysfitsTable';

async function putThenFind(from: string, to: string, waitMs: number): Promise<boolean> {
  const id = `__fault-${randomUUID()}`;
  await client(from).send(new PutItemCommand({ TableName: TABLE, Item: { MysfitId: { S: id } } }));
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const got = await client(to).send(
      new GetItemCommand({ TableName: TABLE, Key: { MysfitId: { S: id } }, ConsistentRead: true }),
    );
    if (got.Item) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('lab fault', () => {
  it('pauses replication in one direction until cleared, and lists the fault', async () => {
    const added = await fault('replication-pause', '--from', 'us-west-2', '--to', 'us-east-1');
    expect(added.code, added.stderr).toBe(0);
    const id = (JSON.parse(added.stdout) as { fault: { id: string } }).fault.id;
    const listed = JSON.parse((await fault('list')).stdout) as {
      faults: { id: string; kind: string }[];
    };
    expect(listed.faults).toEqual([expect.objectContaining({ id, kind: 'replication-pause' })]);
    const status = await runCli(['lab', 'status'], { env: lab.env });
    expect(status.stdout).toMatch(
      new RegExp(`faults \\(1\\):\\n.*${id}  replication-pause  from=us-west-2 to=us-east-1`),
    );
    expect(await putThenFind('us-west-2', 'us-east-1', 2_000)).toBe(false);
    expect(await putThenFind('us-east-1', 'us-west-2', 5_000)).toBe(true);
    const cleared = await fault('clear', id);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ cleared: [{ id }] });
  });

  it('rejects a bad fault with exit 2, naming each field, and adds nothing', async () => {
    const bad = await runCli(
      ['lab', 'fault', 'throttling', '--region', 'eu-west-1', '--share', '2'],
      { env: lab.env },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/share: found 2; expected a share <= 1/);
    const list = JSON.parse((await fault('list')).stdout) as { faults: unknown[] };
    expect(list.faults).toEqual([]);
  });

  it('throttles the whole share of calls when share is 1', async () => {
    expect((await fault('throttling', '--region', 'us-east-1', '--share', '1')).code).toBe(0);
    await expect(
      client('us-east-1').send(new DescribeTableCommand({ TableName: TABLE })),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    await expect(
      client('us-west-2').send(new DescribeTableCommand({ TableName: TABLE })),
    ).resolves.toBeDefined();
  });

  it('takes down the control plane only: DescribeTable refused, GetItem still served', async () => {
    expect((await fault('control-plane-outage', '--region', 'us-east-1')).code).toBe(0);
    await expect(
      client('us-east-1').send(new DescribeTableCommand({ TableName: TABLE })),
    ).rejects.toThrow();
    const got = await client('us-east-1').send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { MysfitId: { S: 'da5303ae-5aba-495c-b5d6-eb5c4a66b941' } },
      }),
    );
    expect(got.Item?.Name?.S).toBeDefined();
  });

  it('makes a whole region time out, and stops replication into it', async () => {
    expect((await fault('region-outage', '--region', 'us-east-1', '--mode', 'timeout')).code).toBe(
      0,
    );
    const started = Date.now();
    await expect(
      client('us-east-1', 1_000).send(
        new GetItemCommand({ TableName: TABLE, Key: { MysfitId: { S: 'x' } } }),
      ),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const id = `__outage-${randomUUID()}`;
    await client('us-west-2').send(
      new PutItemCommand({ TableName: TABLE, Item: { MysfitId: { S: id } } }),
    );
    await new Promise((r) => setTimeout(r, 1_500));
    await fault('clear');
    const deadline = Date.now() + 5_000;
    let arrived = false;
    while (!arrived && Date.now() < deadline) {
      arrived = !!(
        await client('us-east-1').send(
          new GetItemCommand({
            TableName: TABLE,
            Key: { MysfitId: { S: id } },
            ConsistentRead: true,
          }),
        )
      ).Item;
    }
    expect(arrived).toBe(true);
  });

  it('kills tasks; the ECS scheduler replaces each with a new task', async () => {
    const ecs = new ECSClient({
      region: 'us-west-2',
      endpoint: lab.endpoint,
      credentials: { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY },
    });
    const running = async () =>
      (
        await ecs.send(
          new ListTasksCommand({
            cluster: 'mysfits-cluster',
            serviceName: 'mysfits-like',
            desiredStatus: 'RUNNING',
          }),
        )
      ).taskArns ?? [];
    const before = await running();
    expect(before).toHaveLength(1);
    expect(
      (await fault('kill-tasks', '--region', 'us-west-2', '--service', 'mysfits-like')).code,
    ).toBe(0);
    const deadline = Date.now() + 30_000;
    let after = await running();
    while ((after.length !== 1 || after[0] === before[0]) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await running();
    }
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    const stopped = await ecs.send(
      new DescribeTasksCommand({ cluster: 'mysfits-cluster', tasks: before }),
    );
    expect(stopped.tasks?.[0]).toMatchObject({
      lastStatus: expect.stringMatching(/STOPP|DEPROVISIONING/),
      stopCode: 'EssentialContainerExited',
    });
  });

  it('adds latency to API answers', async () => {
    expect(
      (await fault('latency', '--region', 'us-west-2', '--ms', '400', '--plane', 'api')).code,
    ).toBe(0);
    const started = Date.now();
    await client('us-west-2').send(new DescribeTableCommand({ TableName: TABLE }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});
