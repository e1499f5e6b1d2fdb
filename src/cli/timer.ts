/** The real clock and timer handed to use cases (core's `Timer` contract). */
import type { Timer } from '../core/read-budget.js';

/** Date.now and setTimeout; `sleep` resolves early, without rejecting, when `signal` aborts. */
export const systemTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};
