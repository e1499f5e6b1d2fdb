// ALB target health in the lab, observed through DescribeTargetHealth with the real SDK while
// real HTTP targets answer the health checks: initial → healthy, a broken health-check path
// (ModifyTargetGroup, the way the lab lets operators break health checks) → unhealthy with
// Target.ResponseCodeMismatch, fixed → healthy again; the failing-health-checks fault (a
// narrowed security group) → Target.Timeout; refused connections → Target.FailedHealthChecks;
// draining on deregistration; and the endpoint health the accelerator reads.
import {
  DescribeTargetHealthCommand,
  ModifyTargetGroupCommand,
  type TargetHealth,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { labLoadBalancerArn } from '../../src/lab/topology.js';
import { REGIONS, waitFor } from '../helpers/lab.js';
import { tgArn, useElbTestBed } from './elbv2-harness.js';

const [west, east] = REGIONS;
const { bed, target } = useElbTestBed();

async function healthOf(region: string, arn: string, port: number): Promise<TargetHealth> {
  const out = await bed.client(region).send(
    new DescribeTargetHealthCommand({
      TargetGroupArn: arn,
      Targets: [{ Id: '127.0.0.1', Port: port }],
    }),
  );
  return out.TargetHealthDescriptions![0]!.TargetHealth!;
}

/** Polls the target's health until `done`, returning every distinct (state, reason) seen. */
async function watch(
  region: string,
  arn: string,
  port: number,
  done: (h: TargetHealth) => boolean,
  timeoutMs = 8_000,
): Promise<string[]> {
  const seen: string[] = [];
  await waitFor(
    `target ${port} in ${arn}`,
    async () => {
      const h = await healthOf(region, arn, port);
      const label = [h.State, h.Reason, h.Description].filter(Boolean).join(' | ');
      if (seen[seen.length - 1] !== label) seen.push(label);
      return done(h);
    },
    timeoutMs,
  );
  return seen;
}

describe('target health', () => {
  it('goes initial → healthy → unhealthy (broken path) → healthy (fixed)', async () => {
    const t = await target('h1');
    const arn = tgArn(west, 'core');
    const registered = Date.now();
    bed.elb.registry(west).register(arn, t.address);
    const start = await watch(west, arn, t.port, (h) => h.State === 'healthy');
    expect(start).toEqual([
      'initial | Elb.RegistrationInProgress | Target registration is in progress',
      'initial | Elb.InitialHealthChecking | Initial health checks in progress',
      'healthy',
    ]);
    // Three passes at the 10 s interval (scaled), the first one interval after registration.
    expect(Date.now() - registered).toBeGreaterThanOrEqual(bed.scaled(30_000) - 50);

    const modify = (path: string) =>
      bed
        .client(west)
        .send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, HealthCheckPath: path }));
    await modify('/health-that-does-not-exist');
    const broken = await watch(west, arn, t.port, (h) => h.State === 'unhealthy');
    expect(broken.at(-1)).toBe(
      'unhealthy | Target.ResponseCodeMismatch | Health checks failed with these codes: [404]',
    );
    expect(broken.slice(0, -1).every((s) => s === 'healthy')).toBe(true);

    await modify('/');
    const fixed = await watch(west, arn, t.port, (h) => h.State === 'healthy');
    expect(fixed[0]).toMatch(/^unhealthy/);
    await bed.elb.registry(west).deregister(arn, t.address);
  });

  it('times out while health checks fail (narrowed security group), then recovers', async () => {
    const t = await target('h2');
    const arn = tgArn(east, 'like');
    bed.elb.registry(east).register(arn, t.address);
    await watch(east, arn, t.port, (h) => h.State === 'healthy');
    const checksBefore = t.checks;
    bed.faults.failingGroups.add(arn);
    const failing = await watch(east, arn, t.port, (h) => h.State === 'unhealthy');
    expect(failing.at(-1)).toBe('unhealthy | Target.Timeout | Request timed out');
    // The checks never reached the target while its "security group" dropped them.
    expect(t.checks).toBeLessThanOrEqual(checksBefore + 1);
    bed.faults.failingGroups.delete(arn);
    await watch(east, arn, t.port, (h) => h.State === 'healthy');
    await bed.elb.registry(east).deregister(arn, t.address);
  });

  it('fails with Target.FailedHealthChecks when the target refuses connections', async () => {
    const t = await target('h3');
    await t.close();
    const arn = tgArn(east, 'core');
    bed.elb.registry(east).register(arn, t.address);
    const seen = await watch(east, arn, t.port, (h) => h.State === 'unhealthy');
    expect(seen.at(-1)).toBe('unhealthy | Target.FailedHealthChecks | Health checks failed');
    await bed.elb.registry(east).deregister(arn, t.address);
  });

  it('drains a deregistered target for the deregistration delay, then forgets it', async () => {
    const t = await target('h4');
    const arn = tgArn(west, 'like');
    bed.elb.registry(west).register(arn, t.address);
    const started = Date.now();
    const gone = bed.elb.registry(west).deregister(arn, t.address);
    expect(await healthOf(west, arn, t.port)).toEqual({
      State: 'draining',
      Reason: 'Target.DeregistrationInProgress',
      Description: 'Target deregistration is in progress',
    });
    await gone;
    expect(Date.now() - started).toBeGreaterThanOrEqual(bed.scaled(30_000) - 20);
    const out = await bed
      .client(west)
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    expect(out.TargetHealthDescriptions).toEqual([]);
    expect((await healthOf(west, arn, t.port)).State).toBe('unused');
  });

  it('refuses to register a target in an unknown group', () => {
    expect(() =>
      bed.elb.registry(west).register(tgArn(east, 'core'), { id: '127.0.0.1', port: 1 }),
    ).toThrow(/not found in us-west-2/);
  });
});

describe('endpoint health (what the accelerator reads)', () => {
  it('is healthy only while every forwarded group has a healthy target, and not during an outage', async () => {
    const lb = labLoadBalancerArn(west);
    const { directory } = bed.elb;
    const first = directory.endpointHealth(lb);
    expect(first.state).toBe('UNHEALTHY');
    expect(first.reason).toContain(
      'target group mysfits-core has no healthy target (no registered targets)',
    );
    const core = await target('e-core');
    const like = await target('e-like');
    bed.elb.registry(west).register(tgArn(west, 'core'), core.address);
    await waitFor(
      'core healthy',
      async () => !directory.endpointHealth(lb).reason?.includes('mysfits-core'),
    );
    expect(directory.endpointHealth(lb)).toEqual({
      state: 'UNHEALTHY',
      reason: 'target group mysfits-like has no healthy target (no registered targets)',
    });
    bed.elb.registry(west).register(tgArn(west, 'like'), like.address);
    await waitFor('endpoint healthy', async () => directory.endpointHealth(lb).state === 'HEALTHY');

    const components = await bed.elb.handler.health!();
    expect(components[`alb:${west}:mysfits-alb`]).toEqual({
      healthy: true,
      detail: 'mysfits-like 1/1 healthy, mysfits-core 1/1 healthy',
      url: bed.albUrl(west),
    });

    bed.faults.outages.set(west, 'timeout');
    expect(directory.endpointHealth(lb).state).toBe('UNHEALTHY');
    expect(directory.endpointHealth(lb).reason).toMatch(/outage/);
    bed.faults.outages.delete(west);
    expect(directory.endpointHealth(lb).state).toBe('HEALTHY');

    bed.faults.failingGroups.add(tgArn(west, 'like'));
    await waitFor('like unhealthy', async () => directory.endpointHealth(lb).state === 'UNHEALTHY');
    expect(directory.endpointHealth(lb).reason).toBe(
      'target group mysfits-like has no healthy target (1 unhealthy)',
    );
    bed.faults.failingGroups.clear();
    expect(
      directory.endpointHealth(
        'arn:aws:elasticloadbalancing:us-west-2:000000000000:loadbalancer/app/x/1',
      ).state,
    ).toBe('UNHEALTHY');
    expect(directory.dataPlaneAddress(lb)).toEqual({
      host: '127.0.0.1',
      port: Number(bed.albUrl(west).split(':')[2]),
    });
    await Promise.all([
      bed.elb.registry(west).deregister(tgArn(west, 'core'), core.address),
      bed.elb.registry(west).deregister(tgArn(west, 'like'), like.address),
    ]);
  });
});
