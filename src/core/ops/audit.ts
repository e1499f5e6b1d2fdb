/**
 * The shared audit trail: every operation also leaves a record in the global table
 * (`__audit#<runId>`, replicated to every region), and an index item lists the latest runs,
 * so `mysfits-dr history` on any operator's machine shows what everyone did. The local journal
 * stays the full record; this is its summary. Writes are best effort: an audit write that
 * fails never stops an operation (the caller warns).
 *
 * Given the table's port in each region (the primary first), the trail is written and read in
 * the first region whose DynamoDB answers, as the operations lock is, so one region down does
 * not lose the record: replication carries it to the others once they are back. The index is updated with a conditional write, which a global
 * table checks only in the region written to; two operators writing it in different regions
 * at once (only when they see different regions answer) could drop one run from the index,
 * never a run's own record.
 */
import { drError } from '../errors.js';
import type { DynamoDbPort, SimpleItem } from '../ports.js';
import type { RunListing } from './journal.js';

/** The index item's id. */
export const AUDIT_INDEX_ID = '__audit#index';
/** How many runs the index keeps. */
export const AUDIT_INDEX_SIZE = 100;

/** One region's replica of the table. */
export interface AuditRegion {
  name: string;
  dynamodb: DynamoDbPort;
}

/**
 * Where the audit trail lives: the table's port in each region, in the order they are tried
 * (the primary first), or a single region's port (no fallback).
 */
export type AuditDeps = { table: string; hashKey: string } & (
  | { regions: readonly AuditRegion[] }
  | { dynamodb: DynamoDbPort }
);

function regionsOf(deps: AuditDeps): readonly AuditRegion[] {
  return 'regions' in deps
    ? deps.regions
    : [{ name: "the table's region", dynamodb: deps.dynamodb }];
}

/** Runs `fn` in the first region that answers; throws AUDIT_UNAVAILABLE naming each failure. */
async function inFirstAnswering<T>(
  deps: AuditDeps,
  what: string,
  fn: (dynamodb: DynamoDbPort) => Promise<T>,
): Promise<{ region: string; value: T }> {
  const errors: string[] = [];
  for (const region of regionsOf(deps)) {
    try {
      return { region: region.name, value: await fn(region.dynamodb) };
    } catch (error) {
      errors.push(`${region.name}: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  throw drError(
    'AUDIT_UNAVAILABLE',
    `the audit trail could not be ${what} in any region (${errors.join('; ')})`,
    {
      hint: 'The audit trail lives in the global table; the local journal keeps the full record.',
    },
  );
}

/**
 * Writes (or rewrites) a run's audit record and lists it in the index, in the first region
 * that answers; returns that region's name.
 */
export async function recordRun(
  deps: AuditDeps,
  run: RunListing & { state?: string },
): Promise<string> {
  const item: SimpleItem = {
    [deps.hashKey]: `__audit#${run.runId}`,
    RunId: run.runId,
    Kind: run.kind,
    Summary: run.summary,
    Operator: run.operator,
    StartedAt: run.startedAt,
    ...(run.finishedAt === undefined ? {} : { FinishedAt: run.finishedAt }),
    ...(run.outcome === undefined ? {} : { Outcome: run.outcome }),
    ...(run.state === undefined ? {} : { State: run.state }),
  };
  const { region } = await inFirstAnswering(deps, 'written', async (dynamodb) => {
    await dynamodb.putItem(deps.table, item);
    await listInIndex(dynamodb, deps, run.runId);
  });
  return region;
}

/** Adds `runId` to the index (optimistic concurrency on its Version; a few attempts). */
async function listInIndex(dynamodb: DynamoDbPort, deps: AuditDeps, runId: string): Promise<void> {
  const key = { [deps.hashKey]: AUDIT_INDEX_ID };
  for (let attempt = 0; attempt < 5; attempt++) {
    const index = await dynamodb.getItem(deps.table, key);
    const version = Number(index?.Version ?? 0);
    const runs = parseIds(index?.Runs);
    if (runs.includes(runId)) return;
    const next = [...runs, runId].slice(-AUDIT_INDEX_SIZE);
    const written = await dynamodb.putItemIf(
      deps.table,
      { ...key, Runs: JSON.stringify(next), Version: version + 1 },
      index
        ? { expression: '#v = :v', names: { '#v': 'Version' }, values: { ':v': version } }
        : { expression: 'attribute_not_exists(#k)', names: { '#k': deps.hashKey } },
    );
    if (written) return;
  }
}

/** The runs in the shared trail, newest first, from the first region that answers. */
export async function listRuns(deps: AuditDeps): Promise<RunListing[]> {
  const { value } = await inFirstAnswering(deps, 'read', async (dynamodb) => {
    const index = await dynamodb.getItem(deps.table, { [deps.hashKey]: AUDIT_INDEX_ID });
    const ids = parseIds(index?.Runs).reverse();
    return Promise.all(
      ids.map((id) => dynamodb.getItem(deps.table, { [deps.hashKey]: `__audit#${id}` })),
    );
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
