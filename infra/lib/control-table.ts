import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** Properties of {@link createControlTable}. */
export interface MysfitsControlTableProps {
  readonly tableName: string;
  /** The second replica's region (the stack's own region holds the first). */
  readonly replicaRegion: string;
  /** The witness region: with two replicas it makes the quorum of three. */
  readonly witnessRegion: string;
  /** RETAIN the table (and turn on deletion protection) instead of deleting it with the stack. */
  readonly retain: boolean;
}

/**
 * Creates the control table of mysfits-dr (TableV2 → AWS::DynamoDB::GlobalTable with
 * MultiRegionConsistency STRONG and GlobalTableWitnesses): the operations lock, the audit
 * trail and the routing switches, hash key `Pk` (S), on-demand, PITR on, one replica in the
 * stack's region and one in `replicaRegion`, the witness in `witnessRegion`. Multi-Region
 * strong consistency: a write needs a quorum of the three and a strongly consistent read in
 * either replica returns it at once, so no partition can hand the lock to two operators.
 */
export function createControlTable(
  scope: Construct,
  id: string,
  props: MysfitsControlTableProps,
): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, id, {
    tableName: props.tableName,
    partitionKey: { name: 'Pk', type: dynamodb.AttributeType.STRING },
    billing: dynamodb.Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    multiRegionConsistency: dynamodb.MultiRegionConsistency.STRONG,
    replicas: [{ region: props.replicaRegion }],
    witnessRegion: props.witnessRegion,
    removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: props.retain,
  });
}
