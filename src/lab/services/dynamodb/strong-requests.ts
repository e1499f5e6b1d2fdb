/**
 * How an item request reaches a multi-Region strongly consistent (MRSC) table: every
 * replica region's requests are served from one DynamoDB Local database (the table's
 * storage region), so a write or a strongly consistent read in any region sees every
 * acknowledged write; writes and strongly consistent reads need a majority of the
 * table's three Regions (replicas and witness) up; a write of an item another region is
 * writing at that moment conflicts; transactions are refused.
 */
import { AwsError } from '../../protocol/aws-error.js';
import { validation } from './global-table-rules.js';
import type { GlobalTableRecord } from './global-table-store.js';
import { strongUnsupported } from './mrsc-rules.js';
import { statementsOf, tablesTouched } from './table-names.js';
import { type WriteConflicts, writtenItems } from './write-conflicts.js';

/** Why a Region of an MRSC table is out (`region-outage`, `witness-outage`), or undefined. */
export type MemberDown = (region: string) => string | undefined;

const TRANSACTIONS = new Set(['TransactWriteItems', 'TransactGetItems', 'ExecuteTransaction']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

function isRead(statement: string): boolean {
  return /^\s*select\b/i.test(statement);
}

/** True when the request writes, or reads with ConsistentRead, a table of `strong`. */
function needsQuorum(operation: string, input: Record<string, unknown>, strong: string[]): boolean {
  if (WRITES.has(operation)) return true;
  if (operation === 'ExecuteStatement' || operation === 'BatchExecuteStatement') {
    const statements = statementsOf(input);
    const consistent =
      input.ConsistentRead === true ||
      (Array.isArray(input.Statements) &&
        (input.Statements as { ConsistentRead?: unknown }[]).some((s) => s?.ConsistentRead));
    return statements.some((s) => !isRead(s)) || consistent;
  }
  if (operation === 'BatchGetItem') {
    const items = (input.RequestItems ?? {}) as Record<string, { ConsistentRead?: unknown }>;
    return strong.some((t) => items[t]?.ConsistentRead === true);
  }
  return input.ConsistentRead === true;
}

/** The members (replica and witness regions) of an MRSC table. */
function membersOf(record: GlobalTableRecord): string[] {
  return [
    ...record.replicas.map((r) => r.region),
    ...(record.witness ? [record.witness.region] : []),
  ];
}

function checkQuorum(record: GlobalTableRecord, region: string, down: MemberDown): void {
  const members = membersOf(record);
  const out = members.map((m) => ({ m, why: down(m) })).filter((x) => x.why !== undefined);
  if (members.length - out.length > members.length / 2) return;
  const list = out.map((x) => `${x.m} (${x.why})`).join(' and ');
  throw new AwsError(
    'InternalServerError',
    `Internal server error. (mysfits-dr lab: the multi-Region strongly consistent table ${record.tableName} in ${region} cannot reach a majority of its Regions ${members.join(', ')}: ${list} out. Writes and strongly consistent reads fail until one of them is back; eventually consistent reads still answer.)`,
    { status: 500 },
  );
}

/** What the MRSC item path needs from the rest of the lab. */
export interface StrongServing {
  /** Why a member Region is out, if it is. */
  down: MemberDown;
  /** The MRSC items being written right now. */
  conflicts: WriteConflicts;
}

/** Where an MRSC item request goes, and what to call once DynamoDB Local has answered. */
export interface StrongRoute {
  database: string;
  release(): void;
}

/**
 * Where an item request of `region` is served: the storage region of the MRSC tables it
 * names, or undefined when it names none. Throws DynamoDB's error when the request is a
 * transaction on an MRSC table, needs a quorum that is lost, or writes an item another
 * region is writing.
 */
export function routeStrongRequest(
  strongTables: readonly GlobalTableRecord[],
  serving: StrongServing,
  operation: string,
  input: Record<string, unknown>,
  region: string,
): StrongRoute | undefined {
  const mine = strongTables.filter((t) => t.replicas.some((r) => r.region === region));
  if (mine.length === 0) return undefined;
  const named = tablesTouched(
    input,
    mine.map((t) => t.tableName),
  );
  const strong = mine.filter((t) => named.includes(t.tableName));
  if (strong.length === 0) return undefined;
  if (TRANSACTIONS.has(operation)) throw strongUnsupported('Transactions', strong[0]!.tableName);
  const storage = new Set(strong.map((t) => t.storageRegion ?? region));
  const others = named.filter((n) => !strong.some((t) => t.tableName === n));
  if (storage.size > 1 || (others.length > 0 && !storage.has(region))) {
    throw validation(
      `The mysfits-dr lab serves the multi-Region strongly consistent table(s) ${strong.map((t) => t.tableName).join(', ')} from one storage region (${[...storage].join(', ')}), so one request from ${region} cannot also name ${others.join(', ') || 'MRSC tables stored elsewhere'}: send separate requests.`,
    );
  }
  if (needsQuorum(operation, input, named)) {
    for (const record of strong) checkQuorum(record, region, serving.down);
  }
  const release = serving.conflicts.begin(region, writtenItems(operation, input, strong));
  return { database: [...storage][0]!, release };
}
