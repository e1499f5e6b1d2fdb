// The replicator's stream reader over a backend that answers DynamoDB Streams' JSON as AWS
// documents it (API_streams_DescribeStream, GetShardIterator, GetRecords): records come back
// with their binary values as bytes, and an ExpiredIteratorException (an AwsError with that
// code, as the backend raises DynamoDB Local's errors) makes the reader take a new iterator
// after the last sequence number it read, without losing or repeating a record.
import { describe, expect, it } from 'vitest';
import { StreamReader } from '../../src/lab/dataplane/replicator-stream-reader.js';
import { AwsError } from '../../src/lab/protocol/aws-error.js';
import type { DynamoDbBackend, StreamsOperation } from '../../src/lab/services/dynamodb/backend.js';

const STREAM = 'arn:aws:dynamodb:us-west-2:000000000000:table/T/stream/2026-12-07T00:00:00.000';
const SHARD = 'shardId-00000001700000000000-aaaaaaaa';

/** A stream record as GetRecords answers it in JSON (binary base64-encoded). */
function jsonRecord(sequence: string, id: string) {
  return {
    eventID: `e-${sequence}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-west-2',
    dynamodb: {
      ApproximateCreationDateTime: 1765065600,
      Keys: { id: { S: id } },
      NewImage: {
        id: { S: id },
        blob: { B: Buffer.from([1, 2, 255]).toString('base64') },
        nested: { M: { list: { L: [{ BS: [Buffer.from('hi').toString('base64')] }] } } },
      },
      SequenceNumber: sequence,
      SizeBytes: 20,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** A backend whose stream holds `records`; GetRecords fails once with `failWith` after the first page. */
function fakeBackend(records: ReturnType<typeof jsonRecord>[], failWith: string) {
  const calls: { operation: StreamsOperation; input: Record<string, unknown> }[] = [];
  let failed = false;
  const backend = {
    endpoint: 'http://unused',
    dynamodb: () => ({
      send: async () => ({
        Table: { LatestStreamArn: STREAM, StreamSpecification: { StreamEnabled: true } },
      }),
    }),
    async streams(_region: string, operation: StreamsOperation, input: Record<string, unknown>) {
      calls.push({ operation, input });
      if (operation === 'DescribeStream')
        return { StreamDescription: { StreamArn: STREAM, Shards: [{ ShardId: SHARD }] } };
      if (operation === 'GetShardIterator') {
        const after = input.SequenceNumber as string | undefined;
        const from = after ? records.findIndex((r) => r.dynamodb.SequenceNumber === after) + 1 : 0;
        return { ShardIterator: `it-${from}` };
      }
      const from = Number(String(input.ShardIterator).slice(3));
      if (from > 0 && !failed) {
        failed = true;
        throw new AwsError(failWith, 'Iterator expired');
      }
      const page = records.slice(from, from + 2);
      return { Records: page, NextShardIterator: `it-${from + page.length}` };
    },
    close() {},
  };
  return { backend: backend as unknown as DynamoDbBackend, calls };
}

describe('StreamReader', () => {
  it.each(['ExpiredIteratorException', 'TrimmedDataAccessException'])(
    'reads on after %s from the last sequence number read, with binary values as bytes',
    async (code) => {
      const records = ['100', '200', '300'].map((seq, i) => jsonRecord(seq, `item-${i}`));
      const { backend, calls } = fakeBackend(records, code);
      const reader = new StreamReader(backend, 'T', 'us-west-2');
      await reader.start();
      const first = await reader.poll();
      const second = await reader.poll();
      expect([...first, ...second].map((r) => r.dynamodb?.SequenceNumber)).toEqual([
        '100',
        '200',
        '300',
      ]);
      const reopened = calls.filter(
        (c) => c.operation === 'GetShardIterator' && c.input.SequenceNumber,
      );
      expect(reopened.map((c) => c.input)).toEqual([
        {
          StreamArn: STREAM,
          ShardId: SHARD,
          ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
          SequenceNumber: '200',
        },
      ]);
      const image = first[0]!.dynamodb!.NewImage!;
      expect(image.blob).toEqual({ B: Uint8Array.from([1, 2, 255]) });
      expect(image.nested).toEqual({
        M: { list: { L: [{ BS: [Uint8Array.from(Buffer.from('hi'))] }] } },
      });
      expect(first[0]!.dynamodb!.Keys).toEqual({ id: { S: 'item-0' } });
    },
  );

  it('passes any other error on (the replicator reports it and polls again)', async () => {
    const { backend } = fakeBackend(
      [jsonRecord('1', 'a'), jsonRecord('2', 'b'), jsonRecord('3', 'c')],
      'ValidationException',
    );
    const reader = new StreamReader(backend, 'T', 'us-west-2');
    await reader.start();
    await reader.poll();
    await expect(reader.poll()).rejects.toMatchObject({ code: 'ValidationException' });
  });
});
