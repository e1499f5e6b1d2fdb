/**
 * The health verdict behind `GET /`, the ALB target-group health check path of both
 * services. A task answers 200 whenever its process serves, as the workshop's services do:
 * the routing switch is NOT consulted here. Draining a region is the job of its gate
 * (services/gate), a Lambda target of its own target group, so no application task ever
 * fails a health check because of the switch and ECS never replaces a task for it
 * (docs/routing-switch.md).
 */

/** What a health check reports (`GET /` of a task, or the gate's verdict on the switch). */
export interface HealthStatus {
  healthy: boolean;
  /** Why it reports unhealthy, when it does. */
  reason?: string;
}

/** The current health of this task: healthy for as long as the process serves. */
export function healthStatus(): HealthStatus {
  return { healthy: true };
}
