/**
 * The app's table keeps the workshop's data contract: the workshop's own table client
 * (test/fixtures/workshop/workshop_table.py, boto3, as its Flask services read and write the
 * table) and our services run side by side against the lab's global tables over HTTP.
 * After a like through our Like service the workshop's listing still answers and counts it;
 * a like through the workshop's code is counted by ours; both answer the same mysfits; two
 * regions liking within the replication lag lose a like in the workshop's count and none in
 * ours. Needs dist/ (npx tsc) and python3 with boto3.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryId } from '../../src/core/replication/canary.js';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../src/lab/credentials.js';
import { seedWorkshopData } from '../../src/lab/seed.js';
import { LAB_LIKES_TABLE_NAME, LAB_TABLE_NAME } from '../../src/lab/topology.js';
import { labEnv, REGIONS, startTestLab, waitFor, type TestLab } from '../helpers/lab.js';
import { startService, stopAll, type ServiceProcess } from '../services/harness.js';

const run = promisify(execFile);
const FIXTURE = fileURLToPath(new URL('../fixtures/workshop/workshop_table.py', import.meta.url));
const boto3 = await run('python3', ['-c', 'import boto3']).then(
  () => true,
  () => false,
);
const [west, east] = REGIONS;
const GRETTA = 'da5303ae-5aba-495c-b5d6-eb5c4a66b941';
const EVANGELINE = '4e53920c-505a-4a90-a694-b9300791f0ae';
const COCO = '0e37d916-f960-4772-a25a-01b762b5c1bd';

interface ApiMysfit {
  mysfitId: string;
  likes: string;
  [field: string]: unknown;
}
interface WorkshopAnswer {
  status: number;
  body?: { mysfits: ApiMysfit[] };
  error?: string;
}

let lab: TestLab;
const ours: Record<string, { core: ServiceProcess; like: ServiceProcess }> = {};

/** Runs the workshop's table client in `region` (`list`, `query F V`, `like ID`). */
async function workshop(region: string, ...args: string[]): Promise<WorkshopAnswer> {
  const env = labEnv({
    AWS_REGION: region,
    AWS_ENDPOINT_URL: lab.url,
    DDB_TABLE_NAME: LAB_TABLE_NAME,
  });
  const { stdout } = await run('python3', [FIXTURE, ...args], { env });
  return JSON.parse(stdout) as WorkshopAnswer;
}

const byId = (list: ApiMysfit[]) => [...list].sort((a, b) => (a.mysfitId < b.mysfitId ? -1 : 1));
const likesIn = (list: ApiMysfit[] | undefined, id: string) =>
  list?.find((m) => m.mysfitId === id)?.likes;

async function ourList(region: string, query = ''): Promise<ApiMysfit[]> {
  const res = await fetch(`${ours[region]!.core.url}/mysfits${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { mysfits: ApiMysfit[] }).mysfits;
}

async function ourLike(region: string, id: string): Promise<{ likes: string }> {
  const res = await fetch(`${ours[region]!.like.url}/mysfits/${id}/like`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as { likes: string };
}

/** The mysfit's item in `region`, read strongly consistently. */
async function itemIn(region: string, id: string) {
  const out = await lab.client(region).send(
    new GetItemCommand({
      TableName: LAB_TABLE_NAME,
      Key: { MysfitId: { S: id } },
      ConsistentRead: true,
    }),
  );
  return out.Item;
}

describe.skipIf(!boto3)('the workshop table client and our services on one table', () => {
  beforeAll(async () => {
    lab = await startTestLab({ lagMs: 100 });
    await seedWorkshopData(lab.url, {
      primaryRegion: west,
      secondaryRegion: east,
      tableName: LAB_TABLE_NAME,
      likesTableName: LAB_LIKES_TABLE_NAME,
    });
    for (const region of REGIONS) {
      const env = {
        AWS_REGION: region,
        AWS_ENDPOINT_URL: lab.url,
        AWS_ACCESS_KEY_ID: LAB_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: LAB_SECRET_ACCESS_KEY,
        DDB_TABLE_NAME: LAB_TABLE_NAME,
        LIKES_TABLE_NAME: LAB_LIKES_TABLE_NAME,
        ROUTING_SWITCH: 'off',
      };
      const [core, like] = await Promise.all([
        startService('mysfits', env),
        startService('like', env),
      ]);
      ours[region] = { core, like };
    }
  }, 120_000);

  afterAll(async () => {
    await stopAll();
    await lab?.stop();
  });

  it("after a like through our Like service, the workshop's listing answers 200 and counts it", async () => {
    const before = await workshop(west, 'list');
    expect(before.status).toBe(200);
    const likes = Number(likesIn(before.body?.mysfits, GRETTA));
    expect(await ourLike(west, GRETTA)).toMatchObject({ likes: String(likes + 1) });
    const after = await workshop(west, 'list');
    expect(after).toMatchObject({ status: 200 });
    expect(after.body?.mysfits).toHaveLength(12);
    expect(likesIn(after.body?.mysfits, GRETTA)).toBe(String(likes + 1));
    // The like counters live in a table of their own: the app's table holds the 12 mysfits.
    const counter = await lab.client(west).send(
      new GetItemCommand({
        TableName: LAB_LIKES_TABLE_NAME,
        Key: { MysfitId: { S: `__likes#${GRETTA}#${west}` } },
        ConsistentRead: true,
      }),
    );
    expect(counter.Item?.Likes).toEqual({ N: '1' });
  });

  it('answers every mysfit exactly as the workshop does, list and both filters', async () => {
    await ourLike(west, EVANGELINE);
    const theirs = await workshop(west, 'list');
    expect(byId(await ourList(west))).toEqual(byId(theirs.body!.mysfits));
    expect(typeof likesIn(theirs.body?.mysfits, EVANGELINE)).toBe('string');
    for (const [filter, value] of [
      ['GoodEvil', 'Evil'],
      ['LawChaos', 'Lawful'],
    ] as const) {
      const queried = await workshop(west, 'query', filter, value);
      expect(queried.status).toBe(200);
      expect(byId(await ourList(west, `?filter=${filter}&value=${value}`))).toEqual(
        byId(queried.body!.mysfits),
      );
    }
  });

  it("counts a like made through the workshop's code, in both regions once replicated", async () => {
    const before = Number(likesIn(await ourList(west), EVANGELINE));
    expect(await workshop(west, 'like', EVANGELINE)).toEqual({
      status: 200,
      body: { Update: 'Success' },
    });
    expect(likesIn(await ourList(west), EVANGELINE)).toBe(String(before + 1));
    await waitFor('the like to reach us-east-1', async () =>
      likesIn(await ourList(east), EVANGELINE) === String(before + 1) ? true : undefined,
    );
  });

  it("keeps both of two likes made in two regions within the replication lag, where the workshop's count keeps one", async () => {
    const before = Number(likesIn(await ourList(west), COCO));
    const paused = await Promise.all(
      [
        { from: west, to: east },
        { from: east, to: west },
      ].map((pair) => lab.api('POST', '/_lab/faults', { kind: 'replication-pause', ...pair })),
    );
    try {
      await ourLike(west, COCO);
      await ourLike(east, COCO);
    } finally {
      for (const p of paused) await lab.api('DELETE', `/_lab/faults/${p.body.fault.id}`);
    }
    // Last writer wins on the mysfit item: both regions converge on one of the two writes.
    await waitFor('the item to converge', async () => {
      const [a, b] = await Promise.all([itemIn(west, COCO), itemIn(east, COCO)]);
      return JSON.stringify(a) === JSON.stringify(b) ? true : undefined;
    });
    expect(likesIn((await workshop(west, 'list')).body?.mysfits, COCO)).toBe(String(before + 1));
    // Our counters are written by one region each: nothing lost, in either region.
    for (const region of REGIONS) {
      await waitFor(`both likes in ${region}`, async () =>
        likesIn(await ourList(region), COCO) === String(before + 2) ? true : undefined,
      );
    }
  });

  it("answers 500 (KeyError: 'Name') in the workshop's listing while a replication canary lives", async () => {
    const id = canaryId('contract', west, east, 1);
    const ddb = lab.client(west);
    await ddb.send(
      new PutItemCommand({
        TableName: LAB_TABLE_NAME,
        Item: { MysfitId: { S: id }, CanaryWrittenAt: { N: String(Date.now()) } },
      }),
    );
    try {
      expect(await workshop(west, 'list')).toEqual({ status: 500, error: "KeyError: 'Name'" });
      // Queries use the GSIs, which a canary (no GoodEvil/LawChaos) is never in.
      expect((await workshop(west, 'query', 'GoodEvil', 'Evil')).status).toBe(200);
      expect(await ourList(west)).toHaveLength(12);
    } finally {
      await ddb.send(
        new DeleteItemCommand({ TableName: LAB_TABLE_NAME, Key: { MysfitId: { S: id } } }),
      );
    }
    expect((await workshop(west, 'list')).status).toBe(200);
  });
});
