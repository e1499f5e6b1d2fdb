/**
 * The per-region routing switch: an item in the control table (mysfits-dr's multi-Region
 * strongly consistent table, hash key `Pk`) that the operator tool sets to `out` to drain a
 * region without the Global Accelerator API. A reader reads ONLY its own region's item
 * (`Pk = "routing#<region>"`), in its own region, with a strongly consistent GetItem, in a
 * background loop; `GET /` then answers 503 while the region is out, the ALB marks the
 * targets unhealthy and the accelerator routes away on its own. The health check itself never
 * waits for DynamoDB: it reads the last known state kept here. Contract: docs/routing-switch.md.
 *
 * Item: `RoutingState` (S) `in` | `out`, `ChangedAt` (N, epoch ms), `ChangedBy` (S),
 * `RunId` (S), `Reason` (S), and the writing run's fencing token `Fence` (N).
 * No item, or `RoutingState = in`: the region takes traffic.
 * A failed read (or a malformed item) keeps the last known state (fail static); before the
 * first successful read the region counts as `in`.
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { HealthStatus } from './health.js';
import type { Logger } from './logger.js';
import type { TableItem } from './mysfit-item.js';

/** The control table's hash key attribute. */
export const CONTROL_TABLE_KEY = 'Pk';

/** Prefix of the switch items' ids in the control table; the full id is `routing#<region>`. */
export const ROUTING_ID_PREFIX = 'routing#';

/** Default refresh period (`ROUTING_SWITCH_REFRESH_MS`). */
export const DEFAULT_ROUTING_REFRESH_MS = 5000;

/** Longest a single read may take. */
export const MAX_ROUTING_READ_TIMEOUT_MS = 2000;

/** Shortest read timeout, however short the refresh period (a read cut early is wasted). */
export const MIN_ROUTING_READ_TIMEOUT_MS = 1000;

/**
 * The timeout of one read for a refresh period: the period, within [1 s, 2 s]. Reads never
 * overlap (the next starts `refreshMs` after one ends), so a slow read only delays the next;
 * cutting it at a very short period (the fast lab's 250 ms) would waste it instead.
 */
export function routingReadTimeoutMs(refreshMs: number): number {
  return Math.min(MAX_ROUTING_READ_TIMEOUT_MS, Math.max(MIN_ROUTING_READ_TIMEOUT_MS, refreshMs));
}

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

/** Reads the raw switch item of the task's region; undefined when there is none. */
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

/** Options of a RoutingSwitch. */
export interface RoutingSwitchOptions {
  region: string;
  read: RoutingItemReader;
  /** Pause between the end of one read and the start of the next. */
  refreshMs: number;
  /** Longest one read may take before it counts as failed (default routingReadTimeoutMs). */
  timeoutMs?: number;
  /**
   * Longest the first read (start()) may take, default 2000 ms: a new process also resolves
   * credentials and opens its first connection, which a short refresh period would cut.
   */
  firstTimeoutMs?: number;
  logger: Logger;
}

/** The background refresher of one task's switch; `status()` is what `GET /` consults. */
export interface RoutingSwitch {
  /** The verdict from the last known state; never waits, never touches DynamoDB. */
  status(): HealthStatus;
  /** The last known record (`in` before the first successful read). */
  current(): RoutingSwitchRecord;
  /** True once a read has succeeded. */
  readonly known: boolean;
  /** One read now (also what the loop runs); resolves when it is done, never rejects. */
  refresh(): Promise<void>;
  /**
   * Starts the loop: a first read at once (bounded by `firstTimeoutMs`), then one read every
   * `refreshMs` after the previous ended; resolves after that first read.
   */
  start(): Promise<void>;
  /** Stops the loop; a read in flight is aborted. */
  stop(): void;
}

function describeError(err: unknown): { error: string; errorName: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { error: err.message, errorName: typeof code === 'string' ? code : err.name };
  }
  return { error: String(err), errorName: 'Error' };
}

/** Creates the refresher (not started). */
export function createRoutingSwitch(options: RoutingSwitchOptions): RoutingSwitch {
  const { region, read, refreshMs, logger } = options;
  const timeoutMs = options.timeoutMs ?? routingReadTimeoutMs(refreshMs);
  const firstTimeoutMs = Math.max(timeoutMs, options.firstTimeoutMs ?? MAX_ROUTING_READ_TIMEOUT_MS);
  const itemId = routingItemId(region);
  let record: RoutingSwitchRecord = { state: 'in' };
  let known = false;
  let failing = false; // the last read failed (its run of failures has been logged)
  let timer: NodeJS.Timeout | undefined;
  let inFlight: AbortController | undefined;
  let stopped = false;

  const adopt = (next: RoutingSwitchRecord) => {
    const changed = !known || next.state !== record.state || next.changedAt !== record.changedAt;
    record = next;
    known = true;
    if (failing) {
      logger.info('routing switch readable again', { itemId, state: next.state });
      failing = false;
    }
    if (changed) {
      const health = routingHealth(region, next);
      logger[next.state === 'out' ? 'warn' : 'info']('routing switch', {
        itemId,
        state: next.state,
        changedAt: next.changedAt,
        changedBy: next.changedBy,
        runId: next.runId,
        reason: next.reason,
        health: health.healthy ? 'healthy' : health.reason,
      });
    }
  };

  const fail = (err: unknown, limitMs: number) => {
    if (failing) return; // logged once per run of failed reads
    failing = true;
    logger.warn('routing switch read failed; keeping the last known state', {
      itemId,
      state: record.state,
      known,
      timeoutMs: limitMs,
      ...describeError(err),
    });
  };

  const readOnce = async (limitMs: number): Promise<void> => {
    const controller = new AbortController();
    inFlight = controller;
    let timeout: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timeout = setTimeout(() => {
          const error = new Error(`no answer within ${limitMs} ms`);
          error.name = 'TimeoutError';
          controller.abort(error);
          reject(error);
        }, limitMs);
      });
      const item = await Promise.race([read(controller.signal), timedOut]);
      if (!stopped) adopt(parseRoutingItem(item));
    } catch (err) {
      if (!stopped) fail(err, limitMs);
    } finally {
      clearTimeout(timeout);
      if (inFlight === controller) inFlight = undefined;
    }
  };

  const refresh = () => readOnce(timeoutMs);

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void refresh().then(schedule);
    }, refreshMs);
    timer.unref();
  };

  return {
    status: () => routingHealth(region, record),
    current: () => ({ ...record }),
    get known() {
      return known;
    },
    refresh,
    async start() {
      stopped = false;
      logger.info('routing switch enabled', { itemId, refreshMs, timeoutMs, firstTimeoutMs });
      await readOnce(firstTimeoutMs);
      schedule();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
    },
  };
}
