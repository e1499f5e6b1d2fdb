/**
 * Follows the DynamoDB stream of one table in one region, in DynamoDB Local, and hands
 * back its records in order. Starts at LATEST (pinned when `start()` returns), reads a
 * parent shard to its end before its children, and picks up new shards as they appear.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDbBackend } from '../services/dynamodb/backend.js';

export type { StreamRecord };

interface ShardCursor {
  parent: string | undefined;
  iterator: string | undefined;
  lastSequence: string | undefined;
  done: boolean;
}

const DISCOVER_EVERY_MS = 5_000;

/** Reads one table's stream in one region. */
export class StreamReader {
  readonly table: string;
  readonly region: string;
  readonly #backend: DynamoDbBackend;
  readonly #shards = new Map<string, ShardCursor>();
  #streamArn: string | undefined;
  #lastDiscovery = 0;
  /** The last error polling met (cleared by a good poll). */
  lastError: string | undefined;

  constructor(backend: DynamoDbBackend, table: string, region: string) {
    this.#backend = backend;
    this.table = table;
    this.region = region;
  }

  /** Finds the table's stream and pins every open shard at LATEST. */
  async start(): Promise<void> {
    const described = await this.#backend
      .dynamodb(this.region)
      .send(new DescribeTableCommand({ TableName: this.table }));
    const arn = described.Table?.LatestStreamArn;
    if (!arn || described.Table?.StreamSpecification?.StreamEnabled !== true) {
      throw new Error(`Table ${this.table} in ${this.region} has no enabled stream.`);
    }
    this.#streamArn = arn;
    for (const shard of await this.#describeShards()) {
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      this.#shards.set(shard.ShardId!, {
        parent: shard.ParentShardId,
        iterator: closed ? undefined : await this.#iterator(shard.ShardId!, 'LATEST'),
        lastSequence: undefined,
        done: closed,
      });
    }
    this.#lastDiscovery = Date.now();
  }

  async #describeShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStart: string | undefined;
    do {
      const page = await this.#backend.streams(this.region).send(
        new DescribeStreamCommand({
          StreamArn: this.#streamArn,
          ExclusiveStartShardId: exclusiveStart,
        }),
      );
      shards.push(...(page.StreamDescription?.Shards ?? []));
      exclusiveStart = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart);
    return shards.filter((shard) => shard.ShardId !== undefined);
  }

  async #iterator(
    shardId: string,
    type: 'LATEST' | 'TRIM_HORIZON' | 'AFTER_SEQUENCE_NUMBER',
    sequence?: string,
  ): Promise<string | undefined> {
    const result = await this.#backend.streams(this.region).send(
      new GetShardIteratorCommand({
        StreamArn: this.#streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        SequenceNumber: sequence,
      }),
    );
    return result.ShardIterator;
  }

  async #discover(): Promise<void> {
    for (const shard of await this.#describeShards()) {
      if (this.#shards.has(shard.ShardId!)) continue;
      // A shard that appeared after start: read it from its beginning.
      this.#shards.set(shard.ShardId!, {
        parent: shard.ParentShardId,
        iterator: await this.#iterator(shard.ShardId!, 'TRIM_HORIZON'),
        lastSequence: undefined,
        done: false,
      });
    }
    this.#lastDiscovery = Date.now();
  }

  #readable(cursor: ShardCursor): boolean {
    if (cursor.done || !cursor.iterator) return false;
    const parent = cursor.parent ? this.#shards.get(cursor.parent) : undefined;
    return !parent || parent.done;
  }

  /** Reads every record written since the last poll, oldest first. */
  async poll(): Promise<StreamRecord[]> {
    const records: StreamRecord[] = [];
    let shardClosed = false;
    for (const [shardId, cursor] of this.#shards) {
      while (this.#readable(cursor)) {
        let page;
        try {
          page = await this.#backend
            .streams(this.region)
            .send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: 1000 }));
        } catch (error) {
          const name = (error as Error).name;
          if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException')
            throw error;
          cursor.iterator = cursor.lastSequence
            ? await this.#iterator(shardId, 'AFTER_SEQUENCE_NUMBER', cursor.lastSequence)
            : await this.#iterator(shardId, 'TRIM_HORIZON');
          continue;
        }
        const batch = page.Records ?? [];
        records.push(...batch);
        const last = batch.at(-1)?.dynamodb?.SequenceNumber;
        if (last) cursor.lastSequence = last;
        cursor.iterator = page.NextShardIterator;
        if (!cursor.iterator) {
          cursor.done = true;
          shardClosed = true;
        }
        if (batch.length < 1000) break;
      }
    }
    if (shardClosed || Date.now() - this.#lastDiscovery > DISCOVER_EVERY_MS) {
      await this.#discover();
    }
    this.lastError = undefined;
    return records;
  }
}
