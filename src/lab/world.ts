/**
 * The lab's emulated AWS, wired together on a running lab endpoint: DynamoDB (registered by
 * the endpoint itself, see server.ts, and listed here with the rest),
 * CloudWatch (fed by the traffic, see world-metrics.ts), X-Ray (a daemon per region the
 * tasks send segments to), ELB (ALBs with health checks), ECS (task
 * processes registered in the ALBs' target groups) and Global Accelerator (routing to the
 * ALBs), seeded as the workshop leaves them after its Lab 4; and the kill-tasks fault acting
 * on ECS.
 */
import type { LabClock, LabLog } from './dataplane/contracts.js';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from './env.js';
import type { Fault } from './faults/schema.js';
import { serviceEntry } from './paths.js';
import { createLabRoutingGate } from './routing-gates.js';
import type { LabTimings } from './profiles.js';
import type { LabServer } from './server.js';
import type { DynamoDbService } from './services/dynamodb/service.js';
import { seedWorkshopAccelerator } from './services/globalaccelerator/seed.js';
import {
  createAcceleratorService,
  type AcceleratorService,
} from './services/globalaccelerator/service.js';
import { createEcsService, type LabEcs } from './services/ecs/ecs-service.js';
import { seedWorkshopEcs } from './services/ecs/seed.js';
import { seedWorkshopLoadBalancers } from './services/elbv2/seed.js';
import { createElbService, type ElbService } from './services/elbv2/service.js';
import { seedWorkshopCloudWatch } from './services/cloudwatch/seed.js';
import { createCloudWatchService, type CloudWatchService } from './services/cloudwatch/service.js';
import { seedWorkshopXRay } from './services/xray/seed.js';
import { createXRayService, type XRayService } from './services/xray/service.js';
import {
  LAB_GATING_ALARMS,
  LAB_LIKES_TABLE_NAME,
  LAB_TABLE_NAME,
  labLoadBalancerArn,
  type LabRegion,
} from './topology.js';
import { acceleratorMetricHooks, feedCloudWatch } from './world-metrics.js';

/** How to build the world. */
export interface LabWorldOptions {
  server: LabServer;
  regions: readonly LabRegion[];
  timings: LabTimings;
  clock: LabClock;
  /** Port of the accelerator's data plane on 127.0.0.1 (0: any free port). */
  acceleratorPort: number;
  /** Desired count of each ECS service at start (the workshop's: 1). */
  desiredCount?: number;
  /** Folder for per-task logs. */
  logDir?: string;
  log?: LabLog;
}

/** The running world. */
export interface LabWorld {
  dynamodb: DynamoDbService;
  cloudwatch: CloudWatchService;
  xray: XRayService;
  elb: ElbService;
  ecs: LabEcs;
  accelerator: AcceleratorService;
  /** The accelerator's data plane, e.g. `http://127.0.0.1:4581`. */
  acceleratorUrl: string;
  /** Stops feeding CloudWatch (the services themselves stop with the lab endpoint). */
  stop(): void;
}

/** Builds, registers and seeds ELB, ECS and Global Accelerator on the lab endpoint. */
export async function startLabWorld(options: LabWorldOptions): Promise<LabWorld> {
  const { server, regions, clock, timings } = options;
  const log = options.log ?? (() => undefined);
  const cloudwatch = createCloudWatchService({ regions, clock, log });
  server.registerService('monitoring', cloudwatch.handler);
  seedWorkshopCloudWatch(cloudwatch, { regions });
  const stopHolding = holdGatingAlarmsUntilServing(cloudwatch, regions, () =>
    regions.every((r) => elb.directory.endpointHealth(labLoadBalancerArn(r)).state === 'HEALTHY'),
  );
  server.onConsumedCapacity((sample) =>
    cloudwatch.collectors.recordConsumedCapacity({ ...sample, at: clock.now() }),
  );
  const xray = await createXRayService({ regions, clock, log });
  server.registerService('xray', xray.handler);
  seedWorkshopXRay(xray, { regions });
  const elb = createElbService({
    regions,
    clock,
    faults: server.faults,
    log,
    onRequest: (event) => cloudwatch.collectors.recordAlbRequest(event),
  });
  server.registerService('elasticloadbalancing', elb.handler);
  const ecs = createEcsService({
    regions,
    clock,
    timings,
    registry: (region) => elb.registry(region),
    faults: server.faults,
    log,
    ...(options.logDir ? { logDir: options.logDir } : {}),
    launch: (region, role, port) => ({
      command: process.execPath,
      args: [serviceEntry(role === 'core' ? 'mysfits' : 'like')],
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: region,
        DDB_TABLE_NAME: LAB_TABLE_NAME,
        LIKES_TABLE_NAME: LAB_LIKES_TABLE_NAME,
        MYSFITS_REGIONS: regions.join(','),
        PORT: String(port),
        HOST: '127.0.0.1',
        AWS_ENDPOINT_URL: server.url,
        AWS_ACCESS_KEY_ID: LAB_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: LAB_SECRET_ACCESS_KEY,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_XRAY_DAEMON_ADDRESS: xray.daemonAddress(region),
        ...(role === 'like' && server.faults.chaosMode(region) ? { CHAOSMODE: 'on' } : {}),
      },
    }),
  });
  server.registerService('ecs', ecs.handler);
  const accelerator = await createAcceleratorService({
    regions,
    clock,
    timings,
    directory: elb.directory,
    proxyPort: options.acceleratorPort,
    log,
    ...acceleratorMetricHooks(cloudwatch.collectors),
  });
  server.registerService('globalaccelerator', accelerator.handler);
  server.faults.onAdded((fault) => killTasksFault(fault, ecs, server, log));
  // chaos-mode: replace the Like tasks so the new ones start with (or without) CHAOSMODE=on.
  const rollLikeTasks = (fault: Fault) => {
    if (fault.kind === 'chaos-mode') ecs.killTasks(fault.region, { serviceName: 'mysfits-like' });
  };
  server.faults.onAdded(rollLikeTasks);
  server.faults.onCleared(rollLikeTasks);

  const gates = regions.map((region) => createLabRoutingGate(region, server.url, { clock, log }));
  gates.forEach((gate, i) => elb.addLambdaFunction(regions[i]!, gate.functionArn, gate.invoke));
  await seedWorkshopLoadBalancers(elb, { regions, routingGate: true });
  await seedWorkshopEcs(ecs, { regions, desiredCount: options.desiredCount ?? 1 });
  seedWorkshopAccelerator(accelerator, { regions });
  const stopFeeding = feedCloudWatch(cloudwatch, {
    regions,
    clock,
    elb,
    ecs,
    xray,
    replicator: server.replicator,
  });
  return {
    dynamodb: server.dynamodb,
    cloudwatch,
    xray,
    elb,
    ecs,
    accelerator,
    acceleratorUrl: accelerator.proxyUrl,
    stop: () => {
      stopHolding();
      stopFeeding();
      for (const gate of gates) gate.close();
    },
  };
}

/**
 * Keeps the seeded gating alarms in the OK of the workshop's steady state until every
 * region's load balancer first has healthy targets, then lets them be evaluated once the
 * lab holds that many periods of data: the tasks' start-up is the lab's, not an outage.
 */
function holdGatingAlarmsUntilServing(
  cloudwatch: CloudWatchService,
  regions: readonly LabRegion[],
  serving: () => boolean,
): () => void {
  const hold = () => {
    for (const region of regions) {
      for (const name of LAB_GATING_ALARMS) cloudwatch.holdSteady(region, name);
    }
  };
  hold();
  const timer = setInterval(() => {
    hold();
    if (serving()) clearInterval(timer);
  }, 250);
  timer.unref();
  return () => clearInterval(timer);
}

/** Acts on a kill-tasks fault: once, or every `everyMs` while the fault is active. */
function killTasksFault(fault: Fault, ecs: LabEcs, server: LabServer, log: LabLog): void {
  if (fault.kind !== 'kill-tasks') return;
  const round = () => {
    const killed = ecs.killTasks(fault.region, {
      ...(fault.service ? { serviceName: fault.service } : {}),
      ...(fault.count ? { count: fault.count } : {}),
    });
    log(
      `fault ${fault.id}: killed ${killed.length} task(s) in ${fault.region}${fault.service ? ` (${fault.service})` : ''}`,
    );
  };
  round();
  if (!fault.everyMs) return;
  const timer = setInterval(() => {
    if (!server.faults.list().some((f) => f.id === fault.id)) return clearInterval(timer);
    round();
  }, fault.everyMs);
  timer.unref();
}
