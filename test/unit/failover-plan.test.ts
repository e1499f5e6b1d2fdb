/**
 * planFailover's "already done": all traffic in the target is not enough when it is there
 * only because the other region's endpoint is unhealthy — the dials must hold the end state,
 * or traffic goes back once that region recovers.
 */
import { describe, expect, it } from 'vitest';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { planFailover, type FailoverRequest } from '../../src/core/failover/plan.js';
import type { AppProbe, PortFactory } from '../../src/core/ports.js';
import { assessStatus } from '../../src/core/status/assess.js';
import { known, type RegionFacts, type StatusFacts } from '../../src/core/status/facts.js';

const config = parseConfig(labConfig(), 'lab');
const WEST = 'us-west-2';
const EAST = 'us-east-1';

function regionFacts(name: string, dial: number, healthState: string): RegionFacts {
  const region = config.regions.find((r) => r.name === name)!;
  const healthy = healthState === 'HEALTHY';
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
        desired: 1,
        running: 1,
        pending: 0,
        deployments: [],
      })),
    ),
    targetGroups: region.ecs.services.map((s) => ({
      service: s.name,
      targetGroupArn: s.targetGroupArn,
      targets: known([
        { targetId: '127.0.0.1', port: 1, state: healthy ? 'healthy' : 'unhealthy' },
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

function doc(west: [number, string], east: [number, string]) {
  const facts: StatusFacts = {
    readAt: Date.parse('2026-12-01T10:00:00Z'),
    accelerator: known({
      arn: config.accelerator.arn,
      name: 'a',
      status: 'DEPLOYED',
      enabled: true,
      dnsName: 'x',
      ipAddresses: [],
    }),
    regions: [regionFacts(WEST, ...west), regionFacts(EAST, ...east)],
    replication: [WEST, EAST].map((from) => ({
      from,
      to: from === WEST ? EAST : WEST,
      source: 'probe' as const,
      lagSeconds: 0.3,
      verdict: 'ok',
      message: 'ok',
    })),
    durationMs: 12,
  };
  return assessStatus(config, facts);
}

// Steps only hold their ports; nothing runs in these tests.
const ports = { accelerator: () => ({}), region: () => ({}) } as unknown as PortFactory;
const probe: AppProbe = { url: 'http://app', request: () => Promise.reject(new Error('unused')) };

function plan(kind: 'failover' | 'failback', to: string, status: ReturnType<typeof doc>) {
  const request: FailoverRequest = {
    kind,
    to,
    via: 'dials',
    mode: 'all-at-once',
    stepPercent: 25,
    scaleSourceDown: false,
  };
  const timings = { timeoutMs: 1_000, pollMs: 10 };
  return planFailover(config, status, request, {
    ports,
    probe,
    hashKey: 'MysfitId',
    runId: 'run',
    owner: 'me',
    timings: { scale: timings, dial: timings },
    landing: { consecutive: 1, timeoutMs: 1_000, intervalMs: 10, requestTimeoutMs: 100, path: '/' },
  });
}

const H = 'HEALTHY';
const U = 'UNHEALTHY';
const cases = [
  {
    name: 'failback after a failover: west dial 0, both healthy',
    kind: 'failback' as const,
    to: WEST,
    west: [0, H] as [number, string],
    east: [100, H] as [number, string],
    done: false,
    dials: [`dial:${WEST}:100`],
  },
  {
    name: 'failback while us-east-1 is unhealthy: west gets all traffic, but by health only',
    kind: 'failback' as const,
    to: WEST,
    west: [0, H] as [number, string],
    east: [100, U] as [number, string],
    done: false,
    dials: [`dial:${WEST}:100`],
  },
  {
    name: 'failback at the baseline (100/100)',
    kind: 'failback' as const,
    to: WEST,
    west: [100, H] as [number, string],
    east: [100, H] as [number, string],
    done: true,
    dials: [`dial:${WEST}:100`],
  },
  {
    name: 'failover while us-west-2 is unhealthy: east gets all traffic, west dial still 100',
    kind: 'failover' as const,
    to: EAST,
    west: [100, U] as [number, string],
    east: [100, H] as [number, string],
    done: false,
    dials: [`dial:${EAST}:100`, `dial:${WEST}:0`],
  },
  {
    name: 'failover done already (0/100)',
    kind: 'failover' as const,
    to: EAST,
    west: [0, H] as [number, string],
    east: [100, H] as [number, string],
    done: true,
    dials: [`dial:${EAST}:100`],
  },
];

describe('planFailover: already done only when the dials hold the end state', () => {
  it.each(cases)('$name', ({ kind, to, west, east, done, dials }) => {
    const status = doc(west, east);
    const result = plan(kind, to, status);
    expect(result.alreadyDone).toBe(done);
    expect(result.steps.map((s) => s.id).filter((id) => id.startsWith('dial:'))).toEqual(dials);
    if (!done) expect(result.summary).not.toMatch(/already$/);
  });
});
