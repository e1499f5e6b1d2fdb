/**
 * Plans of the `traffic` commands, from live status: set one dial, drain a region (dial 0),
 * shift gradually to a region (its dial to 100, the others down step by step with a check of
 * the receiving region between steps), or flip a region's routing switch. Every plan carries
 * the guards of guards.ts and ends by observing where new connections land.
 */
import type { Config } from '../../config/schema.js';
import { gradualLevels } from '../failover/plan.js';
import type { Plan, Step } from '../ops/step.js';
import type { AppProbe, PortFactory } from '../ports.js';
import type { StatusDocument } from '../status/schema.js';
import { endStateReached } from './end-state.js';
import { everyClientIn, expectedLanding, type EndState } from './expected-landing.js';
import { flowConfirmationStep, type FlowMetricsSource } from './flow-confirmation.js';
import { dialChangeChecks } from './guards.js';
import { landingStep } from './landing.js';
import {
  dialStep,
  switchStep,
  type LandingOptions,
  type SwitchMarks,
  type SwitchTarget,
  type WaitTimings,
} from './steps.js';
import { switchReadableCheck } from './switch-check.js';

/** What traffic plans are built with. */
export interface TrafficDeps {
  config: Config;
  ports: PortFactory;
  probe: AppProbe;
  /** Where the routing switches are and how the run writes them (with its fencing token). */
  switches: SwitchTarget;
  runId: string;
  owner: string;
  dial: WaitTimings;
  landing: LandingOptions;
  /** The accelerator's metrics, to confirm the move with NewFlowCount (absent: not confirmed). */
  flows?: FlowMetricsSource;
  /** Between shift steps: waits, reads the receiving region, throws (after rolling back if asked) when degraded. */
  checkReceiver?: (region: string, rollback: () => Promise<void>) => Step;
}

function groupOf(config: Config, doc: StatusDocument, region: string) {
  return {
    region,
    arn: config.regions.find((r) => r.name === region)!.endpointGroupArn,
    currentDial: doc.regions.find((r) => r.name === region)?.traffic.dial ?? null,
  };
}

/**
 * The landing watch for a change that leaves `end`, then (when configured) the confirmation by
 * NewFlowCount. Without the share model (something unknown), new connections may land anywhere
 * but in `unknown.closed`, or only in `unknown.target` when given.
 */
function observeSteps(
  deps: TrafficDeps,
  doc: StatusDocument,
  end: EndState,
  marks: SwitchMarks,
  id: string,
  unknown: { closed?: readonly string[]; target?: string },
): Step[] {
  const allowed = doc.regions.map((r) => r.name).filter((r) => !unknown.closed?.includes(r));
  const expected =
    expectedLanding(deps.config, doc, end) ??
    (unknown.target
      ? everyClientIn(unknown.target)
      : [{ clientsNearest: '*', allowed, mustSee: null, shares: {} }]);
  const settled = endStateReached(deps.ports.accelerator(), deps.config, end);
  return [
    landingStep(deps.probe, expected, deps.landing, marks, id, settled),
    ...(deps.flows && deps.flows.waitMs > 0 ? [flowConfirmationStep(deps.flows, expected)] : []),
  ];
}

function dialPlan(
  kind: string,
  request: Record<string, unknown>,
  summary: string,
  doc: StatusDocument,
  change: Record<string, number>,
  steps: Step[],
): Plan {
  const alreadyDone = Object.entries(change).every(
    ([r, d]) => doc.regions.find((x) => x.name === r)?.traffic.dial === d,
  );
  return { kind, request, summary, checks: dialChangeChecks(doc, change), steps, alreadyDone };
}

/** `traffic set <region> <percent>` (and `traffic drain`, which is percent 0). */
export function planTrafficSet(
  doc: StatusDocument,
  region: string,
  percent: number,
  deps: TrafficDeps,
  kind = 'traffic-set',
): Plan {
  const marks: SwitchMarks = {};
  const change = { [region]: percent };
  const closed = percent === 0 ? [region] : [];
  const steps = [
    dialStep(
      deps.ports.accelerator(),
      deps.config.accelerator.arn,
      groupOf(deps.config, doc, region),
      percent,
      deps.dial,
      marks,
    ),
    ...observeSteps(deps, doc, { dials: change }, marks, 'observe:shares', { closed }),
  ];
  const verb =
    kind === 'traffic-drain'
      ? `drain ${region} (dial 0%)`
      : `set the ${region} dial to ${percent}%`;
  return dialPlan(kind, { region, percent }, `${kind}: ${verb}`, doc, change, steps);
}

/** `traffic shift --to <region>`: its dial to 100, the others down in steps, checked between. */
export function planTrafficShift(
  doc: StatusDocument,
  to: string,
  stepPercent: number,
  rollback: boolean,
  deps: TrafficDeps,
): Plan {
  const marks: SwitchMarks = {};
  const acc = deps.ports.accelerator();
  const others = doc.regions.map((r) => r.name).filter((r) => r !== to);
  const steps: Step[] = [
    dialStep(
      acc,
      deps.config.accelerator.arn,
      groupOf(deps.config, doc, to),
      100,
      deps.dial,
      marks,
    ),
  ];
  for (const source of others) {
    const original = doc.regions.find((r) => r.name === source)?.traffic.dial ?? 100;
    const levels = gradualLevels(original, stepPercent);
    levels.forEach((level, i) => {
      steps.push(
        dialStep(
          acc,
          deps.config.accelerator.arn,
          groupOf(deps.config, doc, source),
          level,
          deps.dial,
          marks,
        ),
      );
      if (deps.checkReceiver && i < levels.length - 1) {
        const restore = async () =>
          void (await acc.setTrafficDial(groupOf(deps.config, doc, source).arn, original));
        steps.push({
          ...deps.checkReceiver(to, rollback ? restore : async () => undefined),
          id: `check:${to}:${source}:${level}`,
        });
      }
    });
  }
  const change = Object.fromEntries([[to, 100], ...others.map((o) => [o, 0])]);
  steps.push(
    ...observeSteps(deps, doc, { dials: change, healthy: [to] }, marks, `observe:${to}`, {
      target: to,
    }),
  );
  return dialPlan(
    'traffic-shift',
    { to, stepPercent, rollback },
    `traffic-shift: move traffic to ${to} in steps of ${stepPercent}%${rollback ? ', rolling back if it degrades' : ''}`,
    doc,
    change,
    steps,
  );
}

/** `traffic switch <region> in|out`: the routing switch, guarded like a drain. */
export function planTrafficSwitch(
  doc: StatusDocument,
  region: string,
  state: 'in' | 'out',
  deps: TrafficDeps,
): Plan {
  const marks: SwitchMarks = {};
  const target = deps.switches;

  const others = doc.regions.filter((r) => r.name !== region);
  const healthyOthers = others.filter((r) => r.canTakeAllTraffic === 'yes');
  const checks =
    state === 'out'
      ? [
          switchReadableCheck(target.store.mode === 'strong'),
          {
            name: 'last-healthy-region',
            ok: healthyOthers.length > 0,
            detail: healthyOthers.length
              ? `${healthyOthers.map((r) => r.name).join(', ')} can take the traffic`
              : `no other region can take the traffic: marking ${region} out would leave no healthy region`,
          },
        ]
      : [];
  const steps: Step[] = [switchStep(target, region, state, marks)];
  if (state === 'out') {
    const end = { unhealthy: [region] };
    steps.push(...observeSteps(deps, doc, end, marks, 'observe:shares', { closed: [region] }));
  }
  return {
    kind: 'traffic-switch',
    request: { region, state },
    summary: `traffic-switch: mark ${region} ${state}`,
    checks,
    steps,
    alreadyDone: false,
  };
}
