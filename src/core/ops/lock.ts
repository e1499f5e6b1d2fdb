/**
 * The operations lock: one item in the global table, taken with a conditional write, so two
 * operators cannot change traffic at once. It names its owner and run and expires unless
 * renewed (a crashed run does not block others for ever); a stale lock can be broken.
 *
 * A global table replicates with last-writer-wins, so a condition is only checked in the
 * region it is written to. Every operator therefore takes the lock in the same region: the
 * first configured region (the primary first) whose DynamoDB answers. Only a partition that
 * shows two operators different reachable regions could let both in; the lock record says
 * which region holds it.
 */
import { drError } from '../errors.js';
import type { DynamoDbPort, SimpleItem } from '../ports.js';

/** The lock item's id (under the table's hash key; ids starting `__` are ignored by the app). */
export const LOCK_ID = '__lock#mysfits-dr';

/** Who holds the lock. */
export interface LockHolder {
  runId: string;
  owner: string;
  operation: string;
  acquiredAt: number;
  expiresAt: number;
  region: string;
}

/** What the lock needs. */
export interface LockDeps {
  /** The table's DynamoDB port in each region, in the order regions are tried. */
  regions: readonly { name: string; dynamodb: DynamoDbPort }[];
  table: string;
  /** The table's hash key attribute (`MysfitId`). */
  hashKey: string;
  now(): number;
}

function holderOf(item: SimpleItem, region: string): LockHolder {
  return {
    runId: String(item.RunId ?? ''),
    owner: String(item.Owner ?? ''),
    operation: String(item.Operation ?? ''),
    acquiredAt: Number(item.AcquiredAt ?? 0),
    expiresAt: Number(item.ExpiresAt ?? 0),
    region,
  };
}

/** The lock, taken in the first region that answers. */
export class OperationLock {
  private region: { name: string; dynamodb: DynamoDbPort } | undefined;

  constructor(private readonly deps: LockDeps) {}

  private key(): SimpleItem {
    return { [this.deps.hashKey]: LOCK_ID };
  }

  /** Runs `fn` against the first region whose DynamoDB answers; remembers it. */
  private async inLockRegion<T>(
    fn: (region: { name: string; dynamodb: DynamoDbPort }) => Promise<T>,
  ): Promise<T> {
    if (this.region) return fn(this.region);
    const errors: string[] = [];
    for (const region of this.deps.regions) {
      try {
        const result = await fn(region);
        this.region = region;
        return result;
      } catch (error) {
        errors.push(`${region.name}: ${(error as Error)?.message ?? String(error)}`);
      }
    }
    throw drError(
      'LOCK_UNAVAILABLE',
      `the operations lock could not be read or written in any region (${errors.join('; ')})`,
      {
        hint: 'The lock lives in the global table; check that DynamoDB answers in at least one region.',
      },
    );
  }

  /** The current holder, if any (expired holders included, with their expiry). */
  async holder(): Promise<LockHolder | undefined> {
    return this.inLockRegion(async (region) => {
      const item = await region.dynamodb.getItem(this.deps.table, this.key());
      return item ? holderOf(item, region.name) : undefined;
    });
  }

  /**
   * Takes the lock for `runId` for `ttlMs`; succeeds when it is free, expired, or already
   * this run's (a resumed run). Throws LOCK_HELD (exit 5) naming the holder otherwise.
   */
  async acquire(
    runId: string,
    owner: string,
    operation: string,
    ttlMs: number,
  ): Promise<LockHolder> {
    const now = this.deps.now();
    const item: SimpleItem = {
      ...this.key(),
      RunId: runId,
      Owner: owner,
      Operation: operation,
      AcquiredAt: now,
      ExpiresAt: now + ttlMs,
    };
    const taken = await this.inLockRegion((region) =>
      region.dynamodb.putItemIf(this.deps.table, item, {
        expression: 'attribute_not_exists(#k) OR #exp < :now OR #run = :run',
        names: { '#k': this.deps.hashKey, '#exp': 'ExpiresAt', '#run': 'RunId' },
        values: { ':now': now, ':run': runId },
      }),
    );
    if (taken) return holderOf(item, this.region!.name);
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

  /** Extends this run's lock; false when the lock is no longer this run's. */
  async renew(runId: string, ttlMs: number): Promise<boolean> {
    const now = this.deps.now();
    const current = await this.holder();
    if (!current || current.runId !== runId) return false;
    return this.inLockRegion((region) =>
      region.dynamodb.putItemIf(
        this.deps.table,
        {
          ...this.key(),
          RunId: runId,
          Owner: current.owner,
          Operation: current.operation,
          AcquiredAt: current.acquiredAt,
          ExpiresAt: now + ttlMs,
        },
        { expression: '#run = :run', names: { '#run': 'RunId' }, values: { ':run': runId } },
      ),
    );
  }

  /** Releases this run's lock (a no-op when another run holds it). */
  async release(runId: string): Promise<boolean> {
    return this.inLockRegion((region) =>
      region.dynamodb.deleteItemIf(this.deps.table, this.key(), {
        expression: '#run = :run',
        names: { '#run': 'RunId' },
        values: { ':run': runId },
      }),
    );
  }

  /** Breaks the lock held by `runId` (only that run's, so a new holder is never broken by mistake). */
  async break(runId: string): Promise<boolean> {
    return this.release(runId);
  }
}
