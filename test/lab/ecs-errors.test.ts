// The lab's ECS API over HTTP: AWS's errors (SDK and the official AWS CLI), region
// isolation, and the health report. The workshop's services run in both regions.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  type ECSClient,
  ListServicesCommand,
  ListTasksCommand,
  StopTaskCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_CLUSTER } from '../../src/lab/topology.js';
import { describeService, serviceTasks, startEcsTestLab } from '../fixtures/ecs/ecs-harness.js';
import { waitFor, labEnv } from '../helpers/lab.js';
import { useTestBed } from '../helpers/test-bed.js';

const run = promisify(execFile);
const west = 'us-west-2';
const east = 'us-east-1';
const ACCOUNT = '000000000000';
const t = useTestBed(() => startEcsTestLab({ seedRegions: [west, east] }));
let ecsWest: ECSClient;
let ecsEast: ECSClient;

beforeAll(() => {
  ecsWest = t.client(west);
  ecsEast = t.client(east);
});

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

describe('errors', () => {
  it('answers with ECS error shapes and messages', async () => {
    const cases: [Promise<unknown>, string, string | RegExp][] = [
      [
        ecsWest.send(new DescribeServicesCommand({ cluster: 'nope', services: ['mysfits-like'] })),
        'ClusterNotFoundException',
        'Cluster not found.',
      ],
      [
        ecsWest.send(new DescribeServicesCommand({ services: ['mysfits-like'] })),
        'ClusterNotFoundException',
        'Cluster not found.',
      ],
      [
        ecsWest.send(new UpdateServiceCommand({ cluster: LAB_CLUSTER, service: 'ghost' })),
        'ServiceNotFoundException',
        'Service not found.',
      ],
      [
        ecsWest.send(
          new UpdateServiceCommand({
            cluster: LAB_CLUSTER,
            service: 'mysfits-like',
            desiredCount: -1,
          }),
        ),
        'InvalidParameterException',
        /desiredCount/,
      ],
      [
        ecsWest.send(new ListTasksCommand({ cluster: LAB_CLUSTER, serviceName: 'ghost' })),
        'ServiceNotFoundException',
        'Service not found.',
      ],
      [
        ecsWest.send(new StopTaskCommand({ cluster: LAB_CLUSTER, task: 'f'.repeat(32) })),
        'InvalidParameterException',
        'The referenced task was not found.',
      ],
      [
        ecsWest.send(new DescribeServicesCommand({ cluster: LAB_CLUSTER, services: [] })),
        'InvalidParameterException',
        'Services cannot be empty.',
      ],
      [
        ecsWest.send(
          new UpdateServiceCommand({
            cluster: LAB_CLUSTER,
            service: 'mysfits-like',
            taskDefinition: 'other:3',
          }),
        ),
        'ClientException',
        'TaskDefinition not found.',
      ],
      [
        ecsWest.send(new CreateServiceCommand({ cluster: LAB_CLUSTER, serviceName: 'x' })),
        'UnknownOperationException',
        /does not implement the ECS operation CreateService/,
      ],
    ];
    for (const [call, name, message] of cases) {
      const error = await errorOf(call);
      expect(error.name).toBe(name);
      if (typeof message === 'string') expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
    }
    expect((await describeService(ecsWest, 'mysfits-like')).desiredCount).toBe(1);
  });
});

describe('regions', () => {
  it('keeps each region to itself', async () => {
    const eastServices = await ecsEast.send(new ListServicesCommand({ cluster: LAB_CLUSTER }));
    expect(eastServices.serviceArns).toHaveLength(2);
    for (const arn of eastServices.serviceArns!) expect(arn).toContain(`:ecs:${east}:`);
    const westArn = `arn:aws:ecs:${west}:${ACCOUNT}:service/${LAB_CLUSTER}/mysfits-like`;
    const cross = await ecsEast.send(
      new DescribeServicesCommand({ cluster: LAB_CLUSTER, services: [westArn] }),
    );
    expect(cross.services).toEqual([]);
    expect(cross.failures).toEqual([{ arn: westArn, reason: 'MISSING' }]);
    const [westTask] = await serviceTasks(ecsWest, 'mysfits-like');
    const stop = await errorOf(
      ecsEast.send(new StopTaskCommand({ cluster: LAB_CLUSTER, task: westTask!.taskArn })),
    );
    expect(stop.name).toBe('InvalidParameterException');

    await ecsWest.send(
      new UpdateServiceCommand({ cluster: LAB_CLUSTER, service: 'mysfits-like', desiredCount: 2 }),
    );
    await waitFor('two like tasks in us-west-2', async () => {
      const s = await describeService(ecsWest, 'mysfits-like');
      return s.runningCount === 2;
    });
    const eastLike = await describeService(ecsEast, 'mysfits-like');
    expect(eastLike).toMatchObject({ desiredCount: 1, runningCount: 1 });
    expect(t.ecs.taskProcesses(east).filter((p) => p.serviceName === 'mysfits-like')).toHaveLength(
      1,
    );
    await ecsWest.send(
      new UpdateServiceCommand({ cluster: LAB_CLUSTER, service: 'mysfits-like', desiredCount: 1 }),
    );
    await waitFor(
      'back to one like task',
      async () => (await describeService(ecsWest, 'mysfits-like')).runningCount === 1,
    );
  });
});

describe('health', () => {
  it('reports one component per region and service', async () => {
    const { status, body } = await t.lab.api('GET', '/_lab/health');
    expect(status).toBe(200);
    const components = body.components;
    for (const region of [west, east]) {
      for (const name of ['mysfits-core', 'mysfits-like']) {
        expect(components[`ecs:${region}/${name}`]).toMatchObject({ healthy: true });
        expect(components[`ecs:${region}/${name}`].detail).toMatch(/^running \d\/\d, pending \d$/);
      }
    }
  });
});

const awsCli = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined;

describe.skipIf(!awsCli)('the official AWS CLI', () => {
  const cliEnv = labEnv();
  const aws = (...args: string[]) =>
    run(awsCli!, [...args, '--endpoint-url', t.lab.url, '--region', west, '--output', 'json'], {
      env: cliEnv,
    });

  it('describes services and lists tasks', async () => {
    const { stdout } = await aws(
      'ecs',
      'describe-services',
      '--cluster',
      LAB_CLUSTER,
      '--services',
      'mysfits-core',
      'mysfits-like',
    );
    const out = JSON.parse(stdout) as {
      services: { serviceName: string; runningCount: number; deployments: unknown[] }[];
    };
    expect(out.services.map((s) => [s.serviceName, s.runningCount])).toEqual([
      ['mysfits-core', 1],
      ['mysfits-like', 1],
    ]);
    const tasks = JSON.parse(
      (await aws('ecs', 'list-tasks', '--cluster', LAB_CLUSTER, '--service-name', 'mysfits-core'))
        .stdout,
    ) as { taskArns: string[] };
    expect(tasks.taskArns).toHaveLength(1);
  });

  it('shows ECS errors as the CLI does', async () => {
    const failed = await aws(
      'ecs',
      'describe-services',
      '--cluster',
      'nope',
      '--services',
      'x',
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 254 });
    expect((failed as { stderr: string }).stderr).toContain(
      'An error occurred (ClusterNotFoundException) when calling the DescribeServices operation: Cluster not found.',
    );
  });
});
