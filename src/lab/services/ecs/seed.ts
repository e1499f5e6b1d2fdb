/**
 * Seeds the lab's ECS with the workshop's topology as it stands after its Lab 3: in each
 * region the cluster `mysfits-cluster` and the Fargate services `mysfits-core` and
 * `mysfits-like`, each registered with its target group (topology.ts) and with the stack's
 * health check grace period, then waits until
 * every service has reached a steady state.
 */
import { LAB_CLUSTER, LAB_SERVICES, type LabRegion, labTargetGroupArn } from '../../topology.js';
import type { LabEcs } from './ecs-service.js';

/** The services' health check grace period: infra/lib/mysfits-service.ts sets 60 s (CDK's default with a load balancer). */
export const WORKSHOP_HEALTH_CHECK_GRACE_PERIOD_SECONDS = 60;

/** Options of seedWorkshopEcs. */
export interface SeedWorkshopEcsOptions {
  regions: readonly LabRegion[];
  /** Desired count of every service (the workshop's: 1). */
  desiredCount?: number;
  /** Wall-clock ms to wait for steady states (default 120 000). */
  timeoutMs?: number;
}

/** Creates the workshop's clusters and services; resolves once all are steady, rejects naming those that are not. */
export async function seedWorkshopEcs(ecs: LabEcs, options: SeedWorkshopEcsOptions): Promise<void> {
  const desiredCount = options.desiredCount ?? 1;
  const timeoutMs = options.timeoutMs ?? 120_000;
  for (const region of options.regions) {
    ecs.createCluster(region, LAB_CLUSTER);
    for (const service of LAB_SERVICES) {
      ecs.createService(region, {
        cluster: LAB_CLUSTER,
        name: service.name,
        role: service.role,
        targetGroupArn: labTargetGroupArn(region, service.role),
        desiredCount,
        healthCheckGracePeriodSeconds: WORKSHOP_HEALTH_CHECK_GRACE_PERIOD_SECONDS,
      });
    }
  }
  const waits = options.regions.flatMap((region) =>
    LAB_SERVICES.map((service) =>
      ecs.waitForSteadyState(region, LAB_CLUSTER, service.name, timeoutMs),
    ),
  );
  const results = await Promise.allSettled(waits);
  const problems = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => (r.reason as Error).message);
  if (problems.length > 0) {
    throw new Error(`Seeding the lab's ECS services failed: ${problems.join('; ')}`);
  }
}
