/**
 * The global-tables replicator: reads each replica's DynamoDB stream in DynamoDB Local and
 * applies every change to the other replicas after the configured lag, the way DynamoDB
 * global tables (version 2019.11.21) replicate between regions.
 *
 * Guarantees (see replicator-state.ts for how): changes to one item are applied in order;
 * concurrent writes converge on the last writer; the replicator's own writes are never
 * sent back; every change is applied unless a later one replaced it; deletes replicate.
 * A paused direction keeps reading and queueing, and delivers the queue on resume.
 */
import type { ComponentHealth } from '../protocol/lab-request.js';
import type { DynamoDbBackend } from '../services/dynamodb/backend.js';
import { applyChange, isMissingTable } from './replicator-apply.js';
import { type Delivery, ReplicationLedger } from './replicator-ledger.js';
import type { DirectionReport, DirectionStats } from './replicator-stats.js';
import { StreamReader, type StreamRecord } from './replicator-stream-reader.js';

/** Options of the replicator. */
export interface ReplicatorOptions {
  backend: DynamoDbBackend;
  regions: readonly string[];
  /** Delay between reading a change and applying it elsewhere. */
  lagMs: number;
  /** How often streams are read (default 50 ms): also the resolution of last-writer-wins. */
  pollIntervalMs?: number;
  /**
   * How often streams are read when nothing is happening (default 500 ms): no change was
   * read in the last second and none is queued. A write through the lab endpoint calls
   * `wake()`, so this only bounds how late a write made past the endpoint is seen.
   */
  idlePollIntervalMs?: number;
  /** Id of the fault pausing a direction, if any. */
  pausedBy?: (from: string, to: string) => string | undefined;
  log?: (line: string) => void;
}

/** The document `GET /_lab/replication` answers (plus the lab's global tables). */
export interface ReplicationReport {
  lagMs: number;
  pollIntervalMs: number;
  directions: DirectionReport[];
}

const RETRY_AFTER_MS = 500;
const CONCURRENCY = 16;
/** How long after the last change read the replicator keeps polling at the fast interval. */
const BUSY_FOR_MS = 1_000;

async function runLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Replicates global tables between the lab's regions. */
export class Replicator {
  readonly #backend: DynamoDbBackend;
  readonly #pollIntervalMs: number;
  readonly #idlePollIntervalMs: number;
  readonly #log: (line: string) => void;
  readonly #ledger: ReplicationLedger;
  #pausedBy: (from: string, to: string) => string | undefined;
  #lagMs: number;
  /** table → region → receiving (a replica still being created receives nothing yet). */
  readonly #tables = new Map<string, Map<string, boolean>>();
  readonly #readers = new Map<string, StreamReader>();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> = Promise.resolve();
  /** When a tick last read a change (or `wake()` was called). */
  #lastActivityAt = 0;
  /** A tick is running or about to: `wake()` then only marks activity. */
  #inTick = false;

  constructor(options: ReplicatorOptions) {
    this.#backend = options.backend;
    this.#lagMs = options.lagMs;
    this.#pollIntervalMs = options.pollIntervalMs ?? 50;
    this.#idlePollIntervalMs = Math.max(this.#pollIntervalMs, options.idlePollIntervalMs ?? 500);
    this.#pausedBy = options.pausedBy ?? (() => undefined);
    this.#log = options.log ?? (() => {});
    this.#ledger = new ReplicationLedger(options.regions);
  }

  /** Current replication lag, ms. */
  get lagMs(): number {
    return this.#lagMs;
  }

  /** Changes the lag; queued changes become due according to the new value. */
  setLagMs(lagMs: number): void {
    this.#lagMs = lagMs;
  }

  /** Sets how the replicator learns that a direction is paused. */
  setPauseCheck(pausedBy: (from: string, to: string) => string | undefined): void {
    this.#pausedBy = pausedBy;
  }

  /** Starts reading and delivering. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#lastActivityAt = Date.now();
    this.#schedule(0);
  }

  /**
   * Says a change was just written (the endpoint calls it after each DynamoDB write it
   * served): the next read of the streams happens now rather than at the idle interval.
   */
  wake(): void {
    this.#lastActivityAt = Date.now();
    if (!this.#running || this.#inTick) return;
    clearTimeout(this.#timer);
    this.#schedule(0);
  }

  #schedule(delayMs: number): void {
    this.#inTick = delayMs === 0;
    this.#timer = setTimeout(() => void this.#loop(), delayMs).unref();
  }

  async #loop(): Promise<void> {
    if (!this.#running) return;
    this.#inTick = true;
    this.#ticking = this.#tick().catch((error) => this.#log(`replicator: ${String(error)}`));
    await this.#ticking;
    this.#inTick = false;
    if (!this.#running) return;
    const busy =
      Date.now() - this.#lastActivityAt < BUSY_FOR_MS ||
      this.#ledger.directions().some((d) => this.#ledger.queue(d.from, d.to).length > 0);
    this.#schedule(busy ? this.#pollIntervalMs : this.#idlePollIntervalMs);
  }

  /** Stops after the current round. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#ticking;
  }

  /** Adds a region to a table's replicas, or changes whether it receives changes yet. */
  setMember(table: string, region: string, receiving: boolean): void {
    let members = this.#tables.get(table);
    if (!members) this.#tables.set(table, (members = new Map()));
    members.set(region, receiving);
  }

  /** Starts reading the region's stream of the table from now on (LATEST, pinned on return). */
  async follow(table: string, region: string): Promise<void> {
    const reader = new StreamReader(this.#backend, table, region);
    await reader.start();
    this.#readers.set(`${table}\u0000${region}`, reader);
  }

  /** Removes a region from a table: stops reading it and drops changes to or from it. */
  removeMember(table: string, region: string): void {
    this.#readers.delete(`${table}\u0000${region}`);
    this.#ledger.dropRegion(table, region);
    const members = this.#tables.get(table);
    members?.delete(region);
    if (members?.size === 0) this.#tables.delete(table);
  }

  /** Stops replicating a table altogether. */
  removeTable(table: string): void {
    for (const region of [...(this.#tables.get(table)?.keys() ?? [])]) {
      this.removeMember(table, region);
    }
  }

  async #tick(): Promise<void> {
    const readers = [...this.#readers.entries()];
    const batches = await Promise.all(
      readers.map(([, reader]) =>
        reader.poll().catch((error: Error): StreamRecord[] => {
          reader.lastError = error.message;
          return [];
        }),
      ),
    );
    const observedAt = Date.now();
    if (batches.some((batch) => batch.length > 0)) this.#lastActivityAt = observedAt;
    readers.forEach(([id, reader], i) => {
      const members = this.#tables.get(reader.table);
      if (this.#readers.get(id) !== reader || !members) return; // removed meanwhile
      for (const record of batches[i]!) {
        this.#ledger.observe(reader.table, reader.region, record, observedAt, members.keys());
      }
    });
    await this.#runRepairs();
    await this.#deliver(Date.now());
  }

  async #apply(delivery: Delivery): Promise<void> {
    const client = this.#backend.dynamodb(delivery.to);
    const change = await applyChange(client, delivery.table, delivery.keys, delivery.image);
    this.#ledger.applied(delivery, change);
  }

  async #runRepairs(): Promise<void> {
    for (const repair of this.#ledger.takeRepairs()) {
      const stats = this.#ledger.direction(repair.from, repair.to);
      try {
        if (this.#ledger.isCurrent(repair) && this.#receiving(repair.table, repair.to)) {
          await this.#apply(repair);
          stats.repairs += 1;
        }
      } catch (error) {
        stats.recordError(`repair failed: ${(error as Error).message}`, Date.now());
      }
      this.#ledger.finish(repair);
    }
  }

  #receiving = (table: string, region: string): boolean =>
    this.#tables.get(table)?.get(region) === true;

  /** Applies the newest due delivery of an item; false when it must be retried later. */
  async #deliverOne(delivery: Delivery, stats: DirectionStats): Promise<boolean> {
    const decision = this.#ledger.decide(delivery);
    if (decision !== 'apply') {
      stats[decision] += 1;
    } else {
      try {
        await this.#apply(delivery);
        const now = Date.now();
        stats.recordApplied(now - delivery.observedAt, now);
      } catch (error) {
        stats.recordError((error as Error).message, Date.now());
        if (!isMissingTable(error)) return false;
      }
    }
    this.#ledger.finish(delivery);
    return true;
  }

  async #deliver(now: number): Promise<void> {
    for (const stats of this.#ledger.directions()) {
      if (this.#pausedBy(stats.from, stats.to) !== undefined) continue;
      if (now - stats.lastErrorAt < RETRY_AFTER_MS) continue;
      const groups = this.#ledger.due(stats, now, this.#lagMs, this.#receiving);
      const finished = new Set<Delivery>();
      await runLimited(groups, CONCURRENCY, async (deliveries) => {
        const newest = deliveries.at(-1)!;
        for (const older of deliveries.slice(0, -1)) {
          stats.coalesced += 1; // replaced by a newer due change of the same item
          this.#ledger.finish(older);
          finished.add(older);
        }
        if (await this.#deliverOne(newest, stats)) finished.add(newest);
      });
      this.#ledger.removeFinished(stats, finished);
    }
  }

  /** Per-direction statistics. */
  report(): ReplicationReport {
    const now = Date.now();
    return {
      lagMs: this.#lagMs,
      pollIntervalMs: this.#pollIntervalMs,
      directions: this.#ledger.directions().map((stats) => {
        const queue = this.#ledger.queue(stats.from, stats.to);
        const pausedBy = this.#pausedBy(stats.from, stats.to);
        return stats.report(queue.length, queue[0]?.observedAt, pausedBy, now);
      }),
    };
  }

  /** One health entry per direction (`replication:<from>-><to>`). */
  health(): Record<string, ComponentHealth> {
    const now = Date.now();
    const entries: Record<string, ComponentHealth> = {};
    for (const stats of this.#ledger.directions()) {
      const report = stats.report(0, undefined, this.#pausedBy(stats.from, stats.to), now);
      const pending = this.#ledger.queue(stats.from, stats.to).length;
      const readerError = [...this.#readers.values()].find(
        (r) => r.region === stats.from && r.lastError,
      )?.lastError;
      const failing = now - stats.lastErrorAt < 10_000 ? stats.lastError : readerError;
      const state = report.paused ? `paused by fault ${report.pausedBy}` : 'replicating';
      entries[`replication:${stats.from}->${stats.to}`] = {
        healthy: !failing,
        detail: failing
          ? `failing: ${failing}`
          : `${state}; ${pending} pending; last lag ${report.lastLagMs ?? '-'} ms`,
      };
    }
    return entries;
  }
}
