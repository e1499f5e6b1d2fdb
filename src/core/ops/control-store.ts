/**
 * Where the operations lock, the audit trail and the routing switches live, and the two
 * ways of reaching them:
 *
 * - `strong`: the control table, a multi-Region strongly consistent (MRSC) DynamoDB table
 *   (hash key `Pk`). Every replica answers with the same, latest state and a write needs a
 *   quorum, so the first replica region with quorum is as good as any: an error there moves
 *   on to the next replica without any risk of two operators seeing two locks.
 * - `home-region`: no control table (older configs). The items live in the app's global
 *   table (last writer wins, conditions checked only in the region written to), so they are
 *   read and written in the home region (the primary) only; any error there, a throttle or a
 *   timeout included, is LOCK_UNAVAILABLE unless the operator forces `lock-region`.
 *
 * Pure: the regions arrive as DynamoDB ports.
 */
import type { Config } from '../../config/schema.js';
import { DrError, EXIT_CODES, drError } from '../errors.js';
import type { DynamoDbPort } from '../ports.js';
import type { CheckResult } from './step.js';

/** One region's replica of the table. */
export interface ControlRegion {
  name: string;
  dynamodb: DynamoDbPort;
}

/** The ids of the control items under the table's hash key. */
export interface ControlIds {
  lock: string;
  auditIndex: string;
  audit(runId: string): string;
  routing(region: string): string;
}

/** The control table's hash key (infra/ and the lab create it so). */
export const CONTROL_HASH_KEY = 'Pk';

/** Ids in the control table: `lock`, `audit#<run>`, `audit#index`, `routing#<region>`. */
export const CONTROL_TABLE_IDS: ControlIds = {
  lock: 'lock',
  auditIndex: 'audit#index',
  audit: (runId) => `audit#${runId}`,
  routing: (region) => `routing#${region}`,
};

/** Ids in the app's table when there is no control table (the app ignores ids starting `__`). */
export const APP_TABLE_IDS: ControlIds = {
  lock: '__lock#mysfits-dr',
  auditIndex: '__audit#index',
  audit: (runId) => `__audit#${runId}`,
  routing: (region) => `__routing#${region}`,
};

/** Where the control items of a deployment are, before any port is opened. */
export interface ControlLayout {
  mode: 'strong' | 'home-region';
  table: string;
  /** The hash key attribute; undefined when the app's table must be described to know it. */
  hashKey: string | undefined;
  ids: ControlIds;
  /** Regions in the order they are tried: the control table's replicas, or the primary first. */
  regions: string[];
}

/** The layout a config describes. */
export function controlLayout(config: Config): ControlLayout {
  const primaryFirst = (names: string[]) =>
    [...names].sort(
      (a, b) => Number(b === config.primaryRegion) - Number(a === config.primaryRegion),
    );
  if (config.controlTable) {
    return {
      mode: 'strong',
      table: config.controlTable.name,
      hashKey: CONTROL_HASH_KEY,
      ids: CONTROL_TABLE_IDS,
      regions: primaryFirst(config.controlTable.replicaRegions),
    };
  }
  return {
    mode: 'home-region',
    table: config.globalTable.name,
    hashKey: config.globalTable.partitionKey,
    ids: APP_TABLE_IDS,
    regions: primaryFirst(config.regions.map((r) => r.name)),
  };
}

/** The control items' table, opened: the layout with its hash key known and a port per region. */
export interface ControlStore {
  mode: ControlLayout['mode'];
  table: string;
  hashKey: string;
  ids: ControlIds;
  regions: readonly ControlRegion[];
}

function message(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}

/**
 * Runs `fn` in the store's region: in a strong table the first replica that answers (each
 * has the same state), in the app's table the home region only, or (`allowOtherRegions`,
 * the operator's `--force lock-region`) the first region that answers. Throws
 * LOCK_UNAVAILABLE naming each region tried and the way out; `what` says what was tried.
 */
export async function inControlRegion<T>(
  store: ControlStore,
  what: string,
  fn: (region: ControlRegion) => Promise<T>,
  options: { allowOtherRegions?: boolean } = {},
): Promise<{ region: string; value: T }> {
  const tried =
    store.mode === 'strong' || options.allowOtherRegions
      ? store.regions
      : store.regions.slice(0, 1);
  const errors: string[] = [];
  for (const region of tried) {
    try {
      return { region: region.name, value: await fn(region) };
    } catch (error) {
      if ((error as { code?: unknown })?.code === 'FENCED_OUT') throw error;
      // Credentials are the same in every region: another region would be refused as well.
      if (error instanceof DrError && error.exitCode === EXIT_CODES.credentials) throw error;
      errors.push(`${region.name}: ${message(error)}`);
    }
  }
  const home = store.regions[0]?.name ?? 'the home region';
  throw drError(
    'LOCK_UNAVAILABLE',
    store.mode === 'strong'
      ? `${what}: no replica of control table ${store.table} answered with quorum (${errors.join('; ')})`
      : `${what}: the home region ${home} of the lock did not answer (${errors.join('; ')}); without a control table the lock is never taken elsewhere silently`,
    {
      hint:
        store.mode === 'strong'
          ? `An MRSC write needs its own region and one more of the replicas and the witness; wait until ${store.regions.map((r) => r.name).join(' or ')} has quorum.`
          : `Wait until DynamoDB answers in ${home}. If no other operator can reach ${home} (so none can hold the lock there), pass --force lock-region to take it in the next region (journaled); a control table (controlTable in the config) removes this limit.`,
    },
  );
}

/**
 * `--force lock-region`: without a control table, take the lock in another region when its
 * home region does not answer (journaled as a forced check of the plan).
 */
export const LOCK_REGION_FORCE = 'lock-region';

/**
 * The forced check journaled when the lock was taken outside its home region
 * (`--force lock-region`), so the run's record says where its lock was and why.
 */
export function lockRegionCheck(taken: { region: string; movedFrom?: string }): CheckResult[] {
  if (taken.movedFrom === undefined) return [];
  return [
    {
      name: LOCK_REGION_FORCE,
      ok: false,
      forced: true,
      detail: `the operations lock was taken in ${taken.region}: its home region ${taken.movedFrom} did not answer`,
    },
  ];
}
