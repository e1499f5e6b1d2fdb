/**
 * Reads of the Mysfits service: Scan (all pages), Query on a GSI (all pages), GetItem.
 * Internal `__` records are dropped here, so no caller can leak them; every DynamoDB
 * failure surfaces as DynamoDbError (→ 503).
 */
import {
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { callDynamoDb } from '../shared/dynamodb-client.js';
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

function publicSorted(items: TableItem[]): Mysfit[] {
  return items.filter(isPublicItem).map(toMysfit).sort(compareMysfits);
}

/** A MysfitsStore over `tableName` through `client`. */
export function createMysfitsStore(client: DynamoDBClient, tableName: string): MysfitsStore {
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
      return publicSorted(items);
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
      return publicSorted(items);
    },

    async get(id) {
      if (isInternalMysfitId(id)) return undefined;
      const result = await callDynamoDb('GetItem', () =>
        client.send(new GetItemCommand({ TableName: tableName, Key: { MysfitId: { S: id } } })),
      );
      return result.Item !== undefined && isPublicItem(result.Item)
        ? toMysfit(result.Item)
        : undefined;
    },
  };
}
