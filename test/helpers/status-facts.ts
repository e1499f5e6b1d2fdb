/** Status facts of the lab topology, all healthy, for assessing and rendering tests. */
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import {
  known,
  type ReplicationReading,
  type RegionFacts,
  type StatusFacts,
} from '../../src/core/status/facts.js';

/** The lab's config. */
export const config = parseConfig(labConfig(), 'lab');
/** The lab's regions. */
export const WEST = 'us-west-2';
export const EAST = 'us-east-1';

/**
 * One region with the given traffic dial, healthy unless `healthState` (its endpoint's health
 * in the accelerator) is not `HEALTHY`: then its targets are unhealthy too.
 */
export function regionFacts(name: string, dial = 100, healthState = 'HEALTHY'): RegionFacts {
  const region = config.regions.find((r) => r.name === name)!;
  const targetState = healthState === 'HEALTHY' ? 'healthy' : 'unhealthy';
  return {
    region: name,
    endpointGroup: known({
      arn: region.endpointGroupArn,
      region: name,
      trafficDialPercentage: dial,
      endpoints: [{ endpointId: region.loadBalancerArn, weight: 128, healthState }],
    }),
    services: known(
      region.ecs.services.map((s) => ({
        name: s.name,
        status: 'ACTIVE',
        desired: 2,
        running: 2,
        pending: 0,
        deployments: [],
      })),
    ),
    targetGroups: region.ecs.services.map((s) => ({
      service: s.name,
      targetGroupArn: s.targetGroupArn,
      targets: known([
        { targetId: '127.0.0.1', port: 1, state: targetState },
        { targetId: '127.0.0.1', port: 2, state: targetState },
      ]),
    })),
    alarms: known(
      region.alarms.map((a) => ({ name: a, state: 'OK', reason: 'fine', updatedAt: 0 })),
    ),
    errorRate: known({
      requests: 100,
      errors5xx: 0,
      percent: 0,
      windowSeconds: 300,
      newestAgeSeconds: 30,
    }),
    routingSwitch: known({ state: 'in' as const }),
    replica: known({
      name: 'MysfitsTable',
      status: 'ACTIVE',
      key: [{ name: 'MysfitId', type: 'S', keyType: 'HASH' as const }],
      replicas: [
        { region: WEST, status: 'ACTIVE' },
        { region: EAST, status: 'ACTIVE' },
      ],
    }),
  };
}

/** A probe reading of one direction. */
export function probe(
  from: string,
  to: string,
  verdict = 'ok',
  lagSeconds: number | null = 0.3,
): ReplicationReading {
  return { from, to, source: 'probe', lagSeconds, verdict, message: `${verdict}` };
}

/** Both regions healthy (both dials 100), replication ok both ways. */
export function healthyFacts(): StatusFacts {
  return {
    readAt: Date.parse('2026-12-01T10:00:00Z'),
    accelerator: known({
      arn: config.accelerator.arn,
      name: 'a',
      status: 'DEPLOYED',
      enabled: true,
      dnsName: 'x',
      ipAddresses: [],
    }),
    regions: [regionFacts(WEST), regionFacts(EAST)],
    replication: [probe(WEST, EAST), probe(EAST, WEST)],
    durationMs: 12,
  };
}
