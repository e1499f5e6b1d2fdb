/**
 * The DynamoDB client of both services. Region and endpoint come from the SDK's own
 * environment handling (AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, the
 * default credential chain incl. the ECS task role). Timeouts are short and there is at
 * most one retry, so a dead region answers 503 in about a second instead of hanging
 * until the ALB gives up.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { currentTraceId, TRACE_HEADER } from './trace-context.js';

/** Tuning of the client; the defaults suit a service behind an ALB. */
export interface DynamoDbClientOptions {
  /** TCP connect timeout (default 1000 ms). */
  connectionTimeoutMs?: number;
  /** Socket inactivity timeout of one attempt (default 3000 ms). */
  requestTimeoutMs?: number;
  /** Attempts including the first (default 2). */
  maxAttempts?: number;
}

/**
 * Creates a client for `region` that fails fast and forwards the current request's
 * X-Amzn-Trace-Id on every call.
 */
export function createDynamoDbClient(
  region: string,
  options: DynamoDbClientOptions = {},
): DynamoDBClient {
  const client = new DynamoDBClient({
    region,
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 1000,
      requestTimeout: options.requestTimeoutMs ?? 3000,
      // Without this the SDK only logs a warning and a call to a hung endpoint never ends.
      throwOnRequestTimeout: true,
    },
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const traceId = currentTraceId();
      const request = args.request as { headers?: Record<string, string> };
      if (traceId !== undefined && request.headers !== undefined) {
        request.headers[TRACE_HEADER] ??= traceId;
      }
      return next(args);
    },
    { step: 'build', name: 'mysfitsTraceIdPropagation' },
  );
  return client;
}

/**
 * A DynamoDB call failed (unreachable, throttled, missing table…). The services answer
 * 503 for it; `operation` names the API call and `cause` keeps the SDK error.
 */
export class DynamoDbError extends Error {
  readonly operation: string;
  constructor(operation: string, cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`DynamoDB ${operation} failed: ${detail}`, { cause });
    this.name = 'DynamoDbError';
    this.operation = operation;
  }

  /** Short reason safe to show to clients: the SDK error name or socket error code. */
  get reason(): string {
    const cause = this.cause as { name?: unknown; code?: unknown } | undefined;
    if (typeof cause?.code === 'string') return cause.code;
    return typeof cause?.name === 'string' ? cause.name : 'Error';
  }
}

/** Runs one DynamoDB call, turning any failure into a DynamoDbError for `operation`. */
export async function callDynamoDb<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new DynamoDbError(operation, err);
  }
}
