/**
 * Global tables, version 2019.11.21, on top of DynamoDB Local (which has none): replica
 * creation and deletion through `UpdateTable` `ReplicaUpdates`, the `Replicas` and
 * `GlobalTableVersion` that `DescribeTable` shows in every replica's region, and the
 * replicator kept in step with who replicates to whom. Multi-Region strongly consistent
 * tables are created and dissolved by strong-tables.ts. Records live in GlobalTableStore.
 */
import {
  DeleteTableCommand,
  type TableDescription,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import type { Replicator } from '../../dataplane/replicator.js';
import type { DynamoDbBackend } from './backend.js';
import {
  checkNotBusy,
  checkStreamKept,
  overlayDescription,
  parseReplicaUpdates,
  restoredReplica,
  sdkToAws,
  validation,
} from './global-table-rules.js';
import type { GlobalTableRecord, GlobalTableStore, ReplicaRecord } from './global-table-store.js';
import { callDynamoDbLocal } from './local-call.js';
import { asksForStrong, overlayStrong, strongTableDeleteRefused } from './mrsc-rules.js';
import {
  backfillReplica,
  createReplicaTable,
  describeTable,
  tableExists,
} from './replica-setup.js';
import { type StrongTablesContext, updateStrongTable } from './strong-tables.js';

/** Options of GlobalTables. */
export interface GlobalTablesOptions {
  backend: DynamoDbBackend;
  store: GlobalTableStore;
  replicator: Replicator;
  regions: readonly string[];
  log?: (line: string) => void;
}

/** The lab's global tables. */
export class GlobalTables {
  readonly #o: GlobalTablesOptions;
  readonly #records = new Map<string, GlobalTableRecord>();
  readonly #work = new Set<Promise<void>>();
  readonly #strong: StrongTablesContext;

  constructor(options: GlobalTablesOptions) {
    this.#o = options;
    this.#strong = { ...options, records: this.#records, track: (work) => this.#track(work) };
  }

  /** Loads stored global tables and resumes replicating them (from now on). */
  async start(): Promise<void> {
    const { store, replicator } = this.#o;
    await store.init();
    for (const stored of await store.load()) {
      const replicas: ReplicaRecord[] = [];
      for (const replica of stored.replicas) {
        const restored = restoredReplica(
          replica,
          await tableExists(this.#o.backend.dynamodb(replica.region), stored.tableName),
        );
        if (restored) replicas.push(restored);
      }
      if (replicas.length < 2) {
        await store.remove(stored.tableName);
        continue;
      }
      const record = { ...stored, replicas };
      this.#records.set(record.tableName, record);
      const replicated = record.consistency === 'STRONG' ? [] : replicas;
      for (const replica of replicated.filter((r) => r.status === 'ACTIVE')) {
        replicator.setMember(record.tableName, replica.region, true);
        await replicator.follow(record.tableName, replica.region);
      }
      await store.save(record);
    }
  }

  /** Waits for replica creations and deletions still running. */
  async idle(): Promise<void> {
    while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
  }

  /** Global tables and their replicas. */
  list(): GlobalTableRecord[] {
    return [...this.#records.values()];
  }

  /** The multi-Region strongly consistent (MRSC) tables. */
  strongTables(): GlobalTableRecord[] {
    return this.list().filter((r) => r.consistency === 'STRONG');
  }

  /** The global table `table` of `region`, if that table is a replica. */
  recordFor(region: string, table: string): GlobalTableRecord | undefined {
    const record = this.#records.get(table);
    return record?.replicas.some((r) => r.region === region) ? record : undefined;
  }

  /** True while the replica of `table` in `region` is being created (not usable yet). */
  isCreating(region: string, table: string): boolean {
    const replica = this.recordFor(region, table)?.replicas.find((r) => r.region === region);
    return replica?.status === 'CREATING';
  }

  /** Adds `Replicas`, `GlobalTableVersion` and the right TableStatus to a TableDescription. */
  overlay(region: string, table: Record<string, unknown>): void {
    const record = this.recordFor(region, String(table.TableName));
    if (record) overlayDescription(record, region, table);
    if (record) overlayStrong(record, table);
  }

  /** Refuses DeleteTable of one replica of an MRSC table. */
  checkTableDelete(region: string, table: string): void {
    if (this.recordFor(region, table)?.consistency === 'STRONG') throw strongTableDeleteRefused();
  }

  /** Refuses table updates a global table does not allow (turning its stream off). */
  checkTableUpdate(region: string, table: string, input: Record<string, unknown>): void {
    if (this.recordFor(region, table)) checkStreamKept(table, input);
  }

  /** UpdateTable with ReplicaUpdates (or MRSC fields): returns `{TableDescription}` as DynamoDB does. */
  async updateReplicas(
    region: string,
    table: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const describe = async () =>
      (
        await callDynamoDbLocal(this.#o.backend.endpoint, region, 'DescribeTable', {
          TableName: table,
        })
      ).Table as Record<string, unknown>;
    if (this.recordFor(region, table)?.consistency === 'STRONG' || asksForStrong(input))
      return updateStrongTable(this.#strong, region, table, input, describe);
    const { MultiRegionConsistency: _eventual, ...eventualInput } = input;
    const changes = parseReplicaUpdates(eventualInput);
    // Deleting the replica of this very region: describe it while it still exists.
    const deletesSelf = changes.some((c) => c.action === 'Delete' && c.region === region);
    const before = deletesSelf ? await describe() : undefined;
    for (const change of changes) {
      if (change.action === 'Create') await this.#create(region, table, change.region);
      else await this.#delete(region, table, change.region);
    }
    const description = before ?? (await describe());
    this.overlay(region, description);
    if (deletesSelf) description.TableStatus = 'DELETING';
    return { TableDescription: description };
  }

  /** Keeps records in step when a replica's table is deleted with DeleteTable. */
  async onTableDeleted(region: string, table: string): Promise<void> {
    if (this.recordFor(region, table)) await this.#removeReplica(table, region);
  }

  async #create(region: string, table: string, target: string): Promise<void> {
    const { backend, replicator, store, regions } = this.#o;
    if (!regions.includes(target)) {
      throw validation(
        `One or more parameter values were invalid: the lab has no region '${target}' (it serves ${regions.join(', ')}).`,
      );
    }
    if (target === region) {
      throw validation(
        `One or more parameter values were invalid: ${region} is the region of this request; a replica must be in another region.`,
      );
    }
    const source = await describeTable(backend.dynamodb(region), table).catch((e: unknown) => {
      throw sdkToAws(e);
    });
    let record = this.#records.get(table);
    if (record && !record.replicas.some((r) => r.region === region)) {
      throw validation(
        `Table ${table} in ${region} is not a replica of the global table ${table}.`,
      );
    }
    checkNotBusy(record, table);
    const existing = record?.replicas.find((r) => r.region === target);
    if (existing && existing.status !== 'CREATION_FAILED') {
      throw validation(`Table ${table} already has a replica in ${target}.`);
    }
    if (await tableExists(backend.dynamodb(target), table)) {
      throw validation(
        `Failed to create a the new replica of table with name: '${table}' because one or more replicas already existed as tables.`,
      );
    }
    const stream = source.StreamSpecification;
    if (stream?.StreamEnabled && stream.StreamViewType !== 'NEW_AND_OLD_IMAGES') {
      throw validation(
        `Table ${table} has a stream with view type ${stream.StreamViewType}; global tables need NEW_AND_OLD_IMAGES. Disable the stream first.`,
      );
    }
    if (!stream?.StreamEnabled) {
      await backend.dynamodb(region).send(
        new UpdateTableCommand({
          TableName: table,
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      );
    }
    if (!record) {
      record = {
        tableName: table,
        replicas: [{ region, status: 'ACTIVE' }],
        createdAt: Date.now(),
      };
      this.#records.set(table, record);
      replicator.setMember(table, region, true);
      await replicator.follow(table, region); // pinned before the backfill reads anything
    }
    record.replicas = [
      ...record.replicas.filter((r) => r.region !== target),
      { region: target, status: 'CREATING' },
    ];
    replicator.setMember(table, target, false); // changes queue until the replica is ready
    await store.save(record);
    this.#track(this.#build(record, region, target, source));
  }

  async #build(
    record: GlobalTableRecord,
    region: string,
    target: string,
    source: TableDescription,
  ): Promise<void> {
    const { backend, replicator, store } = this.#o;
    const table = record.tableName;
    const replica = record.replicas.find((r) => r.region === target)!;
    try {
      await createReplicaTable(backend.dynamodb(target), source);
      const copied = await backfillReplica(
        backend.dynamodb(region),
        backend.dynamodb(target),
        table,
      );
      await replicator.follow(table, target);
      replicator.setMember(table, target, true);
      replica.status = 'ACTIVE';
      this.#o.log?.(`global table ${table}: replica ${target} ACTIVE (${copied} items copied)`);
    } catch (error) {
      replicator.removeMember(table, target);
      replica.status = 'CREATION_FAILED';
      replica.description = `Replica creation failed: ${(error as Error).message}`;
    }
    await store.save(record);
  }

  async #delete(region: string, table: string, target: string): Promise<void> {
    const record = this.recordFor(region, table);
    if (!record) {
      throw validation(
        `Table ${table} in ${region} is not a global table; it has no replica in ${target}.`,
      );
    }
    checkNotBusy(record, table);
    const replica = record.replicas.find((r) => r.region === target);
    if (!replica) throw validation(`Table ${table} has no replica in ${target}.`);
    replica.status = 'DELETING';
    this.#o.replicator.removeMember(table, target);
    await this.#o.store.save(record);
    const client = this.#o.backend.dynamodb(target);
    this.#track(
      (async () => {
        await client.send(new DeleteTableCommand({ TableName: table })).catch((e: Error) => {
          if (e.name !== 'ResourceNotFoundException') throw e;
        });
        await this.#removeReplica(table, target);
      })(),
    );
  }

  async #removeReplica(table: string, region: string): Promise<void> {
    const record = this.#records.get(table);
    if (!record) return;
    this.#o.replicator.removeMember(table, region);
    record.replicas = record.replicas.filter((r) => r.region !== region);
    if (record.replicas.length > 1) {
      await this.#o.store.save(record);
      return;
    }
    this.#records.delete(table);
    this.#o.replicator.removeTable(table);
    await this.#o.store.remove(table);
  }

  #track(work: Promise<void>): void {
    const tracked: Promise<void> = work
      .catch((error: Error) => this.#o.log?.(`global tables: ${error.message}`))
      .finally(() => this.#work.delete(tracked));
    this.#work.add(tracked);
  }
}
