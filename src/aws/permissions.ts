/**
 * The IAM actions the CLI's AWS adapters send, read from permissions.json beside this file
 * (a test checks it lists exactly the SDK commands used in src/aws), and the operator policy
 * they make for a configured deployment.
 */
import type { Config } from '../config/schema.js';
import {
  policyDocument,
  resourceArns,
  type PermissionEntry,
  type PolicyDocument,
} from '../core/iam-policy.js';
import permissions from './permissions.json' with { type: 'json' };

/** The entries of src/aws/permissions.json. */
export const PERMISSIONS: readonly PermissionEntry[] = permissions as PermissionEntry[];

/** The operator policy for the deployment described by `config`. */
export function operatorPolicyForConfig(config: Config, stackPrefix: string): PolicyDocument {
  const [, partition = 'aws', , , account = ''] = config.accelerator.arn.split(':');
  return policyDocument(
    PERMISSIONS,
    resourceArns({
      account,
      partition,
      tableName: config.globalTable.name,
      application: config.application,
      ...(config.controlTable
        ? {
            controlTable: {
              name: config.controlTable.name,
              regions: config.controlTable.replicaRegions,
            },
          }
        : {}),
      likesTableName: config.likesTable.name,
      acceleratorArns: [
        config.accelerator.arn,
        config.accelerator.listenerArn,
        ...config.regions.map((r) => r.endpointGroupArn),
      ],
      stackNames: [
        { region: config.accelerator.apiRegion, name: `${stackPrefix}-global` },
        ...config.regions.map((r) => ({ region: r.name, name: `${stackPrefix}-${r.name}` })),
      ],
      regions: config.regions.map((r) => ({
        name: r.name,
        cluster: r.ecs.cluster,
        services: r.ecs.services.map((s) => s.name),
        loadBalancerArn: r.loadBalancerArn,
        targetGroupArns: r.ecs.services.map((s) => s.targetGroupArn),
        alarms: r.alarms,
        xrayGroups: r.xrayGroups,
      })),
    }),
  );
}
