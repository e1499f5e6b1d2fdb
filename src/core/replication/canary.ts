/**
 * Canary items of `replication probe`, built so the application never sees them: the hash
 * key starts with `__` (ids the services ignore; services/shared/mysfit-item.ts), the item
 * carries only the table's key attributes plus `CanaryWrittenAt` and `ExpiresAt` (so it has no
 * GSI key attribute and appears in no index), and it expires an hour later where TTL is on.
 */
import type { KeyAttribute, SimpleItem } from '../ports.js';

/** Prefix of every canary's hash key. */
export const CANARY_PREFIX = '__canary#';

/** Epoch-seconds attribute a TTL can use to remove a canary the probe failed to delete. */
export const CANARY_EXPIRES_ATTRIBUTE = 'ExpiresAt';

/** Epoch-milliseconds attribute: when the probe asked for the write. */
export const CANARY_WRITTEN_ATTRIBUTE = 'CanaryWrittenAt';

/** How long after writing a canary expires. */
export const CANARY_TTL_SECONDS = 3600;

/** The canary id: `__canary#<runId>#<from>→<to>#<n>`. */
export function canaryId(runId: string, from: string, to: string, n: number): string {
  return `${CANARY_PREFIX}${runId}#${from}→${to}#${n}`;
}

/** True for an id written by `replication probe`. */
export function isCanaryId(id: string): boolean {
  return id.startsWith(CANARY_PREFIX);
}

/** A table's key as the canary needs it, or why a canary cannot be written. */
export type CanaryKeyPlan =
  | { ok: true; hash: string; range?: { name: string; type: string } }
  | { ok: false; reason: string };

/**
 * Checks a key schema: the hash key must be a string (the `__canary#…` id); a range key may
 * be a string (the same id) or a number (the sample number). Binary keys are not supported.
 */
export function planCanaryKey(table: string, key: readonly KeyAttribute[]): CanaryKeyPlan {
  const hash = key.find((k) => k.keyType === 'HASH');
  const range = key.find((k) => k.keyType === 'RANGE');
  if (!hash) return { ok: false, reason: `DescribeTable of ${table} shows no hash key` };
  if (hash.type !== 'S') {
    return {
      ok: false,
      reason: `${table}'s hash key ${hash.name} is of type ${hash.type}; canaries need a string hash key (ids starting "__" that the application ignores)`,
    };
  }
  if (range && range.type !== 'S' && range.type !== 'N') {
    return {
      ok: false,
      reason: `${table}'s range key ${range.name} is of type ${range.type}; canaries support S and N range keys`,
    };
  }
  return {
    ok: true,
    hash: hash.name,
    ...(range ? { range: { name: range.name, type: range.type } } : {}),
  };
}

/** The key of canary `id` (sample `n`) under a checked key plan. */
export function canaryKey(
  plan: Extract<CanaryKeyPlan, { ok: true }>,
  id: string,
  n: number,
): SimpleItem {
  const key: SimpleItem = { [plan.hash]: id };
  if (plan.range) key[plan.range.name] = plan.range.type === 'N' ? n : id;
  return key;
}

/**
 * The whole canary item: its key, `CanaryWrittenAt` (epoch ms) and `ExpiresAt` (epoch s, one
 * hour on), plus the table's own TTL attribute when it is known and named differently.
 */
export function canaryItem(
  plan: Extract<CanaryKeyPlan, { ok: true }>,
  id: string,
  n: number,
  nowMs: number,
  ttlAttribute?: string,
): SimpleItem {
  const expires = Math.floor(nowMs / 1000) + CANARY_TTL_SECONDS;
  const item: SimpleItem = {
    ...canaryKey(plan, id, n),
    [CANARY_WRITTEN_ATTRIBUTE]: nowMs,
    [CANARY_EXPIRES_ATTRIBUTE]: expires,
  };
  if (ttlAttribute && !(ttlAttribute in item)) item[ttlAttribute] = expires;
  return item;
}
