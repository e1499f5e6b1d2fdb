/**
 * Reads of the Mysfits service: Scan (all pages), Query on a GSI (all pages), one mysfit by
 * id. Every mysfit's `likes` combines its item's `Likes` with the like counters of `regions`
 * in the likes table (shared/like-counters.ts): a Scan of it for the list, BatchGetItem
 * otherwise. Internal `__` records are dropped here, so no caller can leak them; every
 * DynamoDB failure surfaces as DynamoDbError (→ 503).
 */
import { QueryCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callDynamoDb } from '../shared/dynamodb-client.js';
import {
  batchGetItems,
  countersByMysfit,
  getLikeCounters,
  totalLikes,
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

/** The two tables the Mysfits service reads. */
export interface MysfitsTables {
  /** The app's table (DDB_TABLE_NAME). */
  tableName: string;
  /** The likes table (LIKES_TABLE_NAME). */
  likesTableName: string;
}

async function scanAll(client: DynamoDBClient, tableName: string): Promise<TableItem[]> {
  const items: TableItem[] = [];
  let startKey: TableItem | undefined;
  do {
    const page = await callDynamoDb('Scan', () =>
      client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey })),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/**
 * A MysfitsStore over `tables` through `client`; `regions` are the regions whose like
 * counters make up the totals (MYSFITS_REGIONS).
 */
export function createMysfitsStore(
  client: DynamoDBClient,
  tables: MysfitsTables,
  regions: readonly string[],
): MysfitsStore {
  const { tableName, likesTableName } = tables;
  const publicSorted = (
    items: TableItem[],
    counters: ReadonlyMap<string, ReadonlyMap<string, number>>,
  ): Mysfit[] =>
    items
      .filter(isPublicItem)
      .map((item) =>
        toMysfit(item, totalLikes(item, counters.get(item.MysfitId?.S ?? ''), regions)),
      )
      .sort(compareMysfits);
  return {
    async list() {
      const [items, counters] = await Promise.all([
        scanAll(client, tableName),
        scanAll(client, likesTableName),
      ]);
      return publicSorted(items, countersByMysfit(counters, regions));
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
      const ids = items.filter(isPublicItem).map((item) => item.MysfitId?.S ?? '');
      return publicSorted(items, await getLikeCounters(client, likesTableName, ids, regions));
    },

    async get(id) {
      if (isInternalMysfitId(id)) return undefined;
      // BatchGetItem as for the counters: the task role has no unconditioned GetItem (infra/).
      const [found, counters] = await Promise.all([
        batchGetItems(client, tableName, [id]),
        getLikeCounters(client, likesTableName, [id], regions),
      ]);
      const item = found.get(id);
      if (item === undefined || !isPublicItem(item)) return undefined;
      return toMysfit(item, totalLikes(item, counters.get(id), regions));
    },
  };
}
