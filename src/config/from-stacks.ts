/**
 * Builds a mysfits-dr config from the outputs of the stacks deployed by infra/: the global
 * stack (`<prefix>-global`, in us-west-2) names the regions and their stacks; each regional
 * stack (`<prefix>-<region>`) describes its ECS, ALB, alarms and X-Ray groups. The output
 * keys are the contract with infra/ (listed in infra/README.md and checked by its tests).
 */
import { DEFAULT_THRESHOLDS } from './thresholds.js';
import { drError } from '../core/errors.js';

/** Output keys of the global stack that the config needs. */
export const GLOBAL_STACK_OUTPUTS = [
  'AcceleratorArn',
  'ListenerArn',
  'AcceleratorDnsName',
  'PrimaryRegion',
  'SecondaryRegion',
  'PrimaryStackName',
  'SecondaryStackName',
  'PrimaryEndpointGroupArn',
  'SecondaryEndpointGroupArn',
  'TableName',
] as const;

/**
 * Output keys of the global stack that name the control table (MRSC). Optional: stacks
 * deployed before the control table existed have none, and the config then has no
 * `controlTable` (the lock fails closed to the primary region).
 */
export const CONTROL_TABLE_OUTPUTS = ['ControlTableName', 'ControlTableWitnessRegion'] as const;

/**
 * Output keys of the global stack the config takes when present (stacks deployed before they
 * existed lack them): the accelerator's static IPv4 addresses (comma separated) and the likes
 * table's name.
 */
export const OPTIONAL_GLOBAL_STACK_OUTPUTS = [
  'AcceleratorIpv4Addresses',
  'LikesTableName',
] as const;

/** Output keys of each regional stack that the config needs. */
export const REGIONAL_STACK_OUTPUTS = [
  'Region',
  'ClusterName',
  'CoreServiceName',
  'LikeServiceName',
  'CoreTargetGroupArn',
  'LikeTargetGroupArn',
  'LoadBalancerArn',
  'GatingAlarmNames',
  'XRayGroupNames',
] as const;

/** Outputs of one stack, by key, with the stack's name for messages. */
export interface NamedOutputs {
  stackName: string;
  outputs: Record<string, string>;
}

/** The value of an output; throws STACK_OUTPUT_MISSING (exit 2) naming the stack and key. */
export function need(stack: NamedOutputs, key: string): string {
  const value = stack.outputs[key];
  if (value === undefined || value === '') {
    throw drError('STACK_OUTPUT_MISSING', `stack ${stack.stackName} has no output ${key}`, {
      hint: 'Redeploy infra/ from this version of mysfits-dr (`cd infra && npx cdk deploy --all`); the outputs it writes are listed in infra/README.md.',
    });
  }
  return value;
}

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function region(stack: NamedOutputs, endpointGroupArn: string): Record<string, unknown> {
  return {
    name: need(stack, 'Region'),
    endpointGroupArn,
    ecs: {
      cluster: need(stack, 'ClusterName'),
      services: [
        {
          name: need(stack, 'CoreServiceName'),
          role: 'core',
          targetGroupArn: need(stack, 'CoreTargetGroupArn'),
        },
        {
          name: need(stack, 'LikeServiceName'),
          role: 'like',
          targetGroupArn: need(stack, 'LikeTargetGroupArn'),
        },
      ],
    },
    loadBalancerArn: need(stack, 'LoadBalancerArn'),
    alarms: list(need(stack, 'GatingAlarmNames')),
    xrayGroups: list(need(stack, 'XRayGroupNames')),
  };
}

/** The `controlTable` block when the global stack names one (replicas: the two regions). */
function controlTable(global: NamedOutputs): Record<string, unknown> {
  if (!global.outputs.ControlTableName) return {};
  return {
    controlTable: {
      name: need(global, 'ControlTableName'),
      replicaRegions: [need(global, 'PrimaryRegion'), need(global, 'SecondaryRegion')],
      witnessRegion: need(global, 'ControlTableWitnessRegion'),
    },
  };
}

/** The config (as plain JSON, not yet validated) described by the three stacks. */
export function configFromStacks(
  global: NamedOutputs,
  primary: NamedOutputs,
  secondary: NamedOutputs,
): Record<string, unknown> {
  const staticIps = list(global.outputs.AcceleratorIpv4Addresses ?? '');
  const likesTable = global.outputs.LikesTableName;
  return {
    version: 1,
    application: 'mythical-mysfits',
    primaryRegion: need(global, 'PrimaryRegion'),
    accelerator: {
      arn: need(global, 'AcceleratorArn'),
      listenerArn: need(global, 'ListenerArn'),
      apiRegion: 'us-west-2',
      // Its address, so that commands reach the app without the accelerator API (us-west-2 only).
      dnsName: need(global, 'AcceleratorDnsName'),
      ...(staticIps.length > 0 ? { staticIps } : {}),
      listenerPort: 80, // infra/'s listener: TCP 80, as the workshop's
    },
    // infra/ always creates the tables with partition key MysfitId (the workshop's schema).
    globalTable: { name: need(global, 'TableName'), partitionKey: 'MysfitId' },
    ...controlTable(global),
    ...(likesTable ? { likesTable: { name: likesTable, partitionKey: 'MysfitId' } } : {}),
    regions: [
      region(primary, need(global, 'PrimaryEndpointGroupArn')),
      region(secondary, need(global, 'SecondaryEndpointGroupArn')),
    ],
    thresholds: { ...DEFAULT_THRESHOLDS },
  };
}
