/**
 * Counters and lag measurements of one replication direction (`from` → `to`), and the
 * JSON shape `GET /_lab/replication` reports them in.
 */

/** What `GET /_lab/replication` reports for one direction. */
export interface DirectionReport {
  from: string;
  to: string;
  /** Delivery stopped by a `replication-pause` fault (changes keep queueing). */
  paused: boolean;
  /** Id of the fault that pauses it, if any. */
  pausedBy: string | null;
  /** Changes read from `from` and not yet applied (or skipped) in `to`. */
  pending: number;
  /** Age of the oldest pending change, ms (the data at risk if `from` were lost now). */
  oldestPendingAgeMs: number | null;
  /** Changes written to `to`. */
  applied: number;
  /** Changes not applied because a later change of the same item replaced them. */
  coalesced: number;
  /** Changes not applied because `to` wrote the item later itself (last writer wins). */
  superseded: number;
  /** Stream records of the replicator's own writes in `to`, recognised and not sent back. */
  echoesSuppressed: number;
  /** Rewrites of `to`'s own newer write after a replicated write raced with it. */
  repairs: number;
  errors: number;
  lastError: string | null;
  lastAppliedAt: string | null;
  /** Lag of the last applied change: from when it was read in `from` to when `to` had it. */
  lastLagMs: number | null;
  /** Mean and max lag over the last 100 applied changes. */
  avgLagMs: number | null;
  maxLagMs: number | null;
}

const WINDOW = 100;

/** Mutable statistics of one direction. */
export class DirectionStats {
  readonly from: string;
  readonly to: string;
  applied = 0;
  coalesced = 0;
  superseded = 0;
  echoesSuppressed = 0;
  repairs = 0;
  errors = 0;
  lastError: string | null = null;
  lastErrorAt = 0;
  lastAppliedAt: number | null = null;
  readonly #lags: number[] = [];

  constructor(from: string, to: string) {
    this.from = from;
    this.to = to;
  }

  /** Records one applied change and its lag. */
  recordApplied(lagMs: number, at: number): void {
    this.applied += 1;
    this.lastAppliedAt = at;
    this.#lags.push(lagMs);
    if (this.#lags.length > WINDOW) this.#lags.shift();
  }

  /** Records a failed delivery. */
  recordError(message: string, at: number): void {
    this.errors += 1;
    this.lastError = message;
    this.lastErrorAt = at;
  }

  /** The report, given what only the queue knows. */
  report(
    pending: number,
    oldestObservedAt: number | undefined,
    pausedBy: string | undefined,
    now: number,
  ): DirectionReport {
    const lags = this.#lags;
    return {
      from: this.from,
      to: this.to,
      paused: pausedBy !== undefined,
      pausedBy: pausedBy ?? null,
      pending,
      oldestPendingAgeMs: oldestObservedAt === undefined ? null : now - oldestObservedAt,
      applied: this.applied,
      coalesced: this.coalesced,
      superseded: this.superseded,
      echoesSuppressed: this.echoesSuppressed,
      repairs: this.repairs,
      errors: this.errors,
      lastError: this.lastError,
      lastAppliedAt:
        this.lastAppliedAt === null ? null : new Date(this.lastAppliedAt).toISOString(),
      lastLagMs: lags.length ? lags[lags.length - 1]! : null,
      avgLagMs: lags.length ? Math.round(lags.reduce((a, b) => a + b, 0) / lags.length) : null,
      maxLagMs: lags.length ? Math.max(...lags) : null,
    };
  }
}
