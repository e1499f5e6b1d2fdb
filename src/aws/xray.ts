/**
 * X-Ray adapter: a group's request counts over a window, from GetServiceGraph (every page).
 * Counts are those of the graph's entry services, so a request is counted once however many
 * services it went through.
 */
import { GetServiceGraphCommand, type Service, type XRayClient } from '@aws-sdk/client-xray';
import type { XRayGroupStats, XRayReader } from '../core/ports.js';

/** The SDK client this adapter runs over: ports.ts imports both together, on first use. */
export { XRayClient } from '@aws-sdk/client-xray';

/**
 * The entry services of a service graph: the services marked `Root` (a `client` node is never
 * one: it has no statistics of its own); failing that, the services a `client` node calls;
 * failing that, every service that is not a client.
 */
export function entryServices(services: readonly Service[]): Service[] {
  const real = services.filter((s) => s.Type !== 'client');
  const roots = real.filter((s) => s.Root === true);
  if (roots.length > 0) return roots;
  const called = new Set(
    services
      .filter((s) => s.Type === 'client')
      .flatMap((s) => (s.Edges ?? []).map((e) => e.ReferenceId)),
  );
  const entered = real.filter((s) => called.has(s.ReferenceId));
  return entered.length > 0 ? entered : real;
}

/** Sums the SummaryStatistics of the graph's entry services. */
export function groupStatsOf(group: string, services: readonly Service[]): XRayGroupStats {
  const stats: XRayGroupStats = { group, total: 0, ok: 0, errors: 0, faults: 0, throttles: 0 };
  for (const s of entryServices(services)) {
    const sum = s.SummaryStatistics;
    stats.total += sum?.TotalCount ?? 0;
    stats.ok += sum?.OkCount ?? 0;
    stats.errors += sum?.ErrorStatistics?.TotalCount ?? 0;
    stats.faults += sum?.FaultStatistics?.TotalCount ?? 0;
    stats.throttles += sum?.ErrorStatistics?.ThrottleCount ?? 0;
  }
  return stats;
}

/** An XRayReader over an X-Ray client. */
export function xrayReader(client: XRayClient): XRayReader {
  return {
    async groupStats(group, startMs, endMs) {
      const services: Service[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetServiceGraphCommand({
            StartTime: new Date(startMs),
            EndTime: new Date(endMs),
            GroupName: group,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        services.push(...(page.Services ?? []));
        nextToken = page.NextToken;
      } while (nextToken);
      return groupStatsOf(group, services);
    },
  };
}
