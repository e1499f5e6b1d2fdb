/**
 * planFailover's "already done": all traffic in the target is not enough when it is there
 * only because the other region's endpoint is unhealthy — the dials must hold the end state,
 * or traffic goes back once that region recovers. And its `target-dial` check: through the
 * routing switch, traffic moves only away from a region marked out, so the target must get
 * every new connection by the dials.
 */
import { describe, expect, it } from 'vitest';
import {
  planFailover,
  type FailoverDeps,
  type FailoverRequest,
} from '../../src/core/failover/plan.js';
import { CONTROL_TABLE_IDS } from '../../src/core/ops/control-store.js';
import type { AppProbe, PortFactory } from '../../src/core/ports.js';
import { assessStatus } from '../../src/core/status/assess.js';
import { unknown, type StatusFacts } from '../../src/core/status/facts.js';
import { config, EAST, healthyFacts, regionFacts, WEST } from '../helpers/status-facts.js';

/** A status document; `apiDown`: the accelerator's API does not answer (dials unknown). */
function doc(west: [number, string], east: [number, string], apiDown = false) {
  const down = {
    kind: 'unreachable' as const,
    call: 'DescribeEndpointGroup',
    message: 'ECONNREFUSED',
  };
  const regions = [regionFacts(WEST, ...west), regionFacts(EAST, ...east)];
  const healthy = healthyFacts();
  const facts: StatusFacts = {
    ...healthy,
    accelerator: apiDown ? unknown(down) : healthy.accelerator,
    regions: apiDown ? regions.map((r) => ({ ...r, endpointGroup: unknown(down) })) : regions,
  };
  return assessStatus(config, facts);
}

// Steps only hold their ports; nothing runs in these tests.
const ports = { accelerator: () => ({}), region: () => ({}) } as unknown as PortFactory;
const probe: AppProbe = { url: 'http://app', request: () => Promise.reject(new Error('unused')) };

const timings = { timeoutMs: 1_000, pollMs: 10 };
/** What every plan of this file is built with (no step runs here). */
const planDeps: FailoverDeps = {
  ports,
  probe,
  switches: {
    store: {
      mode: 'strong',
      table: 'Control',
      hashKey: 'Pk',
      ids: CONTROL_TABLE_IDS,
      regions: [],
    },
    write: () => Promise.reject(new Error('unused')),
    runId: 'run',
    owner: 'me',
  },
  runId: 'run',
  owner: 'me',
  timings: { scale: timings, dial: timings },
  landing: { consecutive: 1, timeoutMs: 1_000, intervalMs: 10, requestTimeoutMs: 100, path: '/' },
};

function plan(
  kind: 'failover' | 'failback',
  to: string,
  status: ReturnType<typeof doc>,
  via: FailoverRequest['via'] = 'dials',
) {
  const request: FailoverRequest = {
    kind,
    to,
    via,
    mode: 'all-at-once',
    stepPercent: 25,
    scaleSourceDown: false,
  };
  return planFailover(config, status, request, planDeps);
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

const viaSwitch = [
  {
    name: 'failback to us-west-2 whose dial is 0: refused, naming the region, the dial and the fix',
    kind: 'failback' as const,
    to: WEST,
    west: [0, H] as [number, string],
    east: [100, H] as [number, string],
    ok: false,
    detail:
      /^us-west-2's traffic dial is 0%: .*us-west-2 would receive 0% .*until --timeout; move traffic with the dials \(--via dials\), or set us-west-2's dial first \(`mysfits-dr traffic set us-west-2 100`\)$/,
  },
  {
    name: 'failback to us-west-2 whose dial is 50: half the clients would stay in us-east-1',
    kind: 'failback' as const,
    to: WEST,
    west: [50, H] as [number, string],
    east: [100, H] as [number, string],
    ok: false,
    detail: /^us-west-2's traffic dial is 50%: .*would receive 50% of new connections/,
  },
  {
    name: 'failback to us-west-2 whose dial is 0 while us-east-1 is unhealthy: traffic would go back',
    kind: 'failback' as const,
    to: WEST,
    west: [0, H] as [number, string],
    east: [100, U] as [number, string],
    ok: false,
    detail: /dial is 0%: .*traffic goes back to us-east-1 when it recovers/,
  },
  {
    name: 'failback to us-west-2 after a routing-switch failover (dials 100/100)',
    kind: 'failback' as const,
    to: WEST,
    west: [100, U] as [number, string],
    east: [100, H] as [number, string],
    ok: true,
    detail: /^us-west-2 would receive every new connection by the dials/,
  },
  {
    name: 'failover to us-east-1 whose dial is 0: us-west-2 marked out, failover ignores the dials',
    kind: 'failover' as const,
    to: EAST,
    west: [100, H] as [number, string],
    east: [0, H] as [number, string],
    ok: true,
    detail: /^every other region is marked out/,
  },
  {
    name: 'failback to us-east-1 (not the primary): us-west-2 keeps its clients by its dial',
    kind: 'failback' as const,
    to: EAST,
    west: [100, H] as [number, string],
    east: [100, H] as [number, string],
    ok: false,
    detail:
      /^us-west-2 keeps its clients by its dial: .*us-east-1 would receive 0% .*`mysfits-dr failover --to us-east-1`.*lower that dial first \(`mysfits-dr traffic set us-west-2 0`\)$/,
  },
];

describe('planFailover --via routing-switch: the target-dial check', () => {
  it.each(viaSwitch)('$name', ({ kind, to, west, east, ok, detail }) => {
    const result = plan(kind, to, doc(west, east), 'routing-switch');
    const check = result.checks.find((c) => c.name === 'target-dial');
    expect(check?.ok, check?.detail).toBe(ok);
    expect(check?.detail).toMatch(detail);
  });

  it('passes with a caveat when the dials cannot be read (the API down is why the switch is used)', () => {
    const failback = plan('failback', WEST, doc([0, H], [100, H], true), 'routing-switch');
    const check = failback.checks.find((c) => c.name === 'target-dial');
    expect(check?.ok).toBe(true);
    expect(check?.detail).toMatch(
      /could not be read \(ECONNREFUSED\); if us-west-2's dial is below 100%/,
    );
  });

  it('a failover by the switch needs a control table: the gates read the switch only there', () => {
    const withTable = plan('failover', EAST, doc([100, H], [100, H]), 'routing-switch');
    expect(withTable.checks.find((c) => c.name === 'control-table')?.ok).toBe(true);
    const withoutTable = planFailover(
      { ...config, controlTable: undefined },
      doc([100, H], [100, H]),
      {
        ...withTable.request,
        kind: 'failover',
        to: EAST,
        via: 'routing-switch',
      } as FailoverRequest,
      planDeps,
    );
    const check = withoutTable.checks.find((c) => c.name === 'control-table');
    expect(check?.ok).toBe(false);
    expect(check?.detail).toMatch(/names no control table \(controlTable\)/);
  });

  it('is not a check of the dials path (the plan sets the dials itself)', () => {
    const result = plan('failback', WEST, doc([0, H], [100, H]));
    expect(result.checks.map((c) => c.name)).not.toContain('target-dial');
  });
});
