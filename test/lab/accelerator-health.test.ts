// The accelerator's data plane when endpoints fail: an unhealthy ALB is skipped (even for a
// group dialled to 0), ThresholdCount consecutive checks flip the state, a region whose ALB
// refuses connections turns unhealthy, failing open when nothing is healthy, recovery, and
// a connection to an endpoint that cannot be reached being reset rather than rerouted.
import {
  DescribeEndpointGroupCommand,
  UpdateEndpointGroupCommand,
} from '@aws-sdk/client-global-accelerator';
import { beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../helpers/lab.js';
import { albOf, groupOf, requestOnce, startAcceleratorLab, tally } from './accelerator-harness.js';
import { useTestBed } from '../helpers/test-bed.js';

const [west, east] = ['us-west-2', 'us-east-1'] as const;
const t = useTestBed(() => startAcceleratorLab(0.01)); // health interval 10 s → 100 ms, propagation → 300 ms

beforeAll(async () => {
  await configure(west, { HealthCheckIntervalSeconds: 10 });
  await configure(east, { HealthCheckIntervalSeconds: 10 });
});

async function configure(
  region: string,
  input: {
    TrafficDialPercentage?: number;
    HealthCheckIntervalSeconds?: number;
    ThresholdCount?: number;
  },
): Promise<void> {
  await t.client.send(
    new UpdateEndpointGroupCommand({ EndpointGroupArn: groupOf(region), ...input }),
  );
  await t.waitDeployed();
}

async function describeWest() {
  const { EndpointGroup } = await t.client.send(
    new DescribeEndpointGroupCommand({ EndpointGroupArn: groupOf(west) }),
  );
  return EndpointGroup!.EndpointDescriptions![0]!;
}

describe('health', () => {
  it('skips an unhealthy endpoint: failover ignores the other group’s dial 0', async () => {
    await configure(east, { TrafficDialPercentage: 0 });
    t.directory.setHealth(albOf(west), {
      state: 'UNHEALTHY',
      reason: 'Target group mysfits-core has no healthy target.',
    });
    await t.waitForHealth('UNHEALTHY', [west]);
    expect((await describeWest()).HealthReason).toContain('no healthy target');
    const mark = t.events.length;
    expect(await tally(t.ga.proxyUrl, 100)).toEqual({ [east]: 100 });
    expect(t.events.slice(mark).every((e) => !e.failOpen)).toBe(true);
  });

  it('recovers: a healthy endpoint gets its traffic back', async () => {
    t.directory.setHealth(albOf(west), { state: 'HEALTHY' });
    await t.waitForHealth('HEALTHY', [west]);
    expect((await describeWest()).HealthReason).toBeUndefined();
    expect(await tally(t.ga.proxyUrl, 100)).toEqual({ [west]: 100 });
    await configure(east, { TrafficDialPercentage: 100 });
  });

  it('flips only after ThresholdCount consecutive failed checks', async () => {
    await configure(west, { HealthCheckIntervalSeconds: 30, ThresholdCount: 10 }); // ≥ 2.7 s
    t.directory.setHealth(albOf(west), { state: 'UNHEALTHY', reason: 'flapping' });
    await sleep(600); // at most 2 checks: timers never fire early
    expect((await describeWest()).HealthState).toBe('HEALTHY');
    await t.waitForHealth('UNHEALTHY', [west]);
    await configure(west, { HealthCheckIntervalSeconds: 10, ThresholdCount: 3 });
    t.directory.setHealth(albOf(west), { state: 'HEALTHY' });
    await t.waitForHealth('HEALTHY', [west]);
  });

  it('turns unhealthy when the ALB refuses connections (region outage), and back', async () => {
    await t.directory.stop(albOf(west));
    await t.waitForHealth('UNHEALTHY', [west]);
    expect((await describeWest()).HealthReason).toMatch(/TCP connection .* failed/);
    expect(await tally(t.ga.proxyUrl, 50)).toEqual({ [east]: 50 });
    await t.directory.start(albOf(west));
    await t.waitForHealth('HEALTHY', [west]);
    expect(await tally(t.ga.proxyUrl, 50)).toEqual({ [west]: 50 });
  });

  it('fails open to the closest group, dials ignored, when no endpoint is healthy', async () => {
    await configure(west, { TrafficDialPercentage: 0 });
    for (const region of [west, east]) {
      t.directory.setHealth(albOf(region), { state: 'UNHEALTHY', reason: 'scaled to 0' });
    }
    await t.waitForHealth('UNHEALTHY');
    const mark = t.events.length;
    expect(await tally(t.ga.proxyUrl, 100)).toEqual({ [west]: 100 });
    expect(t.events.slice(mark).every((e) => e.failOpen)).toBe(true);

    t.directory.setHealth(albOf(east), { state: 'HEALTHY' });
    await t.waitForHealth('HEALTHY', [east]);
    expect(await tally(t.ga.proxyUrl, 50)).toEqual({ [east]: 50 });
    t.directory.setHealth(albOf(west), { state: 'HEALTHY' });
    await configure(west, { TrafficDialPercentage: 100 });
    await t.waitForHealth('HEALTHY');
  });

  it('resets the client when the chosen endpoint cannot be reached: no retry elsewhere', async () => {
    await configure(west, { HealthCheckIntervalSeconds: 30, ThresholdCount: 10 });
    await t.directory.stop(albOf(west)); // still HEALTHY for ≥ 2.7 s
    const mark = t.events.length;
    const error: NodeJS.ErrnoException = await requestOnce(t.ga.proxyUrl).then(
      (body) => new Error(`answered: ${body}`),
      (e: NodeJS.ErrnoException) => e,
    );
    expect(`${error.code} ${error.message}`).toMatch(/ECONNRESET|socket hang up/);
    expect(t.events.slice(mark).map((e) => e.endpointGroupRegion)).toEqual([west]);
    await t.directory.start(albOf(west));
    await configure(west, { HealthCheckIntervalSeconds: 10, ThresholdCount: 3 });
    expect(await tally(t.ga.proxyUrl, 20)).toEqual({ [west]: 20 });
  });
});
