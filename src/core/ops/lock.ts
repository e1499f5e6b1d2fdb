/**
 * The operations lock: one item (control-store.ts says where), taken with a conditional
 * write, so two operators cannot change traffic at once. It names its owner and run, expires
 * unless renewed (a crashed run does not block others for ever), and can be broken.
 *
 * The item carries a fencing token, `Fence`: a number raised by one on every acquire and
 * every break, and never lowered (release keeps the item and its token). The run that
 * holds the lock writes with its token: renewals and releases are conditioned on it, and
 * every other item the run writes (switches, audit records) is written only after a
 * strongly consistent read shows the lock still this run's with this token, and only if
 * the item's own stored `Fence` is not higher (`attribute_not_exists(Fence) OR Fence <= :mine`).
 * A run whose lock was broken is FENCED_OUT at its next write. MRSC tables do not support
 * transactions, hence the read then the conditional write (the window is documented in
 * docs/operations.md).
 */
import { drError } from '../errors.js';
import type { SimpleItem } from '../ports.js';
import { type ControlRegion, type ControlStore, inControlRegion } from './control-store.js';

/** Who holds the lock. */
export interface LockHolder {
  runId: string;
  owner: string;
  operation: string;
  acquiredAt: number;
  expiresAt: number;
  region: string;
  /** The fencing token of this holding. */
  fence: number;
  /** Set when the lock was taken outside its home region (`--force lock-region`). */
  movedFrom?: string;
}

/** What the lock needs. */
export interface LockDeps {
  store: ControlStore;
  now(): number;
  /** `--force lock-region`: without a control table, take the lock beyond its home region. */
  allowOtherRegions?: boolean;
}

const NAMES = { '#run': 'RunId', '#fence': 'Fence', '#exp': 'ExpiresAt' };

function holderOf(item: SimpleItem, region: string): LockHolder | undefined {
  if (item.RunId === undefined) return undefined;
  return {
    runId: String(item.RunId),
    owner: String(item.Owner ?? ''),
    operation: String(item.Operation ?? ''),
    acquiredAt: Number(item.AcquiredAt ?? 0),
    expiresAt: Number(item.ExpiresAt ?? 0),
    region,
    fence: Number(item.Fence ?? 0),
  };
}

/** The lock of one deployment, as one run (or `lock show|break`) sees it. */
export class OperationLock {
  /** Home-region mode: the region the lock was found in, kept for the run. */
  private pinned: ControlRegion | undefined;
  private held: { runId: string; fence: number } | undefined;

  constructor(private readonly deps: LockDeps) {}

  private key(): SimpleItem {
    return { [this.deps.store.hashKey]: this.deps.store.ids.lock };
  }

  private async inLockRegion<T>(
    what: string,
    fn: (region: ControlRegion) => Promise<T>,
  ): Promise<{ region: string; value: T }> {
    if (this.pinned) {
      const pinned = this.pinned;
      return { region: pinned.name, value: await fn(pinned) };
    }
    const answer = await inControlRegion(this.deps.store, what, fn, {
      allowOtherRegions: this.deps.allowOtherRegions ?? false,
    });
    if (this.deps.store.mode === 'home-region')
      this.pinned = this.deps.store.regions.find((r) => r.name === answer.region);
    return answer;
  }

  private async read(what: string): Promise<{ region: string; value: SimpleItem | undefined }> {
    return this.inLockRegion(what, (r) => r.dynamodb.getItem(this.deps.store.table, this.key()));
  }

  /** The current holder, if any (expired holders included, with their expiry). */
  async holder(): Promise<LockHolder | undefined> {
    const { region, value } = await this.read('reading the operations lock');
    return value ? holderOf(value, region) : undefined;
  }

  /**
   * Takes the lock for `runId` for `ttlMs` with the next fencing token; succeeds when it is
   * free, expired, or already this run's (a resumed run). Throws LOCK_HELD (exit 5) naming
   * the holder otherwise.
   */
  async acquire(
    runId: string,
    owner: string,
    operation: string,
    ttlMs: number,
  ): Promise<LockHolder> {
    const now = this.deps.now();
    const { region, value } = await this.inLockRegion('taking the operations lock', (r) =>
      retryWriteConflicts(() => this.tryAcquire(r, { runId, owner, operation, now, ttlMs })),
    );
    if (value) {
      const holder = holderOf(value, region)!;
      this.held = { runId, fence: holder.fence };
      const home = this.deps.store.regions[0]?.name;
      return this.deps.store.mode === 'home-region' && home !== region
        ? { ...holder, movedFrom: home }
        : holder;
    }
    const holder = await this.holder();
    throw drError(
      'LOCK_HELD',
      holder
        ? `another operation holds the lock: ${holder.operation} run ${holder.runId} by ${holder.owner}, since ${new Date(holder.acquiredAt).toISOString()}, expires ${new Date(holder.expiresAt).toISOString()}`
        : 'another operation took the lock at the same moment',
      {
        hint: 'Wait for it to finish (`mysfits-dr lock show`), or, if its run is dead, `mysfits-dr lock break --run <id>`.',
        details: holder,
      },
    );
  }

  /** One conditional write of the lock with the next token; the item written, or undefined. */
  private async tryAcquire(
    r: ControlRegion,
    take: { runId: string; owner: string; operation: string; now: number; ttlMs: number },
  ): Promise<SimpleItem | undefined> {
    const { runId, owner, operation, now, ttlMs } = take;
    const current = await r.dynamodb.getItem(this.deps.store.table, this.key());
    const previous = Number(current?.Fence ?? 0);
    const item: SimpleItem = {
      ...this.key(),
      RunId: runId,
      Owner: owner,
      Operation: operation,
      AcquiredAt: now,
      ExpiresAt: now + ttlMs,
      Fence: previous + 1,
    };
    const taken = await r.dynamodb.putItemIf(this.deps.store.table, item, {
      expression:
        '(attribute_not_exists(#run) OR #exp < :now OR #run = :run) AND (attribute_not_exists(#fence) OR #fence = :prev)',
      names: NAMES,
      values: { ':now': now, ':run': runId, ':prev': previous },
    });
    return taken ? item : undefined;
  }

  /** Extends this run's lock; false when the lock (with this run's token) is no longer its. */
  async renew(runId: string, ttlMs: number): Promise<boolean> {
    const held = this.held;
    const current = await this.holder();
    if (!held || held.runId !== runId || current?.runId !== runId) return false;
    const item: SimpleItem = {
      ...this.key(),
      RunId: runId,
      Owner: current.owner,
      Operation: current.operation,
      AcquiredAt: current.acquiredAt,
      ExpiresAt: this.deps.now() + ttlMs,
      Fence: held.fence,
    };
    const { value } = await this.inLockRegion('renewing the operations lock', (r) =>
      r.dynamodb.putItemIf(this.deps.store.table, item, this.mine(runId, held.fence)),
    );
    return value;
  }

  private mine(runId: string, fence: number) {
    return {
      expression: '#run = :run AND #fence = :fence',
      names: { '#run': NAMES['#run'], '#fence': NAMES['#fence'] },
      values: { ':run': runId, ':fence': fence },
    };
  }

  /** Releases this run's lock, keeping its token (a no-op when another run holds it). */
  async release(runId: string): Promise<boolean> {
    const held = this.held;
    if (!held || held.runId !== runId) return false;
    const item = { ...this.key(), Fence: held.fence, ReleasedAt: this.deps.now() };
    const { value } = await this.inLockRegion('releasing the operations lock', (r) =>
      r.dynamodb.putItemIf(this.deps.store.table, item, this.mine(runId, held.fence)),
    );
    if (value) this.held = undefined;
    return value;
  }

  /**
   * Breaks the lock held by `runId` (only that run's, so a new holder is never broken by
   * mistake) and raises the token, so the broken run cannot write again.
   */
  async break(runId: string): Promise<boolean> {
    const current = await this.holder();
    if (current?.runId !== runId) return false;
    const item = {
      ...this.key(),
      Fence: current.fence + 1,
      BrokenAt: this.deps.now(),
      BrokenRun: runId,
    };
    const { value } = await this.inLockRegion('breaking the operations lock', (r) =>
      r.dynamodb.putItemIf(this.deps.store.table, item, this.mine(runId, current.fence)),
    );
    return value;
  }

  /** Throws FENCED_OUT unless a strongly consistent read shows the lock still this run's. */
  async assertHeld(): Promise<{ runId: string; fence: number }> {
    const held = this.held;
    if (!held) throw fencedOut('this run does not hold the operations lock');
    const current = await this.holder();
    if (current?.runId !== held.runId || current.fence !== held.fence) {
      throw fencedOut(
        current
          ? `the operations lock is now ${current.operation} run ${current.runId} by ${current.owner} (token ${current.fence}; this run's was ${held.fence})`
          : `the lock of run ${held.runId} was broken or released (token ${held.fence} is stale)`,
      );
    }
    return held;
  }

  /**
   * Writes a control item with this run's token: after assertHeld, conditioned on the
   * item's stored token not being higher. In a strong table one write; in the app's table
   * (`everyRegion`) one per region that answers, so each sees it at once. Returns the
   * regions written and those that did not answer; FENCED_OUT when refused.
   */
  async putFenced(
    item: SimpleItem,
    options: { everyRegion?: boolean } = {},
  ): Promise<{ written: string[]; failed: string[] }> {
    const { fence } = await this.assertHeld();
    const { store } = this.deps;
    const fenced = { ...item, Fence: fence };
    const put = async (r: ControlRegion) => {
      const ok = await r.dynamodb.putItemIf(store.table, fenced, {
        expression: 'attribute_not_exists(#fence) OR #fence <= :fence',
        names: { '#fence': 'Fence' },
        values: { ':fence': fence },
      });
      if (!ok) throw fencedOut(`item ${String(item[store.hashKey])} was written by a newer run`);
    };
    if (!(options.everyRegion && store.mode === 'home-region')) {
      const { region } = await inControlRegion(store, 'writing a control item', put, {
        allowOtherRegions: this.deps.allowOtherRegions ?? false,
      });
      return { written: [region], failed: [] };
    }
    const writes = await Promise.allSettled(store.regions.map(put));
    const refused = writes.find(
      (w): w is PromiseRejectedResult =>
        w.status === 'rejected' && (w.reason as { code?: string })?.code === 'FENCED_OUT',
    );
    if (refused) throw refused.reason;
    return {
      written: store.regions.filter((_, i) => writes[i]!.status === 'fulfilled').map((r) => r.name),
      failed: store.regions.filter((_, i) => writes[i]!.status === 'rejected').map((r) => r.name),
    };
  }
}

/**
 * Runs a conditional write again (after a short pause) when an MRSC table answers
 * ReplicatedWriteConflictException: another region's write of the same item was in flight;
 * AWS documents the error as retryable, and the retry re-reads, so it ends in the condition's
 * verdict (the lock held by the other writer) instead of an error.
 */
async function retryWriteConflicts<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const conflict = (error as { name?: string })?.name === 'ReplicatedWriteConflictException';
      if (!conflict || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** FENCED_OUT: the run's lock is no longer its own; it must not write again. */
export function fencedOut(why: string) {
  return drError('FENCED_OUT', `fenced out: ${why}; this run stopped without writing`, {
    hint: 'See who holds the lock now (`mysfits-dr lock show`) and the live state (`mysfits-dr status`); the journal says which steps were done.',
  });
}
