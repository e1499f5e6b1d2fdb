import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MysfitsAccelerator } from './accelerator.js';
import { MysfitsDashboard } from './dashboard.js';
import {
  APPLICATION_NAME,
  CLUSTER_NAME,
  DASHBOARD_NAME,
  GATING_ALARMS,
  GLOBAL_OUTPUTS as OUT,
  SERVICES,
  XRAY_GROUPS,
} from './names.js';
import type { PermissionStatement } from './operator-permissions.js';
import { resourceArns } from '../../src/core/iam-policy.js';
import { OperatorRole, type OperatorResourceArns } from './operator-role.js';
import type { RegionalStack } from './regional-stack.js';
import { ACCELERATOR_REGION, globalStackName, type AppSettings } from './settings.js';

/** Properties of {@link GlobalStack}. */
export interface GlobalStackProps extends StackProps {
  readonly settings: AppSettings;
  readonly primary: RegionalStack;
  readonly secondary: RegionalStack;
  /** The operator role's permission list (see `loadOperatorPermissions`). */
  readonly permissions: readonly PermissionStatement[];
}

/**
 * What spans both regions, deployed in us-west-2 (the only region that serves Global
 * Accelerator) after both regional stacks: the accelerator with one endpoint group per
 * region, the two-region dashboard and the operator role. The ALBs come from the regional
 * stacks as cross-region references (Fn::GetStackOutput, see README).
 */
export class GlobalStack extends Stack {
  /** The accelerator, its listener and endpoint groups. */
  readonly accelerator: MysfitsAccelerator;
  /** The role mysfits-dr assumes. */
  readonly operatorRole: OperatorRole;

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    const { settings, primary, secondary } = props;
    super(scope, id, {
      ...props,
      stackName: globalStackName(settings),
      env: { account: settings.account, region: ACCELERATOR_REGION },
      crossRegionReferences: true,
      description: 'Mythical Mysfits DR: accelerator, dashboard, operator role (mysfits-dr infra)',
    });
    const regions = [primary, secondary];
    this.accelerator = new MysfitsAccelerator(this, 'Accelerator', {
      regions: regions.map((s) => ({ region: s.region, loadBalancer: s.loadBalancer.alb })),
    });
    new MysfitsDashboard(this, 'Dashboard', {
      regions: regions.map((s) => ({
        region: s.region,
        loadBalancerFullName: s.loadBalancer.alb.loadBalancerFullName,
      })),
    });
    this.operatorRole = new OperatorRole(this, 'Operator', {
      principalArn: settings.operatorPrincipalArn,
      statements: props.permissions,
      resources: this.operatorResources(settings, regions),
    });

    const [primaryGroup, secondaryGroup] = this.accelerator.endpointGroups;
    const outputs: Record<string, [string, string]> = {
      [OUT.acceleratorArn]: [this.accelerator.accelerator.acceleratorArn, 'Global Accelerator'],
      [OUT.listenerArn]: [this.accelerator.listener.listenerArn, 'accelerator TCP :80 listener'],
      [OUT.acceleratorDnsName]: [this.accelerator.accelerator.dnsName, 'accelerator DNS name'],
      [OUT.acceleratorIpv4Addresses]: [
        Fn.join(',', this.accelerator.accelerator.ipv4Addresses ?? []),
        'accelerator static IPv4 addresses (comma separated)',
      ],
      [OUT.primaryRegion]: [primary.region, 'primary region'],
      [OUT.secondaryRegion]: [secondary.region, 'secondary region'],
      [OUT.primaryStackName]: [primary.stackName, 'regional stack of the primary region'],
      [OUT.secondaryStackName]: [secondary.stackName, 'regional stack of the secondary region'],
      [OUT.primaryEndpointGroupArn]: [primaryGroup!.endpointGroupArn, 'primary endpoint group'],
      [OUT.secondaryEndpointGroupArn]: [
        secondaryGroup!.endpointGroupArn,
        'secondary endpoint group',
      ],
      [OUT.tableName]: [settings.tableName, 'DynamoDB global table'],
      [OUT.controlTableName]: [
        settings.controlTableName,
        'control table (MRSC: lock, audit, switches)',
      ],
      [OUT.controlTableWitnessRegion]: [settings.witnessRegion, "control table's witness region"],
      [OUT.likesTableName]: [settings.likesTableName, 'DynamoDB global table of the like counters'],
      [OUT.operatorRoleArn]: [this.operatorRole.role.roleArn, 'role for mysfits-dr'],
      [OUT.dashboardName]: [DASHBOARD_NAME, `CloudWatch dashboard (${ACCELERATOR_REGION})`],
    };
    for (const [key, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, key, { value, description });
    }
  }

  /** The ARNs of each resource kind across both regions, for the operator role. */
  private operatorResources(settings: AppSettings, regions: RegionalStack[]): OperatorResourceArns {
    const accel = this.accelerator;
    return resourceArns({
      account: settings.account,
      partition: this.partition,
      tableName: settings.tableName,
      application: APPLICATION_NAME,
      controlTable: {
        name: settings.controlTableName,
        regions: regions.map((s) => s.region),
      },
      likesTableName: settings.likesTableName,
      acceleratorArns: [
        accel.accelerator.acceleratorArn,
        accel.listener.listenerArn,
        ...accel.endpointGroups.map((g) => g.endpointGroupArn),
      ],
      stackNames: [...regions, this].map((s) => ({ region: s.region, name: s.stackName })),
      regions: regions.map((s) => ({
        name: s.region,
        cluster: CLUSTER_NAME,
        services: Object.values(SERVICES).map((spec) => spec.name),
        loadBalancerArn: s.loadBalancer.alb.loadBalancerArn,
        targetGroupArns: [
          s.loadBalancer.coreTargetGroup.targetGroupArn,
          s.loadBalancer.likeTargetGroup.targetGroupArn,
        ],
        alarms: Object.values(GATING_ALARMS),
        xrayGroups: XRAY_GROUPS.map((g) => g.name),
      })),
    });
  }
}
