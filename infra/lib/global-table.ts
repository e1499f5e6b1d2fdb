import { readFileSync } from 'node:fs';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { CANARY_EXPIRES_ATTRIBUTE } from '../../src/core/replication/canary.js';

/** The workshop's 12 seed items (the same file the lab seeds from). */
export const SEED_FILE = new URL('../../src/lab/data/mysfits-items.json', import.meta.url);

/** The TTL attribute of the app's table: the replication canaries' expiry (src/core/replication/canary.ts). */
export const CANARY_TTL_ATTRIBUTE = CANARY_EXPIRES_ATTRIBUTE;

/** The GSIs the Mysfits service queries (`GET /mysfits?filter=<name>&value=…`). */
export const TABLE_INDEXES = ['LawChaosIndex', 'GoodEvilIndex'] as const;

/** One BatchWriteItem request entry as the workshop file holds it. */
export interface SeedRequest {
  PutRequest: { Item: Record<string, Record<string, unknown>> };
}

/** Reads the seed items as one BatchWriteItem's PutRequests (at most 25 fit in one call). */
export function readSeedRequests(file: URL = SEED_FILE): SeedRequest[] {
  const items = JSON.parse(readFileSync(file, 'utf8')) as SeedRequest['PutRequest']['Item'][];
  if (!Array.isArray(items) || items.length > 25) {
    throw new Error(`${file.pathname}: expected an array of at most 25 items`);
  }
  return items.map((Item) => ({ PutRequest: { Item } }));
}

/** Properties of {@link MysfitsGlobalTable} and {@link LikesGlobalTable}. */
export interface MysfitsGlobalTableProps {
  readonly tableName: string;
  /** Regions that get a replica (never the stack's own region). */
  readonly replicaRegions: readonly string[];
  /** RETAIN the table (and turn on deletion protection) instead of deleting it with the stack. */
  readonly retain: boolean;
}

/**
 * The Mysfits DynamoDB global table (TableV2 → AWS::DynamoDB::GlobalTable): hash key
 * MysfitId, GSIs LawChaosIndex and GoodEvilIndex (ALL projection), on-demand, streams
 * NEW_AND_OLD_IMAGES, PITR on, TTL on `ExpiresAt` (the canaries'), a replica in each of
 * `replicaRegions`. Seeded once, on
 * create, with the workshop's 12 mysfits by a BatchWriteItem custom resource.
 */
export class MysfitsGlobalTable extends Construct {
  /** The table (its replicas share its name). */
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: MysfitsGlobalTableProps) {
    super(scope, id);
    const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = appGlobalTable(this, props, {
      // The replication canaries (mysfits-dr replication probe) carry ExpiresAt: one the probe
      // could not delete (a region down) is removed by DynamoDB's TTL instead of lingering.
      timeToLiveAttribute: CANARY_TTL_ATTRIBUTE,
      globalSecondaryIndexes: [
        { indexName: 'LawChaosIndex', partitionKey: key('LawChaos'), sortKey: key('MysfitId') },
        { indexName: 'GoodEvilIndex', partitionKey: key('GoodEvil'), sortKey: key('MysfitId') },
      ].map((gsi) => ({ ...gsi, projectionType: dynamodb.ProjectionType.ALL })),
    });

    // Seeding with a custom resource (not a manual step) makes `cdk deploy --all` produce a
    // working app in one go. It runs on create only, so later deploys never reset Likes.
    // Its own role and log group instead of CDK's default (which attaches the AWS managed
    // AWSLambdaBasicExecutionRole): writes to this one log group and BatchWriteItem, nothing else.
    const seedLogs = new logs.LogGroup(this, 'SeedLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const seedRole = new iam.Role(this, 'SeedRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Seeds the Mysfits table once (AwsCustomResource provider)',
    });
    seedLogs.grantWrite(seedRole);
    // Ordered after the table through its policy, which names the table's ARN.
    new cr.AwsCustomResource(this, 'Seed', {
      onCreate: {
        service: 'DynamoDB',
        action: 'BatchWriteItem',
        parameters: { RequestItems: { [props.tableName]: readSeedRequests() } },
        physicalResourceId: cr.PhysicalResourceId.of(`${props.tableName}-seed-v1`),
        logging: cr.Logging.withDataHidden(),
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['dynamodb:BatchWriteItem'],
          resources: [this.table.tableArn],
        }),
      ]),
      role: seedRole,
      logGroup: seedLogs,
      installLatestAwsSdk: false,
    });
  }
}

/**
 * A global table of the app in the stack's region (TableV2 → AWS::DynamoDB::GlobalTable):
 * hash key MysfitId, on-demand, streams NEW_AND_OLD_IMAGES, PITR on, a replica in each of
 * `replicaRegions`, plus `extra` (the Mysfits table's GSIs).
 */
function appGlobalTable(
  scope: Construct,
  props: MysfitsGlobalTableProps,
  extra: Partial<dynamodb.TablePropsV2> = {},
): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, 'Table', {
    tableName: props.tableName,
    partitionKey: { name: 'MysfitId', type: dynamodb.AttributeType.STRING },
    billing: dynamodb.Billing.onDemand(),
    dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    replicas: props.replicaRegions.map((region) => ({ region })),
    removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: props.retain,
    ...extra,
  });
}

/**
 * The likes global table: the Like service's per-region counters
 * (`MysfitId = "__likes#<mysfitId>#<region>"`, services/shared/like-counters.ts), kept out of
 * the Mysfits table so that the workshop's own services, which read every item of that table,
 * see only mysfits. Same settings as the Mysfits table, no GSI, created empty.
 */
export class LikesGlobalTable extends Construct {
  /** The table (its replicas share its name). */
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: MysfitsGlobalTableProps) {
    super(scope, id);
    this.table = appGlobalTable(this, props);
  }
}
