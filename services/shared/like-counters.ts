/**
 * Likes without lost updates on a global table: each region counts the likes it serves in an
 * item of its own, `MysfitId = "__likes#<mysfitId>#<region>"` (attribute `Likes`), which only
 * that region's Like service writes. The global table replicates whole items, last writer
 * wins; with one writer per item there is nothing to lose. A mysfit's total is its item's own
 * `Likes` (the seed, never written by the services) plus every configured region's counter.
 * Counter items are internal (`__`) and carry no GSI attributes, so no listing shows them.
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

/** The `Likes` number of an item (a mysfit's base or a counter); 0 when absent or malformed. */
export function likesOf(item: TableItem | undefined): number {
  const raw = item?.[TABLE_ATTRIBUTE.likes]?.N;
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) ? value : 0;
}

/**
 * Sums the counters of `regions` found among `items` (e.g. a full Scan), by mysfit id.
 * Counters of regions not configured are ignored, as getLikeCounters does.
 */
export function sumLikeCounters(
  items: readonly TableItem[],
  regions: readonly string[],
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) {
    const id = item[TABLE_ATTRIBUTE.mysfitId]?.S;
    const counter = id === undefined ? undefined : parseLikeCounterId(id);
    if (counter === undefined || !regions.includes(counter.region)) continue;
    sums.set(counter.mysfitId, (sums.get(counter.mysfitId) ?? 0) + likesOf(item));
  }
  return sums;
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
 * The like counters of `mysfitIds` in `regions` (BatchGetItem); resolves to each mysfit's
 * sum, 0 when it has no counter yet.
 */
export async function getLikeCounters(
  client: DynamoDBClient,
  tableName: string,
  mysfitIds: readonly string[],
  regions: readonly string[],
): Promise<Map<string, number>> {
  const ids = mysfitIds.flatMap((id) => regions.map((region) => likeCounterId(id, region)));
  const items = await batchGetItems(client, tableName, ids);
  const sums = sumLikeCounters([...items.values()], regions);
  return new Map(mysfitIds.map((id) => [id, sums.get(id) ?? 0]));
}
