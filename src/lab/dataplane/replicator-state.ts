/**
 * The replicator's bookkeeping per item, kept pure so it can be reasoned about (and
 * unit-tested) apart from the streams and the clock.
 *
 * Every change the replicator observes in a region's stream that it did not write itself
 * gets a version: a number increasing in observation order, plus the region. The latest
 * version of an item is its `winner`: last writer wins, where "last" is the order in which
 * the replicator observed the writes (with a resolution of one stream poll). For each
 * region the ledger also knows the newest version the region holds (`held`: its own last
 * write, or the last one applied to it). A queued change is applied only if it is newer
 * than what the target holds, and only the newest due change of an item is applied (older
 * ones are coalesced), so the target never goes back to an older value, a hot item keeps
 * being refreshed, and all regions converge on the winner.
 *
 * The replicator's own writes show up again in the target region's stream. Each one
 * is remembered as an expected echo, identified by the exact (old image, new image) pair
 * the write produced (PutItem/DeleteItem with ReturnValues ALL_OLD), and swallowed when it
 * comes back: no ping-pong. A write that changed nothing leaves no stream record, so none
 * is expected for it.
 */

/** An attribute map as the SDKs model it (values kept opaque here). */
export type Image = Record<string, unknown>;

/** A version of an item: observation order and the region where the write happened. */
export interface Version {
  readonly seq: number;
  readonly region: string;
}

/** The latest known write of an item (image null: deleted). */
export interface Winner {
  readonly version: Version;
  readonly image: Image | null;
}

/** A replicated write whose stream record has not come back yet. */
export interface PendingEcho {
  readonly hash: string;
  readonly version: Version;
  /** Direction it was delivered on (`from` region). */
  readonly from: string;
}

/** What the replicator tracks about one item. */
export interface ItemState {
  winner: Winner | undefined;
  /** Pending echoes per region, oldest first. */
  readonly echoes: Map<string, PendingEcho[]>;
  /** Deliveries still queued for this item, all directions. */
  queued: number;
  /** Per region, the seq of the newest version it holds (its own write or one applied). */
  readonly held: Map<string, number>;
  /** Per region, the seq of its own newest write. */
  readonly local: Map<string, number>;
}

function canonicalValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) {
      const canonical = canonicalValue(v);
      // Sets are unordered: compare them sorted.
      out[key] =
        (key === 'SS' || key === 'NS' || key === 'BS') && Array.isArray(canonical)
          ? [...(canonical as string[])].sort()
          : canonical;
    }
    return out;
  }
  return value;
}

/** A stable text form of an attribute map (sorted names, sorted set members, base64 binary). */
export function canonicalImage(image: Image | null | undefined): string {
  return image ? JSON.stringify(canonicalValue(image)) : 'null';
}

/** Identifies one change of an item by its old and new images. */
export function changeHash(
  oldImage: Image | null | undefined,
  newImage: Image | null | undefined,
): string {
  return `${canonicalImage(oldImage)}\u0000${canonicalImage(newImage)}`;
}

/** The map key of an item: table name plus its canonical key attributes. */
export function itemKey(table: string, keys: Image): string {
  return `${table}\u0000${canonicalImage(keys)}`;
}

/** Item states, created on demand and forgotten once nothing is pending for them. */
export class ItemStates {
  readonly #states = new Map<string, ItemState>();

  /** The state of an item, created empty when absent. */
  get(key: string): ItemState {
    let state = this.#states.get(key);
    if (!state) {
      state = {
        winner: undefined,
        echoes: new Map(),
        queued: 0,
        held: new Map(),
        local: new Map(),
      };
      this.#states.set(key, state);
    }
    return state;
  }

  /** Forgets an item once no delivery and no echo is pending for it. */
  release(key: string): void {
    const state = this.#states.get(key);
    if (!state || state.queued > 0) return;
    for (const echoes of state.echoes.values()) if (echoes.length > 0) return;
    this.#states.delete(key);
  }

  /** Number of items currently tracked. */
  get size(): number {
    return this.#states.size;
  }

  /** Drops the pending echoes a region owes (the region left the table). */
  forgetRegion(tablePrefix: string, region: string): void {
    for (const [key, state] of this.#states) {
      if (key.startsWith(tablePrefix)) {
        state.echoes.delete(region);
        this.release(key);
      }
    }
  }
}
