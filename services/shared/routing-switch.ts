/**
 * The per-region routing switch item and how to read it: an item in the control table
 * (mysfits-dr's multi-Region strongly consistent table, hash key `Pk`) that the operator tool
 * sets to `out` to drain a region without the Global Accelerator API. The region's gate
 * (services/gate) reads ONLY its own region's item (`Pk = "routing#<region>"`), in its own
 * region, with a strongly consistent GetItem, and answers its ALB health check 503 while the
 * region is out, so the accelerator routes away on its own while the application's tasks stay
 * healthy. Contract: docs/routing-switch.md.
 *
 * Item: `RoutingState` (S) `in` | `out`, `ChangedAt` (N, epoch ms), `ChangedBy` (S),
 * `RunId` (S), `Reason` (S), and the writing run's fencing token `Fence` (N). No item, or
 * `RoutingState = in`: the region takes traffic. Parsing, the record and the health verdict
 * live here, free of any transport, so that any reader of the switch (the gate, tests, tools)
 * judges it the same way.
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { HealthStatus } from './health.js';
import type { TableItem } from './mysfit-item.js';

/** The control table's hash key attribute. */
export const CONTROL_TABLE_KEY = 'Pk';

/** Prefix of the switch items' ids in the control table; the full id is `routing#<region>`. */
export const ROUTING_ID_PREFIX = 'routing#';

/** Table attribute names of the switch item (the key attribute is the table's own). */
export const ROUTING_ATTRIBUTE = {
  state: 'RoutingState',
  changedAt: 'ChangedAt',
  changedBy: 'ChangedBy',
  runId: 'RunId',
  reason: 'Reason',
} as const;

/** Whether a region takes traffic. */
export type RoutingState = 'in' | 'out';

/** The switch of one region as last read. */
export interface RoutingSwitchRecord {
  state: RoutingState;
  /** When the operator changed it (epoch ms), when the item says. */
  changedAt?: number;
  changedBy?: string;
  runId?: string;
  reason?: string;
}

/** The id (hash key value) of a region's switch item. */
export function routingItemId(region: string): string {
  return `${ROUTING_ID_PREFIX}${region}`;
}

/** The key of a region's switch item in the control table. */
export function routingItemKey(region: string): TableItem {
  return { [CONTROL_TABLE_KEY]: { S: routingItemId(region) } };
}

/** Thrown by parseRoutingItem for an item whose RoutingState is neither `in` nor `out`. */
export class MalformedRoutingItemError extends Error {
  constructor(value: unknown) {
    super(`${ROUTING_ATTRIBUTE.state} must be "in" or "out", got ${JSON.stringify(value)}`);
    this.name = 'MalformedRoutingItemError';
  }
}

/**
 * Reads a switch item: absent → `in`; `RoutingState` exactly `in` or `out` (S); the other
 * attributes are optional. Throws MalformedRoutingItemError for any other state value.
 */
export function parseRoutingItem(item: TableItem | undefined): RoutingSwitchRecord {
  if (item === undefined) return { state: 'in' };
  const raw = item[ROUTING_ATTRIBUTE.state];
  const state = raw?.S;
  if (state !== 'in' && state !== 'out') throw new MalformedRoutingItemError(state ?? raw);
  const changedAt = Number(item[ROUTING_ATTRIBUTE.changedAt]?.N);
  const record: RoutingSwitchRecord = { state };
  if (Number.isFinite(changedAt)) record.changedAt = changedAt;
  const changedBy = item[ROUTING_ATTRIBUTE.changedBy]?.S;
  if (changedBy !== undefined) record.changedBy = changedBy;
  const runId = item[ROUTING_ATTRIBUTE.runId]?.S;
  if (runId !== undefined) record.runId = runId;
  const reason = item[ROUTING_ATTRIBUTE.reason]?.S;
  if (reason !== undefined) record.reason = reason;
  return record;
}

function isoTime(ms: number | undefined): string {
  if (ms === undefined) return 'an unknown time';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'an unknown time' : date.toISOString();
}

/**
 * The health verdict of a switch record: healthy unless `out`, then
 * `routing switch: <region> marked out by <ChangedBy> at <iso> (<Reason>)`.
 */
export function routingHealth(region: string, record: RoutingSwitchRecord): HealthStatus {
  if (record.state === 'in') return { healthy: true };
  const by = record.changedBy?.trim() || 'unknown';
  const why = record.reason?.trim() ? ` (${record.reason.trim()})` : '';
  const reason = `routing switch: ${region} marked out by ${by} at ${isoTime(record.changedAt)}${why}`;
  return { healthy: false, reason };
}

/** Reads the raw switch item of one region; undefined when there is none. */
export type RoutingItemReader = (signal: AbortSignal) => Promise<TableItem | undefined>;

/** A strongly consistent GetItem of `region`'s switch item through `client` (in that region). */
export function dynamoDbRoutingReader(
  client: DynamoDBClient,
  tableName: string,
  region: string,
): RoutingItemReader {
  return async (signal) => {
    const out = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: routingItemKey(region),
        ConsistentRead: true,
      }),
      { abortSignal: signal },
    );
    return out.Item;
  };
}
