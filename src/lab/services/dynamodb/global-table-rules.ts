/**
 * The parts of global tables that are plain rules over a record: what DescribeTable shows
 * for a replica, which UpdateTable requests are valid, and what a replica left half-built
 * by a stopped lab becomes. Kept apart from global-tables.ts, which does the I/O.
 */
import { AwsError } from '../../protocol/aws-error.js';
import type { GlobalTableRecord, ReplicaRecord } from './global-table-store.js';

/** The global tables version the lab implements. */
export const GLOBAL_TABLE_VERSION = '2019.11.21';

/** A ValidationException, DynamoDB's answer to a request it will not carry out. */
export function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/** Turns an SDK error from DynamoDB Local into the same AWS error for the client. */
export function sdkToAws(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const e = error as Error & { $metadata?: { httpStatusCode?: number } };
  return new AwsError(e.name, e.message, { status: e.$metadata?.httpStatusCode ?? 500 });
}

/**
 * Adds `Replicas` (the other regions only, as AWS lists them), `GlobalTableVersion` and
 * the TableStatus of a table whose replica set is changing, to a region's TableDescription.
 */
export function overlayDescription(
  record: GlobalTableRecord,
  region: string,
  table: Record<string, unknown>,
): void {
  const self = record.replicas.find((r) => r.region === region);
  if (!self) return;
  const others = record.replicas.filter((r) => r.region !== region);
  table.Replicas = others.map((r) => ({
    RegionName: r.region,
    ReplicaStatus: r.status,
    ...(r.description ? { ReplicaStatusDescription: r.description } : {}),
  }));
  table.GlobalTableVersion = GLOBAL_TABLE_VERSION;
  const changing = others.some((r) => r.status === 'CREATING' || r.status === 'DELETING');
  if (self.status === 'CREATING' || self.status === 'DELETING') table.TableStatus = self.status;
  else if (changing) table.TableStatus = 'UPDATING';
}

/** Refuses a replica change while another replica of the table is being created or deleted. */
export function checkNotBusy(record: GlobalTableRecord | undefined, table: string): void {
  if (record?.replicas.some((r) => r.status === 'CREATING' || r.status === 'DELETING')) {
    throw new AwsError(
      'ResourceInUseException',
      `Attempt to change a resource which is still in use: Table ${table} is being updated (a replica is being created or deleted).`,
    );
  }
}

/** One replica change asked for by UpdateTable. */
export interface ReplicaChange {
  action: 'Create' | 'Delete';
  region: string;
}

/** Reads and checks `ReplicaUpdates` (the lab supports Create and Delete, alone in a request). */
export function parseReplicaUpdates(input: Record<string, unknown>): ReplicaChange[] {
  const updates = input.ReplicaUpdates;
  if (!Array.isArray(updates) || updates.length === 0) {
    throw validation('ReplicaUpdates must list at least one Create or Delete.');
  }
  const others = Object.keys(input).filter((k) => k !== 'TableName' && k !== 'ReplicaUpdates');
  if (others.length > 0) {
    throw validation(
      `ReplicaUpdates cannot be combined with other updates in one UpdateTable request (found ${others.join(', ')}).`,
    );
  }
  return updates.map((update: Record<string, { RegionName?: unknown } | undefined>) => {
    const actions = Object.keys(update ?? {});
    const action = actions[0];
    if (actions.length !== 1 || (action !== 'Create' && action !== 'Delete')) {
      throw validation(
        'Each ReplicaUpdates entry must hold exactly one of Create or Delete (the lab does not support Update).',
      );
    }
    const region = update[action]?.RegionName;
    if (typeof region !== 'string' || region === '') {
      throw validation(`ReplicaUpdates ${action} needs a RegionName.`);
    }
    return { action, region };
  });
}

/** Refuses turning off the stream of a global table's replica. */
export function checkStreamKept(table: string, input: Record<string, unknown>): void {
  const stream = input.StreamSpecification as { StreamEnabled?: boolean } | undefined;
  if (stream?.StreamEnabled === false) {
    throw validation(
      `Table ${table} is a global table (version ${GLOBAL_TABLE_VERSION}): its stream replicates it and cannot be disabled while it has replicas.`,
    );
  }
}

/**
 * What a stored replica becomes when the lab starts again: gone if its table is gone or it
 * was being deleted; CREATION_FAILED if it was being created (the backfill was cut short).
 */
export function restoredReplica(
  replica: ReplicaRecord,
  tableExists: boolean,
): ReplicaRecord | undefined {
  if (!tableExists || replica.status === 'DELETING') return undefined;
  if (replica.status !== 'CREATING') return replica;
  return {
    ...replica,
    status: 'CREATION_FAILED',
    description:
      'The lab stopped while this replica was being created; delete it and add it again.',
  };
}
