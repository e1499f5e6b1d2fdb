/**
 * Likes without lost updates, in a table the workshop never reads. The app's table keeps the
 * workshop's contract: a mysfit's `Likes` (N) is its count, and both the workshop's Like
 * service and ours raise it (`SET Likes = Likes + :n`), so either service's `GET /mysfits`
 * counts a like made through the other. On a global table that attribute can lose a like:
 * DynamoDB resolves concurrent writes to one item by last writer wins, so two regions
 * raising it within the replication lag keep one of the two raises.
 *
 * So each region also counts the likes it serves in a counter of its own, in the likes table
 * (LIKES_TABLE_NAME, a global table too): `MysfitId = "__likes#<mysfitId>#<region>"`, attribute
 * `Likes`, written only by that region's Like service, so no write of it is ever overwritten.
 * Our like also stamps the mysfit item, in the same atomic update, with how many of the
 * region's likes it now includes (`CountedLikes_<region>`, ADD). Last writer wins keeps whole
 * items, so the surviving version's `Likes` and stamps always agree; a mysfit's likes are
 *
 *   item.Likes + Σ over regions r of max(0, counter_r − item.CountedLikes_r)
 *
 * that is the workshop's own count plus our likes that a lost write took out of it. Nothing
 * was lost (the usual case): the stamps equal the counters and the answer is the workshop's.
 */
import { BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callDynamoDb, DynamoDbError } from './dynamodb-client.js';
import { TABLE_ATTRIBUTE, type TableItem } from './mysfit-item.js';

/** Prefix of every counter item's id. */
export const LIKE_COUNTER_PREFIX = '__likes#';

/** Id of the counter item of `mysfitId`'s likes served in `region`. */
export function likeCounterId(mysfitId: string, region: string): string {
  return `${LIKE_COUNTER_PREFIX}${mysfitId}#${region}`;
}

/** The mysfit and region a counter id stands for; undefined for any other id. */
export function parseLikeCounterId(id: string): { mysfitId: string; region: string } | undefined {
  if (!id.startsWith(LIKE_COUNTER_PREFIX)) return undefined;
  const rest = id.slice(LIKE_COUNTER_PREFIX.length);
  const cut = rest.lastIndexOf('#'); // region names have no '#'; mysfit ids might
  if (cut <= 0 || cut === rest.length - 1) return undefined;
  return { mysfitId: rest.slice(0, cut), region: rest.slice(cut + 1) };
}

/** Attribute of a mysfit item: how many of `region`'s counted likes its `Likes` includes. */
export function countedLikesAttribute(region: string): string {
  return `CountedLikes_${region}`;
}

function numberOf(item: TableItem | undefined, attribute: string): number {
  const raw = item?.[attribute]?.N;
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) ? value : 0;
}

/** The `Likes` number of an item (a mysfit or a counter); 0 when absent or malformed. */
export function likesOf(item: TableItem | undefined): number {
  return numberOf(item, TABLE_ATTRIBUTE.likes);
}

/** Per region, the likes it counted for one mysfit. */
export type RegionCounters = ReadonlyMap<string, number>;

/**
 * A mysfit's likes: its item's `Likes` plus, for each of `regions`, the counted likes its
 * `CountedLikes_<region>` stamp says the item is missing (never less than 0).
 */
export function totalLikes(
  item: TableItem,
  counters: RegionCounters | undefined,
  regions: readonly string[],
): number {
  let total = likesOf(item);
  for (const region of regions) {
    const counted = counters?.get(region) ?? 0;
    total += Math.max(0, counted - numberOf(item, countedLikesAttribute(region)));
  }
  return total;
}

/**
 * The counters of `regions` found among `items` (e.g. a Scan of the likes table), by mysfit
 * id then region. Counters of regions not configured are ignored.
 */
export function countersByMysfit(
  items: readonly TableItem[],
  regions: readonly string[],
): Map<string, Map<string, number>> {
  const byMysfit = new Map<string, Map<string, number>>();
  for (const item of items) {
    const id = item[TABLE_ATTRIBUTE.mysfitId]?.S;
    const counter = id === undefined ? undefined : parseLikeCounterId(id);
    if (counter === undefined || !regions.includes(counter.region)) continue;
    const counters = byMysfit.get(counter.mysfitId) ?? new Map<string, number>();
    counters.set(counter.region, likesOf(item));
    byMysfit.set(counter.mysfitId, counters);
  }
  return byMysfit;
}

/** BatchGetItem takes at most 100 keys per call. */
export const BATCH_GET_MAX_KEYS = 100;
const UNPROCESSED_ATTEMPTS = 5;

/**
 * Reads the items of `ids` (any number, in calls of up to 100 keys, unprocessed keys retried
 * with a short backoff); resolves to the items found by id. Throws DynamoDbError('BatchGetItem').
 */
export async function batchGetItems(
  client: DynamoDBClient,
  tableName: string,
  ids: readonly string[],
  options: { consistentRead?: boolean } = {},
): Promise<Map<string, TableItem>> {
  const found = new Map<string, TableItem>();
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX_KEYS) {
    chunks.push(unique.slice(i, i + BATCH_GET_MAX_KEYS));
  }
  await Promise.all(
    chunks.map(async (chunk) => {
      let keys: TableItem[] = chunk.map((id) => ({ [TABLE_ATTRIBUTE.mysfitId]: { S: id } }));
      for (let attempt = 1; keys.length > 0; attempt++) {
        if (attempt > UNPROCESSED_ATTEMPTS) {
          throw new DynamoDbError(
            'BatchGetItem',
            new Error(`${keys.length} keys still unprocessed after ${UNPROCESSED_ATTEMPTS} calls`),
          );
        }
        if (attempt > 1) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const request = {
          [tableName]: { Keys: keys, ConsistentRead: options.consistentRead ?? false },
        };
        const out = await callDynamoDb('BatchGetItem', () =>
          client.send(new BatchGetItemCommand({ RequestItems: request })),
        );
        for (const item of out.Responses?.[tableName] ?? []) {
          const id = item[TABLE_ATTRIBUTE.mysfitId]?.S;
          if (id !== undefined) found.set(id, item);
        }
        keys = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }),
  );
  return found;
}

/**
 * The like counters of `mysfitIds` in `regions`, read from `likesTable` (BatchGetItem), by
 * mysfit id then region; a mysfit without counters is absent.
 */
export async function getLikeCounters(
  client: DynamoDBClient,
  likesTable: string,
  mysfitIds: readonly string[],
  regions: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const ids = mysfitIds.flatMap((id) => regions.map((region) => likeCounterId(id, region)));
  if (ids.length === 0) return new Map();
  const items = await batchGetItems(client, likesTable, ids);
  return countersByMysfit([...items.values()], regions);
}
