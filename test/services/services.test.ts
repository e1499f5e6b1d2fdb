/**
 * The Mysfits and Like services over real HTTP, as real processes (dist/), against a real
 * DynamoDB (Amazon DynamoDB Local, in memory). Needs `npx tsc -p tsconfig.json` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  createTable,
  putItems,
  seedItems,
  LIKES_TABLE,
  serviceEnv,
  startService,
  startWorkshopTable,
  stopAll,
  TABLE,
  type Item,
  type ServiceProcess,
} from './harness.js';

const EVANGELINE = '4e53920c-505a-4a90-a694-b9300791f0ae';
const seeds = seedItems();
// Internal records as the operator tool will write them; they carry GSI keys on purpose.
const internal: Item[] = [
  {
    MysfitId: { S: '__canary' },
    Name: { S: 'Aaa' },
    GoodEvil: { S: 'Evil' },
    LawChaos: { S: 'Lawful' },
  },
  { MysfitId: { S: '__routing' }, Mode: { S: 'active' } },
];

let db: { endpoint: string; client: DynamoDBClient };
let core: ServiceProcess;
let like: ServiceProcess;
let env: Record<string, string>;

const get = (svc: ServiceProcess, path: string, headers: Record<string, string> = {}) =>
  fetch(`${svc.url}${path}`, { headers });
const likeOnce = (svc: ServiceProcess, id: string, headers: Record<string, string> = {}) =>
  fetch(`${svc.url}/mysfits/${encodeURIComponent(id)}/like`, { method: 'POST', headers, body: '' });
const names = (items: Item[]) => items.map((i) => i.Name?.S ?? '').sort();
/** The likes `GET /mysfits/{id}` answers, a decimal string as the workshop's, as a number. */
const likesOf = async (id: string) => {
  const { likes } = (await (await get(core, `/mysfits/${id}`)).json()) as { likes: string };
  expect(likes).toMatch(/^\d+$/);
  return Number(likes);
};
/** The table's item `id` (consistent read), or undefined. */
const itemOf = async (id: string, table = TABLE) =>
  (
    await db.client.send(
      new GetItemCommand({ TableName: table, Key: { MysfitId: { S: id } }, ConsistentRead: true }),
    )
  ).Item;
/** The `Likes` of `table`'s item `id`, undefined when the item does not exist. */
const storedLikes = async (id: string, table = TABLE) => {
  const item = await itemOf(id, table);
  return item === undefined ? undefined : Number(item.Likes?.N);
};
interface LikeAnswer {
  Update: string;
  mysfitId: string;
  likes: string;
  region: string;
  regionLikes: number;
}

beforeAll(async () => {
  db = await startWorkshopTable([...seeds, ...internal]);
  env = serviceEnv(db.endpoint);
  [core, like] = await Promise.all([startService('mysfits', env), startService('like', env)]);
});

afterAll(stopAll);

describe('mysfits service', () => {
  it('serves the region page on / with region and service headers', async () => {
    const res = await get(core, '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-mysfits-region')).toBe('us-west-2');
    expect(res.headers.get('x-mysfits-service')).toBe('mysfits');
    expect(await res.text()).toContain('Current region: us-west-2');
    expect((await fetch(`${core.url}/`, { method: 'HEAD' })).status).toBe(200);
  });

  it('lists all 12 seed mysfits sorted by name, mapped to API names, internal ones excluded', async () => {
    const res = await get(core, '/mysfits');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mysfits: { mysfitId: string; name: string }[] };
    expect(body.mysfits.map((m) => m.name)).toEqual(names(seeds));
    expect(body.mysfits.some((m) => m.mysfitId.startsWith('__'))).toBe(false);
    const raw = seeds.find((i) => i.MysfitId?.S === EVANGELINE) as Item;
    expect(body.mysfits.find((m) => m.mysfitId === EVANGELINE)).toEqual({
      mysfitId: EVANGELINE,
      name: 'Evangeline',
      species: 'Chimera',
      description: raw.Description?.S,
      age: 43,
      goodevil: 'Evil',
      lawchaos: 'Lawful',
      thumbImageUri: 'https://www.mythicalmysfits.com/images/chimera_thumb.png',
      profileImageUri: 'https://www.mythicalmysfits.com/images/chimera_hover.png',
      likes: '0', // a string, as the workshop's service answers it
      adopted: false,
    });
  });

  it.each([
    ['GoodEvil', 'Evil'],
    ['GoodEvil', 'Good'],
    ['LawChaos', 'Lawful'],
    ['LawChaos', 'Chaotic'],
  ])('filters on the %sIndex GSI (value %s), without internal items', async (filter, value) => {
    const res = await get(core, `/mysfits?filter=${filter}&value=${value}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mysfits: { name: string; mysfitId: string }[] };
    const expected = names(seeds.filter((i) => i[filter]?.S === value));
    expect(expected.length).toBeGreaterThan(0);
    expect(body.mysfits.map((m) => m.name)).toEqual(expected);
  });

  it('answers an empty list for a value nobody has', async () => {
    const res = await get(core, '/mysfits?filter=GoodEvil&value=Ambivalent');
    expect(await res.json()).toEqual({ mysfits: [] });
  });

  it.each([
    ['/mysfits?filter=Species&value=Chimera', /unknown filter "Species"/],
    ['/mysfits?filter=goodevil&value=Good', /unknown filter "goodevil"/],
    ['/mysfits?filter=GoodEvil', /needs a non-empty value/],
    ['/mysfits?filter=LawChaos&value=', /needs a non-empty value/],
    ['/mysfits?value=Good', /without filter/],
  ])('rejects %s with 400 and a JSON error', async (path, message) => {
    const res = await get(core, path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; region: string };
    expect(body.error).toMatch(message);
    expect(body.region).toBe('us-west-2');
  });

  it('returns one mysfit by id, 404 for unknown and internal ids', async () => {
    const res = await get(core, `/mysfits/${EVANGELINE}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mysfitId: EVANGELINE, name: 'Evangeline' });
    for (const id of ['no-such-mysfit', '__canary', '__routing']) {
      const missing = await get(core, `/mysfits/${id}`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({
        error: 'mysfit not found',
        region: 'us-west-2',
      });
    }
  });

  it('answers 404 for unknown paths and 405 (with Allow) for wrong methods', async () => {
    const unknown = await get(core, '/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-mysfits-service')).toBe('mysfits');
    const wrong = await fetch(`${core.url}/mysfits`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('reads every Scan and Query page (table larger than one 1 MB page)', async () => {
    const big = 'MysfitsBig';
    const filler = 'x'.repeat(4000);
    const extra: Item[] = Array.from({ length: 400 }, (_, i) => ({
      MysfitId: { S: `bulk-${String(i).padStart(3, '0')}` },
      Name: { S: `Bulk ${String(i).padStart(3, '0')}` },
      Description: { S: filler },
      GoodEvil: { S: i % 2 === 0 ? 'Good' : 'Evil' },
      LawChaos: { S: 'Neutral' },
    }));
    await createTable(db.client, big, [...seeds, ...extra, ...internal]);
    const firstPage = await db.client.send(new ScanCommand({ TableName: big }));
    expect(firstPage.LastEvaluatedKey).toBeDefined(); // the data really spans several pages
    const svc = await startService('mysfits', { ...env, DDB_TABLE_NAME: big });
    const all = (await (await get(svc, '/mysfits')).json()) as { mysfits: unknown[] };
    expect(all.mysfits).toHaveLength(412);
    const good = await get(svc, '/mysfits?filter=GoodEvil&value=Good');
    const expected = 200 + seeds.filter((i) => i.GoodEvil?.S === 'Good').length;
    expect(((await good.json()) as { mysfits: unknown[] }).mysfits).toHaveLength(expected);
  });
});

describe('like service', () => {
  it('answers a health message on / with region, without DynamoDB', async () => {
    const res = await get(like, '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mysfits-service')).toBe('like');
    expect(res.headers.get('x-mysfits-region')).toBe('us-west-2');
    expect(await res.json()).toMatchObject({ healthy: true, region: 'us-west-2', service: 'like' });
  });

  it('counts N concurrent likes exactly (+N), each answering Update Success with the new total', async () => {
    const before = await likesOf(EVANGELINE);
    const n = 25;
    const responses = await Promise.all(
      Array.from({ length: n }, () => likeOnce(like, EVANGELINE)),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as LikeAnswer[];
    expect(responses.map((r) => r.status)).toEqual(Array(n).fill(200));
    expect(bodies[0]).toMatchObject({ Update: 'Success', region: 'us-west-2' });
    // Atomic counter: every answer carries a different sequence number in (mysfit, region).
    const sequence = bodies.map((b) => b.regionLikes).sort((a, b) => a - b);
    expect(sequence).toEqual(Array.from({ length: n }, (_, i) => sequence[0]! + i));
    // Each answer's total is read while the others are in flight: between the two ends.
    for (const b of bodies) {
      expect(Number(b.likes)).toBeGreaterThanOrEqual(before + 1);
      expect(Number(b.likes)).toBeLessThanOrEqual(before + n);
    }
    // The workshop's own count, the item's Likes, took every one of them.
    expect(await storedLikes(EVANGELINE)).toBe(before + n);
    expect(await likesOf(EVANGELINE)).toBe(before + n);
  });

  it("raises the mysfit's Likes as the workshop does and counts in this region's counter in the likes table; regionLikes numbers the likes 1, 2, 3…", async () => {
    const id = '3f0f196c-4a7b-43af-9e29-6522a715342d'; // Gary, liked nowhere else
    const counter = `__likes#${id}#us-west-2`;
    expect(await itemOf(counter, LIKES_TABLE)).toBeUndefined();
    const answers: LikeAnswer[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await likeOnce(like, id);
      expect(res.status).toBe(200);
      answers.push((await res.json()) as LikeAnswer);
    }
    expect(answers.map((a) => a.regionLikes)).toEqual([1, 2, 3, 4, 5]);
    expect(answers.map((a) => a.likes)).toEqual(['1', '2', '3', '4', '5']); // seed 0
    expect(answers[4]).toEqual({
      Update: 'Success',
      mysfitId: id,
      likes: '5',
      region: 'us-west-2',
      regionLikes: 5,
    });
    // The counter lives in the likes table, never in the app's table.
    expect(await itemOf(counter, LIKES_TABLE)).toEqual({
      MysfitId: { S: counter },
      Likes: { N: '5' },
    });
    expect(await itemOf(counter)).toBeUndefined();
    // The mysfit's own Likes went up as the workshop's like raises it, stamped with how many
    // of this region's counted likes it includes.
    const mysfit = await itemOf(id);
    expect(mysfit?.Likes).toEqual({ N: '5' });
    expect(mysfit?.['CountedLikes_us-west-2']).toEqual({ N: '5' });
    expect(await itemOf(`__likes#${id}#us-east-1`, LIKES_TABLE)).toBeUndefined();
    expect(await likesOf(id)).toBe(5);
  });

  it('accepts an ApacheBench-style empty text/plain body', async () => {
    const res = await likeOnce(like, EVANGELINE, { 'content-type': 'text/plain' });
    expect(res.status).toBe(200);
  });

  it('answers 404 for unknown and internal ids and creates nothing', async () => {
    const counterOfEvangeline = `__likes#${EVANGELINE}#us-west-2`;
    const before = await storedLikes(counterOfEvangeline, LIKES_TABLE);
    for (const id of ['no-such-mysfit', '__canary', '__routing', counterOfEvangeline]) {
      const res = await likeOnce(like, id);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'mysfit not found', region: 'us-west-2' });
    }
    const scan = await db.client.send(new ScanCommand({ TableName: TABLE }));
    const ids = (scan.Items ?? []).map((i) => i.MysfitId?.S ?? '');
    expect(ids.filter((id) => id.includes('no-such-mysfit') || id.startsWith('__likes#'))).toEqual(
      [],
    );
    expect(scan.Items?.find((i) => i.MysfitId?.S === '__canary')?.Likes).toBeUndefined();
    const counters = await db.client.send(new ScanCommand({ TableName: LIKES_TABLE }));
    const counterIds = (counters.Items ?? []).map((i) => i.MysfitId?.S ?? '');
    expect(counterIds.filter((id) => id.includes('no-such-mysfit') || id.includes('#__'))).toEqual(
      [],
    );
    expect(await storedLikes(counterOfEvangeline, LIKES_TABLE)).toBe(before);
  });

  it('rejects an oversized body with 413', async () => {
    const res = await fetch(`${like.url}/mysfits/${EVANGELINE}/like`, {
      method: 'POST',
      body: 'x'.repeat(70 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('CHAOSMODE=on with a seed: ~30% 500, ~30% 404, rest counted, same sequence per seed', async () => {
    const chaosEnv = { ...env, CHAOSMODE: 'on', CHAOS_SEED: 'game-day-42' };
    const chaos = await startService('like', chaosEnv);
    const id = '2b473002-36f8-4b87-954e-9a377e0ccbec'; // Pauly
    const before = await likesOf(id);
    const counterBefore = (await storedLikes(`__likes#${id}#us-west-2`, LIKES_TABLE)) ?? 0;
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const res = await likeOnce(chaos, id);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    const count = (s: number) => statuses.filter((x) => x === s).length;
    // Binomial(300, 0.3): sd ≈ 7.9, so 90 ± 30 is ±3.8 sd; the pass share (0.4, sd ≈ 8.5)
    // gets 120 ± 30. Any seed lands inside with probability > 99.9%; this one is fixed.
    expect(count(500)).toBeGreaterThanOrEqual(60);
    expect(count(500)).toBeLessThanOrEqual(120);
    expect(count(404)).toBeGreaterThanOrEqual(60);
    expect(count(404)).toBeLessThanOrEqual(120);
    expect(count(200)).toBeGreaterThanOrEqual(90);
    expect(count(200)).toBeLessThanOrEqual(150);
    expect(count(200) + count(404) + count(500)).toBe(300);
    // Injected failures never touch the table: the counter moved by the 200s only.
    expect(await likesOf(id)).toBe(before + count(200));
    expect(await storedLikes(`__likes#${id}#us-west-2`, LIKES_TABLE)).toBe(
      counterBefore + count(200),
    );
    // Same seed, same request order → same answers.
    const again = await startService('like', chaosEnv);
    const replay: number[] = [];
    for (let i = 0; i < 40; i++) replay.push((await likeOnce(again, id)).status);
    expect(replay).toEqual(statuses.slice(0, 40));
  });
});

describe('likes counted per region', () => {
  const COCO = '0e37d916-f960-4772-a25a-01b762b5c1bd'; // Good, Chaotic
  const counter = (region: string, likes: number): Item => ({
    MysfitId: { S: `__likes#${COCO}#${region}` },
    Likes: { N: String(likes) },
  });

  beforeAll(async () => {
    // CoCo's item says 7 and includes none of our counted likes (no CountedLikes_* stamps:
    // e.g. the writes that carried them were lost to a concurrent write in the other region);
    // us-east-1's counter arrived by replication; eu-west-1 is not one of MYSFITS_REGIONS
    // (default us-west-2,us-east-1), so its counter does not count.
    const coco = seeds.find((i) => i.MysfitId?.S === COCO)!;
    await putItems(db.client, TABLE, [{ ...coco, Likes: { N: '7' } }]);
    await putItems(db.client, LIKES_TABLE, [
      counter('us-west-2', 3),
      counter('us-east-1', 5),
      counter('eu-west-1', 100),
    ]);
  });

  const cocoIn = async (path: string) => {
    const res = await get(core, path);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mysfits: { mysfitId: string; likes: string }[] };
    return body.mysfits.find((m) => m.mysfitId === COCO)?.likes;
  };

  it("shows the item's Likes plus the counted likes it is missing in the list, both filters and by id", async () => {
    expect(await cocoIn('/mysfits')).toBe('15');
    expect(await cocoIn('/mysfits?filter=GoodEvil&value=Good')).toBe('15');
    expect(await cocoIn('/mysfits?filter=LawChaos&value=Chaotic')).toBe('15');
    expect(await likesOf(COCO)).toBe(15);
    // The counters are internal: no listing shows them.
    const all = (await (await get(core, '/mysfits')).json()) as { mysfits: { name: string }[] };
    expect(all.mysfits.map((m) => m.name)).toEqual(names(seeds));
    expect(
      (await get(core, `/mysfits/${encodeURIComponent(`__likes#${COCO}#us-west-2`)}`)).status,
    ).toBe(404);
  });

  it("answers a like with the total as read here and this region's counter", async () => {
    const res = await likeOnce(like, COCO);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      Update: 'Success',
      mysfitId: COCO,
      likes: '16',
      region: 'us-west-2',
      regionLikes: 4,
    });
    // 8 on the item (the workshop's count) + (4 − 1) + (5 − 0) counted likes it misses.
    expect(await storedLikes(COCO)).toBe(8);
    expect((await itemOf(COCO))?.['CountedLikes_us-west-2']).toEqual({ N: '1' });
    expect(await storedLikes(`__likes#${COCO}#us-east-1`, LIKES_TABLE)).toBe(5);
    expect(await storedLikes(`__likes#${COCO}#us-west-2`, LIKES_TABLE)).toBe(4);
    expect(await likesOf(COCO)).toBe(16);
  });

  it('counts in the region of MYSFITS_REGIONS the task runs in, summing the ones listed', async () => {
    // A task that only knows us-west-2: us-east-1's counter is not part of its totals.
    const alone = await startService('like', { ...env, MYSFITS_REGIONS: 'us-west-2' });
    const res = await likeOnce(alone, COCO);
    expect(await res.json()).toMatchObject({ likes: '12', regionLikes: 5 });
    const reader = await startService('mysfits', {
      ...env,
      MYSFITS_REGIONS: 'us-west-2,eu-west-1',
    });
    expect(
      ((await (await get(reader, `/mysfits/${COCO}`)).json()) as { likes: string }).likes,
    ).toBe(String(9 + (5 - 2) + 100));
  });
});
