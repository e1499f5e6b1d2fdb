/**
 * Plans of the `traffic` commands, from live status: set one dial, drain a region (dial 0),
 * shift gradually to a region (its dial to 100, the others down step by step with a check of
 * the receiving region between steps), or flip a region's routing switch. Every plan carries
 * the guards of guards.ts and ends by observing where new connections land.
 */
import type { Config } from '../../config/schema.js';
import { gradualLevels } from '../failover/plan.js';
import type { Plan, Step } from '../ops/step.js';
import { waitUntil } from '../ops/wait.js';
import type { AppProbe, PortFactory } from '../ports.js';
import type { StatusDocument } from '../status/schema.js';
import { dialChangeChecks, sharesAfter } from './guards.js';
import {
  dialStep,
  landingStep,
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

/** Samples new connections until none lands in a region whose expected share is 0. */
export function observeSharesStep(
  probe: AppProbe,
  expected: Record<string, number>,
  options: LandingOptions,
): Step {
  const excluded = Object.entries(expected)
    .filter(([, share]) => share === 0)
    .map(([r]) => r);
  return {
    id: 'observe:shares',
    title: `sample ${options.consecutive} new connections through the accelerator: none may land in ${excluded.join(', ') || '(no region excluded)'}`,
    done: async () => false,
    async apply(ctx) {
      let seen: Record<string, number> = {};
      await waitUntil(
        ctx,
        `no new connection landing in ${excluded.join(', ')}`,
        async () => {
          seen = {};
          for (let i = 0; i < options.consecutive; i++) {
            const answer = await probe.request(options.path, options.requestTimeoutMs);
            const key = answer.ok ? (answer.region ?? 'unknown') : 'failed';
            seen[key] = (seen[key] ?? 0) + 1;
          }
          return excluded.every((r) => !seen[r]);
        },
        {
          timeoutMs: options.timeoutMs,
          pollMs: options.intervalMs,
          describe: () => JSON.stringify(seen),
        },
      );
      return Object.fromEntries(Object.entries(seen).map(([r, n]) => [`landed:${r}`, n]));
    },
  };
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
  const shares = sharesAfter(doc, change) ?? {};
  const steps = [
    dialStep(
      deps.ports.accelerator(),
      deps.config.accelerator.arn,
      groupOf(deps.config, doc, region),
      percent,
      deps.dial,
      marks,
    ),
    observeSharesStep(deps.probe, shares, deps.landing),
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
  steps.push(landingStep(deps.probe, to, deps.landing, marks));
  const change = Object.fromEntries([[to, 100], ...others.map((o) => [o, 0])]);
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
  if (state === 'out') steps.push(observeSharesStep(deps.probe, { [region]: 0 }, deps.landing));
  return {
    kind: 'traffic-switch',
    request: { region, state },
    summary: `traffic-switch: mark ${region} ${state}`,
    checks,
    steps,
    alreadyDone: false,
  };
}
