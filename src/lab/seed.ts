/**
 * Seeds the lab with the workshop's data, through the lab's own endpoint and the real SDK
 * (so seeding is itself a test of the lab): the Mysfits table as in the workshop's
 * dynamodb-table.json but PAY_PER_REQUEST (as in its stack), the 12 mysfits of its
 * populate-dynamodb.json, then a replica in the secondary region (the workshop's Lab 3);
 * and, when named, the likes table (data/likes-table.json: the per-region like counters of
 * services/shared/like-counters.ts), empty, replicated the same way.
 * Idempotent: an existing table, existing items and an existing replica are left as they are.
 */
import {
  type AttributeValue,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  type TableDescription,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from './credentials.js';
import items from './data/mysfits-items.json' with { type: 'json' };
import likesTableDefinition from './data/likes-table.json' with { type: 'json' };
import tableDefinition from './data/mysfits-table.json' with { type: 'json' };

/** Where to seed. */
export interface SeedOptions {
  primaryRegion: string;
  secondaryRegion: string;
  tableName: string;
  /** The likes table to create too (empty, same replicas); none when absent. */
  likesTableName?: string;
  /** Give up waiting for ACTIVE after this long (default 60 s). */
  timeoutMs?: number;
}

/** What seeding did. */
export interface SeedResult {
  tableName: string;
  /** False when the table already existed. */
  tableCreated: boolean;
  /** Items written (items already present are left untouched). */
  itemsLoaded: number;
  /** False when the replica already existed. */
  replicaCreated: boolean;
  /** False when the likes table already existed or none was asked for. */
  likesTableCreated: boolean;
}

/** A table definition as data/*.json hold them. */
interface TableDefinition {
  AttributeDefinitions: unknown;
  KeySchema: unknown;
  GlobalSecondaryIndexes?: { IndexName: string; KeySchema: unknown; Projection: unknown }[];
}

/** The workshop's 12 mysfits, as DynamoDB items. */
export const WORKSHOP_ITEMS = items as Record<string, AttributeValue>[];

const HASH_KEY = tableDefinition.KeySchema.find((k) => k.KeyType === 'HASH')!.AttributeName;

/** DescribeTable's table, or undefined when there is none (ResourceNotFoundException). */
export async function describeIfAny(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Polls `check` every 100 ms until true; throws naming `what` after `deadline` (epoch ms). */
export async function waitForSeeding(
  what: string,
  deadline: number,
  check: () => Promise<boolean>,
): Promise<void> {
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Seeding the lab timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createTable(
  client: DynamoDBClient,
  tableName: string,
  definition: TableDefinition,
): Promise<boolean> {
  const indexes = definition.GlobalSecondaryIndexes?.map((index) => ({
    IndexName: index.IndexName,
    KeySchema: index.KeySchema as never,
    Projection: index.Projection as never,
  }));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: definition.AttributeDefinitions as never,
        KeySchema: definition.KeySchema as never,
        ...(indexes ? { GlobalSecondaryIndexes: indexes } : {}),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceInUseException') return false; // created meanwhile
    throw error;
  }
}

async function loadItems(client: DynamoDBClient, tableName: string): Promise<number> {
  let loaded = 0;
  for (const item of WORKSHOP_ITEMS) {
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#k)',
          ExpressionAttributeNames: { '#k': HASH_KEY },
        }),
      );
      loaded += 1;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return loaded;
}

/** Creates `tableName` (when absent), fills it, and adds the replica in `secondaryRegion`. */
async function seedGlobalTable(
  client: DynamoDBClient,
  tableName: string,
  definition: TableDefinition,
  fill: () => Promise<number>,
  regions: { primaryRegion: string; secondaryRegion: string },
  deadline: number,
): Promise<Omit<SeedResult, 'likesTableCreated'>> {
  const { primaryRegion, secondaryRegion } = regions;
  const tableCreated = (await describeIfAny(client, tableName))
    ? false
    : await createTable(client, tableName, definition);
  await waitForSeeding(`${tableName} to be ACTIVE in ${primaryRegion}`, deadline, async () => {
    const table = await describeIfAny(client, tableName);
    return table?.TableStatus === 'ACTIVE' || table?.TableStatus === 'UPDATING';
  });
  const itemsLoaded = await fill();
  const replica = (await describeIfAny(client, tableName))?.Replicas?.find(
    (r) => r.RegionName === secondaryRegion,
  );
  if (replica?.ReplicaStatus === 'CREATION_FAILED') {
    throw new Error(
      `The replica of ${tableName} in ${secondaryRegion} failed to be created (${replica.ReplicaStatusDescription ?? 'no reason given'}); delete it with UpdateTable ReplicaUpdates Delete and seed again.`,
    );
  }
  if (!replica) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        ReplicaUpdates: [{ Create: { RegionName: secondaryRegion } }],
      }),
    );
  }
  await waitForSeeding(
    `the replica of ${tableName} in ${secondaryRegion} to be ACTIVE`,
    deadline,
    async () => {
      const table = await describeIfAny(client, tableName);
      const status = table?.Replicas?.find((r) => r.RegionName === secondaryRegion)?.ReplicaStatus;
      if (status === 'CREATION_FAILED')
        throw new Error(`The replica of ${tableName} in ${secondaryRegion} failed to be created.`);
      return status === 'ACTIVE' && table?.TableStatus === 'ACTIVE';
    },
  );
  return { tableName, tableCreated, itemsLoaded, replicaCreated: !replica };
}

/** A DynamoDB client of the lab at `labUrl` in `region`, with the lab's dummy keys. */
export function seedingClient(labUrl: string, region: string): DynamoDBClient {
  return new DynamoDBClient({
    region,
    endpoint: labUrl,
    credentials: { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY },
  });
}

/** Creates, fills and replicates the workshop table (and the likes table) in the lab at `labUrl`. */
export async function seedWorkshopData(labUrl: string, options: SeedOptions): Promise<SeedResult> {
  const { tableName, likesTableName } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const client = seedingClient(labUrl, options.primaryRegion);
  try {
    const fill = () => loadItems(client, tableName);
    const app = await seedGlobalTable(client, tableName, tableDefinition, fill, options, deadline);
    if (likesTableName === undefined) return { ...app, likesTableCreated: false };
    const likes = await seedGlobalTable(
      client,
      likesTableName,
      likesTableDefinition,
      async () => 0,
      options,
      deadline,
    );
    return { ...app, likesTableCreated: likes.tableCreated };
  } finally {
    client.destroy();
  }
}
