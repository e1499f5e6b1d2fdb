/**
 * Where the lab remembers which tables are global tables and their replicas. Kept in
 * DynamoDB Local itself, in a table no client can see: it lives in the database of the
 * lab's internal access key, and DynamoDB Local keeps one database per access key and
 * region. So the record survives a restart of the lab server for as long as DynamoDB Local
 * keeps its data (in memory: until it stops; with a dbPath: across restarts).
 * One record per table name: in the lab a table name belongs to at most one global table.
 */
import {
  CreateTableCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';

/** Replica states the lab uses (a subset of DynamoDB's ReplicaStatus). */
export type ReplicaStatus = 'CREATING' | 'CREATION_FAILED' | 'ACTIVE' | 'DELETING';

/** One replica of a global table. */
export interface ReplicaRecord {
  region: string;
  status: ReplicaStatus;
  /** Why creation failed, when it did. */
  description?: string;
}

/** The witness of a multi-Region strongly consistent table (DynamoDB's WitnessStatus). */
export interface WitnessRecord {
  region: string;
  status: 'CREATING' | 'ACTIVE' | 'DELETING';
}

/** A global table: its name and replicas (the region it started in included). */
export interface GlobalTableRecord {
  tableName: string;
  replicas: ReplicaRecord[];
  /** Epoch ms when it became global. */
  createdAt: number;
  /** `STRONG` for a multi-Region strongly consistent (MRSC) table; absent: last writer wins. */
  consistency?: 'STRONG';
  /** The MRSC table's witness, if it has one. */
  witness?: WitnessRecord;
  /** The region whose DynamoDB Local database holds an MRSC table's items for every replica. */
  storageRegion?: string;
  /** An MRSC table's key attributes (hash, then range), to tell which items a write names. */
  keyAttributes?: string[];
}

const STORE_TABLE = 'MysfitsLabGlobalTables';

/** Reads and writes global-table records. */
export class GlobalTableStore {
  readonly #client: DynamoDBClient;

  /** `client` must sign with the lab's internal access key. */
  constructor(client: DynamoDBClient) {
    this.#client = client;
  }

  /** Creates the store's table if it does not exist yet. */
  async init(): Promise<void> {
    try {
      await this.#client.send(
        new CreateTableCommand({
          TableName: STORE_TABLE,
          AttributeDefinitions: [{ AttributeName: 'TableName', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'TableName', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ResourceInUseException') throw error;
    }
  }

  /** Every stored global table. */
  async load(): Promise<GlobalTableRecord[]> {
    const records: GlobalTableRecord[] = [];
    let start: Record<string, never> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({ TableName: STORE_TABLE, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        if (item.Record?.S) records.push(JSON.parse(item.Record.S) as GlobalTableRecord);
      }
      start = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start);
    return records;
  }

  /** Creates or replaces a record. */
  async save(record: GlobalTableRecord): Promise<void> {
    await this.#client.send(
      new PutItemCommand({
        TableName: STORE_TABLE,
        Item: { TableName: { S: record.tableName }, Record: { S: JSON.stringify(record) } },
      }),
    );
  }

  /** Deletes a record. */
  async remove(tableName: string): Promise<void> {
    await this.#client.send(
      new DeleteItemCommand({ TableName: STORE_TABLE, Key: { TableName: { S: tableName } } }),
    );
  }
}
