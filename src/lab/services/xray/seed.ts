/**
 * The workshop's X-Ray groups (its Lab 1), created in every lab region as `lab up` leaves
 * them: `like-service` (the Like service's POSTs) and `like-service-errors-faults` (Like
 * service segments with an error or a fault), insights off. Groups that already exist are
 * left as they are, so seeding twice is harmless.
 */
import { LAB_XRAY_GROUPS } from '../../topology.js';
import type { XRayService } from './service.js';

/** The filter expression of each workshop group. */
export const WORKSHOP_XRAY_GROUPS: Record<(typeof LAB_XRAY_GROUPS)[number], string> = {
  'like-service': 'service("Like Service") AND http.method = "POST"',
  'like-service-errors-faults': 'service("Like Service") { error = true OR fault = true }',
};

/** Creates the workshop's groups in each of `regions`. */
export function seedWorkshopXRay(xray: XRayService, options: { regions: readonly string[] }): void {
  for (const region of options.regions) {
    const groups = xray.region(region).groups;
    for (const name of LAB_XRAY_GROUPS) {
      if (groups.get(name)) continue;
      groups.create({
        name,
        filterExpression: WORKSHOP_XRAY_GROUPS[name],
        insights: { InsightsEnabled: false, NotificationsEnabled: false },
      });
    }
  }
}
