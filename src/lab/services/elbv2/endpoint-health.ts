/**
 * How the accelerator (and Route 53 "evaluate target health") judge an Application Load
 * Balancer endpoint from its target groups, as AWS documents it:
 * - Global Accelerator: with several target groups, the endpoint is healthy only if EACH
 *   target group behind the load balancer has at least one healthy target; one group with
 *   only unhealthy targets makes it unhealthy
 *   (https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-health-check-options.html).
 * - Route 53: every target group that contains targets must contain at least one healthy
 *   target, and a target group with no registered targets is considered unhealthy
 *   (AliasTarget.EvaluateTargetHealth, Route 53 API reference,
 *   https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html).
 * So every group a listener forwards to counts, whether or not application traffic ever
 * matches its rule: that is what lets a routing gate's group drain the region (docs/routing-switch.md).
 * Only `healthy` counts as healthy: `initial`, `unhealthy`, `draining` and `unavailable`
 * (health checks disabled) do not, since AWS names no other state.
 */
import type { AlbTargetGroup } from '../../dataplane/alb-target-group.js';
import type { EndpointHealth } from '../../dataplane/contracts.js';

/** The endpoint verdict of a load balancer named `name` from the groups its listeners forward to. */
export function albEndpointVerdict(name: string, groups: AlbTargetGroup[]): EndpointHealth {
  if (groups.length === 0)
    return { state: 'UNHEALTHY', reason: `${name} forwards to no target group` };
  const bad = groups.filter((g) => !g.hasHealthyTarget());
  if (bad.length === 0) return { state: 'HEALTHY' };
  return {
    state: 'UNHEALTHY',
    reason: bad
      .map((g) => `target group ${g.config.name} has no healthy target (${describeCounts(g)})`)
      .join('; '),
  };
}

/** `2 healthy, 1 draining`, or `no registered targets`. */
export function describeCounts(group: AlbTargetGroup): string {
  const parts = Object.entries(group.counts())
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  return parts.length ? parts.join(', ') : 'no registered targets';
}
