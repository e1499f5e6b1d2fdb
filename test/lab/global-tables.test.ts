// Global tables (version 2019.11.21) in the lab: seeding makes the workshop table global;
// DescribeTable shows Replicas in both regions; writes and deletes replicate both ways
// after the configured lag, exactly once (no ping-pong); concurrent writes converge.
import {
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkshopData } from '../../src/lab/seed.js';
import { REGIONS, sleep, startTestLab, type TestLab, uniqueId, waitFor } from '../helpers/lab.js';

const LAG_MS = 200;
const TABLE = 'MysfitsTable';
const [west, east] = REGIONS;
let lab: TestLab;
/** Seeds the workshop's global table and the likes table in both regions. */
const seed = () =>
  seedWorkshopData(lab.url, {
    primaryRegion: west,
    secondaryRegion: east,
    tableName: TABLE,
    likesTableName: 'MysfitsLikesTable',
  });

beforeAll(async () => {
  lab = await startTestLab({ lagMs: LAG_MS });
  expect(await seed()).toEqual({
    tableName: TABLE,
    tableCreated: true,
    itemsLoaded: 12,
    replicaCreated: true,
    likesTableCreated: true,
  });
});
afterAll(async () => {
  await lab?.stop();
});

const key = (id: string) => ({ MysfitId: { S: id } });
/** One like of `id`: Likes + 1, as the Like service writes it. */
const like = (id: string) =>
  new UpdateItemCommand({
    TableName: TABLE,
    Key: key(id),
    UpdateExpression: 'SET Likes = Likes + :one',
    ExpressionAttributeValues: { ':one': { N: '1' } },
  });
async function get(region: string, id: string) {
  return (
    await lab
      .client(region)
      .send(new GetItemCommand({ TableName: TABLE, Key: key(id), ConsistentRead: true }))
  ).Item;
}
async function direction(from: string, to: string) {
  const { body } = await lab.api('GET', '/_lab/replication');
  return body.directions.find((d: { from: string; to: string }) => d.from === from && d.to === to);
}
async function settled() {
  const { body } = await lab.api('GET', '/_lab/replication');
  return body.directions.every((d: { pending: number }) => d.pending === 0);
}

describe('a global table made by seeding', () => {
  it('shows the other region in Replicas, in both regions, with GlobalTableVersion', async () => {
    const westTable = (await lab.client(west).send(new DescribeTableCommand({ TableName: TABLE })))
      .Table!;
    const eastTable = (await lab.client(east).send(new DescribeTableCommand({ TableName: TABLE })))
      .Table!;
    expect(westTable.Replicas).toEqual([{ RegionName: east, ReplicaStatus: 'ACTIVE' }]);
    expect(eastTable.Replicas).toEqual([{ RegionName: west, ReplicaStatus: 'ACTIVE' }]);
    for (const table of [westTable, eastTable]) {
      expect(table.GlobalTableVersion).toBe('2019.11.21');
      expect(table.TableStatus).toBe('ACTIVE');
      expect(table.StreamSpecification).toEqual({
        StreamEnabled: true,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      });
      expect(table.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
        'GoodEvilIndex',
        'LawChaosIndex',
      ]);
      expect(table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    }
    expect(eastTable.TableArn).toBe(`arn:aws:dynamodb:${east}:000000000000:table/${TABLE}`);
  });

  it('sends a correct x-amz-crc32 with the DescribeTable answer it rewrites', async () => {
    const response = await fetch(lab.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.DescribeTable',
        authorization: `AWS4-HMAC-SHA256 Credential=mysfitslab/20260101/${east}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify({ TableName: TABLE }),
    });
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(body.toString()).toContain('"GlobalTableVersion":"2019.11.21"');
    expect(response.headers.get('x-amz-crc32')).toBe(String(crc32(body)));
    expect(response.headers.get('content-length')).toBe(String(body.length));
  });

  it('copied the 12 mysfits into the replica', async () => {
    const items = await lab
      .client(east)
      .send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }));
    expect(items.Count).toBeGreaterThanOrEqual(12);
    expect(items.Items?.map((i) => i.Name?.S)).toContain('Evangeline');
  });

  it('created the likes table empty, with a replica in us-east-1', async () => {
    const likes = await lab
      .client(east)
      .send(new ScanCommand({ TableName: 'MysfitsLikesTable', ConsistentRead: true }));
    expect(likes.Count).toBe(0);
  });

  it('is idempotent', async () => {
    expect(await seed()).toEqual({
      tableName: TABLE,
      tableCreated: false,
      itemsLoaded: 0,
      replicaCreated: false,
      likesTableCreated: false,
    });
  });
});

describe('replication', () => {
  for (const [from, to] of [
    [west, east],
    [east, west],
  ] as const) {
    it(`replicates a write from ${from} to ${to} after the lag, exactly once`, async () => {
      await waitFor('quiet replication', settled);
      const before = await direction(from, to);
      const back = await direction(to, from);
      const id = uniqueId('repl');
      const written = Date.now();
      await lab.client(from).send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { ...key(id), Name: { S: 'Newt' }, Likes: { N: '1' } },
        }),
      );
      const item = await waitFor(`item in ${to}`, () => get(to, id));
      expect(Date.now() - written).toBeGreaterThanOrEqual(LAG_MS);
      expect(item).toEqual({ ...key(id), Name: { S: 'Newt' }, Likes: { N: '1' } });
      await sleep(LAG_MS * 3); // time for an echo to (wrongly) travel back
      const after = await direction(from, to);
      const backAfter = await direction(to, from);
      expect(after.applied - before.applied).toBe(1);
      expect(after.echoesSuppressed - before.echoesSuppressed).toBe(1);
      expect(backAfter.applied - back.applied).toBe(0);
      expect(after.lastLagMs).toBeGreaterThanOrEqual(LAG_MS);
      expect(after.pending).toBe(0);
    });
  }

  it('replicates binary attributes byte for byte (B, BS, and B inside M and L)', async () => {
    // The replicator reads stream records as JSON (binary base64-encoded) and writes them
    // back with the SDK's PutItem: each binary value must arrive as the same bytes.
    const id = uniqueId('bin');
    const blob = Uint8Array.from([0, 1, 2, 250, 255, 0x2b, 0x2f, 0x3d]);
    const other = Uint8Array.from([9, 8, 7]);
    const item = {
      ...key(id),
      Blob: { B: blob },
      Blobs: { BS: [blob, other] },
      Nested: { M: { Inner: { B: other }, List: { L: [{ B: blob }, { S: 'text' }] } } },
    };
    await lab.client(west).send(new PutItemCommand({ TableName: TABLE, Item: item }));
    const replicated = await waitFor(`binary item in ${east}`, () => get(east, id));
    expect(replicated).toEqual(item);
    await waitFor('quiet replication', settled);
    expect(await get(west, id)).toEqual(item);
  });

  it('replicates updates in order and deletes', async () => {
    const id = uniqueId('order');
    const client = lab.client(east);
    await client.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key(id), Likes: { N: '0' } } }),
    );
    for (let i = 0; i < 10; i++) {
      await client.send(like(id));
    }
    await waitFor(
      '10 likes in the other region',
      async () => (await get(west, id))?.Likes?.N === '10',
    );
    await client.send(new DeleteItemCommand({ TableName: TABLE, Key: key(id) }));
    await waitFor(
      'the delete in the other region',
      async () => (await get(west, id)) === undefined,
    );
    await sleep(LAG_MS * 2);
    expect(await get(east, id)).toBeUndefined();
    expect(await get(west, id)).toBeUndefined();
  });

  it('converges on one value when both regions write the same item at once', async () => {
    const ids = Array.from({ length: 8 }, () => uniqueId('conflict'));
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        ids.flatMap((id, i) => [
          sleep((i * 7 + round * 13) % 40).then(() =>
            lab.client(west).send(
              new PutItemCommand({
                TableName: TABLE,
                Item: { ...key(id), V: { S: `west-${round}` } },
              }),
            ),
          ),
          sleep((i * 11 + round * 5) % 40).then(() =>
            lab.client(east).send(
              new PutItemCommand({
                TableName: TABLE,
                Item: { ...key(id), V: { S: `east-${round}` } },
              }),
            ),
          ),
        ]),
      );
      await sleep(LAG_MS * 2); // rounds further apart than one read of the streams
    }
    await waitFor('replication to settle', settled, 15_000);
    await sleep(LAG_MS * 2);
    await waitFor('replication to settle', settled, 15_000);
    for (const id of ids) {
      const [w, e] = await Promise.all([get(west, id), get(east, id)]);
      expect(w).toEqual(e);
      expect(w?.V?.S).toMatch(/^(west|east)-2$/);
    }
  });

  it('lets the later writer win when a local write races the replicated one', async () => {
    const offsets = [-100, -60, -30, -10, 0, 10, 20, 30, 45, 60, 100, 150];
    const ids = offsets.map(() => uniqueId('race'));
    await Promise.all(
      ids.map(async (id, i) => {
        await lab
          .client(west)
          .send(
            new PutItemCommand({ TableName: TABLE, Item: { ...key(id), V: { S: 'first-west' } } }),
          );
        await sleep(LAG_MS + offsets[i]!);
        await lab
          .client(east)
          .send(
            new PutItemCommand({ TableName: TABLE, Item: { ...key(id), V: { S: 'later-east' } } }),
          );
      }),
    );
    await waitFor('replication to settle', settled, 15_000);
    await sleep(LAG_MS * 2);
    await waitFor('replication to settle', settled, 15_000);
    for (const id of ids) {
      expect(await get(west, id)).toEqual({ ...key(id), V: { S: 'later-east' } });
      expect(await get(east, id)).toEqual({ ...key(id), V: { S: 'later-east' } });
    }
  });

  it('keeps refreshing a hot item while it is being written (lag stays bounded)', async () => {
    const id = uniqueId('hot');
    const client = lab.client(west);
    await client.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key(id), Likes: { N: '0' } } }),
    );
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await client.send(like(id));
      }
    })();
    const seen = new Set<string>();
    const until = Date.now() + LAG_MS * 8;
    while (Date.now() < until) {
      const likes = (await get(east, id))?.Likes?.N;
      if (likes) seen.add(likes);
      await sleep(LAG_MS / 4);
    }
    writing = false;
    await writer;
    expect(seen.size).toBeGreaterThanOrEqual(2);
    const final = (await get(west, id))?.Likes?.N;
    await waitFor(
      'the final count in the other region',
      async () => (await get(east, id))?.Likes?.N === final,
    );
  });

  it('reports measured lag at or above the configured lag', async () => {
    for (const [from, to] of [
      [west, east],
      [east, west],
    ]) {
      const stats = await direction(from!, to!);
      expect(stats.avgLagMs).toBeGreaterThanOrEqual(LAG_MS);
      expect(stats.maxLagMs).toBeGreaterThanOrEqual(stats.avgLagMs);
      expect(stats.lastAppliedAt).toMatch(/^\d{4}-/);
    }
  });
});
