/**
 * Steady requests through the accelerator for the length of an operation, one new
 * connection every interval, counting where they landed and which failed: the errors a
 * client saw during the switch.
 */
import type { AppProbe } from '../ports.js';
import type { Timer } from '../read-budget.js';

/** What the probe saw. */
export interface ProbeTally {
  requests: number;
  failures: number;
  byRegion: Record<string, number>;
  /** Times (ms since the epoch) of the failures, for the journal. */
  failureTimes: number[];
}

/** Starts probing; `stop()` ends it and returns the tally. */
export function startBackgroundProbe(
  probe: AppProbe,
  timer: Timer,
  options: { path: string; intervalMs: number; requestTimeoutMs: number },
): { stop(): Promise<ProbeTally> } {
  const tally: ProbeTally = { requests: 0, failures: 0, byRegion: {}, failureTimes: [] };
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      const at = timer.now();
      const answer = await probe.request(options.path, options.requestTimeoutMs);
      tally.requests++;
      if (!answer.ok) {
        tally.failures++;
        tally.failureTimes.push(at);
      } else if (answer.region) {
        tally.byRegion[answer.region] = (tally.byRegion[answer.region] ?? 0) + 1;
      }
      await timer.sleep(Math.max(0, options.intervalMs - (timer.now() - at)), stop.signal);
    }
  })();
  return {
    async stop() {
      stop.abort();
      await loop;
      return tally;
    },
  };
}
