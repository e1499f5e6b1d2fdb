/**
 * The lab's own calls to Amazon DynamoDB Local, one database per region under one access
 * key: an SDK client per region for DynamoDB, and DynamoDB Streams calls made directly in
 * JSON 1.0 (`X-Amz-Target: DynamoDBStreams_20120810.<Operation>`, signing name `dynamodb`,
 * as the AWS SDKs send them). DynamoDB Local keeps one database per (access key, region)
 * and does not verify signatures, so signing every call with the same key and the
 * caller's region gives exactly one database per lab region, whoever the client is.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../credentials.js';
import { AwsError } from '../../protocol/aws-error.js';
import { awsErrorFromBody, dynamoDbLocalAuthorization } from './local-call.js';
import { STREAMS_PREFIX } from './operations.js';

/** The DynamoDB Streams operations the lab calls. */
export type StreamsOperation = 'DescribeStream' | 'GetShardIterator' | 'GetRecords';

/** DynamoDB clients and DynamoDB Streams calls to DynamoDB Local, per region. */
export interface DynamoDbBackend {
  readonly endpoint: string;
  dynamodb(region: string): DynamoDBClient;
  /**
   * Calls a DynamoDB Streams operation as `region` and answers its JSON output; an error
   * answer becomes an AwsError whose `code` is DynamoDB's (`ExpiredIteratorException`…).
   */
  streams(
    region: string,
    operation: StreamsOperation,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  /** Destroys every client. */
  close(): void;
}

/** Attempts per Streams call, as the SDK client it replaces was configured (maxAttempts 2). */
const STREAMS_ATTEMPTS = 2;

/** Creates the clients lazily, under `accessKeyId` (the normalised lab key by default). */
export function createDynamoDbBackend(
  endpoint: string,
  accessKeyId: string = LAB_ACCESS_KEY_ID,
): DynamoDbBackend {
  const credentials = { accessKeyId, secretAccessKey: LAB_SECRET_ACCESS_KEY };
  const tables = new Map<string, DynamoDBClient>();

  async function streamsOnce(region: string, operation: string, body: string) {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `${STREAMS_PREFIX}.${operation}`,
          authorization: dynamoDbLocalAuthorization(region, accessKeyId),
        },
        body,
      });
    } catch (error) {
      const cause = (error as Error).cause as Error | undefined;
      throw new Error(
        `DynamoDB Local at ${endpoint} did not answer ${operation}: ${cause?.message ?? (error as Error).message}`,
        { cause: error },
      );
    }
    const answer = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw awsErrorFromBody(response.status, answer);
    return JSON.parse(answer.toString('utf8')) as Record<string, unknown>;
  }

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
    async streams(region, operation, input) {
      const body = JSON.stringify(input);
      for (let attempt = 1; ; attempt++) {
        try {
          return await streamsOnce(region, operation, body);
        } catch (error) {
          // Retried once, like the SDK: no answer at all, or a 5xx.
          const transient =
            error instanceof AwsError ? error.status >= 500 : !(error instanceof SyntaxError);
          if (!transient || attempt >= STREAMS_ATTEMPTS) throw error;
        }
      }
    },
    close() {
      for (const client of tables.values()) client.destroy();
      tables.clear();
    },
  };
}
