// The drill fault actions on AWS (src/aws/fault-actions.ts) with the real SDK over HTTP against
// a lab of this file's own (they scale services to zero and break health checks, so they must
// not disturb the shared lab other files read at the same time): scaling mysfits-like in
// us-east-1 to 0 really stops its tasks and scaling back starts them; pointing the core target
// group's health check at a path the tasks answer 404 on makes its targets unhealthy, and the
// previous path heals them. Every change is undone in a `finally`, and the lab is checked to be
// as it was found.
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFaultActions, type AwsFaultActions } from '../../src/aws/fault-actions.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { labClientConfig, waitFor } from '../helpers/lab.js';
import { labAwsSettings } from '../helpers/lab-ports.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';
import { drErrorOf } from '../helpers/failures.js';

const config = parseConfig(labConfig(), 'lab');
const east = config.regions.find((r) => r.name === 'us-east-1')!;
const CLUSTER = east.ecs.cluster;
const LIKE = 'mysfits-like';
const core = east.ecs.services.find((s) => s.role === 'core')!;

let lab: OwnLab;
let faults: AwsFaultActions;
let ecs: ECSClient;
let elbv2: ElasticLoadBalancingV2Client;
let before: { desired: number; path: string };

beforeAll(async () => {
  lab = await startOwnLab();
  faults = awsFaultActions(
    { ...labAwsSettings(lab.endpoint), requestTimeoutMs: 5_000, maxAttempts: 2 },
    config,
  );
  ecs = new ECSClient(labClientConfig(east.name, lab.endpoint));
  elbv2 = new ElasticLoadBalancingV2Client(labClientConfig(east.name, lab.endpoint));
  before = { desired: (await likeService()).desiredCount ?? -1, path: await corePath() };
});
afterAll(async () => {
  faults?.destroy();
  ecs?.destroy();
  elbv2?.destroy();
  await lab?.stop();
});

async function likeService() {
  const out = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [LIKE] }));
  return out.services![0]!;
}

async function corePath(): Promise<string> {
  const out = await elbv2.send(
    new DescribeTargetGroupsCommand({ TargetGroupArns: [core.targetGroupArn] }),
  );
  return out.TargetGroups![0]!.HealthCheckPath!;
}

/** The health states of the core target group's targets, when there is at least one. */
async function coreStates(): Promise<string[]> {
  const out = await elbv2.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: core.targetGroupArn }),
  );
  return (out.TargetHealthDescriptions ?? []).map(
    (d) => `${d.TargetHealth?.State}${d.TargetHealth?.Reason ? ` ${d.TargetHealth.Reason}` : ''}`,
  );
}

describe('scaleService', () => {
  it('scales mysfits-like in us-east-1 to 0 (tasks stop) and back (tasks run)', async () => {
    expect(before.desired).toBeGreaterThan(0);
    let scaledDown = false;
    try {
      const down = await faults.scaleService(east.name, LIKE, 0);
      scaledDown = true;
      expect(down).toEqual({ previousDesiredCount: before.desired });
      expect((await likeService()).desiredCount).toBe(0);
      await waitFor(
        'mysfits-like to run no task',
        async () => (await likeService()).runningCount === 0,
        30_000,
      );
    } finally {
      if (scaledDown) {
        const up = await faults.scaleService(east.name, LIKE, before.desired);
        expect(up).toEqual({ previousDesiredCount: 0 });
      }
    }
    await waitFor(
      `mysfits-like to run ${before.desired} tasks again`,
      async () => (await likeService()).runningCount === before.desired,
      30_000,
    );
  });

  it('refuses an unknown service or region, naming the configured ones', async () => {
    const service = await drErrorOf(faults.scaleService(east.name, 'mysfits-likes', 0));
    expect(service.code).toBe('UNKNOWN_SERVICE');
    expect(service.exitCode).toBe(2);
    expect(service.message).toContain('"mysfits-likes"');
    expect(service.hint).toContain('mysfits-core, mysfits-like');
    const region = await drErrorOf(faults.scaleService('eu-west-1', LIKE, 0));
    expect(region.code).toBe('UNKNOWN_REGION');
    expect(region.hint).toContain('us-west-2, us-east-1');
    const count = await drErrorOf(faults.scaleService(east.name, LIKE, -1));
    expect(count.code).toBe('BAD_DESIRED_COUNT');
    expect((await likeService()).desiredCount).toBe(before.desired);
  });
});

describe('setHealthCheckPath', () => {
  const coreHealthy = (what: string) =>
    waitFor(
      what,
      async () => {
        const states = await coreStates();
        return states.length > 0 && states.every((s) => s === 'healthy');
      },
      30_000,
    );

  it("breaks the core target group's health check (targets unhealthy) and heals it", async () => {
    await coreHealthy('the core targets to be healthy');
    let broken = false;
    try {
      const out = await faults.setHealthCheckPath(east.name, core.name, '/no-such-health-check');
      broken = true;
      expect(out).toEqual({ targetGroupArn: core.targetGroupArn, previousPath: before.path });
      expect(await corePath()).toBe('/no-such-health-check');
      const unhealthy = await waitFor(
        'the core targets to fail their health checks',
        async () => {
          const states = await coreStates();
          return states.length > 0 && states.every((s) => s.startsWith('unhealthy')) && states;
        },
        30_000,
      );
      expect(unhealthy.every((s) => s === 'unhealthy Target.ResponseCodeMismatch')).toBe(true);
    } finally {
      if (broken) {
        const restored = await faults.setHealthCheckPath(east.name, core.name, before.path);
        expect(restored.previousPath).toBe('/no-such-health-check');
      }
    }
    expect(await corePath()).toBe(before.path);
    await coreHealthy('the core targets to be healthy again');
  });

  it('refuses a path that is not one, before any call', async () => {
    const error = await drErrorOf(faults.setHealthCheckPath(east.name, core.name, 'health'));
    expect(error.code).toBe('BAD_HEALTH_CHECK_PATH');
    expect(await corePath()).toBe(before.path);
  });
});

describe('the lab afterwards', () => {
  it('is as the tests found it', async () => {
    const service = await likeService();
    expect({
      desired: service.desiredCount,
      running: service.runningCount,
      path: await corePath(),
    }).toEqual({ desired: before.desired, running: before.desired, path: before.path });
  });
});
