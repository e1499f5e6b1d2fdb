/**
 * How a standard Global Accelerator picks the endpoint of one new connection, as a pure
 * function of the deployed configuration, the endpoints' health, the client's location and
 * a random source. Followed (see services/globalaccelerator/SPEC.md for the pages):
 *  1. Endpoint groups are ordered by proximity to the client (closest first).
 *  2. Traffic dials pick the original group: walking the groups whose dial is > 0 in that
 *     order, each keeps `dial`% of the connections offered to it and passes the rest on; the
 *     last one keeps what reaches it (so 50/50 sends half of a client's connections to each
 *     region, as AWS's "mix traffic between two Regions" example shows). Dial 0 means none.
 *  3. Inside the group, a healthy endpoint with weight > 0 is picked in proportion to weight.
 *  4. If the group has none, failover tries the three closest other groups, dials ignored,
 *     and takes the first with a healthy endpoint of weight > 0.
 *  5. Fail-open: if none is found, a random endpoint of the group closest to the client
 *     (by weight when some weight is > 0), whatever its health.
 */

/** An endpoint as routing sees it. */
export interface RoutingEndpoint {
  endpointId: string;
  weight: number;
  /** True only for HealthState HEALTHY (INITIAL and UNHEALTHY endpoints get no traffic). */
  healthy: boolean;
}

/** An endpoint group as routing sees it. */
export interface RoutingGroup {
  endpointGroupArn: string;
  region: string;
  /** Traffic dial, 0–100. */
  dial: number;
  endpoints: readonly RoutingEndpoint[];
}

/** Where one connection goes. */
export interface RouteDecision {
  group: RoutingGroup;
  endpoint: RoutingEndpoint;
  /** True when no healthy endpoint was found and the accelerator failed open. */
  failOpen: boolean;
  /** True when the original group had no healthy endpoint and another group took over. */
  failover: boolean;
}

/** How many other groups failover tries before failing open (AWS: the three closest). */
export const FAILOVER_GROUPS_TRIED = 3;

/**
 * Orders groups by proximity to a client whose regions are listed closest first; groups in
 * regions the list does not name come last, in their configured order.
 */
export function orderByProximity(
  groups: readonly RoutingGroup[],
  clientRegions: readonly string[],
): RoutingGroup[] {
  const rank = (g: RoutingGroup) => {
    const index = clientRegions.indexOf(g.region);
    return index < 0 ? clientRegions.length : index;
  };
  return groups
    .map((group, index) => ({ group, index }))
    .sort((a, b) => rank(a.group) - rank(b.group) || a.index - b.index)
    .map((x) => x.group);
}

function eligible(group: RoutingGroup): RoutingEndpoint[] {
  return group.endpoints.filter((e) => e.healthy && e.weight > 0);
}

/** Picks one endpoint in proportion to weight; uniformly when every weight is 0. */
export function pickByWeight(
  endpoints: readonly RoutingEndpoint[],
  random: () => number,
): RoutingEndpoint | undefined {
  const total = endpoints.reduce((sum, e) => sum + e.weight, 0);
  if (total <= 0) return endpoints[Math.floor(random() * endpoints.length)];
  let point = random() * total;
  for (const endpoint of endpoints) {
    if (endpoint.weight <= 0) continue;
    if (point < endpoint.weight) return endpoint;
    point -= endpoint.weight;
  }
  return endpoints.filter((e) => e.weight > 0).at(-1);
}

/** The group the traffic dials send a connection to (undefined when every dial is 0). */
export function pickByDial(
  ordered: readonly RoutingGroup[],
  random: () => number,
): RoutingGroup | undefined {
  const dialled = ordered.filter((g) => g.dial > 0);
  for (const [index, group] of dialled.entries()) {
    if (index === dialled.length - 1 || random() * 100 < group.dial) return group;
  }
  return undefined;
}

/** Routes one new connection; undefined when the listener has no endpoint at all. */
export function routeConnection(
  groups: readonly RoutingGroup[],
  clientRegions: readonly string[],
  random: () => number = Math.random,
): RouteDecision | undefined {
  const ordered = orderByProximity(groups, clientRegions);
  const original = pickByDial(ordered, random);
  const own = original ? eligible(original) : [];
  if (original && own.length > 0) {
    return {
      group: original,
      endpoint: pickByWeight(own, random)!,
      failOpen: false,
      failover: false,
    };
  }
  const others = ordered.filter((g) => g !== original).slice(0, FAILOVER_GROUPS_TRIED);
  for (const group of others) {
    const healthy = eligible(group);
    if (healthy.length > 0) {
      return { group, endpoint: pickByWeight(healthy, random)!, failOpen: false, failover: true };
    }
  }
  const closest = ordered.find((g) => g.endpoints.length > 0);
  if (!closest) return undefined;
  return {
    group: closest,
    endpoint: pickByWeight(closest.endpoints, random)!,
    failOpen: true,
    failover: closest !== original,
  };
}
