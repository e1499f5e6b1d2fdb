/**
 * Where new connections go for clients in each place: Global Accelerator sends a client to
 * the endpoint group closest to it and applies the traffic dials to that group's share
 * (traffic-share.ts has the rules), so clients nearest us-west-2 and clients nearest us-east-1
 * see different splits of the same dials: at 100/100 each is served by its own region. One
 * row per configured region, taken as the region the clients are nearest; the other regions
 * follow in config order (the tool does not know the geography between them). Pure.
 */
import type { Config } from '../../config/schema.js';
import { trafficShares, type ShareGroup } from './traffic-share.js';

/** The split of new connections for clients nearest one region. */
export interface OriginShares {
  /** The region these clients are nearest. */
  clientsNearest: string;
  /** Region → percent of these clients' new connections (one decimal). */
  shares: Record<string, number>;
  /** True when no region is healthy and the accelerator fails open (to `clientsNearest`). */
  failOpen: boolean;
  /** Regions whose share these clients lose to the accelerator's failover (no healthy endpoint). */
  failedOver: string[];
}

/** Regions ordered for clients nearest `origin`: it first, then the rest in config order. */
export function proximityFrom(config: Config, origin: string): string[] {
  return [origin, ...config.regions.map((r) => r.name).filter((n) => n !== origin)];
}

/** The split for clients nearest each configured region, from the groups' dials and health. */
export function sharesByOrigin(config: Config, groups: readonly ShareGroup[]): OriginShares[] {
  return config.regions.map(({ name }) => {
    const result = trafficShares(groups, proximityFrom(config, name));
    return {
      clientsNearest: name,
      shares: Object.fromEntries(
        Object.entries(result.shares).map(([k, v]) => [k, Math.round(v * 1000) / 10]),
      ),
      failOpen: result.failOpen,
      failedOver: result.failedOver,
    };
  });
}

/** `clients nearest us-east-1 → us-east-1 100%`, the regions with a share, largest first. */
export function describeOrigin(origin: OriginShares): string {
  const parts = Object.entries(origin.shares)
    .filter(([, share]) => share > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([region, share]) => `${region} ${share}%`);
  return `clients nearest ${origin.clientsNearest} → ${parts.join(', ') || 'nowhere'}`;
}
