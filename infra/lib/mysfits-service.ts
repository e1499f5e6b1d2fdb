import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CONTAINER_PORT, type ServiceSpec } from './names.js';
import { addTraceCollector, XRAY_UDP_ADDRESS } from './trace-collector.js';

/**
 * `dynamodb:LeadingKeys` pattern (StringLike) of the like counters a region's Like service
 * writes: `__likes#<mysfitId>#<region>` (services/shared/like-counters.ts), its region's only.
 */
export function likeCounterKeyPattern(region: string): string {
  return `__likes#*#${region}`;
}

/**
 * `dynamodb:LeadingKeys` pattern (StringNotLike) of the items no service writes in the app's
 * table: the internal `__` records (canaries, the operator tool's records).
 */
export function internalItemPattern(): string {
  return '__*';
}

/** DynamoDB actions on resources, with optional IAM conditions (e.g. on dynamodb:LeadingKeys). */
export interface DynamoDbGrant {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Record<string, Record<string, readonly string[]>>;
}

/** Properties of {@link MysfitsService}. */
export interface MysfitsServiceProps {
  readonly spec: ServiceSpec;
  readonly cluster: ecs.ICluster;
  readonly image: ecs.ContainerImage;
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  /** The table name (identical in every region) passed as DDB_TABLE_NAME. */
  readonly tableName: string;
  /** ARN of the table in this region. */
  readonly tableArn: string;
  /** Every region of the global table, passed as MYSFITS_REGIONS (likes are summed over them). */
  readonly regions: readonly string[];
  /** The likes table's name (identical in every region) passed as LIKES_TABLE_NAME. */
  readonly likesTableName: string;
  /** Exactly the DynamoDB calls the service's code makes, on the tables and items they name. */
  readonly dynamoDbGrants: readonly DynamoDbGrant[];
}

/**
 * One workshop service on Fargate: desired count 1, the app container on 8080 with
 * AWS_REGION / DDB_TABLE_NAME / LIKES_TABLE_NAME / MYSFITS_REGIONS / AWS_XRAY_DAEMON_ADDRESS, the ADOT trace
 * collector sidecar receiving its segments on UDP 2000 (trace-collector.ts), logs to
 * CloudWatch, registered with its ALB target group. Its task role may make exactly the calls
 * of `dynamoDbGrants` and send traces. It never reads the routing switch (its region's gate
 * does, lib/routing-gate.ts).
 */
export class MysfitsService extends Construct {
  /** The ECS service. */
  readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: MysfitsServiceProps) {
    super(scope, id);
    const { spec } = props;
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    for (const grant of props.dynamoDbGrants) {
      taskDefinition.addToTaskRolePolicy(
        new iam.PolicyStatement({
          actions: [...grant.actions],
          resources: [...grant.resources],
          ...(grant.conditions
            ? {
                conditions: Object.fromEntries(
                  Object.entries(grant.conditions).map(([op, keys]) => [
                    op,
                    Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, [...v]])),
                  ]),
                ),
              }
            : {}),
        }),
      );
    }
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Task role: the trace collector actions (PutTraceSegments, PutTelemetryRecords, ' +
        'GetSamplingRules, GetSamplingTargets) do not support resource-level permissions. Execution role: ' +
        'ecr:GetAuthorizationToken does not either. All other statements are scoped.',
    });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const app = taskDefinition.addContainer('App', {
      containerName: spec.name,
      image: props.image,
      essential: true,
      portMappings: [{ containerPort: CONTAINER_PORT, protocol: ecs.Protocol.TCP }],
      environment: {
        AWS_REGION: Stack.of(this).region,
        DDB_TABLE_NAME: props.tableName,
        LIKES_TABLE_NAME: props.likesTableName,
        MYSFITS_REGIONS: props.regions.join(','),
        AWS_XRAY_DAEMON_ADDRESS: XRAY_UDP_ADDRESS,
      },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: spec.name }),
    });
    const collector = addTraceCollector(taskDefinition, {
      region: Stack.of(this).region,
      logGroup,
    });
    app.addContainerDependencies({
      container: collector,
      condition: ecs.ContainerDependencyCondition.START,
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds no secrets: the region, the table name, the list of regions ' +
        'and the local trace collector address (app), and the collector configuration ' +
        '(sidecar: receivers, exporter and region, no credentials).',
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      serviceName: spec.name,
      taskDefinition,
      desiredCount: 1,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      assignPublicIp: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      healthCheckGracePeriod: Duration.seconds(60),
      circuitBreaker: { enable: true, rollback: true },
    });
    this.service.attachToApplicationTargetGroup(props.targetGroup);
  }
}
