/**
 * ECS API shapes (Cluster, Service, Deployment, Task, Container, Failure) built from the
 * lab's state, with the members AWS returns for a Fargate service behind a load balancer.
 * Timestamps are epoch seconds (awsJson1_1). Networking is the lab's: every task's address
 * is 127.0.0.1; subnet and security group ids are fixed per region.
 */
import { createHash } from 'node:crypto';
import type {
  EcsCluster,
  EcsDeployment,
  EcsServiceState,
  EcsTask,
} from '../../dataplane/ecs-state.js';
import { ecsArn } from '../../dataplane/ecs-state.js';
import { LAB_ACCOUNT_ID } from '../../topology.js';

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const hex = (text: string, length: number) =>
  createHash('sha1').update(text).digest('hex').slice(0, length);
const isLive = (t: EcsTask) => t.desiredStatus === 'RUNNING';
const isPending = (t: EcsTask) => t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING';

/**
 * Tasks among `tasks` whose lastStatus is RUNNING, and PROVISIONING or PENDING, whatever their
 * desired status: "the number of tasks … in the RUNNING state" (Service.runningCount). While an
 * unhealthy task waits for its replacement both are RUNNING, so runningCount exceeds desiredCount.
 */
export function taskCounts(tasks: readonly EcsTask[]): { running: number; pending: number } {
  return {
    running: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pending: tasks.filter(isPending).length,
  };
}

/** A Failure entry (`reason` MISSING for an unknown resource). */
export function failure(arn: string, reason = 'MISSING') {
  return { arn, reason };
}

/** An ARN for a name that was not found, as Describe* failures report it. */
export function missingArn(region: string, kind: string, ref: string, cluster?: string): string {
  if (ref.startsWith('arn:')) return ref;
  return ecsArn(region, cluster ? `${kind}/${cluster}/${ref}` : `${kind}/${ref}`);
}

function networkConfiguration(region: string) {
  return {
    awsvpcConfiguration: {
      subnets: [`subnet-${hex(`${region}a`, 17)}`, `subnet-${hex(`${region}b`, 17)}`],
      securityGroups: [`sg-${hex(`${region}sg`, 17)}`],
      assignPublicIp: 'DISABLED',
    },
  };
}

/** A Cluster. */
export function clusterShape(
  cluster: EcsCluster,
  services: readonly EcsServiceState[],
  tasks: readonly EcsTask[],
  include: readonly string[],
) {
  const mine = tasks.filter((t) => t.clusterArn === cluster.arn);
  const counts = taskCounts(mine);
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    runningTasksCount: counts.running,
    pendingTasksCount: counts.pending,
    activeServicesCount: services.length,
    statistics: [],
    tags: [],
    settings: include.includes('SETTINGS')
      ? [{ name: 'containerInsights', value: 'disabled' }]
      : [],
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
  };
}

function deploymentShape(service: EcsServiceState, d: EcsDeployment, tasks: readonly EcsTask[]) {
  const mine = tasks.filter((t) => t.deploymentId === d.id);
  const counts = taskCounts(mine);
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinitionArn,
    desiredCount: d.status === 'PRIMARY' ? service.desiredCount : mine.filter(isLive).length,
    pendingCount: counts.pending,
    runningCount: counts.running,
    failedTasks: d.failedTasks,
    createdAt: seconds(d.createdAt),
    updatedAt: seconds(d.updatedAt),
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    networkConfiguration: networkConfiguration(service.region),
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  };
}

/** A Service with its deployments and its most recent events. */
export function serviceShape(
  service: EcsServiceState,
  tasks: readonly EcsTask[],
  include: readonly string[],
) {
  const counts = taskCounts(tasks);
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: service.targetGroupArn
      ? [
          {
            targetGroupArn: service.targetGroupArn,
            containerName: service.containerName,
            containerPort: service.containerPort,
          },
        ]
      : [],
    serviceRegistries: [],
    status: 'ACTIVE',
    desiredCount: service.desiredCount,
    runningCount: counts.running,
    pendingCount: counts.pending,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: service.maximumPercent,
      minimumHealthyPercent: service.minimumHealthyPercent,
    },
    deployments: service.deployments.map((d) => deploymentShape(service, d, tasks)),
    roleArn: `arn:aws:iam::${LAB_ACCOUNT_ID}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    events: service.events.map((e) => ({
      id: e.id,
      createdAt: seconds(e.createdAt),
      message: e.message,
    })),
    createdAt: seconds(service.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: networkConfiguration(service.region),
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    createdBy: `arn:aws:iam::${LAB_ACCOUNT_ID}:role/mysfits-dr-lab`,
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    ...(include.includes('TAGS') ? { tags: [] } : {}),
  };
}

function attachmentStatus(task: EcsTask): string {
  if (task.lastStatus === 'PROVISIONING') return 'PRECREATED';
  if (task.lastStatus === 'DEPROVISIONING') return 'DETACHING';
  return task.lastStatus === 'STOPPED' ? 'DELETED' : 'ATTACHED';
}

function containerStatus(task: EcsTask): string {
  if (task.lastStatus === 'PROVISIONING' || task.lastStatus === 'PENDING') return 'PENDING';
  return task.executionStoppedAt === undefined ? 'RUNNING' : 'STOPPED';
}

/** A Task with its one essential container. */
export function taskShape(task: EcsTask, include: readonly string[]) {
  const eni = `eni-${hex(task.id, 17)}`;
  const pid = task.process?.child.pid;
  return {
    attachments: [
      {
        id: task.attachmentId,
        type: 'ElasticNetworkInterface',
        status: attachmentStatus(task),
        details: [
          {
            name: 'subnetId',
            value: networkConfiguration(task.region).awsvpcConfiguration.subnets[0],
          },
          { name: 'networkInterfaceId', value: eni },
          { name: 'privateDnsName', value: `ip-127-0-0-1.${task.region}.compute.internal` },
          { name: 'privateIPv4Address', value: '127.0.0.1' },
        ],
      },
    ],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: `${task.region}a`,
    clusterArn: task.clusterArn,
    connectivity: task.connectivityAt === undefined ? undefined : 'CONNECTED',
    connectivityAt: seconds(task.connectivityAt),
    containers: [
      {
        containerArn: task.containerArn,
        taskArn: task.arn,
        name: task.containerName,
        image: `${LAB_ACCOUNT_ID}.dkr.ecr.${task.region}.amazonaws.com/${task.serviceName}:latest`,
        runtimeId: pid === undefined ? undefined : `${task.id}-${pid}`,
        lastStatus: containerStatus(task),
        exitCode: task.exitCode,
        networkBindings: [],
        networkInterfaces: [{ attachmentId: task.attachmentId, privateIpv4Address: '127.0.0.1' }],
        healthStatus: 'UNKNOWN',
        cpu: '0',
      },
    ],
    cpu: task.cpu,
    createdAt: seconds(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: false,
    executionStoppedAt: seconds(task.executionStoppedAt),
    group: `service:${task.serviceName}`,
    healthStatus: 'UNKNOWN',
    lastStatus: task.lastStatus,
    launchType: 'FARGATE',
    memory: task.memory,
    overrides: {
      containerOverrides: [{ name: task.containerName }],
      inferenceAcceleratorOverrides: [],
    },
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    pullStartedAt: seconds(task.pullStartedAt),
    pullStoppedAt: seconds(task.pullStoppedAt),
    startedAt: seconds(task.startedAt),
    startedBy: task.deploymentId,
    stopCode: task.stopCode,
    stoppedAt: seconds(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: seconds(task.stoppingAt),
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
    ephemeralStorage: { sizeInGiB: 20 },
    ...(include.includes('TAGS') ? { tags: [] } : {}),
  };
}
