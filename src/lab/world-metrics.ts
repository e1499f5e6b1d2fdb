/**
 * Feeds the lab's CloudWatch from the traffic that actually flowed: every ALB request, every
 * flow the accelerator routed and the bytes it carried, the target health of each target
 * group, the CPU and memory of each ECS task process, the replication lag of each direction
 * (the age of the oldest pending change while changes wait), and the traces counted in each
 * X-Ray group.
 */
import type {
  AcceleratorBytesEvent,
  AcceleratorConnectionEvent,
} from './dataplane/accelerator-proxy.js';
import type { LabClock } from './dataplane/contracts.js';
import type { Replicator } from './dataplane/replicator.js';
import {
  ACCELERATOR_METRICS_REGION,
  ACCELERATOR_NAMESPACE,
  type AcceleratorDatapoint,
  newFlowDatapoints,
  processedBytesDatapoints,
} from './services/cloudwatch/engine/accelerator-metrics.js';
import type { CloudWatchCollectors } from './services/cloudwatch/engine/collectors.js';
import type { CloudWatchService } from './services/cloudwatch/service.js';
import type { LabEcs } from './services/ecs/ecs-service.js';
import type { ElbService } from './services/elbv2/service.js';
import type { XRayService } from './services/xray/service.js';
import { LAB_CLUSTER, LAB_TABLE_NAME, LAB_XRAY_GROUPS } from './topology.js';

/** What the metrics are read from. */
export interface MetricSources {
  regions: readonly string[];
  clock: LabClock;
  elb: ElbService;
  ecs: LabEcs;
  xray: XRayService;
  replicator: Replicator;
}

/** Connects the polled sources and starts counting X-Ray group traces; returns a stop function. */
export function feedCloudWatch(cloudwatch: CloudWatchService, sources: MetricSources): () => void {
  const { regions, elb, ecs, xray, replicator, clock } = sources;
  cloudwatch.collectors.setSources({
    targetHealth: () =>
      regions.flatMap((region) =>
        [...elb.region(region).loadBalancers.values()].flatMap((lb) =>
          elb
            .region(region)
            .targetGroupsOf(lb.arn)
            .map((group) => {
              const counts = group.counts();
              return {
                region,
                loadBalancerArn: lb.arn,
                targetGroupArn: group.config.arn,
                healthy: counts.healthy,
                unhealthy: counts.unhealthy,
              };
            }),
        ),
      ),
    ecsTasks: () =>
      regions.flatMap((region) =>
        ecs.taskProcesses(region).map((task) => ({
          region,
          clusterName: LAB_CLUSTER,
          serviceName: task.serviceName,
          pid: task.pid,
        })),
      ),
    replication: () =>
      replicator.report().directions.map((d) =>
        d.pending > 0 && d.oldestPendingAgeMs !== null
          ? { from: d.from, to: d.to, tableName: LAB_TABLE_NAME, lastLagMs: d.oldestPendingAgeMs }
          : {
              from: d.from,
              to: d.to,
              tableName: LAB_TABLE_NAME,
              lastLagMs: d.lastLagMs,
              lastAppliedAt: d.lastAppliedAt === null ? null : Date.parse(d.lastAppliedAt),
            },
      ),
  });
  let since = clock.now();
  const timer = setInterval(
    () => {
      const now = clock.now();
      for (const region of regions) {
        for (const groupName of LAB_XRAY_GROUPS) {
          const count = xray.groupTraceCounts(region, groupName, since, now);
          if (count !== undefined)
            cloudwatch.collectors.recordXRayCount({ region, groupName, count, at: now });
        }
      }
      since = now;
    },
    Math.max(1_000, clock.scaled(60_000)),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The accelerator service's `onConnection` and `onBytes` hooks that count its flows into
 * AWS/GlobalAccelerator in us-west-2 (NewFlowCount, ProcessedBytesIn, ProcessedBytesOut).
 */
export function acceleratorMetricHooks(collectors: CloudWatchCollectors): {
  onConnection(event: AcceleratorConnectionEvent): void;
  onBytes(event: AcceleratorBytesEvent): void;
} {
  const add = (at: number, points: AcceleratorDatapoint[]) => {
    for (const { value, ...metric } of points) {
      const where = { region: ACCELERATOR_METRICS_REGION, namespace: ACCELERATOR_NAMESPACE };
      collectors.addSum({ ...where, ...metric }, at, value);
    }
  };
  return {
    onConnection: (flow) => add(flow.at, newFlowDatapoints(flow)),
    onBytes: (event) =>
      add(event.at, processedBytesDatapoints(event.flow, event.direction, event.bytes)),
  };
}
