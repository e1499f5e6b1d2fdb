import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ROUTING_GATE_HOST,
  ROUTING_GATE_RULE_PRIORITY,
  ROUTING_GATE_TARGET_GROUP,
} from './names.js';
import { WORKSHOP_HEALTH_CHECK } from './load-balancer.js';
import { REPO_ROOT } from './service-images.js';

/** Id (`Pk` in the control table) of a region's routing switch item, as services/shared/routing-switch.ts keys it. */
export function routingSwitchItemId(region: string): string {
  return `routing#${region}`;
}

/** The gate's bundled code (`npm run build` at the repository root writes it: scripts/bundle-cli.mjs). */
export const GATE_CODE_DIR = join(REPO_ROOT, 'dist', 'gate');

/** Properties of {@link RoutingGate}. */
export interface RoutingGateProps {
  /** The region's ALB listener the gate's target group is attached to. */
  readonly listener: elbv2.ApplicationListener;
  /** Name of the table holding the switch item (ROUTING_TABLE_NAME). */
  readonly tableName: string;
  /** ARN of that table in THIS region: the gate reads its local replica only. */
  readonly tableArn: string;
  /** Where the bundled gate code is (default GATE_CODE_DIR). */
  readonly codeDir?: string;
}

/**
 * The region's routing gate (docs/routing-switch.md): a Lambda function (services/gate, Node.js
 * 24) that answers 200 while the region's routing switch is `in` and 503 while it is `out`; a
 * target group of type `lambda` with health checks enabled (`/` every 10 s, timeout 5 s,
 * thresholds 3/3, as the app's groups) whose only target is the function; the
 * lambda:InvokeFunction permission for elasticloadbalancing.amazonaws.com, limited to that
 * target group by its name (its ARN would be a cycle: the group registers the function only
 * once the permission exists) and to this account; and a listener rule on `host-header`
 * ROUTING_GATE_HOST, a name no client sends, so application traffic never reaches it while
 * the accelerator, judging the ALB by every one of its target groups, sees the gate's health.
 * The function's role may call dynamodb:GetItem on its own region's switch item only.
 */
export class RoutingGate extends Construct {
  /** The gate function. */
  readonly function: lambda.Function;
  /** The gate's target group. */
  readonly targetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: RoutingGateProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const codeDir = props.codeDir ?? GATE_CODE_DIR;
    if (!existsSync(join(codeDir, 'index.mjs'))) {
      throw new Error(
        `${join(codeDir, 'index.mjs')} not found: run \`npm run build\` at the repository root ` +
          'first (it bundles services/gate for the routing gate function)',
      );
    }
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Routing gate: read this region switch item, write its own logs',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [props.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [routingSwitchItemId(region)] },
        },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logGroup.logGroupArn}:*`],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup)}.Arn>:*]`,
      reason:
        'The gate writes its log streams, whose names Lambda chooses, in its own log group ' +
        'only: the wildcard covers the streams of that one group, not any other resource.',
    });
    this.function = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(codeDir),
      role,
      logGroup,
      memorySize: 256,
      // The read itself is cut at 1 s (services/gate/gate.ts); the health check waits 5 s.
      timeout: Duration.seconds(3),
      description: 'Routing gate: answers the ALB health check from the routing switch item',
      environment: { ROUTING_TABLE_NAME: props.tableName },
    });
    this.function.node.addDependency(role);
    const { account } = Stack.of(this);
    this.function.addPermission('ElbInvoke', {
      principal: new iam.ServicePrincipal('elasticloadbalancing.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${ROUTING_GATE_TARGET_GROUP}/*`,
      sourceAccount: account,
    });
    const fn = this.function;
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      targetGroupName: ROUTING_GATE_TARGET_GROUP,
      targetType: elbv2.TargetType.LAMBDA,
      targets: [
        {
          attachToApplicationTargetGroup: () => ({
            targetType: elbv2.TargetType.LAMBDA,
            targetJson: { id: fn.functionArn },
          }),
        },
      ],
      // Lambda groups have health checks off by default: the gate is nothing without them.
      healthCheck: { ...WORKSHOP_HEALTH_CHECK, enabled: true },
    });
    // Registering the function checks the permission: create the group after it.
    const permission = this.function.permissionsNode.tryFindChild('ElbInvoke');
    if (permission) this.targetGroup.node.addDependency(permission);
    props.listener.addTargetGroups('RoutingGate', {
      priority: ROUTING_GATE_RULE_PRIORITY,
      conditions: [elbv2.ListenerCondition.hostHeaders([ROUTING_GATE_HOST])],
      targetGroups: [this.targetGroup],
    });
  }
}
