/**
 * The share of new connections each region receives, worked out from the traffic dials and
 * endpoint health the way a standard Global Accelerator routes them (AWS developer guide:
 * "Adjusting traffic flow with traffic dials", "How failover works for unhealthy endpoints"):
 *  1. Groups are ordered by proximity to the clients (closest first). Walking the groups whose
 *     dial is > 0 in that order, each keeps `dial`% of what is offered to it and passes the rest
 *     on; the last one keeps whatever reaches it.
 *  2. A group with no HEALTHY endpoint of weight > 0 fails over: its share goes to the closest
 *     other group that has one, dials ignored.
 *  3. If no group has one, the accelerator fails open to the group closest to the clients.
 *  4. With every dial at 0, the closest healthy group takes everything (failover ignores dials).
 * Pure: no I/O. Shares are fractions of 1.
 */

/** One endpoint group as the share computation needs it. */
export interface ShareGroup {
  region: string;
  /** Traffic dial, 0–100. */
  dial: number;
  /** True when the group has at least one HEALTHY endpoint with weight > 0. */
  hasHealthyEndpoint: boolean;
}

/** True for an endpoint that takes traffic: HEALTHY with weight > 0. */
export function isServingEndpoint(endpoint: { healthState: string; weight: number }): boolean {
  return endpoint.healthState === 'HEALTHY' && endpoint.weight > 0;
}

/** Where the clients' new connections go. */
export interface TrafficShares {
  /** Region → fraction of new connections (sums to 1). */
  shares: Record<string, number>;
  /** True when nothing is healthy and the accelerator fails open. */
  failOpen: boolean;
  /** Regions whose dialled share moved elsewhere because they have no healthy endpoint. */
  failedOver: string[];
}

/** Orders groups closest first for clients nearest `clientRegions[0]` (unknown regions last). */
function byProximity(
  groups: readonly ShareGroup[],
  clientRegions: readonly string[],
): ShareGroup[] {
  const rank = (g: ShareGroup) => {
    const i = clientRegions.indexOf(g.region);
    return i < 0 ? clientRegions.length : i;
  };
  return [...groups].sort((a, b) => rank(a) - rank(b));
}

/** Splits connections by the dials alone (step 1), before health is considered. */
export function dialledShares(
  groups: readonly ShareGroup[],
  clientRegions: readonly string[],
): Record<string, number> {
  const ordered = byProximity(groups, clientRegions);
  const shares: Record<string, number> = Object.fromEntries(ordered.map((g) => [g.region, 0]));
  const dialled = ordered.filter((g) => g.dial > 0);
  let offered = 1;
  dialled.forEach((group, i) => {
    const kept = i === dialled.length - 1 ? offered : (offered * Math.min(group.dial, 100)) / 100;
    shares[group.region] = (shares[group.region] ?? 0) + kept;
    offered -= kept;
  });
  return shares;
}

/** The share of new connections each region receives, health and fail-open included. */
export function trafficShares(
  groups: readonly ShareGroup[],
  clientRegions: readonly string[],
): TrafficShares {
  const ordered = byProximity(groups, clientRegions);
  const shares: Record<string, number> = Object.fromEntries(ordered.map((g) => [g.region, 0]));
  const healthy = ordered.filter((g) => g.hasHealthyEndpoint);
  const closest = ordered[0];
  if (!closest) return { shares, failOpen: false, failedOver: [] };
  if (healthy.length === 0) {
    shares[closest.region] = 1;
    return { shares, failOpen: true, failedOver: [] };
  }
  const dialled = dialledShares(ordered, clientRegions);
  const anyDial = ordered.some((g) => g.dial > 0);
  if (!anyDial) {
    shares[healthy[0]!.region] = 1;
    return { shares, failOpen: false, failedOver: [] };
  }
  const failedOver: string[] = [];
  for (const group of ordered) {
    const share = dialled[group.region] ?? 0;
    if (share === 0) continue;
    if (group.hasHealthyEndpoint) {
      shares[group.region] = (shares[group.region] ?? 0) + share;
    } else {
      failedOver.push(group.region);
      const target = healthy.find((g) => g.region !== group.region)!;
      shares[target.region] = (shares[target.region] ?? 0) + share;
    }
  }
  return { shares, failOpen: false, failedOver };
}
