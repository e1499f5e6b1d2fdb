import { Duration, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { statementsFor, type ResourceArns } from '../../src/core/iam-policy.js';
import type { PermissionStatement, ResourceKind } from './operator-permissions.js';

/** The ARNs each resource kind stands for in this deployment (both regions). */
export type OperatorResourceArns = ResourceArns;

/** Why an ARN of a kind must end in a wildcard (IAM cannot name the resource in advance). */
const WILDCARD_REASONS: Partial<Record<ResourceKind, string>> = {
  table:
    'DynamoDB stream ARNs end in a label (a timestamp) assigned when the stream is enabled; ' +
    'the wildcard is confined to the streams of this one table.',
  task: 'ECS task ids are assigned at run time; the wildcard is confined to tasks of this cluster.',
  stack:
    'A stack ARN ends in an id assigned at creation; the wildcard is confined to the named stacks.',
  xraygroup:
    'An X-Ray group ARN ends in an id assigned at creation; the wildcard is confined to the named groups.',
  experiment:
    'AWS FIS assigns experiment ids when an experiment starts, and drills name their ' +
    'experiment templates at run time; the wildcard is confined to FIS templates and ' +
    "experiments of this account in the deployment's regions.",
  '*':
    'Only the statements whose actions have no resource-level permissions (List*/Describe* ' +
    'calls, metrics reads and similar, per the service authorization reference) use "*".',
};

/** Properties of {@link OperatorRole}. */
export interface OperatorRoleProps {
  /** Who may assume the role; undefined means the account root (i.e. IAM policies decide). */
  readonly principalArn: string | undefined;
  readonly statements: readonly PermissionStatement[];
  readonly resources: OperatorResourceArns;
}

/**
 * The least-privilege role `mysfits-dr` runs as: one IAM statement per permission entry,
 * scoped to this deployment's resources of the entry's kind; `*` only where the entry says
 * the actions do not support resource-level permissions. Wildcard actions never occur
 * (refused when the list is parsed).
 */
export class OperatorRole extends Construct {
  /** The IAM role. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: OperatorRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: props.principalArn
        ? new iam.ArnPrincipal(props.principalArn)
        : new iam.AccountRootPrincipal(),
      description: 'mysfits-dr operator: status, traffic dials, failover and drills',
      maxSessionDuration: Duration.hours(1),
    });
    const acknowledged = new Set<string>();
    for (const entry of props.statements) {
      for (const { actions, resources, conditions } of statementsFor(entry, props.resources)) {
        if (resources.length === 0) {
          throw new Error(
            `operator role: no ${entry.resource} resources for ${actions.join(', ')}`,
          );
        }
        this.role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }),
        );
        this.acknowledgeWildcards(entry.resource, resources, acknowledged);
      }
    }
  }

  /** Acknowledges cdk-nag IAM5 for each ARN that has to end in a wildcard, with its reason. */
  private acknowledgeWildcards(kind: ResourceKind, resources: string[], done: Set<string>) {
    for (const arn of resources.filter((r) => r.includes('*'))) {
      if (Token.isUnresolved(arn)) {
        throw new Error(`operator role: wildcard ARN ${arn} must be a literal string`);
      }
      const ackId = `AwsSolutions-IAM5[Resource::${arn}]`;
      if (done.has(ackId)) continue;
      done.add(ackId);
      const reason = WILDCARD_REASONS[kind];
      if (!reason) throw new Error(`operator role: unexpected wildcard ARN ${arn}`);
      Validations.of(this).acknowledge({ id: ackId, reason });
    }
  }
}
