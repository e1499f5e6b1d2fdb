/**
 * The verdict of `status`: from the facts read, which region is active, whether each region
 * could take all traffic, whether failing over to it is safe (with reasons), and one overall
 * state for scripts: healthy (exit 0), degraded (exit 1) or unknown (exit 7). Pure.
 */
import type { Config } from '../../config/schema.js';
import { EXIT_CODES } from '../errors.js';
import type { ReplicationReading, StatusFacts } from './facts.js';
import { regionReport } from './region-report.js';
import type { RegionReport, StatusDocument } from './schema.js';
import {
  describeOrigin,
  proximityFrom,
  sharesByOrigin,
  type OriginShares,
} from './origin-shares.js';
import { isServingEndpoint, type ShareGroup } from './traffic-share.js';

/** Order of the regions from the clients' point of view: the primary first, then config order. */
export function clientOrder(config: Config): string[] {
  return proximityFrom(config, config.primaryRegion);
}

/** The endpoint groups as the share model needs them, or null when any group is unknown. */
function shareGroups(facts: StatusFacts): ShareGroup[] | null {
  if (facts.regions.some((r) => !r.endpointGroup.known)) return null;
  return facts.regions.map((r) => {
    const g = r.endpointGroup.known ? r.endpointGroup.value : undefined;
    return {
      region: r.region,
      dial: g?.trafficDialPercentage ?? 0,
      hasHealthyEndpoint: (g?.endpoints ?? []).some(isServingEndpoint),
    };
  });
}

/** The best reading for a direction: a conclusive probe first, then CloudWatch. */
export function bestReading(
  readings: readonly ReplicationReading[],
  from: string,
  to: string,
): ReplicationReading | undefined {
  const direction = readings.filter((r) => r.from === from && r.to === to);
  const conclusive = (r: ReplicationReading) => ['ok', 'lagging', 'stalled'].includes(r.verdict);
  return (
    direction.find((r) => r.source === 'probe' && conclusive(r)) ??
    direction.find((r) => r.source === 'cloudwatch' && conclusive(r)) ??
    direction[0]
  );
}

function failoverVerdict(
  target: RegionReport,
  sources: readonly string[],
  readings: readonly ReplicationReading[],
): { to: string; safe: 'yes' | 'no' | 'unknown'; reasons: string[] } {
  const no: string[] = [];
  const unsure: string[] = [];
  if (target.canTakeAllTraffic === 'no') no.push(...target.canTakeReasons);
  if (target.canTakeAllTraffic === 'unknown') unsure.push(...target.canTakeReasons);
  for (const from of sources) {
    const reading = bestReading(readings, from, target.name);
    if (!reading) unsure.push(`replication ${from} → ${target.name} was not measured`);
    else if (reading.verdict === 'lagging' || reading.verdict === 'stalled') {
      no.push(`replication ${from} → ${target.name} ${reading.verdict}: ${reading.message}`);
    } else if (reading.verdict !== 'ok') {
      unsure.push(`replication ${from} → ${target.name} ${reading.verdict}: ${reading.message}`);
    }
  }
  return {
    to: target.name,
    safe: no.length ? 'no' : unsure.length ? 'unknown' : 'yes',
    reasons: [...no, ...unsure],
  };
}

function summaryOf(
  active: string | null,
  shares: Record<string, number> | null,
  reports: RegionReport[],
  failover: StatusDocument['verdict']['failover'],
  origins: OriginShares[] | null,
  primary: string,
): string {
  const parts: string[] = [];
  if (active && shares)
    parts.push(
      `${active} is active (${shares[active]}% of new connections from clients nearest ${primary})`,
    );
  else parts.push('the active region is UNKNOWN (the accelerator could not be read)');
  // Clients elsewhere may be served by another region (each by its closest at 100/100).
  for (const origin of (origins ?? []).filter((o) => o.clientsNearest !== primary)) {
    if ((origin.shares[active ?? ''] ?? 0) < 100) parts.push(describeOrigin(origin));
  }
  for (const r of reports) {
    if (r.name === active) continue;
    const take = {
      yes: 'could take all traffic',
      no: 'could NOT take all traffic',
      unknown: 'may or may not take all traffic (unknown)',
    }[r.canTakeAllTraffic];
    parts.push(`${r.name} ${take}`);
  }
  for (const f of failover) {
    parts.push(
      `failover to ${f.to} is ${{ yes: 'safe', no: 'NOT safe', unknown: 'of unknown safety' }[f.safe]}`,
    );
  }
  return `${parts.join('; ')}.`;
}

/** Builds the status document (verdicts included) from what was read. */
export function assessStatus(config: Config, facts: StatusFacts): StatusDocument {
  const groups = shareGroups(facts);
  const origins = groups ? sharesByOrigin(config, groups) : null;
  // The primary's clients: the model of `regions[].traffic`, the active region and the verdicts.
  const primaryClients = origins?.find((o) => o.clientsNearest === config.primaryRegion);
  const shares = primaryClients?.shares ?? null;
  const failOpen = primaryClients?.failOpen ?? false;
  const reports = config.regions.map((region) => {
    const regionFacts = facts.regions.find((r) => r.region === region.name)!;
    return regionReport(
      region,
      regionFacts,
      config.thresholds,
      config.primaryRegion,
      shares ? (shares[region.name] ?? 0) : null,
    );
  });
  const order = clientOrder(config);
  const active = shares
    ? order.reduce<string | null>(
        (best, name) => ((shares[name] ?? 0) > (best ? (shares[best] ?? 0) : 0) ? name : best),
        null,
      )
    : null;

  const warnings: string[] = [];
  const acc = facts.accelerator;
  if (!acc.known || reports.some((r) => r.traffic.failure)) {
    const failure = acc.known
      ? reports.find((r) => r.traffic.failure)!.traffic.failure!
      : acc.failure;
    warnings.push(
      `the Global Accelerator API answers only in ${config.accelerator.apiRegion} and could not be read there (${failure.kind}: ${failure.message}); traffic dials and endpoint health are UNKNOWN. The accelerator's data plane does not depend on this API.`,
    );
  }
  if (acc.known && acc.value.status !== 'DEPLOYED')
    warnings.push(`the accelerator is ${acc.value.status}: a change is still propagating`);
  if (failOpen)
    warnings.push(
      'no region has a healthy endpoint: the accelerator fails open to the closest region',
    );
  for (const r of reports) {
    for (const a of r.alarms.alarms ?? []) {
      if (a.state === 'INSUFFICIENT_DATA')
        warnings.push(`${r.name}: alarm ${a.name} has INSUFFICIENT_DATA`);
    }
  }
  for (const reading of facts.replication) {
    // Stale or missing CloudWatch data matters only when no live probe settled the direction.
    const best = bestReading(facts.replication, reading.from, reading.to);
    if (best === reading && ['stale', 'missing'].includes(reading.verdict)) {
      warnings.push(
        `replication ${reading.from} → ${reading.to} (${reading.source}): ${reading.message}`,
      );
    }
  }

  const sources = (to: string) => (active ? [active] : order).filter((n) => n !== to);
  const failover = reports
    .filter((r) => r.name !== active)
    .map((r) => failoverVerdict(r, sources(r.name), facts.replication));

  const activeReport = reports.find((r) => r.name === active);
  const replicationBad = reports.some((to) =>
    order.some(
      (from) =>
        from !== to.name &&
        ['lagging', 'stalled'].includes(
          bestReading(facts.replication, from, to.name)?.verdict ?? '',
        ),
    ),
  );
  const overall =
    !activeReport || activeReport.state === 'unknown'
      ? 'unknown'
      : reports.some((r) => r.state !== 'healthy') || replicationBad || failOpen
        ? 'degraded'
        : 'healthy';
  const exitCode = {
    healthy: EXIT_CODES.ok,
    degraded: EXIT_CODES.failed,
    unknown: EXIT_CODES.unknown,
  }[overall];

  return {
    schemaVersion: 1,
    kind: 'status',
    application: config.application,
    generatedAt: new Date(facts.readAt).toISOString(),
    durationMs: facts.durationMs,
    overall,
    exitCode,
    accelerator: {
      arn: config.accelerator.arn,
      apiRegion: config.accelerator.apiRegion,
      reachable: acc.known,
      status: acc.known ? acc.value.status : null,
      ...(acc.known ? {} : { failure: acc.failure }),
      clientsNearest: config.primaryRegion,
      byOrigin: origins,
    },
    regions: reports,
    replication: facts.replication,
    verdict: {
      activeRegion: active,
      summary: summaryOf(active, shares, reports, failover, origins, config.primaryRegion),
      failover,
    },
    warnings,
  };
}
