/**
 * Where a change should send new connections, judged for clients in every place: the
 * accelerator sends each client to its closest endpoint group and applies the dials there, so
 * after a failback to 100/100 clients nearest us-west-2 land in us-west-2 and clients nearest
 * us-east-1 stay in us-east-1. From the status read before the change and the end state the
 * plan leaves (dials, regions marked in or out), this gives for each client origin the regions
 * its new connections may land in and the region whose share the change raised, which a run of
 * landings must include to show the change took effect. Pure.
 */
import type { Config } from '../../config/schema.js';
import { sharesByOrigin, type OriginShares } from '../status/origin-shares.js';
import type { StatusDocument } from '../status/schema.js';
import { isServingEndpoint, type ShareGroup } from '../status/traffic-share.js';

/** The state a plan leaves, as the share model needs it. */
export interface EndState {
  /** Region → dial after the change (regions absent keep theirs). */
  dials?: Readonly<Record<string, number>>;
  /** Regions that serve after the change (scaled up, marked in by the routing switch). */
  healthy?: readonly string[];
  /** Regions that fail their health checks after the change (marked out). */
  unhealthy?: readonly string[];
}

/** What new connections from clients nearest one region should do after the change. */
export interface OriginLanding {
  /** The region these clients are nearest. */
  clientsNearest: string;
  /** Regions these clients' new connections may land in after the change (share > 0). */
  allowed: string[];
  /** The region whose share for these clients the change raised most; null when none rose. */
  mustSee: string | null;
  /** Region → percent of these clients' new connections after the change. */
  shares: Record<string, number>;
}

/** The groups of the status read, or null when a dial or an endpoint's health is unknown. */
export function shareGroupsOf(doc: StatusDocument): ShareGroup[] | null {
  if (doc.regions.some((r) => r.traffic.dial === null || r.traffic.endpoints === null)) return null;
  return doc.regions.map((r) => ({
    region: r.name,
    dial: r.traffic.dial ?? 0,
    hasHealthyEndpoint: (r.traffic.endpoints ?? []).some(isServingEndpoint),
  }));
}

/** The groups as the plan leaves them. */
function groupsAfter(groups: readonly ShareGroup[], end: EndState): ShareGroup[] {
  return groups.map((g) => ({
    region: g.region,
    dial: end.dials?.[g.region] ?? g.dial,
    hasHealthyEndpoint: end.unhealthy?.includes(g.region)
      ? false
      : end.healthy?.includes(g.region)
        ? true
        : g.hasHealthyEndpoint,
  }));
}

/** The region whose share rose most from `before` to `after`; null when none rose. */
function mostRaised(before: OriginShares | undefined, after: OriginShares): string | null {
  let best: string | null = null;
  let rise = 0;
  for (const [region, share] of Object.entries(after.shares)) {
    const gain = share - (before?.shares[region] ?? 0);
    if (gain > rise) [best, rise] = [region, gain];
  }
  return best;
}

/**
 * For every client origin (one per configured region), where its new connections may land
 * after the change; null when the status read left a dial or an endpoint's health unknown.
 */
export function expectedLanding(
  config: Config,
  doc: StatusDocument,
  end: EndState,
): OriginLanding[] | null {
  const groups = shareGroupsOf(doc);
  // The split before the change is the status read's own (`accelerator.byOrigin`).
  const before = doc.accelerator.byOrigin;
  if (!groups || !before) return null;
  return sharesByOrigin(config, groupsAfter(groups, end)).map((after) => ({
    clientsNearest: after.clientsNearest,
    allowed: Object.keys(after.shares).filter((r) => (after.shares[r] ?? 0) > 0),
    mustSee: mostRaised(
      before.find((b) => b.clientsNearest === after.clientsNearest),
      after,
    ),
    shares: after.shares,
  }));
}

/**
 * Without the share model (something unknown): the one rule the tool had before, every new
 * connection lands in `target` — right for a failover, where every client ends up there.
 */
export function everyClientIn(target: string): OriginLanding[] {
  return [{ clientsNearest: '*', allowed: [target], mustSee: target, shares: { [target]: 100 } }];
}

/** The regions no client origin may land in after the change (the model's share 0 for all). */
export function closedToEveryone(expected: readonly OriginLanding[]): string[] {
  const all = new Set(expected.flatMap((o) => Object.keys(o.shares)));
  return [...all].filter((r) => expected.every((o) => !o.allowed.includes(r)));
}
