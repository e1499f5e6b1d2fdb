/**
 * Creating and dissolving multi-Region strongly consistent (MRSC) global tables, as
 * UpdateTable does with `MultiRegionConsistency: STRONG`, `ReplicaUpdates` and
 * `GlobalTableWitnessUpdates`. The replica region gets a table of the same schema (its own
 * DescribeTable, ARN and ListTables entry) but the items of every replica stay in the
 * database of the region the table was created in (see strong-requests.ts), so the lab's
 * replicator never touches an MRSC table. Records live in GlobalTableStore.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTimeToLiveCommand,
  ScanCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { LAB_WITNESS_REGIONS } from '../../topology.js';
import type { DynamoDbBackend } from './backend.js';
import type { GlobalTableRecord, GlobalTableStore } from './global-table-store.js';
import { overlayDescription, sdkToAws, validation } from './global-table-rules.js';
import {
  overlayStrong,
  parseStrongCreate,
  parseStrongDelete,
  strongUnsupported,
} from './mrsc-rules.js';
import {
  backfillReplica,
  describeTable,
  replicaCreateInput,
  tableExists,
} from './replica-setup.js';

/** What the MRSC operations share with GlobalTables. */
export interface StrongTablesContext {
  backend: DynamoDbBackend;
  store: GlobalTableStore;
  /** GlobalTables' records by table name (MRSC records included). */
  records: Map<string, GlobalTableRecord>;
  regions: readonly string[];
  /** Runs background work that GlobalTables.idle() waits for. */
  track(work: Promise<void>): void;
  log?: (line: string) => void;
}

/** Refuses what the lab cannot hold: replicas outside its regions, witnesses outside LAB_WITNESS_REGIONS. */
function checkLabCanHold(ctx: StrongTablesContext, replicas: string[], witness?: string): void {
  const missing = replicas.filter((r) => !ctx.regions.includes(r));
  const witnesses: readonly string[] = LAB_WITNESS_REGIONS;
  if (missing.length > 0 || (witness !== undefined && !witnesses.includes(witness))) {
    throw validation(
      `One or more parameter values were invalid: the mysfits-dr lab holds MRSC replicas only in ${ctx.regions.join(', ')} and witnesses only in ${witnesses.join(', ')} (asked: replicas [${replicas.join(', ')}]${witness ? `, witness ${witness}` : ''}).`,
    );
  }
}

async function checkSource(ctx: StrongTablesContext, region: string, table: string) {
  const client = ctx.backend.dynamodb(region);
  const source = await describeTable(client, table).catch((e: unknown) => {
    throw sdkToAws(e);
  });
  if ((source.LocalSecondaryIndexes ?? []).length > 0) {
    throw strongUnsupported('Local secondary indexes (LSIs)', table);
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table }));
  const ttlStatus = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (ttlStatus === 'ENABLED' || ttlStatus === 'ENABLING') {
    throw strongUnsupported('Time to Live (TTL)', table);
  }
  const items = await client.send(new ScanCommand({ TableName: table, Limit: 1 }));
  if ((items.Count ?? 0) > 0) {
    throw validation(
      `One or more parameter values were invalid: table ${table} must be empty to become a global table with MultiRegionConsistency set to STRONG; it holds items. Create the MRSC global table from an empty table, then load it.`,
    );
  }
  return source;
}

/** The replica's table: same schema; its stream only if the source has one. */
function strongReplicaInput(source: TableDescription) {
  const input = replicaCreateInput(source);
  return source.StreamSpecification?.StreamEnabled
    ? input
    : { ...input, StreamSpecification: undefined };
}

/**
 * UpdateTable creating (from a regional table) or dissolving (on an MRSC table) a
 * multi-Region strongly consistent table; answers `{TableDescription}` as DynamoDB does.
 */
export async function updateStrongTable(
  ctx: StrongTablesContext,
  region: string,
  table: string,
  input: Record<string, unknown>,
  describe: () => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const existing = ctx.records.get(table);
  const record =
    existing?.consistency === 'STRONG'
      ? await dissolveStrongTable(ctx, region, existing, input)
      : await createStrongTable(ctx, region, table, input);
  const description = await describe();
  overlayDescription(record, region, description);
  overlayStrong(record, description);
  description.TableStatus = 'UPDATING';
  return { TableDescription: description };
}

/** UpdateTable creating an MRSC table from the regional table of `region`. */
async function createStrongTable(
  ctx: StrongTablesContext,
  region: string,
  table: string,
  input: Record<string, unknown>,
): Promise<GlobalTableRecord> {
  const plan = parseStrongCreate(region, input, ctx.records.get(table));
  checkLabCanHold(ctx, plan.replicas, plan.witness);
  const source = await checkSource(ctx, region, table);
  for (const target of plan.replicas) {
    if (await tableExists(ctx.backend.dynamodb(target), table)) {
      throw validation(
        `Failed to create a the new replica of table with name: '${table}' because one or more replicas already existed as tables.`,
      );
    }
  }
  const record: GlobalTableRecord = {
    tableName: table,
    replicas: [
      { region, status: 'ACTIVE' },
      ...plan.replicas.map((r) => ({ region: r, status: 'CREATING' as const })),
    ],
    createdAt: Date.now(),
    consistency: 'STRONG',
    ...(plan.witness ? { witness: { region: plan.witness, status: 'CREATING' as const } } : {}),
    storageRegion: region,
    keyAttributes: (source.KeySchema ?? []).map((k) => k.AttributeName!),
  };
  ctx.records.set(table, record);
  await ctx.store.save(record);
  const answered = structuredClone(record); // as it stands when UpdateTable answers
  ctx.track(buildStrongTable(ctx, record, source));
  return answered;
}

async function buildStrongTable(
  ctx: StrongTablesContext,
  record: GlobalTableRecord,
  source: TableDescription,
): Promise<void> {
  for (const replica of record.replicas.filter((r) => r.status === 'CREATING')) {
    try {
      await ctx.backend
        .dynamodb(replica.region)
        .send(new CreateTableCommand(strongReplicaInput(source)));
      replica.status = 'ACTIVE';
    } catch (error) {
      replica.status = 'CREATION_FAILED';
      replica.description = `Replica creation failed: ${(error as Error).message}`;
    }
  }
  if (record.witness) record.witness.status = 'ACTIVE';
  ctx.log?.(
    `MRSC table ${record.tableName}: ${record.replicas.map((r) => `${r.region} ${r.status}`).join(', ')}`,
  );
  await ctx.store.save(record);
}

/**
 * UpdateTable dissolving an MRSC table (Delete of every other replica and of the witness,
 * in one request): the table of `region` becomes a regional table holding every item.
 */
async function dissolveStrongTable(
  ctx: StrongTablesContext,
  region: string,
  record: GlobalTableRecord,
  input: Record<string, unknown>,
): Promise<GlobalTableRecord> {
  const deleted = parseStrongDelete(region, input, record);
  if (record.replicas.some((r) => r.status === 'CREATING' || r.status === 'DELETING')) {
    throw validation(`Table ${record.tableName} is being updated; try again when it is ACTIVE.`);
  }
  const table = record.tableName;
  const storage = record.storageRegion ?? region;
  if (storage !== region) {
    await backfillReplica(ctx.backend.dynamodb(storage), ctx.backend.dynamodb(region), table);
  }
  const answer: GlobalTableRecord = {
    ...record,
    replicas: record.replicas.map((r) => (r.region === region ? r : { ...r, status: 'DELETING' })),
    ...(record.witness ? { witness: { ...record.witness, status: 'DELETING' } } : {}),
  };
  ctx.records.delete(table);
  await ctx.store.remove(table);
  ctx.track(
    (async () => {
      for (const target of deleted) {
        await ctx.backend
          .dynamodb(target)
          .send(new DeleteTableCommand({ TableName: table }))
          .catch((e: Error) => {
            if (e.name !== 'ResourceNotFoundException') throw e;
          });
      }
    })(),
  );
  return answer;
}
