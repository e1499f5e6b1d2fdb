/**
 * Operations that change traffic are plans: data listing typed steps. Each step can say
 * whether its effect is already in place (`done`), make it so (`apply`, which waits until
 * the change has taken), and confirm it (`verify`). The executor runs them in order and
 * journals every transition; because `done` is checked first, re-running or resuming a plan
 * never repeats work that is already in place.
 */
import type { Timer } from '../read-budget.js';

/** What a step may use while it runs. */
export interface StepContext {
  timer: Timer;
  /** Raised on Ctrl-C; long waits inside a step should end early and throw. */
  signal: AbortSignal;
  /** A progress line for the operator (also kept in the journal). */
  note(text: string): void;
}

/** What a step reports once applied: figures worth keeping in the journal. */
export type StepResult = Record<string, string | number | boolean | null>;

/** One step of a plan. */
export interface Step {
  /** Stable id, unique in the plan (`scale:us-east-1:mysfits-like`, `dial:us-west-2`…). */
  id: string;
  /** One line for the plan listing (`set the us-west-2 dial to 0 % (now 100 %)`). */
  title: string;
  /** True when the step's effect is already in place (then apply is skipped). */
  done(ctx: StepContext): Promise<boolean>;
  /** Makes the change and waits until it has taken; throws a DrError on failure. */
  apply(ctx: StepContext): Promise<StepResult | void>;
  /** Confirms the change by reading it back; throws when it does not hold. */
  verify?(ctx: StepContext): Promise<void>;
  /** How to reverse it, in words (shown in the plan and in the state report). */
  undoHint?: string;
}

/** A preflight check's outcome. */
export interface CheckResult {
  /** Stable name, used by `--force <name>`. */
  name: string;
  ok: boolean;
  /** What was found, one sentence. */
  detail: string;
  /** True when the check failed but the operator forced past it. */
  forced?: boolean;
}

/** A plan: what will run, and why it is allowed to. */
export interface Plan {
  /** `failover`, `failback`, `traffic-set`, `traffic-drain`, `traffic-shift`. */
  kind: string;
  /** What the operator asked for, enough to rebuild the plan on `--resume`. */
  request: Record<string, unknown>;
  /** One line describing the intent (`move all traffic from us-west-2 to us-east-1 with the dials`). */
  summary: string;
  checks: CheckResult[];
  steps: Step[];
  /** When true, the end state already holds: running the plan changes nothing. */
  alreadyDone: boolean;
}

/** The checks that failed and were not forced. */
export function blockingChecks(plan: Pick<Plan, 'checks'>): CheckResult[] {
  return plan.checks.filter((c) => !c.ok && !c.forced);
}

/** Marks the named failed checks as forced; returns names given that match no failed check. */
export function forceChecks(checks: CheckResult[], names: readonly string[]): string[] {
  const unknown: string[] = [];
  for (const name of names) {
    const check = checks.find((c) => c.name === name);
    if (!check) unknown.push(name);
    else if (!check.ok) check.forced = true;
  }
  return unknown;
}
