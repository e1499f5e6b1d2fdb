/**
 * Turns the facts read about one region into its report: the figures shown, whether the
 * region could take all traffic now, and why not. Pure.
 */
import type { Config, RegionConfig } from '../../config/schema.js';
import type { AlarmInfo, EcsServiceInfo, TargetHealthInfo } from '../ports.js';
import type { Fact, ReadFailure, RegionFacts } from './facts.js';
import type { FailureReport, RegionReport } from './schema.js';
import { isServingEndpoint } from './traffic-share.js';

type Thresholds = Config['thresholds'];

/** A failure as reported (identity today; keeps the report decoupled from the read model). */
function failureOf(fact: Fact<unknown>): { failure?: FailureReport } {
  return fact.known ? {} : { failure: fact.failure satisfies ReadFailure };
}

function serviceRows(region: RegionConfig, services: EcsServiceInfo[]) {
  return region.ecs.services.map((configured) => {
    const s = services.find((x) => x.name === configured.name);
    return {
      name: configured.name,
      role: configured.role,
      status: s?.status ?? 'MISSING',
      desired: s?.desired ?? 0,
      running: s?.running ?? 0,
      pending: s?.pending ?? 0,
      deploymentsInProgress: (s?.deployments ?? []).filter(
        (d) => d.status !== 'PRIMARY' || (d.rolloutState && d.rolloutState !== 'COMPLETED'),
      ).length,
    };
  });
}

function targetRow(
  service: string,
  targetGroupArn: string,
  fact: Fact<TargetHealthInfo[]>,
): RegionReport['targetGroups'][number] {
  if (!fact.known) {
    return {
      service,
      targetGroupArn,
      healthy: null,
      total: null,
      byState: {},
      reasons: [],
      ...failureOf(fact),
    };
  }
  const byState: Record<string, number> = {};
  const reasons = new Set<string>();
  for (const t of fact.value) {
    byState[t.state] = (byState[t.state] ?? 0) + 1;
    if (t.state !== 'healthy' && (t.reason || t.description)) {
      reasons.add([t.reason, t.description].filter(Boolean).join(': '));
    }
  }
  return {
    service,
    targetGroupArn,
    healthy: byState.healthy ?? 0,
    total: fact.value.length,
    byState,
    reasons: [...reasons],
  };
}

function alarmRows(region: RegionConfig, alarms: AlarmInfo[]) {
  return region.alarms.map((name) => {
    const a = alarms.find((x) => x.name === name);
    return a
      ? { name, state: a.state, reason: a.reason }
      : { name, state: 'MISSING', reason: 'CloudWatch has no metric alarm of this name' };
  });
}

/** Builds a region's report from its facts; `sharePercent` comes from the accelerator view. */
export function regionReport(
  region: RegionConfig,
  facts: RegionFacts,
  thresholds: Thresholds,
  primaryRegion: string,
  sharePercent: number | null,
): RegionReport {
  const group = facts.endpointGroup;
  const services = facts.services.known ? serviceRows(region, facts.services.value) : null;
  const targetGroups = facts.targetGroups.map((t) =>
    targetRow(t.service, t.targetGroupArn, t.targets),
  );
  const alarms = facts.alarms.known ? alarmRows(region, facts.alarms.value) : null;
  const rate = facts.errorRate;
  const replicaStatus = facts.replica.known
    ? (facts.replica.value.replicas.find((r) => r.region === region.name)?.status ??
      (facts.replica.value.replicas.length === 0 ? facts.replica.value.status : 'NOT_A_REPLICA'))
    : null;

  const no: string[] = [];
  const unknownParts: string[] = [];
  const note = (fact: Fact<unknown>, what: string) => {
    if (!fact.known)
      unknownParts.push(`${what} unknown (${fact.failure.kind}: ${fact.failure.message})`);
  };

  // For ALB endpoints the accelerator follows the load balancer's target health, so when its
  // API cannot be read, healthy targets in every group still settle whether the region can serve.
  const targetsServe = targetGroups.every(
    (t) => !t.failure && (t.healthy ?? 0) >= thresholds.minHealthyTasks,
  );
  if (!targetsServe) note(group, 'accelerator endpoint health');
  if (group.known) {
    const usable = group.value.endpoints.filter(isServingEndpoint);
    if (usable.length === 0) {
      const why = group.value.endpoints
        .map(
          (e) =>
            `${e.healthState}${e.healthReason ? ` (${e.healthReason})` : ''}${e.weight === 0 ? ', weight 0' : ''}`,
        )
        .join('; ');
      no.push(`no healthy accelerator endpoint: ${why || 'no endpoints'}`);
    }
  }
  note(facts.services, 'ECS services');
  for (const s of services ?? []) {
    if (s.status !== 'ACTIVE') no.push(`ECS service ${s.name} is ${s.status}`);
    else if (s.running < thresholds.minHealthyTasks) {
      no.push(
        `ECS service ${s.name}: ${s.running} running of ${s.desired} desired (needs ${thresholds.minHealthyTasks})`,
      );
    }
  }
  for (const t of targetGroups) {
    if (t.failure)
      unknownParts.push(
        `target health of ${t.service} unknown (${t.failure.kind}: ${t.failure.message})`,
      );
    else if ((t.healthy ?? 0) < thresholds.minHealthyTasks) {
      no.push(
        `${t.service}: ${t.healthy} healthy targets (needs ${thresholds.minHealthyTasks})${t.reasons.length ? `: ${t.reasons.join('; ')}` : ''}`,
      );
    }
  }
  note(facts.alarms, 'gating alarms');
  for (const a of alarms ?? []) {
    if (a.state === 'ALARM') no.push(`alarm ${a.name} is in ALARM: ${a.reason}`);
    if (a.state === 'MISSING') unknownParts.push(`alarm ${a.name} does not exist`);
  }
  note(facts.errorRate, 'error rate');
  if (
    rate.known &&
    rate.value.percent !== null &&
    rate.value.percent > thresholds.maxErrorRatePercent
  ) {
    no.push(
      `5xx rate ${rate.value.percent.toFixed(1)}% over the last ${rate.value.windowSeconds / 60} min (max ${thresholds.maxErrorRatePercent}%)`,
    );
  }
  const sw = facts.routingSwitch;
  note(sw, 'routing switch');
  if (sw.known && sw.value.state === 'out') {
    const when =
      sw.value.changedAt === undefined ? '' : ` at ${new Date(sw.value.changedAt).toISOString()}`;
    no.push(
      `marked OUT of service by the routing switch${sw.value.changedBy ? ` (by ${sw.value.changedBy}${when})` : ''}`,
    );
  }
  note(facts.replica, 'global-table replica');
  if (replicaStatus !== null && replicaStatus !== 'ACTIVE')
    no.push(`table replica is ${replicaStatus}`);

  const canTake = no.length > 0 ? 'no' : unknownParts.length > 0 ? 'unknown' : 'yes';
  const reasons = [...no, ...unknownParts];
  return {
    name: region.name,
    primary: region.name === primaryRegion,
    state: no.length > 0 ? 'degraded' : unknownParts.length > 0 ? 'unknown' : 'healthy',
    reasons,
    traffic: {
      dial: group.known ? group.value.trafficDialPercentage : null,
      sharePercent,
      endpoints: group.known ? group.value.endpoints : null,
      ...failureOf(group),
    },
    ecs: { services, ...failureOf(facts.services) },
    targetGroups,
    replica: { status: replicaStatus, ...failureOf(facts.replica) },
    routingSwitch: sw.known
      ? {
          state: sw.value.state,
          ...(sw.value.changedBy === undefined ? {} : { changedBy: sw.value.changedBy }),
          ...(sw.value.changedAt === undefined
            ? {}
            : { changedAt: new Date(sw.value.changedAt).toISOString() }),
        }
      : { state: null, ...failureOf(sw) },
    alarms: { alarms, ...failureOf(facts.alarms) },
    errorRate: {
      percent: rate.known ? rate.value.percent : null,
      requests: rate.known ? rate.value.requests : null,
      errors5xx: rate.known ? rate.value.errors5xx : null,
      windowSeconds: rate.known ? rate.value.windowSeconds : null,
      ...failureOf(rate),
    },
    canTakeAllTraffic: canTake,
    canTakeReasons: reasons,
  };
}
