/**
 * Builds the plan of a failover (or failback) from live state: the preflight checks, each
 * named so `--force <name>` can override it, then the steps — scale the target up to the
 * source's capacity, move traffic (traffic dials, or the routing switch when the accelerator's
 * API cannot be used), watch new connections land in the target, and optionally scale the
 * source down. Pure: steps hold the ports they will use but nothing runs here.
 */
import type { Config } from '../../config/schema.js';
import type { Plan, Step, CheckResult } from '../ops/step.js';
import type { AppProbe, PortFactory } from '../ports.js';
import { bestReading } from '../status/assess.js';
import type { RegionReport, StatusDocument } from '../status/schema.js';
import { dialChangeChecks } from '../traffic/guards.js';
import {
  dialStep,
  landingStep,
  switchStep,
  type LandingOptions,
  type SwitchMarks,
  type WaitTimings,
} from '../traffic/steps.js';
import { scaleStep } from './scale-step.js';
import { targetDialCheck } from './target-dial.js';

/** What the operator asked for. */
export interface FailoverRequest {
  kind: 'failover' | 'failback';
  to: string;
  /** `dials` (the accelerator's API) or `routing-switch` (the data-plane path). */
  via: 'dials' | 'routing-switch';
  /** Dials only: move all at once, or in steps of `stepPercent`, checking the target between. */
  mode: 'all-at-once' | 'gradual';
  stepPercent: number;
  scaleSourceDown: boolean;
}

/** What the plan's steps are built with. */
export interface FailoverDeps {
  ports: PortFactory;
  probe: AppProbe;
  hashKey: string;
  runId: string;
  owner: string;
  timings: { scale: WaitTimings; dial: WaitTimings };
  landing: LandingOptions;
  /** Between gradual steps: reads the target's health, throws when it degraded. */
  checkTarget?: (region: string) => Step;
}

function regionReport(doc: StatusDocument, name: string): RegionReport | undefined {
  return doc.regions.find((r) => r.name === name);
}

function dialOf(doc: StatusDocument, name: string): number | null {
  return regionReport(doc, name)?.traffic.dial ?? null;
}

/** The preflight checks of a failover or failback. */
export function failoverChecks(
  config: Config,
  doc: StatusDocument,
  request: FailoverRequest,
  sources: readonly string[],
): CheckResult[] {
  const target = regionReport(doc, request.to)!;
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
    const change = Object.fromEntries(
      doc.regions.map((r) => [r.name, r.name === request.to ? 100 : 0]),
    );
    checks.push(...dialChangeChecks(doc, change).filter((c) => c.name !== 'receivers-healthy'));
  } else {
    // The switch moves traffic only away from a region marked out: a failover marks its
    // sources out, a failback only marks the target in and relies on the dials.
    checks.push(targetDialCheck(doc, request.to, request.kind === 'failover' ? sources : []));
  }
  return checks;
}

/** The regions traffic moves away from: the active one, or every other one when unknown. */
export function sourcesOf(doc: StatusDocument, to: string): string[] {
  const active = doc.verdict.activeRegion;
  if (active && active !== to) return [active];
  return doc.regions
    .map((r) => r.name)
    .filter(
      (n) => n !== to && (active === null || (regionReport(doc, n)?.traffic.sharePercent ?? 0) > 0),
    );
}

/** Builds the failover/failback plan; `alreadyDone` when all traffic is in the target already. */
export function planFailover(
  config: Config,
  doc: StatusDocument,
  request: FailoverRequest,
  deps: FailoverDeps,
): Plan {
  const sources = sourcesOf(doc, request.to);
  const target = regionReport(doc, request.to)!;
  // A failover by the dials turns every other region's dial to 0, including a region that gets
  // no traffic now only because its endpoint is unhealthy: it would take traffic back when it
  // recovers. (A failback only restores the target's dial.)
  const dialSources =
    request.via === 'dials' && request.kind === 'failover'
      ? doc.regions
          .map((r) => r.name)
          .filter((n) => n !== request.to && (sources.includes(n) || dialOf(doc, n) !== 0))
      : sources;
  // Done only when the dials hold the end state too: a target that receives all traffic
  // because the other regions are unhealthy, with its own dial below 100 or theirs above 0,
  // loses it again once they recover.
  const targetOut = target.routingSwitch.state === 'out';
  const alreadyDone =
    !targetOut &&
    doc.verdict.activeRegion === request.to &&
    target.traffic.sharePercent === 100 &&
    (request.via !== 'dials' ||
      (target.traffic.dial === 100 && (request.kind === 'failback' || dialSources.length === 0)));
  const marks: SwitchMarks = {};
  const steps: Step[] = [];
  const targetConfig = config.regions.find((r) => r.name === request.to)!;
  const portsOf = (name: string) => deps.ports.region(name);

  const switchTarget = {
    regions: config.regions.map((r) => ({ name: r.name, dynamodb: portsOf(r.name).dynamodb })),
    table: config.globalTable.name,
    hashKey: deps.hashKey,
    runId: deps.runId,
    owner: deps.owner,
  };
  // A target marked out by the routing switch fails its health checks on purpose: mark it in
  // first, so the scale steps below can wait until its targets are healthy again.
  if (targetOut || request.via === 'routing-switch') {
    steps.push(switchStep(switchTarget, request.to, 'in', marks));
  }
  for (const service of targetConfig.ecs.services) {
    const mine = target.ecs.services?.find((s) => s.name === service.name);
    const theirs = sources.map((s) =>
      regionReport(doc, s)?.ecs.services?.find((x) => x.name === service.name),
    );
    const want = Math.max(
      config.thresholds.minHealthyTasks,
      mine?.desired ?? 0,
      ...theirs.map((t) => t?.running ?? 0),
    );
    steps.push(
      scaleStep(
        portsOf(request.to).ecs,
        portsOf(request.to).elbv2,
        {
          region: request.to,
          cluster: targetConfig.ecs.cluster,
          service: service.name,
          targetGroupArn: service.targetGroupArn,
          currentDesired: mine?.desired ?? null,
        },
        want,
        deps.timings.scale,
      ),
    );
  }

  if (request.via === 'dials') {
    const acc = deps.ports.accelerator();
    const group = (name: string) => ({
      region: name,
      arn: config.regions.find((r) => r.name === name)!.endpointGroupArn,
      currentDial: regionReport(doc, name)?.traffic.dial ?? null,
    });
    steps.push(
      dialStep(acc, config.accelerator.arn, group(request.to), 100, deps.timings.dial, marks),
    );
    // A failback restores the primary's dial and leaves the others as they are: the baseline,
    // where the accelerator sends each client to its closest region, is back.
    for (const source of request.kind === 'failover' ? dialSources : []) {
      const from = regionReport(doc, source)?.traffic.dial ?? 100;
      const levels = request.mode === 'gradual' ? gradualLevels(from, request.stepPercent) : [0];
      levels.forEach((level, i) => {
        steps.push(
          dialStep(acc, config.accelerator.arn, group(source), level, deps.timings.dial, marks),
        );
        if (request.mode === 'gradual' && deps.checkTarget && i < levels.length - 1)
          steps.push({ ...deps.checkTarget(request.to), id: `check:${request.to}:${level}` });
      });
    }
  } else {
    // A failover marks the sources out; a failback only marks the primary in again, and the
    // accelerator's proximity routing brings the primary's clients back to it.
    if (request.kind === 'failover') {
      for (const source of sources) steps.push(switchStep(switchTarget, source, 'out', marks));
    }
  }
  steps.push(landingStep(deps.probe, request.to, deps.landing, marks));

  if (request.scaleSourceDown) {
    for (const source of sources) {
      const sourceConfig = config.regions.find((r) => r.name === source)!;
      for (const service of sourceConfig.ecs.services) {
        const current = regionReport(doc, source)?.ecs.services?.find(
          (s) => s.name === service.name,
        );
        steps.push(
          scaleStep(
            portsOf(source).ecs,
            portsOf(source).elbv2,
            {
              region: source,
              cluster: sourceConfig.ecs.cluster,
              service: service.name,
              targetGroupArn: service.targetGroupArn,
              currentDesired: current?.desired ?? null,
            },
            0,
            deps.timings.scale,
          ),
        );
      }
    }
  }

  const how =
    request.via === 'dials'
      ? `with the traffic dials${request.mode === 'gradual' ? ` in steps of ${request.stepPercent}%` : ''}`
      : 'with the routing switch (no accelerator API needed)';
  return {
    kind: request.kind,
    request: { ...request },
    summary: dialSources.length
      ? `${request.kind}: move all traffic from ${dialSources.join(', ')} to ${request.to} ${how}`
      : alreadyDone
        ? `${request.kind}: all traffic is in ${request.to} already`
        : `${request.kind}: all new connections reach ${request.to} already, but not by the dials; set them ${how}`,
    checks: targetOut
      ? deferServingChecks(failoverChecks(config, doc, request, sources), request.to)
      : failoverChecks(config, doc, request, sources),
    steps,
    alreadyDone,
  };
}

/** Dial levels for a gradual shift down from `from` in steps of `step` (ending at 0). */
export function gradualLevels(from: number, step: number): number[] {
  const levels: number[] = [];
  for (let level = from - step; level > 0; level -= step) levels.push(level);
  levels.push(0);
  return levels;
}

/** Checks that read a region's serving health, which a region marked out fails on purpose. */
const SERVING_CHECKS = new Set([
  'target-healthy',
  'alarms',
  'receivers-healthy',
  'last-healthy-region',
]);

/**
 * For a target marked out by the routing switch: its endpoint, targets and host alarms read
 * unhealthy because of the switch itself, so those checks are deferred to the plan, which
 * marks it in first and waits until its tasks run and its targets are healthy before moving
 * any traffic.
 */
function deferServingChecks(checks: CheckResult[], region: string): CheckResult[] {
  return checks.map((c) =>
    SERVING_CHECKS.has(c.name) && !c.ok
      ? {
          ...c,
          ok: true,
          detail: `deferred: ${region} is marked out by the routing switch, so it reads unhealthy on purpose; the plan marks it in and waits for healthy targets before moving traffic (now: ${c.detail})`,
        }
      : c,
  );
}
