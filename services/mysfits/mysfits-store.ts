/**
 * Reads of the Mysfits service: Scan (all pages), Query on a GSI (all pages), one mysfit by
 * id. Every mysfit's `likes` is its seed plus the like counters of `regions`
 * (shared/like-counters.ts): summed from the Scan itself, else read with BatchGetItem.
 * Internal `__` records are dropped here, so no caller can leak them; every DynamoDB
 * failure surfaces as DynamoDbError (→ 503).
 */
import { QueryCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callDynamoDb } from '../shared/dynamodb-client.js';
import {
  batchGetItems,
  getLikeCounters,
  likeCounterId,
  sumLikeCounters,
} from '../shared/like-counters.js';
import {
  compareMysfits,
  isInternalMysfitId,
  isPublicItem,
  toMysfit,
  type Mysfit,
  type TableItem,
} from '../shared/mysfit-item.js';

/** The attributes the API can filter on; each has a GSI named `<filter>Index`. */
export const MYSFIT_FILTERS = ['GoodEvil', 'LawChaos'] as const;

/** One of MYSFIT_FILTERS. */
export type MysfitFilter = (typeof MYSFIT_FILTERS)[number];

/** True when `name` is a supported filter attribute (exact spelling). */
export function isMysfitFilter(name: string): name is MysfitFilter {
  return (MYSFIT_FILTERS as readonly string[]).includes(name);
}

/** Read access to the mysfits table. */
export interface MysfitsStore {
  /** Every public mysfit, sorted by name. */
  list(): Promise<Mysfit[]>;
  /** Public mysfits whose `filter` attribute equals `value`, sorted by name. */
  query(filter: MysfitFilter, value: string): Promise<Mysfit[]>;
  /** One public mysfit, or undefined when absent or internal. */
  get(id: string): Promise<Mysfit | undefined>;
}

function publicSorted(items: TableItem[], counted: ReadonlyMap<string, number>): Mysfit[] {
  return items
    .filter(isPublicItem)
    .map((item) => toMysfit(item, counted.get(item.MysfitId?.S ?? '') ?? 0))
    .sort(compareMysfits);
}

/**
 * A MysfitsStore over `tableName` through `client`; `regions` are the regions whose like
 * counters make up the totals (MYSFITS_REGIONS).
 */
export function createMysfitsStore(
  client: DynamoDBClient,
  tableName: string,
  regions: readonly string[],
): MysfitsStore {
  return {
    async list() {
      const items: TableItem[] = [];
      let startKey: TableItem | undefined;
      do {
        const page = await callDynamoDb('Scan', () =>
          client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey })),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      // The counters are internal items of the same table: the Scan has them all.
      return publicSorted(items, sumLikeCounters(items, regions));
    },

    async query(filter, value) {
      const items: TableItem[] = [];
      let startKey: TableItem | undefined;
      do {
        const command = new QueryCommand({
          TableName: tableName,
          IndexName: `${filter}Index`,
          KeyConditionExpression: '#attr = :value',
          ExpressionAttributeNames: { '#attr': filter },
          ExpressionAttributeValues: { ':value': { S: value } },
          ExclusiveStartKey: startKey,
        });
        const page = await callDynamoDb('Query', () => client.send(command));
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      // Counter items carry no GSI attributes: read them by key.
      const ids = items.filter(isPublicItem).map((item) => item.MysfitId?.S ?? '');
      return publicSorted(items, await getLikeCounters(client, tableName, ids, regions));
    },

    async get(id) {
      if (isInternalMysfitId(id)) return undefined;
      // One call: the mysfit and its counters.
      const counterIds = regions.map((region) => likeCounterId(id, region));
      const found = await batchGetItems(client, tableName, [id, ...counterIds]);
      const item = found.get(id);
      if (item === undefined || !isPublicItem(item)) return undefined;
      return toMysfit(item, sumLikeCounters([...found.values()], regions).get(id) ?? 0);
    },
  };
}
