import { describe, expect, it } from 'vitest';
import { assessStatus } from '../../src/core/status/assess.js';
import { known, unknown, type StatusFacts } from '../../src/core/status/facts.js';
import { statusDocumentSchema } from '../../src/core/status/schema.js';
import { EAST, WEST, config, healthyFacts, probe } from '../helpers/status-facts.js';

const unreachable = (call: string) => ({
  kind: 'unreachable' as const,
  call,
  message: 'connection reset (ECONNRESET)',
});

type Change = (f: StatusFacts) => void;
const region = (f: StatusFacts, name: string) => f.regions.find((r) => r.region === name)!;

/** The accelerator's API (us-west-2 only) does not answer: no accelerator, no endpoint group. */
function acceleratorApiDown(f: StatusFacts): void {
  f.accelerator = unknown(unreachable('ga'));
  for (const r of f.regions) r.endpointGroup = unknown(unreachable('ga'));
}

/** Nothing of `name`'s own APIs answers (ECS, CloudWatch, DynamoDB, ELB). */
function regionApisDown(f: StatusFacts, name: string): void {
  const r = region(f, name);
  r.services = unknown(unreachable('ecs'));
  r.alarms = unknown(unreachable('cw'));
  r.errorRate = unknown(unreachable('cw'));
  r.replica = unknown(unreachable('ddb'));
  r.targetGroups = r.targetGroups.map((t) => ({ ...t, targets: unknown(unreachable('elb')) }));
}

/** Neither replication direction could be probed. */
const probesUnknown = (f: StatusFacts) => {
  f.replication = [probe(WEST, EAST, 'unknown', null), probe(EAST, WEST, 'unknown', null)];
};

const cases: {
  name: string;
  change: Change;
  overall: string;
  active: string | null;
  eastCanTake: string;
  failoverEast: string;
  reason?: RegExp;
}[] = [
  {
    name: 'healthy lab',
    change: () => undefined,
    overall: 'healthy',
    active: WEST,
    eastCanTake: 'yes',
    failoverEast: 'yes',
  },
  {
    name: 'us-east-1 alarm in ALARM',
    change: (f) => {
      const r = region(f, EAST);
      r.alarms = known([
        {
          name: 'mysfits-like-target-5xx',
          state: 'ALARM',
          reason: 'Threshold Crossed',
          updatedAt: 0,
        },
      ]);
    },
    overall: 'degraded',
    active: WEST,
    eastCanTake: 'no',
    failoverEast: 'no',
    reason: /alarm mysfits-like-target-5xx is in ALARM/,
  },
  {
    name: 'replication paused into us-east-1',
    change: (f) => {
      f.replication = [probe(WEST, EAST, 'stalled', null), probe(EAST, WEST)];
    },
    overall: 'degraded',
    active: WEST,
    eastCanTake: 'yes',
    failoverEast: 'no',
    reason: /replication us-west-2 → us-east-1 stalled/,
  },
  {
    name: 'us-east-1 region down (its APIs unreachable, endpoint unhealthy)',
    change: (f) => {
      regionApisDown(f, EAST);
      const r = region(f, EAST);
      r.endpointGroup = known({
        ...(r.endpointGroup.known ? r.endpointGroup.value : ({} as never)),
        endpoints: [
          {
            endpointId: 'alb',
            weight: 128,
            healthState: 'UNHEALTHY',
            healthReason: 'connect failed',
          },
        ],
      });
      probesUnknown(f);
    },
    overall: 'degraded',
    active: WEST,
    eastCanTake: 'no',
    failoverEast: 'no',
    reason: /no healthy accelerator endpoint: UNHEALTHY \(connect failed\)/,
  },
  {
    name: 'us-west-2 control plane down (accelerator API unreachable)',
    change: (f) => {
      acceleratorApiDown(f);
      const w = region(f, WEST);
      w.services = unknown(unreachable('ecs'));
      w.alarms = unknown(unreachable('cw'));
    },
    overall: 'unknown',
    active: null,
    eastCanTake: 'yes',
    failoverEast: 'yes',
  },
  {
    name: 'us-west-2 region down (nothing there answers)',
    change: (f) => {
      acceleratorApiDown(f);
      regionApisDown(f, WEST);
      probesUnknown(f);
    },
    overall: 'unknown',
    active: null,
    eastCanTake: 'yes',
    failoverEast: 'unknown',
    reason: /replication us-west-2 → us-east-1 unknown/,
  },
  {
    name: 'us-west-2 marked out by the routing switch',
    change: (f) => {
      region(f, WEST).routingSwitch = known({ state: 'out', changedBy: 'ops@host', changedAt: 0 });
    },
    overall: 'degraded',
    active: WEST,
    eastCanTake: 'yes',
    failoverEast: 'yes',
    reason: /marked OUT of service by the routing switch \(by ops@host/,
  },
  {
    name: 'dials moved to us-east-1',
    change: (f) => {
      const w = region(f, WEST);
      if (w.endpointGroup.known) w.endpointGroup.value.trafficDialPercentage = 0;
    },
    overall: 'healthy',
    active: EAST,
    eastCanTake: 'yes',
    failoverEast: 'n/a',
  },
  {
    name: 'us-east-1 error rate over the threshold',
    change: (f) => {
      region(f, EAST).errorRate = known({
        requests: 200,
        errors5xx: 30,
        percent: 15,
        windowSeconds: 300,
        newestAgeSeconds: 10,
      });
    },
    overall: 'degraded',
    active: WEST,
    eastCanTake: 'no',
    failoverEast: 'no',
    reason: /5xx rate 15.0%/,
  },
  {
    name: 'us-east-1 throttled (every read failed)',
    change: (f) => {
      const r = region(f, EAST);
      const t = {
        kind: 'throttled' as const,
        call: 'x',
        message: 'ThrottlingException: Rate exceeded',
      };
      r.services = unknown(t);
      r.alarms = unknown(t);
    },
    overall: 'degraded',
    active: WEST,
    eastCanTake: 'unknown',
    failoverEast: 'unknown',
    reason: /ECS services unknown \(throttled: ThrottlingException/,
  },
];

describe('assessStatus', () => {
  it.each(cases)('$name', ({ change, overall, active, eastCanTake, failoverEast, reason }) => {
    const facts = healthyFacts();
    change(facts);
    const doc = assessStatus(config, facts);
    expect(statusDocumentSchema.parse(doc)).toBeTruthy();
    expect(doc.overall).toBe(overall);
    expect(doc.exitCode).toBe({ healthy: 0, degraded: 1, unknown: 7 }[overall]);
    expect(doc.verdict.activeRegion).toBe(active);
    expect(doc.regions.find((r) => r.name === EAST)!.canTakeAllTraffic).toBe(eastCanTake);
    const failover = doc.verdict.failover.find((x) => x.to === EAST);
    expect(failover?.safe ?? 'n/a').toBe(failoverEast);
    if (reason) {
      const all = [...(failover?.reasons ?? []), ...doc.regions.flatMap((r) => r.reasons)];
      expect(
        all.some((r) => reason.test(r)),
        all.join('\n'),
      ).toBe(true);
    }
  });

  it('shares follow the dials and health', () => {
    const facts = healthyFacts();
    const w = region(facts, WEST);
    if (w.endpointGroup.known) w.endpointGroup.value.trafficDialPercentage = 50;
    const doc = assessStatus(config, facts);
    expect(doc.regions.map((r) => r.traffic.sharePercent)).toEqual([50, 50]);
  });

  it('calls out the accelerator API living only in us-west-2 when it cannot be read', () => {
    const facts = healthyFacts();
    acceleratorApiDown(facts);
    const doc = assessStatus(config, facts);
    expect(doc.accelerator.reachable).toBe(false);
    expect(doc.warnings.join('\n')).toMatch(/answers only in us-west-2/);
    expect(doc.regions.every((r) => r.traffic.sharePercent === null)).toBe(true);
  });

  it('reports a service with fewer running tasks than the minimum', () => {
    const facts = healthyFacts();
    region(facts, EAST).services = known([
      {
        name: 'mysfits-core',
        status: 'ACTIVE',
        desired: 2,
        running: 2,
        pending: 0,
        deployments: [],
      },
      {
        name: 'mysfits-like',
        status: 'ACTIVE',
        desired: 0,
        running: 0,
        pending: 0,
        deployments: [],
      },
    ]);
    const doc = assessStatus(config, facts);
    expect(doc.regions[1]!.canTakeReasons).toContain(
      'ECS service mysfits-like: 0 running of 0 desired (needs 1)',
    );
  });
});
