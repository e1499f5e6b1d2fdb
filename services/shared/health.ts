/**
 * The health verdict behind `GET /`, the ALB target-group health check path of both
 * services. It must answer fast and must not touch DynamoDB: a region whose table is
 * slow should not flap its tasks. Extend HERE (one function) when the routing switch
 * arrives; `GET /` answers 200 when healthy and 503 otherwise.
 */

/** What `GET /` reports. */
export interface HealthStatus {
  healthy: boolean;
  /** Why the task reports unhealthy, when it does. */
  reason?: string;
}

/** The current health of this task. Today: always healthy while the process serves. */
export function healthStatus(): HealthStatus {
  return { healthy: true };
}
