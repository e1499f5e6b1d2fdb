/**
 * Follows the DynamoDB stream of one table in one region, in DynamoDB Local, and hands
 * back its records in order. Starts at LATEST (pinned when `start()` returns), reads a
 * parent shard to its end before its children, and picks up new shards as they appear.
 * The Streams calls are the backend's JSON 1.0 calls; records come back in the SDK's shapes.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { AwsError } from '../protocol/aws-error.js';
import type { DynamoDbBackend } from '../services/dynamodb/backend.js';
import { type StreamRecord, streamRecordFromJson } from './replicator-stream-record.js';

export type { StreamRecord };

/** A shard of a DescribeStream answer (the fields read here). */
interface Shard {
  ShardId?: string;
  ParentShardId?: string;
  SequenceNumberRange?: { EndingSequenceNumber?: string };
}

/** DynamoDB Streams errors after which the shard is read again from a new iterator. */
const REOPEN_AFTER: ReadonlySet<string> = new Set([
  'ExpiredIteratorException',
  'TrimmedDataAccessException',
]);

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
      const page = await this.#backend.streams(this.region, 'DescribeStream', {
        StreamArn: this.#streamArn,
        ...(exclusiveStart ? { ExclusiveStartShardId: exclusiveStart } : {}),
      });
      const description = page.StreamDescription as
        | { Shards?: Shard[]; LastEvaluatedShardId?: string }
        | undefined;
      shards.push(...(description?.Shards ?? []));
      exclusiveStart = description?.LastEvaluatedShardId;
    } while (exclusiveStart);
    return shards.filter((shard) => shard.ShardId !== undefined);
  }

  async #iterator(
    shardId: string,
    type: 'LATEST' | 'TRIM_HORIZON' | 'AFTER_SEQUENCE_NUMBER',
    sequence?: string,
  ): Promise<string | undefined> {
    const result = await this.#backend.streams(this.region, 'GetShardIterator', {
      StreamArn: this.#streamArn,
      ShardId: shardId,
      ShardIteratorType: type,
      ...(sequence ? { SequenceNumber: sequence } : {}),
    });
    return result.ShardIterator as string | undefined;
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
          page = await this.#backend.streams(this.region, 'GetRecords', {
            ShardIterator: cursor.iterator,
            Limit: 1000,
          });
        } catch (error) {
          if (!(error instanceof AwsError) || !REOPEN_AFTER.has(error.code)) throw error;
          cursor.iterator = cursor.lastSequence
            ? await this.#iterator(shardId, 'AFTER_SEQUENCE_NUMBER', cursor.lastSequence)
            : await this.#iterator(shardId, 'TRIM_HORIZON');
          continue;
        }
        const batch = ((page.Records as unknown[] | undefined) ?? []).map(streamRecordFromJson);
        records.push(...batch);
        const last = batch.at(-1)?.dynamodb?.SequenceNumber;
        if (last) cursor.lastSequence = last;
        cursor.iterator = page.NextShardIterator as string | undefined;
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
