/**
 * The safety checks every traffic change passes before it runs, from the live status: the
 * accelerator's API answers and is not mid-change, every region that would receive traffic
 * could serve it, and at least one healthy region keeps receiving traffic (so the last
 * healthy region is never drained). Pure.
 */
import type { CheckResult } from '../ops/step.js';
import type { StatusDocument } from '../status/schema.js';
import { dialledShares, trafficShares } from '../status/traffic-share.js';
import { shareGroupsOf } from './expected-landing.js';

/** Dials after a change, by region (regions left out keep their dial). */
export type DialChange = Record<string, number>;

/** The share each region would receive after `change`, given current endpoint health. */
export function sharesAfter(
  doc: StatusDocument,
  change: DialChange,
  by: 'health' | 'dials' = 'health',
): Record<string, number> | null {
  const now = shareGroupsOf(doc);
  if (!now) return null;
  const order = [
    doc.accelerator.clientsNearest,
    ...doc.regions.map((r) => r.name).filter((n) => n !== doc.accelerator.clientsNearest),
  ];
  const groups = now.map((g) => ({ ...g, dial: change[g.region] ?? g.dial }));
  return by === 'dials' ? dialledShares(groups, order) : trafficShares(groups, order).shares;
}

/** The checks shared by every dial change. */
export function dialChangeChecks(doc: StatusDocument, change: DialChange): CheckResult[] {
  const checks: CheckResult[] = [];
  const acc = doc.accelerator;
  checks.push({
    name: 'accelerator-api',
    ok: acc.reachable,
    detail: acc.reachable
      ? `the accelerator API answers in ${acc.apiRegion}`
      : `the accelerator API answers only in ${acc.apiRegion} and cannot be reached (${acc.failure?.kind}: ${acc.failure?.message}); move traffic with the routing switch instead (--via routing-switch)`,
  });
  checks.push({
    name: 'accelerator-deployed',
    ok: acc.status === 'DEPLOYED' || acc.status === null,
    detail:
      acc.status === 'IN_PROGRESS'
        ? 'the accelerator is IN_PROGRESS: an earlier change is still propagating (pass --wait to wait for it)'
        : `the accelerator is ${acc.status ?? 'UNKNOWN'}`,
  });
  const dialsAfter = doc.regions.map((r) => change[r.name] ?? r.traffic.dial);
  checks.push({
    name: 'all-dials-zero',
    ok: dialsAfter.some((d) => d === null || d > 0),
    detail: dialsAfter.every((d) => d === 0)
      ? 'every dial would be 0%: AWS does not document where an accelerator sends traffic then; keep one region’s dial above 0'
      : 'at least one region keeps a dial above 0%',
  });
  const shares = sharesAfter(doc, change);
  if (!shares) {
    checks.push({
      name: 'receivers-healthy',
      ok: false,
      detail:
        'dials or endpoint health are unknown, so where traffic would go cannot be worked out',
    });
    return checks;
  }
  const receivers = doc.regions.filter((r) => (shares[r.name] ?? 0) > 0);
  const unfit = receivers.filter((r) => r.canTakeAllTraffic === 'no');
  checks.push({
    name: 'receivers-healthy',
    ok: unfit.length === 0,
    detail: unfit.length
      ? unfit
          .map(
            (r) =>
              `${r.name} would receive ${pct(shares[r.name])} but cannot serve: ${r.canTakeReasons.join('; ')}`,
          )
          .join(' / ')
      : `traffic would go to ${receivers.map((r) => `${r.name} ${pct(shares[r.name])}`).join(', ')}`,
  });
  // Judged by the dials, and by the accelerator's failover only to a region whose own dial stays
  // above 0: a region dialled to 0 that keeps its traffic only because every dialled region is
  // unhealthy has been drained all the same, and loses it the moment one of them passes its
  // health checks. A region that keeps its dial, and takes the traffic of an unhealthy region
  // by the accelerator's failover (as AWS documents it: traffic goes to healthy endpoint groups),
  // keeps it for as long as that region is unhealthy, and then hands it back to a healthy one.
  const dialled = sharesAfter(doc, change, 'dials') ?? {};
  const dialAfter = (name: string) =>
    change[name] ?? doc.regions.find((r) => r.name === name)?.traffic.dial ?? 0;
  const healthyReceivers = doc.regions.filter(
    (r) =>
      r.canTakeAllTraffic === 'yes' &&
      ((dialled[r.name] ?? 0) > 0 || (dialAfter(r.name) > 0 && (shares[r.name] ?? 0) > 0)),
  );
  const rescued = receivers.filter((r) => r.canTakeAllTraffic === 'yes');
  checks.push({
    name: 'last-healthy-region',
    ok: healthyReceivers.length > 0,
    detail: healthyReceivers.length
      ? `${healthyReceivers.map((r) => r.name).join(', ')} would keep receiving traffic and can serve it`
      : `no region that can serve would receive traffic by its dial: this would drain the last healthy region${rescued.length ? ` (${rescued.map((r) => r.name).join(', ')} would keep traffic only through the accelerator's failover from unhealthy regions, until they recover)` : ''}`,
  });
  return checks;
}

function pct(share: number | undefined): string {
  return `${Math.round((share ?? 0) * 1000) / 10}%`;
}
