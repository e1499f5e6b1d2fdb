// The lab's ECS API over HTTP with the real SDK: shapes of List* and Describe*, pagination,
// failures[] for unknown names. The workshop's services run in us-west-2 and us-east-1.
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_CLUSTER, labTargetGroupArn } from '../../src/lab/topology.js';
import { describeService, serviceTasks, startEcsTestLab } from '../fixtures/ecs/ecs-harness.js';
import { useTestBed } from '../helpers/test-bed.js';

const west = 'us-west-2';
const ACCOUNT = '000000000000';
const t = useTestBed(() => startEcsTestLab({ seedRegions: [west] }));
let ecsWest: ECSClient;

beforeAll(() => {
  ecsWest = t.client(west);
});

describe('clusters', () => {
  it('lists and describes the cluster, with failures for unknown names', async () => {
    const listed = await ecsWest.send(new ListClustersCommand({}));
    expect(listed.clusterArns).toEqual([`arn:aws:ecs:${west}:${ACCOUNT}:cluster/${LAB_CLUSTER}`]);
    const out = await ecsWest.send(
      new DescribeClustersCommand({ clusters: [LAB_CLUSTER, 'nope'] }),
    );
    expect(out.clusters).toHaveLength(1);
    expect(out.clusters![0]).toMatchObject({
      clusterName: LAB_CLUSTER,
      clusterArn: listed.clusterArns![0],
      status: 'ACTIVE',
      activeServicesCount: 2,
      runningTasksCount: 2,
      pendingTasksCount: 0,
    });
    expect(out.failures).toEqual([
      { arn: `arn:aws:ecs:${west}:${ACCOUNT}:cluster/nope`, reason: 'MISSING' },
    ]);
  });
});

describe('services', () => {
  it('lists services with pagination', async () => {
    const all = await ecsWest.send(new ListServicesCommand({ cluster: LAB_CLUSTER }));
    expect(all.serviceArns).toEqual([
      `arn:aws:ecs:${west}:${ACCOUNT}:service/${LAB_CLUSTER}/mysfits-core`,
      `arn:aws:ecs:${west}:${ACCOUNT}:service/${LAB_CLUSTER}/mysfits-like`,
    ]);
    expect(all.nextToken).toBeUndefined();
    const first = await ecsWest.send(
      new ListServicesCommand({ cluster: LAB_CLUSTER, maxResults: 1 }),
    );
    expect(first.serviceArns).toEqual([all.serviceArns![0]]);
    const second = await ecsWest.send(
      new ListServicesCommand({ cluster: LAB_CLUSTER, maxResults: 1, nextToken: first.nextToken }),
    );
    expect(second.serviceArns).toEqual([all.serviceArns![1]]);
    expect(second.nextToken).toBeUndefined();
  });

  it('describes a steady service as AWS does, by name or ARN, with MISSING failures', async () => {
    const coreArn = `arn:aws:ecs:${west}:${ACCOUNT}:service/${LAB_CLUSTER}/mysfits-core`;
    const out = await ecsWest.send(
      new DescribeServicesCommand({
        cluster: `arn:aws:ecs:${west}:${ACCOUNT}:cluster/${LAB_CLUSTER}`,
        services: ['mysfits-like', coreArn, 'ghost'],
      }),
    );
    expect(out.services!.map((s) => s.serviceName)).toEqual(['mysfits-like', 'mysfits-core']);
    expect(out.failures).toEqual([
      { arn: `arn:aws:ecs:${west}:${ACCOUNT}:service/${LAB_CLUSTER}/ghost`, reason: 'MISSING' },
    ]);
    const like = out.services![0]!;
    const tg = labTargetGroupArn(west, 'like');
    expect(like).toMatchObject({
      serviceArn: `arn:aws:ecs:${west}:${ACCOUNT}:service/${LAB_CLUSTER}/mysfits-like`,
      clusterArn: `arn:aws:ecs:${west}:${ACCOUNT}:cluster/${LAB_CLUSTER}`,
      status: 'ACTIVE',
      desiredCount: 1,
      runningCount: 1,
      pendingCount: 0,
      launchType: 'FARGATE',
      schedulingStrategy: 'REPLICA',
      taskDefinition: `arn:aws:ecs:${west}:${ACCOUNT}:task-definition/mysfits-like:1`,
      loadBalancers: [{ targetGroupArn: tg, containerName: 'mysfits-like', containerPort: 8080 }],
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
    });
    expect(like.createdAt).toBeInstanceOf(Date);
    expect(like.deployments).toHaveLength(1);
    const deployment = like.deployments![0]!;
    expect(deployment).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: like.taskDefinition,
      desiredCount: 1,
      runningCount: 1,
      pendingCount: 0,
      failedTasks: 0,
      launchType: 'FARGATE',
      rolloutState: 'COMPLETED',
      rolloutStateReason: `ECS deployment ${deployment.id} completed.`,
    });
    expect(deployment.id).toMatch(/^ecs-svc\/\d{19}$/);
    expect(deployment.updatedAt!.getTime()).toBeGreaterThanOrEqual(deployment.createdAt!.getTime());
    const [task] = await serviceTasks(ecsWest, 'mysfits-like');
    const messages = like.events!.map((e) => e.message);
    expect(messages).toEqual([
      '(service mysfits-like) has reached a steady state.',
      `(service mysfits-like) (deployment ${deployment.id}) deployment completed.`,
      `(service mysfits-like) registered 1 targets in (target-group ${tg})`,
      `(service mysfits-like) has started 1 tasks: (task ${task!.taskArn!.split('/').at(-1)}).`,
    ]);
    expect(like.events![0]!.createdAt).toBeInstanceOf(Date);
  });
});

describe('tasks', () => {
  it('lists and describes a running task; its process answers on the registered port', async () => {
    const listed = await ecsWest.send(
      new ListTasksCommand({ cluster: LAB_CLUSTER, serviceName: 'mysfits-like' }),
    );
    expect(listed.taskArns).toHaveLength(1);
    const arn = listed.taskArns![0]!;
    expect(arn).toMatch(
      new RegExp(`^arn:aws:ecs:${west}:${ACCOUNT}:task/${LAB_CLUSTER}/[0-9a-f]{32}$`),
    );
    const id = arn.split('/').at(-1)!;
    const missing = 'ffffffffffffffffffffffffffffffff';
    const out = await ecsWest.send(
      new DescribeTasksCommand({ cluster: LAB_CLUSTER, tasks: [id, missing] }),
    );
    expect(out.failures).toEqual([
      { arn: `arn:aws:ecs:${west}:${ACCOUNT}:task/${LAB_CLUSTER}/${missing}`, reason: 'MISSING' },
    ]);
    const task = out.tasks![0]!;
    const service = await describeService(ecsWest, 'mysfits-like');
    expect(task).toMatchObject({
      taskArn: arn,
      clusterArn: `arn:aws:ecs:${west}:${ACCOUNT}:cluster/${LAB_CLUSTER}`,
      taskDefinitionArn: service.taskDefinition,
      group: 'service:mysfits-like',
      startedBy: service.deployments![0]!.id,
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING',
      launchType: 'FARGATE',
      cpu: '256',
      memory: '512',
      availabilityZone: `${west}a`,
    });
    expect(task.createdAt).toBeInstanceOf(Date);
    expect(task.startedAt!.getTime()).toBeGreaterThanOrEqual(task.createdAt!.getTime());
    expect(task.stoppedAt).toBeUndefined();
    expect(task.containers).toHaveLength(1);
    expect(task.containers![0]).toMatchObject({
      name: 'mysfits-like',
      lastStatus: 'RUNNING',
      networkInterfaces: [{ privateIpv4Address: '127.0.0.1' }],
    });
    expect(task.containers![0]!.exitCode).toBeUndefined();

    const [proc] = t.ecs.taskProcesses(west).filter((p) => p.taskArn === arn);
    expect(proc).toMatchObject({ region: west, serviceName: 'mysfits-like', role: 'like' });
    const registered = t.registries[west]!.callsFor(proc!.port);
    expect(registered).toEqual([
      expect.objectContaining({
        op: 'register',
        targetGroupArn: labTargetGroupArn(west, 'like'),
        target: { id: '127.0.0.1', port: proc!.port },
      }),
    ]);
    const answer = await fetch(`http://127.0.0.1:${proc!.port}/`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(`pid ${proc!.pid}`);
  });

  it('lists nothing for desired status PENDING, and stopped tasks only when asked', async () => {
    for (const desiredStatus of ['PENDING', 'STOPPED'] as const) {
      const out = await ecsWest.send(new ListTasksCommand({ cluster: LAB_CLUSTER, desiredStatus }));
      expect(out.taskArns).toEqual([]);
    }
    const all = await ecsWest.send(new ListTasksCommand({ cluster: LAB_CLUSTER, maxResults: 1 }));
    expect(all.taskArns).toHaveLength(1);
    expect(all.nextToken).toBeDefined();
  });
});
