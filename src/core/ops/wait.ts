/**
 * Waiting inside a step: poll a condition until it holds, the time limit passes (a
 * NOT_CONVERGED error, exit 8) or the operator interrupts (exit 130). The step's change is
 * already made when a wait ends early; the step's `done` check settles it on resume.
 */
import { DrError } from '../errors.js';
import type { StepContext } from './step.js';

/** Polls `check` every `pollMs` until it returns a value (not undefined/false). */
export async function waitUntil<T>(
  ctx: StepContext,
  what: string,
  check: () => Promise<T | undefined | false>,
  options: { timeoutMs: number; pollMs: number; describe?: () => string },
): Promise<T> {
  const started = ctx.timer.now();
  for (;;) {
    if (ctx.signal.aborted) {
      throw new DrError(`interrupted while waiting for ${what}`, {
        code: 'INTERRUPTED',
        exit: 'interrupted',
        source: 'user',
      });
    }
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch {
      // A failed read is not the end of a wait: the next poll may answer.
    }
    if (ctx.timer.now() - started >= options.timeoutMs) {
      throw new DrError(
        `${what} did not happen within ${Math.round(options.timeoutMs / 1000)} s${options.describe ? ` (${options.describe()})` : ''}`,
        {
          code: 'NOT_CONVERGED',
          exit: 'notConverged',
          source: 'aws',
          hint: 'Check the region with `mysfits-dr status`; rerun with a longer --timeout once it is healthy.',
        },
      );
    }
    await ctx.timer.sleep(options.pollMs, ctx.signal);
  }
}
