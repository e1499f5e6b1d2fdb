/**
 * The replicator's ledger, free of I/O: what each stream record means (a local write to
 * replicate, or the echo of the replicator's own write), the queue of each direction,
 * which queued changes are still worth applying, and the statistics. The rules are in
 * replicator-state.ts; replicator.ts does the reading and writing around this.
 */
import type { AppliedChange } from './replicator-apply.js';
import { changeHash, type Image, itemKey, ItemStates, type Version } from './replicator-state.js';
import { DirectionStats } from './replicator-stats.js';
import type { StreamRecord } from './replicator-stream-reader.js';

/** One change to apply in one region. */
export interface Delivery {
  table: string;
  /** itemKey(table, keys). */
  key: string;
  keys: Image;
  from: string;
  to: string;
  version: Version;
  /** The new image; null for a delete. */
  image: Image | null;
  /** When the replicator read the change in `from` (epoch ms). */
  observedAt: number;
}

/** Queues, item states and statistics of every replication direction. */
export class ReplicationLedger {
  readonly #states = new ItemStates();
  readonly #queues = new Map<string, Delivery[]>();
  readonly #stats = new Map<string, DirectionStats>();
  #repairs: Delivery[] = [];
  #seq = 0;

  constructor(regions: readonly string[]) {
    for (const from of regions) for (const to of regions) if (from !== to) this.direction(from, to);
  }

  /** Statistics of a direction (created on first use). */
  direction(from: string, to: string): DirectionStats {
    const name = `${from}->${to}`;
    let stats = this.#stats.get(name);
    if (!stats) {
      stats = new DirectionStats(from, to);
      this.#stats.set(name, stats);
      this.#queues.set(name, []);
    }
    return stats;
  }

  /** Every direction's statistics. */
  directions(): DirectionStats[] {
    return [...this.#stats.values()];
  }

  /** The changes queued in a direction, oldest first. */
  queue(from: string, to: string): readonly Delivery[] {
    return this.#queues.get(`${from}->${to}`) ?? [];
  }

  /**
   * Takes in one stream record of `region`: the echo of a replicated write is consumed
   * (and may call for a repair); any other change becomes the item's winner and is queued
   * for every other member region.
   */
  observe(
    table: string,
    region: string,
    record: StreamRecord,
    observedAt: number,
    members: Iterable<string>,
  ): void {
    const data = record.dynamodb;
    if (!data?.Keys) return;
    const keys = data.Keys as Image;
    const key = itemKey(table, keys);
    const image = record.eventName === 'REMOVE' ? null : ((data.NewImage as Image) ?? null);
    const state = this.#states.get(key);
    const echoes = state.echoes.get(region);
    if (echoes?.[0]?.hash === changeHash(data.OldImage as Image | undefined, image)) {
      const echo = echoes.shift()!;
      this.direction(echo.from, region).echoesSuppressed += 1;
      const winner = state.winner;
      if (winner && winner.version !== echo.version && winner.version.region === region) {
        // The replicated write landed after a newer local write not read yet: restore it.
        this.#repairs.push({
          table,
          key,
          keys,
          from: echo.from,
          to: region,
          version: winner.version,
          image: winner.image,
          observedAt,
        });
        state.queued += 1;
      }
      this.#states.release(key);
      return;
    }
    const version = { seq: ++this.#seq, region };
    state.winner = { version, image };
    state.held.set(region, version.seq);
    state.local.set(region, version.seq);
    for (const to of members) {
      if (to === region) continue;
      this.direction(region, to);
      this.#queues
        .get(`${region}->${to}`)!
        .push({ table, key, keys, from: region, to, version, image, observedAt });
      state.queued += 1;
    }
    this.#states.release(key);
  }

  /** Repairs found by `observe` since the last call. */
  takeRepairs(): Delivery[] {
    return this.#repairs.splice(0);
  }

  /** The due changes of a direction that may be delivered now, grouped by item, in order. */
  due(
    stats: DirectionStats,
    now: number,
    lagMs: number,
    receiving: (table: string, region: string) => boolean,
  ): Delivery[][] {
    const byKey = new Map<string, Delivery[]>();
    for (const delivery of this.queue(stats.from, stats.to)) {
      if (delivery.observedAt + lagMs > now) break;
      if (!receiving(delivery.table, delivery.to)) continue;
      const list = byKey.get(delivery.key);
      if (list) list.push(delivery);
      else byKey.set(delivery.key, [delivery]);
    }
    return [...byKey.values()];
  }

  /** True while the delivery is the item's latest write (else it has been superseded). */
  isCurrent(delivery: Delivery): boolean {
    return this.#states.get(delivery.key).winner?.version === delivery.version;
  }

  /**
   * Whether to apply a due delivery, the newest due one of its item: only if it is newer
   * than what the target holds. Otherwise it is `superseded` (the target wrote the item
   * later itself) or `coalesced` (a later change of the item already reached it).
   */
  decide(delivery: Delivery): 'apply' | 'superseded' | 'coalesced' {
    const state = this.#states.get(delivery.key);
    if (delivery.version.seq > (state.held.get(delivery.to) ?? 0)) return 'apply';
    return (state.local.get(delivery.to) ?? 0) > delivery.version.seq ? 'superseded' : 'coalesced';
  }

  /** Notes a replicated write: what the target now holds, and the echo it will produce. */
  applied(delivery: Delivery, change: AppliedChange): void {
    const state = this.#states.get(delivery.key);
    const held = state.held.get(delivery.to) ?? 0;
    state.held.set(delivery.to, Math.max(held, delivery.version.seq));
    if (!change.changed) return;
    const echoes = state.echoes.get(delivery.to) ?? [];
    echoes.push({ hash: change.hash, version: delivery.version, from: delivery.from });
    state.echoes.set(delivery.to, echoes);
  }

  /** Ends a delivery's life (applied, skipped or dropped). */
  finish(delivery: Delivery): void {
    this.#states.get(delivery.key).queued -= 1;
    this.#states.release(delivery.key);
  }

  /** Removes finished deliveries from their direction's queue. */
  removeFinished(stats: DirectionStats, finished: Set<Delivery>): void {
    const name = `${stats.from}->${stats.to}`;
    if (finished.size > 0)
      this.#queues.set(
        name,
        this.#queues.get(name)!.filter((d) => !finished.has(d)),
      );
  }

  /** Drops everything queued to or from a region for a table, and the echoes it owes. */
  dropRegion(table: string, region: string): void {
    for (const [name, queue] of this.#queues) {
      const dropped = queue.filter(
        (d) => d.table === table && (d.from === region || d.to === region),
      );
      if (dropped.length === 0) continue;
      this.#queues.set(
        name,
        queue.filter((d) => !dropped.includes(d)),
      );
      for (const delivery of dropped) this.finish(delivery);
    }
    this.#states.forgetRegion(`${table}\u0000`, region);
  }
}
