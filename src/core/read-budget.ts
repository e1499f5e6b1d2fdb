/**
 * Runs many reads in parallel under three limits: a timeout per call, a total time budget
 * for the whole run, and a cap on calls in flight (so a large config does not trip AWS
 * throttling). Every read ends as a Fact: its value, or why it is unknown. Time comes from
 * the Timer it is handed, so the domain stays free of real clocks.
 */
import { known, unknown, type Fact, type ReadFailure } from './status/facts.js';

/** The clock and timer a use case is handed. */
export interface Timer {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Turns an error thrown by a port into a failure kind and a short message. */
export type ErrorClassifier = (error: unknown) => {
  kind: Exclude<ReadFailure['kind'], 'budget'>;
  message: string;
};

/** Limits of one run of reads. */
export interface ReadLimits {
  /** Longest a single call may take, retries included. */
  perCallMs: number;
  /** Longest the whole run may take; reads not finished by then are unknown (`budget`). */
  totalMs: number;
  /** Most calls in flight at once. */
  concurrency: number;
}

/** A run of reads sharing one budget. */
export class ReadBudget {
  private readonly deadline: number;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly timer: Timer,
    private readonly limits: ReadLimits,
    private readonly classify: ErrorClassifier,
  ) {
    this.deadline = timer.now() + limits.totalMs;
  }

  /** Milliseconds left of the total budget. */
  remainingMs(): number {
    return Math.max(0, this.deadline - this.timer.now());
  }

  /**
   * Runs one read; never throws. `call` names it in failures (`ecs:DescribeServices us-east-1`);
   * `callLimitMs` replaces the per-call timeout for a read that is a sequence of calls.
   */
  async read<T>(call: string, fn: () => Promise<T>, callLimitMs?: number): Promise<Fact<T>> {
    await this.slot();
    const started = this.timer.now();
    const perCall = callLimitMs ?? this.limits.perCallMs;
    try {
      const limit = Math.min(perCall, this.remainingMs());
      if (limit <= 0) {
        return unknown({
          kind: 'budget',
          call,
          message: `not started: the ${this.limits.totalMs} ms budget ran out`,
        });
      }
      const outcome = await this.race(fn, limit);
      const ms = this.timer.now() - started;
      if (outcome.done) return known(outcome.value, ms);
      if (outcome.error === undefined) {
        const kind = limit < perCall ? 'budget' : 'timeout';
        return unknown({ kind, call, message: `no answer within ${limit} ms` }, ms);
      }
      return unknown({ call, ...this.classify(outcome.error) }, ms);
    } finally {
      this.release();
    }
  }

  private async race<T>(
    fn: () => Promise<T>,
    limitMs: number,
  ): Promise<{ done: true; value: T } | { done: false; error?: unknown }> {
    const stop = new AbortController();
    const timeout = this.timer.sleep(limitMs, stop.signal).then(() => ({ done: false as const }));
    const attempt = fn().then(
      (value) => ({ done: true as const, value }),
      (error: unknown) => ({ done: false as const, error: error ?? new Error('unknown error') }),
    );
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      stop.abort();
    }
  }

  private async slot(): Promise<void> {
    if (this.inFlight < this.limits.concurrency) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}
