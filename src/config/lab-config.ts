/**
 * The config that describes the lab's built-in topology. `mysfits-dr init --lab` writes it,
 * and the repository's mysfits-dr.config.json is exactly this (a test keeps them equal).
 */
import { DEFAULT_THRESHOLDS } from './thresholds.js';
import {
  LAB_ACCELERATOR,
  LAB_ACCELERATOR_ADDRESS,
  LAB_CLUSTER,
  LAB_CONTROL_TABLE_NAME,
  LAB_GATING_ALARMS,
  LAB_LIKES_TABLE_NAME,
  LAB_REGIONS,
  LAB_SERVICES,
  LAB_TABLE_NAME,
  LAB_WITNESS_REGIONS,
  LAB_XRAY_GROUPS,
  labLoadBalancerArn,
  labTargetGroupArn,
} from '../lab/topology.js';

/** The lab's config as plain JSON (defaults written out, so the file documents them). */
export function labConfig(): Record<string, unknown> {
  return {
    version: 1,
    application: 'mythical-mysfits',
    primaryRegion: LAB_REGIONS[0],
    accelerator: {
      arn: LAB_ACCELERATOR.arn,
      listenerArn: LAB_ACCELERATOR.listenerArn,
      apiRegion: 'us-west-2',
      dnsName: LAB_ACCELERATOR_ADDRESS.dnsName,
      staticIps: [...LAB_ACCELERATOR_ADDRESS.staticIps],
      listenerPort: LAB_ACCELERATOR_ADDRESS.defaultPort,
      // The lab publishes the accelerator's metrics every second in `fast` timing.
      flowMetrics: { periodSeconds: 1, waitSeconds: 20 },
    },
    globalTable: { name: LAB_TABLE_NAME, partitionKey: 'MysfitId' },
    controlTable: {
      name: LAB_CONTROL_TABLE_NAME,
      replicaRegions: [...LAB_REGIONS],
      witnessRegion: LAB_WITNESS_REGIONS[0],
    },
    likesTable: { name: LAB_LIKES_TABLE_NAME, partitionKey: 'MysfitId' },
    regions: LAB_REGIONS.map((region) => ({
      name: region,
      endpointGroupArn: LAB_ACCELERATOR.endpointGroupArn(region),
      ecs: {
        cluster: LAB_CLUSTER,
        services: LAB_SERVICES.map((s) => ({
          name: s.name,
          role: s.role,
          targetGroupArn: labTargetGroupArn(region, s.role),
        })),
      },
      loadBalancerArn: labLoadBalancerArn(region),
      alarms: [...LAB_GATING_ALARMS],
      xrayGroups: [...LAB_XRAY_GROUPS],
    })),
    thresholds: { ...DEFAULT_THRESHOLDS },
  };
}
