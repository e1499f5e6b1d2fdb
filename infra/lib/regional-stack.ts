import { CfnOutput, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { createControlTable } from './control-table.js';
import { LikesGlobalTable, MysfitsGlobalTable, TABLE_INDEXES } from './global-table.js';
import { MysfitsLoadBalancer } from './load-balancer.js';
import { internalItemPattern, likeCounterKeyPattern, MysfitsService } from './mysfits-service.js';
import { CLUSTER_NAME, GATING_ALARMS, REGIONAL_OUTPUTS as OUT, SERVICES } from './names.js';
import { MysfitsNetwork } from './network.js';
import { GatingAlarms, XRayGroups } from './observability.js';
import { RoutingGate } from './routing-gate.js';
import { serviceImage } from './service-images.js';
import { regionalStackName, type AppSettings } from './settings.js';

/** Whether a region normally serves traffic (`primary`) or takes over (`secondary`). */
export type RegionRole = 'primary' | 'secondary';

/** Properties of {@link RegionalStack}. */
export interface RegionalStackProps extends StackProps {
  readonly settings: AppSettings;
  readonly region: string;
  readonly role: RegionRole;
  /** The VPC range; distinct per region. */
  readonly cidr: string;
  /** Docker build context of the services (the repository root; tests pass a fixture). */
  readonly serviceSourceDir: string;
}

/**
 * Everything the app runs on in one region: VPC, ECS cluster with the core and like
 * services on Fargate behind the ALB, the routing gate, the gating alarms and the X-Ray groups. The primary
 * stack also owns the DynamoDB global table (with its replica in the secondary region);
 * both stacks' services reach the table by its name, the same in every region.
 */
export class RegionalStack extends Stack {
  /** primary or secondary. */
  readonly role: RegionRole;
  /** The ALB, its listener and target groups. */
  readonly loadBalancer: MysfitsLoadBalancer;
  /** Only in the primary stack. */
  readonly globalTable: MysfitsGlobalTable | undefined;
  /** Only in the primary stack. */
  readonly likesTable: LikesGlobalTable | undefined;
  private readonly zones: readonly [string, string] | undefined;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    const { settings, region, role } = props;
    super(scope, id, {
      ...props,
      stackName: regionalStackName(settings, region),
      env: { account: settings.account, region },
      crossRegionReferences: true,
      description: `Mythical Mysfits DR: ${role} region ${region} (mysfits-dr infra)`,
    });
    this.role = role;
    this.zones = settings.availabilityZones[region];
    const network = new MysfitsNetwork(this, 'Network', { cidr: props.cidr });
    const { vpc } = network;
    if (this.zones) {
      Validations.of(network).acknowledge({
        id: 'CloudFormation-Validate::W3010',
        reason: 'The operator pinned these AZs on purpose (context "availabilityZones").',
      });
    }
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      clusterName: CLUSTER_NAME,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.loadBalancer = new MysfitsLoadBalancer(this, 'LoadBalancer', { vpc });

    // The primary stack owns both global tables; the secondary holds their replicas.
    const tableProps = (tableName: string) => ({
      tableName,
      replicaRegions: [settings.secondaryRegion],
      retain: settings.retainTable,
    });
    const primary = role === 'primary';
    this.globalTable = primary
      ? new MysfitsGlobalTable(this, 'GlobalTable', tableProps(settings.tableName))
      : undefined;
    this.likesTable = primary
      ? new LikesGlobalTable(this, 'LikesTable', tableProps(settings.likesTableName))
      : undefined;
    const controlTable = primary
      ? createControlTable(this, 'ControlTable', {
          tableName: settings.controlTableName,
          replicaRegion: settings.secondaryRegion,
          witnessRegion: settings.witnessRegion,
          retain: settings.retainTable,
        })
      : undefined;
    // The tables (primary) or their replicas (secondary) in THIS region, by name: no
    // cross-stack reference is needed, and the secondary stack depends on the primary.
    const arnOf = (name: string) =>
      this.formatArn({ service: 'dynamodb', resource: 'table', resourceName: name });
    const tableArn = arnOf(settings.tableName);
    const likesTableArn = arnOf(settings.likesTableName);
    const regions = [settings.primaryRegion, settings.secondaryRegion];
    const common = {
      cluster,
      tableName: settings.tableName,
      likesTableName: settings.likesTableName,
      tableArn,
      regions,
    };
    // Reads: the list (Scan), the filters (Query on the GSIs), a mysfit by key (BatchGetItem),
    // and the like counters (Scan, BatchGetItem on the likes table).
    const core = new MysfitsService(this, 'Core', {
      ...common,
      spec: SERVICES.core,
      image: serviceImage(props.serviceSourceDir, SERVICES.core),
      targetGroup: this.loadBalancer.coreTargetGroup,
      dynamoDbGrants: [
        {
          actions: ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan'],
          resources: [tableArn, ...TABLE_INDEXES.map((index) => `${tableArn}/index/${index}`)],
        },
        { actions: ['dynamodb:BatchGetItem', 'dynamodb:Scan'], resources: [likesTableArn] },
      ],
    });
    // A like raises a mysfit's Likes (never an internal `__` item), then this region's counter
    // (its region's counters only) and reads the other regions' counters.
    const like = new MysfitsService(this, 'Like', {
      ...common,
      spec: SERVICES.like,
      image: serviceImage(props.serviceSourceDir, SERVICES.like),
      targetGroup: this.loadBalancer.likeTargetGroup,
      dynamoDbGrants: [
        {
          actions: ['dynamodb:UpdateItem'],
          resources: [tableArn],
          conditions: {
            'ForAllValues:StringNotLike': { 'dynamodb:LeadingKeys': [internalItemPattern()] },
          },
        },
        { actions: ['dynamodb:BatchGetItem'], resources: [likesTableArn] },
        {
          actions: ['dynamodb:UpdateItem'],
          resources: [likesTableArn],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [likeCounterKeyPattern(region)] },
          },
        },
      ],
    });
    for (const table of [this.globalTable, this.likesTable]) {
      if (!table) continue;
      // Start tasks only once the tables exist (and the Mysfits table is seeded).
      core.service.node.addDependency(table);
      like.service.node.addDependency(table);
    }
    // The routing switch is read by the region's gate, never by the app's tasks (no task
    // fails a health check because of it, so ECS never replaces one for it).
    // The switch items are in the control table (MRSC): the gate reads its region's replica.
    const gate = new RoutingGate(this, 'RoutingGate', {
      listener: this.loadBalancer.listener,
      tableName: settings.controlTableName,
      tableArn: arnOf(settings.controlTableName),
    });
    if (controlTable) gate.node.addDependency(controlTable);
    new GatingAlarms(this, 'GatingAlarms', { likeTargetGroup: this.loadBalancer.likeTargetGroup });
    const xray = new XRayGroups(this, 'XRayGroups');

    const lb = this.loadBalancer;
    const outputs: Record<string, [string, string]> = {
      [OUT.region]: [region, 'AWS region of this stack'],
      [OUT.role]: [role, 'primary or secondary'],
      [OUT.tableName]: [settings.tableName, 'DynamoDB global table (same name in every region)'],
      [OUT.likesTableName]: [settings.likesTableName, 'DynamoDB global table of the like counters'],
      [OUT.clusterName]: [cluster.clusterName, 'ECS cluster'],
      [OUT.coreServiceName]: [
        core.service.serviceName,
        'ECS service of the Mysfits (core) service',
      ],
      [OUT.likeServiceName]: [like.service.serviceName, 'ECS service of the Like service'],
      [OUT.coreTargetGroupArn]: [lb.coreTargetGroup.targetGroupArn, 'core target group'],
      [OUT.likeTargetGroupArn]: [lb.likeTargetGroup.targetGroupArn, 'like target group'],
      [OUT.gateTargetGroupArn]: [
        gate.targetGroup.targetGroupArn,
        'routing gate target group (its health is the routing switch)',
      ],
      [OUT.gateFunctionName]: [gate.function.functionName, 'routing gate Lambda function'],
      [OUT.loadBalancerArn]: [lb.alb.loadBalancerArn, 'ALB (accelerator endpoint)'],
      [OUT.loadBalancerDnsName]: [lb.alb.loadBalancerDnsName, 'ALB DNS name'],
      [OUT.gatingAlarmNames]: [
        Object.values(GATING_ALARMS).join(','),
        'gating alarms, comma-joined',
      ],
      [OUT.xrayGroupNames]: [xray.groupNames.join(','), 'X-Ray groups, comma-joined'],
    };
    for (const [key, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, key, { value, description });
    }
  }

  /**
   * The VPC's two AZs without a context lookup (which needs credentials): the pinned ones
   * from context, else the first two of `Fn::GetAZs` resolved by CloudFormation.
   */
  override get availabilityZones(): string[] {
    if (this.zones) return [...this.zones];
    return [0, 1].map((i) => Fn.select(i, Fn.getAzs()));
  }
}
