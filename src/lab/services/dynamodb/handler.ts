/**
 * The lab's DynamoDB (and DynamoDB Streams) service: every call signed for region R goes
 * to DynamoDB Local as region R (see forward.ts). The lab itself answers what DynamoDB
 * Local lacks: global tables (UpdateTable ReplicaUpdates, Replicas in DescribeTable),
 * multi-Region strongly consistent tables (one database for every replica region, quorum
 * per request), the 2017.11.29 global-table reads (empty for 2019.11.21 tables), and
 * UnknownOperationException for operations outside the supported lists. Behaviour: SPEC.md.
 */
import { AwsError, unknownOperation } from '../../protocol/aws-error.js';
import {
  type JsonProtocol,
  jsonError,
  jsonResult,
  parseJsonBody,
  readJsonTarget,
  replaceJsonBody,
} from '../../protocol/aws-json.js';
import type { ComponentHealth, LabRequest, LabResponse } from '../../protocol/lab-request.js';
import type { AwsRequestContext, ServiceHandler } from '../../protocol/registry.js';
import {
  takeConsumedCapacity,
  withCapacityRequested,
  type ConsumedCapacitySample,
} from './consumed-capacity.js';
import { forwardToDynamoDbLocal } from './forward.js';
import type { GlobalTables } from './global-tables.js';
import { callDynamoDbLocal } from './local-call.js';
import { strongUnsupported } from './mrsc-rules.js';
import {
  CONTROL_OPERATIONS,
  DATA_OPERATIONS,
  DYNAMODB_PREFIX,
  STREAMS_OPERATIONS,
  STREAMS_PREFIX,
  UNSUPPORTED_OPERATIONS,
} from './operations.js';
import { type MemberDown, routeStrongRequest } from './strong-requests.js';
import { tableNameOf, tablesOfRequest } from './table-names.js';
import { WriteConflicts } from './write-conflicts.js';

/** DynamoDB's wire protocol: JSON 1.0, its error namespace, CRC32 on every response. */
export const DYNAMODB_PROTOCOL: JsonProtocol = {
  version: '1.0',
  namespace: 'com.amazonaws.dynamodb.v20120810',
  crc32: true,
};

/** What the DynamoDB handler needs. */
export interface DynamoDbHandlerOptions {
  dynamoDbLocalEndpoint: string;
  globalTables: GlobalTables;
  /** The lab's regions (the first one is used to probe DynamoDB Local's health). */
  regions: readonly string[];
  /** Called with the capacity each item call consumed (CloudWatch publishes it). */
  onConsumedCapacity?: (sample: ConsumedCapacitySample) => void;
  /** Why a Region (replica or witness) is out, for the quorum of MRSC tables; none when absent. */
  memberDown?: MemberDown;
}

const HEALTH_TIMEOUT_MS = 2_000;
/** Control operations whose input the lab reads (the others are forwarded unread). */
const TABLE_OPERATIONS = new Set([
  'UpdateTable',
  'DeleteTable',
  'DescribeTable',
  'UpdateTimeToLive',
]);
/** UpdateTable fields that change a global table's replicas, witness or consistency mode. */
const REPLICA_FIELDS = ['ReplicaUpdates', 'GlobalTableWitnessUpdates', 'MultiRegionConsistency'];

/** Creates the DynamoDB service handler (signing name `dynamodb`). */
export function createDynamoDbHandler(options: DynamoDbHandlerOptions): ServiceHandler {
  const { dynamoDbLocalEndpoint: endpoint, globalTables } = options;
  const serving = {
    down: options.memberDown ?? (() => undefined),
    conflicts: new WriteConflicts(),
  };

  const answer = (request: LabRequest, result: unknown) =>
    jsonResult(result, request.requestId, DYNAMODB_PROTOCOL);

  /** Forwards an item call to `database`, reporting the capacity it consumed. */
  async function forwardItemCall(
    operation: string,
    request: LabRequest,
    region: string,
    database: string,
  ): Promise<LabResponse> {
    const report = options.onConsumedCapacity;
    if (!report) return forwardToDynamoDbLocal(endpoint, request, region, false, database);
    const input = parseJsonBody(request.body);
    const { body, asked } = withCapacityRequested(input);
    const withBody = { ...request, body };
    const forwarded = await forwardToDynamoDbLocal(endpoint, withBody, region, true, database);
    const { response, samples } = takeConsumedCapacity(forwarded, operation, input, region, asked);
    for (const sample of samples) report(sample);
    return response;
  }

  async function handleDynamoDb(
    operation: string,
    request: LabRequest,
    region: string,
  ): Promise<LabResponse> {
    if (DATA_OPERATIONS.has(operation)) {
      if (globalTables.list().some((r) => r.replicas.some((x) => x.status === 'CREATING'))) {
        for (const table of tablesOfRequest(parseJsonBody(request.body))) {
          if (globalTables.isCreating(region, table)) {
            throw new AwsError(
              'ResourceNotFoundException',
              `Requested resource not found: Table: ${table} is still being created as a replica`,
            );
          }
        }
      }
      const strong = globalTables.strongTables();
      const route =
        strong.length === 0
          ? undefined
          : routeStrongRequest(strong, serving, operation, parseJsonBody(request.body), region);
      try {
        return await forwardItemCall(operation, request, region, route?.database ?? region);
      } finally {
        route?.release();
      }
    }
    if (operation === 'ListGlobalTables') return answer(request, { GlobalTables: [] });
    if (operation === 'DescribeGlobalTable') {
      const name = String(parseJsonBody(request.body).GlobalTableName ?? '');
      throw new AwsError(
        'GlobalTableNotFoundException',
        `Global table not found: Global table with name: '${name}' does not exist. (DescribeGlobalTable covers version 2017.11.29 only; the lab's global tables are version 2019.11.21: use DescribeTable.)`,
      );
    }
    if (UNSUPPORTED_OPERATIONS.has(operation)) {
      throw unknownOperation(
        `The mysfits-dr lab does not implement the DynamoDB operation ${operation} (DynamoDB Local, its storage engine, lacks it).`,
      );
    }
    if (!CONTROL_OPERATIONS.has(operation)) throw unknownOperation();
    const input = TABLE_OPERATIONS.has(operation) ? parseJsonBody(request.body) : {};
    const table = tableNameOf(input.TableName);
    if (operation === 'UpdateTable') {
      if (REPLICA_FIELDS.some((field) => input[field] !== undefined))
        return answer(request, await globalTables.updateReplicas(region, table, input));
      globalTables.checkTableUpdate(region, table, input);
    }
    if (operation === 'DeleteTable') globalTables.checkTableDelete(region, table);
    if (operation === 'UpdateTimeToLive' && globalTables.recordFor(region, table)?.consistency)
      throw strongUnsupported('Time to Live (TTL)', table);
    const response = await forwardToDynamoDbLocal(endpoint, request, region, true);
    if (response.status !== 200) return response;
    if (operation === 'DeleteTable') await globalTables.onTableDeleted(region, table);
    if (
      (operation === 'DescribeTable' || operation === 'UpdateTable') &&
      globalTables.recordFor(region, table)
    ) {
      const output = JSON.parse(response.body.toString('utf8')) as Record<
        string,
        Record<string, unknown>
      >;
      const description = output.Table ?? output.TableDescription;
      if (description) globalTables.overlay(region, description);
      return replaceJsonBody(response, Buffer.from(JSON.stringify(output), 'utf8'));
    }
    return response;
  }

  return {
    displayName: 'DynamoDB',
    targetPrefixes: [DYNAMODB_PREFIX, STREAMS_PREFIX],
    async handle({ request, region }: AwsRequestContext): Promise<LabResponse> {
      const target = readJsonTarget(request.headers);
      if (request.method !== 'POST' || !target) throw unknownOperation();
      if (target.prefix === STREAMS_PREFIX) {
        if (!STREAMS_OPERATIONS.has(target.operation)) throw unknownOperation();
        return forwardToDynamoDbLocal(endpoint, request, region, true);
      }
      if (target.prefix !== DYNAMODB_PREFIX) throw unknownOperation();
      return handleDynamoDb(target.operation, request, region);
    },
    errorResponse(error: AwsError, request: LabRequest): LabResponse {
      return jsonError(error, request.requestId, DYNAMODB_PROTOCOL);
    },
    async health(): Promise<Record<string, ComponentHealth>> {
      try {
        await Promise.race([
          callDynamoDbLocal(endpoint, options.regions[0]!, 'ListTables', { Limit: 1 }),
          new Promise((_, reject) => {
            setTimeout(
              () => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)),
              HEALTH_TIMEOUT_MS,
            ).unref();
          }),
        ]);
        return { 'dynamodb-local': { healthy: true, detail: 'answering', url: endpoint } };
      } catch (error) {
        return {
          'dynamodb-local': { healthy: false, detail: (error as Error).message, url: endpoint },
        };
      }
    },
  };
}
