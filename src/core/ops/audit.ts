/**
 * The shared audit trail: every operation also leaves a record next to the operations lock
 * (control-store.ts: `audit#<runId>` in the control table, or `__audit#<runId>` in the app's
 * global table without one), and an index item lists the latest runs, so `mysfits-dr history`
 * on any operator's machine shows what everyone did. The local journal stays the full
 * record; this is its summary. Writes are best effort: an audit write that fails never stops
 * an operation (the caller warns).
 *
 * A run's records are fenced: given `fence` (the lock's assertHeld), a record is written only
 * while the run holds the lock, and carries its token, so a run whose lock was broken cannot
 * write again (FENCED_OUT). The trail is written and read in the first region that answers
 * (in the control table every replica has the same state; in the app's table replication
 * carries it to the others). The index is updated with a conditional write; in the app's
 * table two operators writing it in different regions at once could drop one run from the
 * index, never a run's own record.
 */
import { drError } from '../errors.js';
import type { DynamoDbPort, SimpleItem } from '../ports.js';
import { type ControlStore, inControlRegion } from './control-store.js';
import type { RunListing } from './journal.js';
import { fencedOut } from './lock.js';

/** How many runs the index keeps. */
export const AUDIT_INDEX_SIZE = 100;

/** Where the audit trail lives, and (for a run's writes) the lock's check of its token. */
export interface AuditDeps {
  store: ControlStore;
  /** Throws FENCED_OUT unless the run still holds the lock; returns its token. */
  fence?: () => Promise<{ fence: number }>;
}

/** Runs `fn` in the first region that answers; throws AUDIT_UNAVAILABLE naming each failure. */
async function inFirstAnswering<T>(
  deps: AuditDeps,
  what: string,
  fn: (dynamodb: DynamoDbPort) => Promise<T>,
): Promise<{ region: string; value: T }> {
  try {
    return await inControlRegion(
      deps.store,
      `the audit trail could not be ${what}`,
      (r) => fn(r.dynamodb),
      {
        allowOtherRegions: true,
      },
    );
  } catch (error) {
    if ((error as { code?: string }).code !== 'LOCK_UNAVAILABLE') throw error;
    throw drError('AUDIT_UNAVAILABLE', (error as Error).message, {
      hint: 'The audit trail lives next to the operations lock; the local journal keeps the full record.',
    });
  }
}

/** The condition of a fenced write: the item's stored token is not higher than the run's. */
function fenceCondition(fence: number | undefined) {
  return fence === undefined
    ? undefined
    : {
        expression: 'attribute_not_exists(#fence) OR #fence <= :fence',
        names: { '#fence': 'Fence' },
        values: { ':fence': fence },
      };
}

/**
 * Writes (or rewrites) a run's audit record and lists it in the index, in the first region
 * that answers; returns that region's name. FENCED_OUT when the run no longer holds the lock.
 */
export async function recordRun(
  deps: AuditDeps,
  run: RunListing & { state?: string },
): Promise<string> {
  const { store } = deps;
  const fence = deps.fence ? (await deps.fence()).fence : undefined;
  const item: SimpleItem = {
    [store.hashKey]: store.ids.audit(run.runId),
    RunId: run.runId,
    Kind: run.kind,
    Summary: run.summary,
    Operator: run.operator,
    StartedAt: run.startedAt,
    ...(run.finishedAt === undefined ? {} : { FinishedAt: run.finishedAt }),
    ...(run.outcome === undefined ? {} : { Outcome: run.outcome }),
    ...(run.state === undefined ? {} : { State: run.state }),
    ...(fence === undefined ? {} : { Fence: fence }),
  };
  const { region } = await inFirstAnswering(deps, 'written', async (dynamodb) => {
    const condition = fenceCondition(fence);
    if (!condition) await dynamodb.putItem(store.table, item);
    else if (!(await dynamodb.putItemIf(store.table, item, condition)))
      throw fencedOut(`audit record of run ${run.runId} was written by a newer holder of the lock`);
    await listInIndex(dynamodb, store, run.runId);
  });
  return region;
}

/**
 * Adds `runId` to the index (optimistic concurrency on its Version; a few attempts). The
 * index is shared by every run, so it is not fenced itself: the run's token was checked
 * just before, and a stale run can at worst list its own id.
 */
async function listInIndex(
  dynamodb: DynamoDbPort,
  store: ControlStore,
  runId: string,
): Promise<void> {
  const key = { [store.hashKey]: store.ids.auditIndex };
  for (let attempt = 0; attempt < 5; attempt++) {
    const index = await dynamodb.getItem(store.table, key);
    const version = Number(index?.Version ?? 0);
    const runs = parseIds(index?.Runs);
    if (runs.includes(runId)) return;
    const next = [...runs, runId].slice(-AUDIT_INDEX_SIZE);
    const written = await dynamodb.putItemIf(
      store.table,
      { ...key, Runs: JSON.stringify(next), Version: version + 1 },
      index
        ? { expression: '#v = :v', names: { '#v': 'Version' }, values: { ':v': version } }
        : { expression: 'attribute_not_exists(#k)', names: { '#k': store.hashKey } },
    );
    if (written) return;
  }
}

/** The runs in the shared trail, newest first, from the first region that answers. */
export async function listRuns(deps: AuditDeps): Promise<RunListing[]> {
  const { value } = await inFirstAnswering(deps, 'read', async (dynamodb) => {
    const { table, hashKey, ids: names } = deps.store;
    const index = await dynamodb.getItem(table, { [hashKey]: names.auditIndex });
    const ids = parseIds(index?.Runs).reverse();
    return Promise.all(ids.map((id) => dynamodb.getItem(table, { [hashKey]: names.audit(id) })));
  });
  return value.flatMap((item) =>
    item
      ? [
          {
            runId: String(item.RunId),
            kind: String(item.Kind),
            summary: String(item.Summary ?? ''),
            operator: String(item.Operator ?? ''),
            startedAt: Number(item.StartedAt ?? 0),
            ...(item.FinishedAt === undefined ? {} : { finishedAt: Number(item.FinishedAt) }),
            ...(item.Outcome === undefined
              ? {}
              : { outcome: String(item.Outcome) as RunListing['outcome'] }),
          },
        ]
      : [],
  );
}

function parseIds(value: string | number | undefined): string[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
