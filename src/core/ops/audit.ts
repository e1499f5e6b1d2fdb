/**
 * The shared audit trail: every operation also leaves a record in the global table
 * (`__audit#<runId>`, replicated to every region), and an index item lists the latest runs,
 * so `mysfits-dr history` on any operator's machine shows what everyone did. The local journal
 * stays the full record; this is its summary. Writes are best effort: an audit write that
 * fails never stops an operation (the caller warns).
 */
import type { DynamoDbPort, SimpleItem } from '../ports.js';
import type { RunListing } from './journal.js';

/** The index item's id. */
export const AUDIT_INDEX_ID = '__audit#index';
/** How many runs the index keeps. */
export const AUDIT_INDEX_SIZE = 100;

/** Where the audit trail lives. */
export interface AuditDeps {
  dynamodb: DynamoDbPort;
  table: string;
  hashKey: string;
}

/** Writes (or rewrites) a run's audit record and lists it in the index. */
export async function recordRun(
  deps: AuditDeps,
  run: RunListing & { state?: string },
): Promise<void> {
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
  await deps.dynamodb.putItem(deps.table, item);
  const key = { [deps.hashKey]: AUDIT_INDEX_ID };
  for (let attempt = 0; attempt < 5; attempt++) {
    const index = await deps.dynamodb.getItem(deps.table, key);
    const version = Number(index?.Version ?? 0);
    const runs = parseIds(index?.Runs);
    if (runs.includes(run.runId)) return;
    const next = [...runs, run.runId].slice(-AUDIT_INDEX_SIZE);
    const written = await deps.dynamodb.putItemIf(
      deps.table,
      { ...key, Runs: JSON.stringify(next), Version: version + 1 },
      index
        ? { expression: '#v = :v', names: { '#v': 'Version' }, values: { ':v': version } }
        : { expression: 'attribute_not_exists(#k)', names: { '#k': deps.hashKey } },
    );
    if (written) return;
  }
}

/** The runs in the shared trail, newest first. */
export async function listRuns(deps: AuditDeps): Promise<RunListing[]> {
  const index = await deps.dynamodb.getItem(deps.table, { [deps.hashKey]: AUDIT_INDEX_ID });
  const ids = parseIds(index?.Runs).reverse();
  const items = await Promise.all(
    ids.map((id) => deps.dynamodb.getItem(deps.table, { [deps.hashKey]: `__audit#${id}` })),
  );
  return items.flatMap((item) =>
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
