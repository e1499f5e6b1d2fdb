/**
 * DynamoDB adapter: DescribeTable (key schema with types, replicas including the region
 * asked) and single-item PutItem / GetItem (strongly consistent) / DeleteItem, optionally
 * conditional, with SimpleItem values marshalled by hand to and from `{S}` / `{N}` values.
 */
import {
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { classifyAwsError, toDrError } from './errors.js';
import type {
  DynamoDbPort,
  ItemCondition,
  KeyAttribute,
  ReplicaInfo,
  SimpleItem,
  TableInfo,
} from '../core/ports.js';

/** The SDK client this adapter runs over: ports.ts imports both together, on first use. */
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** A SimpleItem as DynamoDB attribute values: strings as `S`, finite numbers as `N`. */
export function marshallItem(item: SimpleItem): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]): [string, AttributeValue] => {
      if (typeof value === 'string') return [name, { S: value }];
      if (typeof value === 'number' && Number.isFinite(value)) return [name, { N: String(value) }];
      throw new TypeError(`attribute ${name}: expected a string or a finite number`);
    }),
  );
}

/** DynamoDB attribute values as a SimpleItem: `S` and `N` kept, other types left out. */
export function unmarshallItem(item: Record<string, AttributeValue>): SimpleItem {
  const out: SimpleItem = {};
  for (const [name, value] of Object.entries(item)) {
    if (value.S !== undefined) out[name] = value.S;
    else if (value.N !== undefined) out[name] = Number(value.N);
  }
  return out;
}

/**
 * The request fields of a condition: ConditionExpression, and the names and values maps
 * only when non-empty (DynamoDB rejects an empty ExpressionAttributeValues).
 */
function conditionFields(condition: ItemCondition): {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
} {
  const names = condition.names ?? {};
  const values = condition.values ?? {};
  return {
    ConditionExpression: condition.expression,
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: { ...names } } : {}),
    ...(Object.keys(values).length > 0
      ? { ExpressionAttributeValues: marshallItem({ ...values }) }
      : {}),
  };
}

/** Runs a conditional write: true when it was applied, false when its condition failed. */
async function applied(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException')
      return false;
    throw error;
  }
}

/** Runs one call; missing or refused credentials become AWS_CREDENTIALS (exit 4) at once. */
async function call<T>(region: string, operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (classifyAwsError(error).kind !== 'credentials') throw error;
    throw toDrError(error, `DynamoDB ${operation} in ${region}`);
  }
}

/**
 * A DynamoDbPort over a DynamoDB client of `region` (the region names the table's own replica).
 * Missing or refused credentials are AWS_CREDENTIALS (exit 4): they are the same in every
 * region, so a caller that tries the next region (the lock) must not read them as an outage.
 */
export function dynamoDbPort(client: DynamoDBClient, region: string): DynamoDbPort {
  return {
    async describeTable(name): Promise<TableInfo> {
      const out = await call(region, 'DescribeTable', () =>
        client.send(new DescribeTableCommand({ TableName: name })),
      );
      const t = out.Table ?? {};
      const types = new Map(
        (t.AttributeDefinitions ?? []).map((d) => [d.AttributeName, d.AttributeType]),
      );
      const key = (t.KeySchema ?? []).map(
        (k): KeyAttribute => ({
          name: k.AttributeName ?? '',
          type: types.get(k.AttributeName) ?? '',
          keyType: k.KeyType === 'RANGE' ? 'RANGE' : 'HASH',
        }),
      );
      const status = t.TableStatus ?? '';
      const replicas = (t.Replicas ?? []).map(
        (r): ReplicaInfo => ({ region: r.RegionName ?? '', status: r.ReplicaStatus ?? '' }),
      );
      // DescribeTable lists the other replicas; the one asked is the table itself.
      if (replicas.length > 0 && !replicas.some((r) => r.region === region))
        replicas.unshift({ region, status });
      return { name: t.TableName ?? name, status, key, replicas };
    },

    async putItem(table, item) {
      await call(region, 'PutItem', () =>
        client.send(new PutItemCommand({ TableName: table, Item: marshallItem(item) })),
      );
    },

    async getItem(table, key) {
      const out = await call(region, 'GetItem', () =>
        client.send(
          new GetItemCommand({ TableName: table, Key: marshallItem(key), ConsistentRead: true }),
        ),
      );
      return out.Item ? unmarshallItem(out.Item) : undefined;
    },

    async deleteItem(table, key) {
      await call(region, 'DeleteItem', () =>
        client.send(new DeleteItemCommand({ TableName: table, Key: marshallItem(key) })),
      );
    },

    async putItemIf(table, item, condition) {
      const input = { TableName: table, Item: marshallItem(item), ...conditionFields(condition) };
      return call(region, 'PutItem', () => applied(client.send(new PutItemCommand(input))));
    },

    async deleteItemIf(table, key, condition) {
      const input = { TableName: table, Key: marshallItem(key), ...conditionFields(condition) };
      return call(region, 'DeleteItem', () => applied(client.send(new DeleteItemCommand(input))));
    },
  };
}
