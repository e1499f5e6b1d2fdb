import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSeedRequests } from '../lib/global-table.js';
import { synthDeployment, type TestDeployment } from './helpers.js';

let d: TestDeployment;
beforeAll(() => {
  d = synthDeployment();
});

const gsi = (name: string, hash: string) => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: hash, KeyType: 'HASH' },
    { AttributeName: 'MysfitId', KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'ALL' },
});

describe('the DynamoDB global table', () => {
  it('lives in the primary stack with both GSIs, on-demand, streams and PITR', () => {
    // Three global tables: this one, the likes table (tested below) and the control table
    // (control-table.test.ts).
    d.primary.resourceCountIs('AWS::DynamoDB::GlobalTable', 3);
    d.primary.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'MysfitsTable',
      KeySchema: [{ AttributeName: 'MysfitId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      // The replication canaries expire on their own if a probe could not delete them.
      TimeToLiveSpecification: { AttributeName: 'ExpiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayEquals([
        gsi('LawChaosIndex', 'LawChaos'),
        gsi('GoodEvilIndex', 'GoodEvil'),
      ]),
    });
  });

  it('has a replica in the secondary region (and the primary), PITR on each', () => {
    const tables = d.primary.findResources('AWS::DynamoDB::GlobalTable', {
      Properties: { TableName: 'MysfitsTable' },
    });
    const replicas = Object.values(tables)[0]!.Properties.Replicas as Record<string, unknown>[];
    expect(replicas.map((r) => r.Region).sort()).toEqual(['us-east-1', 'us-west-2']);
    for (const replica of replicas) {
      expect(replica.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    }
  });

  it('is retained with deletion protection by default, deletable with retainTable=false', () => {
    d.primary.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    const dev = synthDeployment({ retainTable: 'false' });
    dev.primary.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });

  it('is not created again in the secondary stack, which deploys after the primary', () => {
    d.secondary.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    d.secondary.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(d.stacks.secondary.dependencies).toContain(d.stacks.primary);
  });

  it('is seeded once with the 12 workshop mysfits by BatchWriteItem', () => {
    const seed = readSeedRequests();
    expect(seed).toHaveLength(12);
    const resources = d.primary.findResources('Custom::AWS');
    expect(Object.keys(resources)).toHaveLength(1);
    const props = Object.values(resources)[0]!.Properties;
    expect(props.Update).toBeUndefined();
    const create = JSON.parse(props.Create as string);
    expect(create).toMatchObject({ service: 'DynamoDB', action: 'BatchWriteItem' });
    expect(create.parameters.RequestItems.MysfitsTable).toEqual(seed);
  });

  it("lets each region's services reach the tables in their own region by name only", () => {
    for (const [t, region] of [
      [d.primary, 'us-west-2'],
      [d.secondary, 'us-east-1'],
    ] as const) {
      const table = `arn:aws:dynamodb:${region}:123456789012:table/MysfitsTable`;
      const likes = `arn:aws:dynamodb:${region}:123456789012:table/MysfitsLikesTable`;
      // Core: reads only (a mysfit by key, the list, the filters; the like counters).
      t.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan'],
              // minimizePolicies sorts the ARNs
              Resource: [table, `${table}/index/GoodEvilIndex`, `${table}/index/LawChaosIndex`],
            }),
            Match.objectLike({
              Action: ['dynamodb:BatchGetItem', 'dynamodb:Scan'],
              Resource: likes,
            }),
          ]),
        },
      });
      // Like: raises a mysfit's Likes (never an internal `__` item), reads the counters and
      // writes nothing else but its own region's counters.
      t.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Action: 'dynamodb:UpdateItem',
              Resource: table,
              Condition: {
                'ForAllValues:StringNotLike': { 'dynamodb:LeadingKeys': ['__*'] },
              },
            },
            Match.objectLike({ Action: 'dynamodb:BatchGetItem', Resource: likes }),
            {
              Effect: 'Allow',
              Action: 'dynamodb:UpdateItem',
              Resource: likes,
              Condition: {
                'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`__likes#*#${region}`] },
              },
            },
          ]),
        },
      });
    }
  });

  it('creates the likes global table, empty, with a replica in the secondary region', () => {
    d.primary.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'MysfitsLikesTable',
      KeySchema: [{ AttributeName: 'MysfitId', KeyType: 'HASH' }],
      Replicas: Match.arrayWith([Match.objectLike({ Region: 'us-east-1' })]),
    });
  });

  it('allows no task role an unconditioned UpdateItem or GetItem on the table', () => {
    for (const t of [d.primary, d.secondary]) {
      const policies = Object.values(t.findResources('AWS::IAM::Policy'));
      const statements = policies.flatMap(
        (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
      );
      const broad = statements.filter((s) => {
        const actions = ([] as unknown[]).concat(s.Action);
        return (
          s.Condition === undefined &&
          actions.some((a) => a === 'dynamodb:UpdateItem' || a === 'dynamodb:GetItem')
        );
      });
      expect(broad).toEqual([]);
    }
  });

  it("lets the region's routing gate, and no task, read its own region's switch item only", () => {
    for (const [t, region] of [
      [d.primary, 'us-west-2'],
      [d.secondary, 'us-east-1'],
    ] as const) {
      const table = `arn:aws:dynamodb:${region}:123456789012:table/MysfitsDrControl`;
      // The gate's role alone has a GetItem, on the control table, scoped to
      // `routing#<region>`; the tasks no longer read the switch.
      const statement = {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: table,
        Condition: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`routing#${region}`] },
        },
      };
      const policies = t.findResources('AWS::IAM::Policy', {
        Properties: { PolicyDocument: { Statement: Match.arrayWith([statement]) } },
      });
      expect(Object.keys(policies)).toHaveLength(1);
      expect(Object.keys(policies)[0]).toMatch(/^RoutingGateRole/);
    }
  });

  it('uses the configured table name everywhere', () => {
    const custom = synthDeployment({ tableName: 'OtherTable' });
    custom.primary.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'OtherTable' });
    custom.secondary.hasOutput('TableName', { Value: 'OtherTable' });
  });
});
