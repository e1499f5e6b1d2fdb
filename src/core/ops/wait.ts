/**
 * Waiting inside a step: poll a condition until it holds, the time limit passes (a
 * NOT_CONVERGED error, exit 8) or the operator interrupts (exit 130). The step's change is
 * already made when a wait ends early; the step's `done` check settles it on resume.
 */
import { interrupted, notConverged, type DrError } from '../errors.js';
import type { StepContext } from './step.js';

/** Polls `check` every `pollMs` until it returns a value (not undefined/false). */
export async function waitUntil<T>(
  ctx: StepContext,
  what: string,
  check: () => Promise<T | undefined | false>,
  options: {
    timeoutMs: number;
    pollMs: number;
    describe?: () => string;
    /** The errors to throw instead of the generic ones, when the caller says more. */
    errors?: { timeout?: () => DrError; interrupted?: () => DrError };
  },
): Promise<T> {
  const started = ctx.timer.now();
  for (;;) {
    if (ctx.signal.aborted) {
      if (options.errors?.interrupted) throw options.errors.interrupted();
      throw interrupted(`interrupted while waiting for ${what}`);
    }
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch {
      // A failed read is not the end of a wait: the next poll may answer.
    }
    if (ctx.timer.now() - started >= options.timeoutMs) {
      if (options.errors?.timeout) throw options.errors.timeout();
      throw notConverged(
        `${what} did not happen within ${Math.round(options.timeoutMs / 1000)} s${options.describe ? ` (${options.describe()})` : ''}`,
        {
          hint: 'Check the region with `mysfits-dr status`; rerun with a longer --timeout once it is healthy.',
        },
      );
    }
    await ctx.timer.sleep(options.pollMs, ctx.signal);
  }
}
