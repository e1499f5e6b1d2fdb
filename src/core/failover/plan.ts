/**
 * Builds the plan of a failover (or failback) from live state: the preflight checks (checks.ts),
 * then the steps — scale the target up to the source's capacity, move traffic (traffic dials,
 * or the routing switch when the accelerator's API cannot be used), watch new connections land
 * in the target, and optionally scale the source down. Pure: steps hold the ports they will use
 * but nothing runs here.
 */
import type { Config } from '../../config/schema.js';
import type { Plan, Step } from '../ops/step.js';
import type { AppProbe, PortFactory } from '../ports.js';
import type { RegionReport, StatusDocument } from '../status/schema.js';
import * as traffic from '../traffic/steps.js';
import { everyClientIn, expectedLanding, type EndState } from '../traffic/expected-landing.js';
import { flowConfirmationStep, type FlowMetricsSource } from '../traffic/flow-confirmation.js';
import { endStateReached } from '../traffic/end-state.js';
import { landingStep } from '../traffic/landing.js';
import { deferServingChecks, failoverChecks, isScaledDown } from './checks.js';
import type { FailbackDials } from './failback-dials.js';
import { scaleStep } from './scale-step.js';

export { failoverChecks } from './checks.js';

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
  /** Where the routing switches are and how the run writes them (with its fencing token). */
  switches: traffic.SwitchTarget;
  runId: string;
  owner: string;
  timings: { scale: traffic.WaitTimings; dial: traffic.WaitTimings };
  landing: traffic.LandingOptions;
  /** The accelerator's metrics, to confirm the move with NewFlowCount (absent: not confirmed). */
  flows?: FlowMetricsSource;
  /** Between gradual steps: reads the target's health, throws when it degraded. */
  checkTarget?: (region: string) => Step;
  /**
   * Desired counts by service that an earlier failover recorded for the target before it
   * scaled it down (recordedCapacity); the plan scales the target back to at least these.
   */
  restoreDesired?: Readonly<Record<string, number>>;
  /** A failback's dials to restore (failback-dials.ts); absent: only the target's to 100. */
  restoreDials?: FailbackDials;
}

/** Everything the step builders share: the request, the live state, the deps, the marks. */
interface PlanInput {
  config: Config;
  doc: StatusDocument;
  request: FailoverRequest;
  deps: FailoverDeps;
  /** The regions traffic moves away from. */
  sources: string[];
  /** The regions whose dial a failover by the dials turns to 0. */
  dialSources: string[];
  marks: traffic.SwitchMarks;
}

function regionReport(doc: StatusDocument, name: string): RegionReport | undefined {
  return doc.regions.find((r) => r.name === name);
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

/**
 * A failover by the dials turns every other region's dial to 0, including a region that gets
 * no traffic now only because its endpoint is unhealthy: it would take traffic back when it
 * recovers. (A failback only restores the target's dial.)
 */
function dialSourcesOf(doc: StatusDocument, request: FailoverRequest, sources: string[]) {
  if (request.via !== 'dials' || request.kind !== 'failover') return sources;
  return doc.regions
    .map((r) => r.name)
    .filter(
      (n) => n !== request.to && (sources.includes(n) || regionReport(doc, n)?.traffic.dial !== 0),
    );
}

/**
 * Done only when the dials hold the end state too: a target that receives all traffic because
 * the other regions are unhealthy, with its own dial below 100 or theirs above 0, loses it
 * again once they recover.
 */
function isAlreadyDone({ doc, request, dialSources, deps }: PlanInput): boolean {
  const target = regionReport(doc, request.to)!;
  const restore = request.kind === 'failback' ? deps.restoreDials?.dials : undefined;
  if (restore && doc.regions.some((r) => r.traffic.dial !== restore[r.name])) return false;
  return (
    target.routingSwitch.state !== 'out' &&
    doc.verdict.activeRegion === request.to &&
    target.traffic.sharePercent === 100 &&
    (request.via !== 'dials' ||
      (target.traffic.dial === 100 && (request.kind === 'failback' || dialSources.length === 0)))
  );
}

/** One scale step per service of `region`, to the count `want` gives for each. */
function scaleSteps(
  { config, doc, deps }: PlanInput,
  region: string,
  want: (service: string) => number,
): Step[] {
  const regionConfig = config.regions.find((r) => r.name === region)!;
  const { ecs, elbv2 } = deps.ports.region(region);
  return regionConfig.ecs.services.map((service) => {
    const current = regionReport(doc, region)?.ecs.services?.find((s) => s.name === service.name);
    const target = {
      region,
      cluster: regionConfig.ecs.cluster,
      service: service.name,
      targetGroupArn: service.targetGroupArn,
      currentDesired: current?.desired ?? null,
    };
    return scaleStep(ecs, elbv2, target, want(service.name), deps.timings.scale);
  });
}

/**
 * The target's services scaled to at least what the sources run, what an earlier failover
 * recorded before scaling the target down, and the minimum healthy.
 */
function scaleTargetUp(input: PlanInput): Step[] {
  const { config, doc, request, sources, deps } = input;
  const services = (region: string) => regionReport(doc, region)?.ecs.services ?? [];
  return scaleSteps(input, request.to, (name) =>
    Math.max(
      config.thresholds.minHealthyTasks,
      services(request.to).find((s) => s.name === name)?.desired ?? 0,
      deps.restoreDesired?.[name] ?? 0,
      ...sources.map((s) => services(s).find((x) => x.name === name)?.running ?? 0),
    ),
  );
}

/** The routing switch's mark of one region. */
function switchStep(input: PlanInput, region: string, state: 'in' | 'out'): Step {
  return traffic.switchStep(input.deps.switches, region, state, input.marks);
}

/**
 * The target's dial to 100, then (a failover) each source's dial to 0, at once or in steps
 * with a check of the target between. A failback restores the dials the failover found (or
 * the baseline), the target's first; without them it restores the target's dial alone.
 */
function dialSteps(input: PlanInput): Step[] {
  const { config, doc, request, deps, marks } = input;
  const acc = deps.ports.accelerator();
  const dial = (name: string, level: number) => {
    const group = {
      region: name,
      arn: config.regions.find((r) => r.name === name)!.endpointGroupArn,
      currentDial: regionReport(doc, name)?.traffic.dial ?? null,
    };
    return traffic.dialStep(acc, config.accelerator.arn, group, level, deps.timings.dial, marks);
  };
  const restore = request.kind === 'failback' ? deps.restoreDials?.dials : undefined;
  if (restore) {
    const others = config.regions
      .map((r) => r.name)
      .filter((n) => n !== request.to && regionReport(doc, n)?.traffic.dial !== restore[n]);
    return [dial(request.to, restore[request.to]!), ...others.map((n) => dial(n, restore[n]!))];
  }
  const gradual = request.mode === 'gradual';
  const sources = request.kind === 'failover' ? input.dialSources : [];
  return [
    dial(request.to, 100),
    ...sources.flatMap((source) => {
      const from = regionReport(doc, source)?.traffic.dial ?? 100;
      const levels = gradual ? gradualLevels(from, request.stepPercent) : [0];
      return levels.flatMap((level, i) =>
        gradual && deps.checkTarget && i < levels.length - 1
          ? [
              dial(source, level),
              { ...deps.checkTarget(request.to), id: `check:${request.to}:${level}` },
            ]
          : [dial(source, level)],
      );
    }),
  ];
}

/** How traffic moves: the dials, or the routing switch marking the sources out (failover only). */
function trafficSteps(input: PlanInput): Step[] {
  if (input.request.via === 'dials') return dialSteps(input);
  // A failback only marks the primary in again (done first), and the accelerator's proximity
  // routing brings the primary's clients back to it.
  if (input.request.kind !== 'failover') return [];
  return input.sources.map((source) => switchStep(input, source, 'out'));
}

function summaryOf({ request, dialSources, deps }: PlanInput, alreadyDone: boolean): string {
  const restore =
    request.kind === 'failback' && request.via === 'dials' ? deps.restoreDials : undefined;
  if (restore && !alreadyDone) {
    const dials = Object.entries(restore.dials).map(([r, d]) => `${r} ${d}%`);
    return `failback: traffic back to ${request.to}, restoring the dials of ${restore.source} (${dials.join(', ')})`;
  }
  const how =
    request.via === 'dials'
      ? `with the traffic dials${request.mode === 'gradual' ? ` in steps of ${request.stepPercent}%` : ''}`
      : 'with the routing switch (no accelerator API needed)';
  if (dialSources.length)
    return `${request.kind}: move all traffic from ${dialSources.join(', ')} to ${request.to} ${how}`;
  return alreadyDone
    ? `${request.kind}: all traffic is in ${request.to} already`
    : `${request.kind}: all new connections reach ${request.to} already, but not by the dials; set them ${how}`;
}

/** The dials and health the plan leaves: the target serving, the moved dials, sources marked out. */
function endStateOf({ request, dialSources, sources, deps }: PlanInput): EndState {
  if (request.via === 'routing-switch') {
    return {
      healthy: [request.to],
      unhealthy: request.kind === 'failover' ? sources : [],
    };
  }
  const restore = request.kind === 'failback' ? deps.restoreDials?.dials : undefined;
  const moved = request.kind === 'failover' ? dialSources : [];
  return {
    healthy: [request.to],
    dials: restore ?? Object.fromEntries([[request.to, 100], ...moved.map((s) => [s, 0])]),
  };
}

/** Builds the failover/failback plan; `alreadyDone` when all traffic is in the target already. */
export function planFailover(
  config: Config,
  doc: StatusDocument,
  request: FailoverRequest,
  deps: FailoverDeps,
): Plan {
  const sources = sourcesOf(doc, request.to);
  const dialSources = dialSourcesOf(doc, request, sources);
  const input: PlanInput = { config, doc, request, deps, sources, dialSources, marks: {} };
  const targetOut = regionReport(doc, request.to)!.routingSwitch.state === 'out';
  const alreadyDone = isAlreadyDone(input);
  const checks = failoverChecks(config, doc, request, sources, deps.restoreDials?.dials);
  const end = endStateOf(input);
  const expected = expectedLanding(config, doc, end) ?? everyClientIn(request.to);
  const settled = endStateReached(deps.ports.accelerator(), config, end);
  const steps = [
    // A target marked out by the routing switch fails its health checks on purpose: mark it in
    // first, so the scale steps can wait until its targets are healthy again.
    ...(targetOut || request.via === 'routing-switch' ? [switchStep(input, request.to, 'in')] : []),
    ...scaleTargetUp(input),
    ...trafficSteps(input),
    landingStep(deps.probe, expected, deps.landing, input.marks, `observe:${request.to}`, settled),
    ...(deps.flows && deps.flows.waitMs > 0 ? [flowConfirmationStep(deps.flows, expected)] : []),
    ...(request.scaleSourceDown ? sources.flatMap((s) => scaleSteps(input, s, () => 0)) : []),
  ];
  return {
    kind: request.kind,
    request: { ...request },
    summary: summaryOf(input, alreadyDone),
    checks: targetOut
      ? deferServingChecks(checks, request.to, 'marked-out')
      : isScaledDown(doc, request.to)
        ? deferServingChecks(checks, request.to, 'scaled-down')
        : checks,
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
