/**
 * Runs one drill step: pauses, `${steps…}` references resolved from earlier outputs, the
 * provider, then for a probe its tolerance (retried until it holds when `retry` says so) and
 * for an action its expected exit code. Produces the journal's ActivityRun; never throws for
 * a step that fails, only marks it (a DrillToolError thrown by the provider is kept as
 * `toolError` so the run can abort).
 */
import type { ActivityRun } from './journal.js';
import { DrillToolError, executeProvider, type ExecutionScope } from './execute.js';
import type { Provider } from './providers.js';
import type { Action, Activity } from './schema.js';
import { checkTolerance } from './tolerance.js';
import {
  isStepReference,
  stepOutputLookup,
  substitute,
  type UnresolvedReference,
} from './variables.js';

/** A finished step and, when the tool (not the system under test) failed, why. */
export interface StepOutcome {
  run: ActivityRun;
  toolError?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The step's provider with `${steps…}` references replaced by earlier outputs. The provider
 * was validated (and its durations converted) when the drill was loaded; references are only
 * allowed in string fields, so nothing is validated again here.
 */
function resolveProvider(activity: Activity, outputs: ReadonlyMap<string, unknown>): Provider {
  const unresolved: UnresolvedReference[] = [];
  const lookup = stepOutputLookup(outputs);
  const resolved = substitute(
    activity.provider,
    (n) => (isStepReference(n) ? lookup(n) : undefined),
    () => false,
    unresolved,
  );
  if (unresolved.length) {
    throw new DrillToolError(
      `${unresolved.map((u) => `\${${u.name}}`).join(', ')} has no value: the step it names did not output it`,
    );
  }
  return resolved as Provider;
}

function expectedCodes(action: Action): number[] {
  const code = action.expect?.exitCode;
  return code === undefined ? [0] : Array.isArray(code) ? code : [code];
}

/** Runs one step; `onStart` fires when its provider starts (after the before-pause). */
export async function runActivity(
  activity: Activity,
  scope: ExecutionScope,
  outputs: Map<string, unknown>,
  onStart: (t: number) => void = () => undefined,
): Promise<StepOutcome> {
  const { deps } = scope;
  const started = deps.now();
  const base = {
    activity: { type: activity.type, name: activity.name, provider: activity.provider },
  };
  const finish = (status: ActivityRun['status'], extra: Partial<ActivityRun>): ActivityRun => {
    const end = deps.now();
    return {
      ...base,
      status,
      start: iso(started),
      end: iso(end),
      duration: (end - started) / 1000,
      ...extra,
    };
  };
  try {
    if (activity.pauses?.before) await deps.sleep(activity.pauses.before, scope.signal);
    const provider = resolveProvider(activity, outputs);
    onStart(deps.now());
    let output: unknown;
    let attempts = 0;
    let tolerance = { met: true, detail: '' };
    const deadline = deps.now() + (activity.type === 'probe' ? (activity.retry?.timeout ?? 0) : 0);
    for (;;) {
      attempts += 1;
      output = await executeProvider(provider, scope);
      if (activity.type === 'action') break;
      tolerance = checkTolerance(output, activity.tolerance);
      if (tolerance.met || !activity.retry || deps.now() >= deadline || scope.signal.aborted) break;
      await deps.sleep(
        Math.min(activity.retry.interval ?? 1000, Math.max(0, deadline - deps.now())),
        scope.signal,
      );
    }
    outputs.set(activity.name, output);
    if (activity.pauses?.after) await deps.sleep(activity.pauses.after, scope.signal);
    if (activity.type === 'probe') {
      const retried = activity.retry ? { attempts } : {};
      return tolerance.met
        ? { run: finish('succeeded', { output, tolerance_met: true, ...retried }) }
        : {
            run: finish('failed', {
              output,
              tolerance_met: false,
              ...retried,
              exception: `tolerance not met: ${tolerance.detail}`,
            }),
          };
    }
    const exitCode = (output as { exitCode?: unknown } | undefined)?.exitCode;
    const codes = expectedCodes(activity);
    if (typeof exitCode === 'number' && !codes.includes(exitCode)) {
      return {
        run: finish('failed', {
          output,
          exception: `exit code ${exitCode}; expected ${codes.join(' or ')}${describeError(output)}`,
        }),
      };
    }
    return { run: finish('succeeded', { output }) };
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    return { run: finish('failed', { exception: message }), toolError: message };
  }
}

function describeError(output: unknown): string {
  const error = (output as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? `: ${error.message}` : '';
}
