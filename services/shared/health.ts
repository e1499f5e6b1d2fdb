/**
 * The health verdict behind `GET /`, the ALB target-group health check path of both
 * services. It must answer fast and must not touch DynamoDB: a region whose table is
 * slow should not flap its tasks. `GET /` answers 200 when healthy and 503 otherwise.
 *
 * The one input today is the region's routing switch (routing-switch.ts): a background
 * refresher reads it from the table and this function only looks at the state it keeps,
 * so a region marked `out` answers 503 (`reason` says who marked it and why) while the
 * health check itself never waits for DynamoDB.
 */

/** What `GET /` reports. */
export interface HealthStatus {
  healthy: boolean;
  /** Why the task reports unhealthy, when it does. */
  reason?: string;
}

/** Something that knows, without blocking, whether this task should take traffic. */
export type HealthSource = () => HealthStatus;

let routingSwitch: HealthSource | undefined;

/**
 * Makes `healthStatus()` consult `source` (the process's routing switch); undefined removes
 * it. One process runs one service, so there is one switch per process.
 */
export function useRoutingSwitch(source: HealthSource | undefined): void {
  routingSwitch = source;
}

/**
 * The current health of this task: unhealthy while the routing switch of its region says
 * `out` (last known state), healthy otherwise, and healthy when the switch is disabled.
 */
export function healthStatus(): HealthStatus {
  return routingSwitch?.() ?? { healthy: true };
}
