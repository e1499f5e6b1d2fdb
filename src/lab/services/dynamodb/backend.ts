/**
 * SDK clients that talk straight to Amazon DynamoDB Local, one per region, under the
 * normalised access key. DynamoDB Local keeps one database per (access key, region), so
 * signing every call with the same key and the caller's region gives exactly one database
 * per lab region, whoever the client is.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../credentials.js';

/** DynamoDB and DynamoDB Streams clients to DynamoDB Local, per region. */
export interface DynamoDbBackend {
  readonly endpoint: string;
  dynamodb(region: string): DynamoDBClient;
  streams(region: string): DynamoDBStreamsClient;
  /** Destroys every client. */
  close(): void;
}

/** Creates the clients lazily, under `accessKeyId` (the normalised lab key by default). */
export function createDynamoDbBackend(
  endpoint: string,
  accessKeyId: string = LAB_ACCESS_KEY_ID,
): DynamoDbBackend {
  const credentials = { accessKeyId, secretAccessKey: LAB_SECRET_ACCESS_KEY };
  const tables = new Map<string, DynamoDBClient>();
  const streams = new Map<string, DynamoDBStreamsClient>();
  return {
    endpoint,
    dynamodb(region) {
      let client = tables.get(region);
      if (!client) {
        client = new DynamoDBClient({ region, endpoint, credentials, maxAttempts: 2 });
        tables.set(region, client);
      }
      return client;
    },
    streams(region) {
      let client = streams.get(region);
      if (!client) {
        client = new DynamoDBStreamsClient({ region, endpoint, credentials, maxAttempts: 2 });
        streams.set(region, client);
      }
      return client;
    },
    close() {
      for (const client of tables.values()) client.destroy();
      for (const client of streams.values()) client.destroy();
      tables.clear();
      streams.clear();
    },
  };
}
