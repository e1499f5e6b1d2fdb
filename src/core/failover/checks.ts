/**
 * The preflight checks of a failover or failback, each named so `--force <name>` can override
 * it: the target is healthy and no gating alarm of it is in ALARM, replication into it is
 * within the limit (stricter on failback), and the traffic change itself is safe. A target
 * marked out by the routing switch reads unhealthy on purpose: its serving checks are deferred
 * to the plan, which marks it in and waits for healthy targets first.
 */
import type { Config } from '../../config/schema.js';
import type { CheckResult } from '../ops/step.js';
import { bestReading } from '../status/assess.js';
import type { StatusDocument } from '../status/schema.js';
import { dialChangeChecks } from '../traffic/guards.js';
import type { FailoverRequest } from './plan.js';
import { switchReadableCheck } from '../traffic/switch-check.js';
import { targetDialCheck } from './target-dial.js';

/** The preflight checks of a failover or failback. */
export function failoverChecks(
  config: Config,
  doc: StatusDocument,
  request: FailoverRequest,
  sources: readonly string[],
  /** A failback's dials to restore (every region); absent: only the target's goes to 100. */
  failbackDials?: Readonly<Record<string, number>>,
): CheckResult[] {
  const target = doc.regions.find((r) => r.name === request.to)!;
  const nonAlarm = target.canTakeReasons.filter((r) => !r.startsWith('alarm '));
  const checks: CheckResult[] = [
    {
      name: 'target-healthy',
      ok: nonAlarm.length === 0 && target.canTakeAllTraffic !== 'unknown',
      detail: nonAlarm.length
        ? `${request.to}: ${nonAlarm.join('; ')}`
        : target.canTakeAllTraffic === 'unknown'
          ? `${request.to}: its health could not be read`
          : `${request.to} could take all traffic`,
    },
  ];
  const alarms = (target.alarms.alarms ?? []).filter((a) => a.state === 'ALARM');
  checks.push({
    name: 'alarms',
    ok: target.alarms.alarms !== null && alarms.length === 0,
    detail:
      target.alarms.alarms === null
        ? `the gating alarms of ${request.to} could not be read`
        : alarms.length
          ? `in ALARM: ${alarms.map((a) => `${a.name} (${a.reason})`).join('; ')}`
          : `no gating alarm of ${request.to} is in ALARM`,
  });
  const maxLag =
    request.kind === 'failback'
      ? config.thresholds.maxFailbackReplicationLagSeconds
      : config.thresholds.maxReplicationLagSeconds;
  for (const from of sources) {
    const reading = bestReading(doc.replication, from, request.to);
    const ok =
      reading?.source === 'probe' &&
      reading.verdict === 'ok' &&
      reading.lagSeconds !== null &&
      reading.lagSeconds <= maxLag;
    checks.push({
      name: 'replication',
      ok,
      detail: !reading
        ? `replication ${from} → ${request.to} was not measured`
        : reading.lagSeconds !== null
          ? `replication ${from} → ${request.to}: ${reading.lagSeconds.toFixed(2)} s by ${reading.source} (max ${maxLag} s${request.kind === 'failback' ? ', stricter on failback' : ''})${reading.source === 'probe' ? '' : '; the live probe did not settle it'}`
          : `replication ${from} → ${request.to}: ${reading.verdict}: ${reading.message}`,
    });
  }
  if (request.via === 'dials') {
    // A failover turns the target's dial to 100 and every other to 0; a failback restores the
    // dials the failover found, or the target's alone (dialSteps in plan.ts).
    const change =
      request.kind === 'failover'
        ? Object.fromEntries(doc.regions.map((r) => [r.name, r.name === request.to ? 100 : 0]))
        : { ...failbackDials, [request.to]: failbackDials?.[request.to] ?? 100 };
    checks.push(...dialChangeChecks(doc, change).filter((c) => c.name !== 'receivers-healthy'));
  } else {
    // The switch moves traffic only away from a region marked out: a failover marks its
    // sources out, a failback only marks the target in and relies on the dials.
    checks.push(targetDialCheck(doc, request.to, request.kind === 'failover' ? sources : []));
    if (request.kind === 'failover') checks.push(switchReadableCheck(!!config.controlTable));
  }
  return checks;
}

/** Checks that read a region's serving health, which a region marked out fails on purpose. */
const SERVING_CHECKS = new Set([
  'target-healthy',
  'alarms',
  'receivers-healthy',
  'last-healthy-region',
]);

/** Why a target reads unhealthy on purpose, and what the plan does about it first. */
export type DeferReason = 'marked-out' | 'scaled-down';

const DEFER_DETAIL: Record<DeferReason, (region: string) => string> = {
  'marked-out': (region) =>
    `${region} is marked out by the routing switch, so it reads unhealthy on purpose; the plan marks it in and waits for healthy targets before moving traffic`,
  'scaled-down': (region) =>
    `every service of ${region} is scaled to 0 (desired 0), so it has no task to be healthy; the plan scales it up and waits for healthy targets before moving traffic`,
};

/**
 * For a target that reads unhealthy on purpose (marked out by the routing switch, or scaled to
 * 0 by an earlier `--scale-source-down`): its endpoint, targets and host alarms read unhealthy
 * because of that, so those checks are deferred to the plan, which marks it in or scales it
 * up first and waits until its tasks run and its targets are healthy before moving any traffic.
 */
export function deferServingChecks(
  checks: CheckResult[],
  region: string,
  reason: DeferReason = 'marked-out',
): CheckResult[] {
  return checks.map((c) =>
    SERVING_CHECKS.has(c.name) && !c.ok
      ? { ...c, ok: true, detail: `deferred: ${DEFER_DETAIL[reason](region)} (now: ${c.detail})` }
      : c,
  );
}

/**
 * True when every service of `region` is scaled to 0 on purpose: status read each one with
 * desired count 0 (a service with tasks wanted but not running is unhealthy, not scaled down).
 */
export function isScaledDown(doc: StatusDocument, region: string): boolean {
  const services = doc.regions.find((r) => r.name === region)?.ecs.services;
  return !!services && services.length > 0 && services.every((s) => s.desired === 0);
}
