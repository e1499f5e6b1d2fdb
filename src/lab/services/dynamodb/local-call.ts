/**
 * Calls DynamoDB Local with a raw JSON body and returns DynamoDB's own JSON (ARNs mapped
 * to the region), for answers the lab composes from DynamoDB Local's, such as the
 * TableDescription returned by UpdateTable with ReplicaUpdates.
 */
import { randomUUID } from 'node:crypto';
import { LAB_ACCESS_KEY_ID } from '../../credentials.js';
import { AwsError } from '../../protocol/aws-error.js';
import type { LabRequest } from '../../protocol/lab-request.js';
import { forwardToDynamoDbLocal } from './forward.js';
import { DYNAMODB_PREFIX } from './operations.js';

/** Turns a DynamoDB JSON error body into an AwsError with the same code and status. */
export function awsErrorFromBody(status: number, body: Buffer): AwsError {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const type = String(parsed.__type ?? 'InternalServerError');
    const message = String(parsed.message ?? parsed.Message ?? '');
    return new AwsError(type.slice(type.indexOf('#') + 1), message, {
      status,
      namespace: type.includes('#') ? type.slice(0, type.indexOf('#')) : undefined,
    });
  } catch {
    return new AwsError('InternalServerError', body.toString('utf8'), { status });
  }
}

/**
 * An Authorization header DynamoDB Local accepts for `region`: it reads the access key and
 * region of the credential scope (one database per pair) and does not check the signature.
 */
export function dynamoDbLocalAuthorization(
  region: string,
  accessKeyId: string = LAB_ACCESS_KEY_ID,
): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20200101/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`;
}

/** Calls a DynamoDB operation on DynamoDB Local as `region`; throws AwsError on failure. */
export async function callDynamoDbLocal(
  endpoint: string,
  region: string,
  operation: string,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const request: LabRequest = {
    method: 'POST',
    url: new URL('http://lab/'),
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `${DYNAMODB_PREFIX}.${operation}`,
      authorization: dynamoDbLocalAuthorization(region),
    },
    body: Buffer.from(JSON.stringify(input), 'utf8'),
    requestId: randomUUID(),
  };
  const response = await forwardToDynamoDbLocal(endpoint, request, region, true);
  if (response.status !== 200) throw awsErrorFromBody(response.status, response.body);
  return JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
}
