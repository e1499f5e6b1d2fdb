/**
 * Builds a new replica: the same table (keys, attributes, indexes, billing) in the target
 * region with a NEW_AND_OLD_IMAGES stream, then a copy of every existing item (backfill),
 * as DynamoDB does when `UpdateTable` adds a replica.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ScanCommand,
  type TableDescription,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

/** The CreateTable request that recreates `source` as a replica. */
export function replicaCreateInput(source: TableDescription): CreateTableCommandInput {
  const billingMode = source.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  const provisioned = billingMode === 'PROVISIONED';
  const throughput = (
    t: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined,
  ) =>
    provisioned
      ? {
          ReadCapacityUnits: Math.max(1, t?.ReadCapacityUnits ?? 1),
          WriteCapacityUnits: Math.max(1, t?.WriteCapacityUnits ?? 1),
        }
      : undefined;
  return {
    TableName: source.TableName,
    AttributeDefinitions: source.AttributeDefinitions,
    KeySchema: source.KeySchema,
    BillingMode: billingMode,
    ProvisionedThroughput: throughput(source.ProvisionedThroughput),
    GlobalSecondaryIndexes: source.GlobalSecondaryIndexes?.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      ProvisionedThroughput: throughput(index.ProvisionedThroughput),
    })),
    LocalSecondaryIndexes: source.LocalSecondaryIndexes?.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

/** Creates the replica table in the target region. */
export async function createReplicaTable(
  target: DynamoDBClient,
  source: TableDescription,
): Promise<void> {
  await target.send(new CreateTableCommand(replicaCreateInput(source)));
}

async function writeBatch(
  target: DynamoDBClient,
  table: string,
  requests: WriteRequest[],
): Promise<void> {
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 20)
      throw new Error(`backfill of ${table} could not write ${pending.length} items`);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    const result = await target.send(
      new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
    );
    pending = result.UnprocessedItems?.[table] ?? [];
  }
}

/** Copies every item of `table` from source to target; returns how many. */
export async function backfillReplica(
  source: DynamoDBClient,
  target: DynamoDBClient,
  table: string,
): Promise<number> {
  let copied = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await source.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      const requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      await writeBatch(target, table, requests);
    }
    copied += items.length;
    start = page.LastEvaluatedKey;
  } while (start);
  return copied;
}

/** The table's description in the client's region (throws the SDK's error). */
export async function describeTable(
  client: DynamoDBClient,
  table: string,
): Promise<TableDescription> {
  return (await client.send(new DescribeTableCommand({ TableName: table }))).Table!;
}

/** True when the table exists in the client's region. */
export async function tableExists(client: DynamoDBClient, table: string): Promise<boolean> {
  try {
    await describeTable(client, table);
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}
