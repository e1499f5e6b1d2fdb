/**
 * The routing gate of one region: the target of a Lambda target group on the region's ALB
 * that answers its health check from the region's routing switch item, so that marking the
 * region `out` turns the ALB endpoint unhealthy for the accelerator while the application's
 * own targets stay healthy (docs/routing-switch.md).
 *
 * Each invocation makes ONE strongly consistent GetItem of its own region's item, in its own
 * region, cut after `timeoutMs`: `in` (or no item) → 200, `out` → 503 with who, when, why.
 * A failed read (error, throttling, timeout, malformed item) never drains a region by
 * itself: the gate answers the last state this container read successfully (a warm Lambda
 * container keeps it between invocations; AWS does not promise that it does), and `in`
 * when it has none. The answer always says which it was (`source`), and failures are logged.
 */
import {
  parseRoutingItem,
  routingHealth,
  routingItemId,
  type RoutingItemReader,
  type RoutingSwitchRecord,
} from '../shared/routing-switch.js';
import { type AlbLambdaEvent, type AlbLambdaResult, jsonResult } from './alb-lambda.js';

/** Where a gate answer came from: this read, the container's last good read, or neither. */
export type GateSource = 'read' | 'last-known' | 'default';

/** Writes one structured log line (the Lambda entry point writes JSON to stdout). */
export type GateLog = (level: 'info' | 'warn' | 'error', msg: string, fields: object) => void;

/** What a gate needs. */
export interface GateOptions {
  region: string;
  read: RoutingItemReader;
  /** Longest one read may take before it counts as failed. */
  timeoutMs: number;
  log: GateLog;
}

/** The gate's handler and what it last knew. */
export interface RoutingGate {
  /** Answers one ALB request or health check. Never rejects. */
  handle(event: AlbLambdaEvent): Promise<AlbLambdaResult>;
  /** The last record read successfully by this instance, if any. */
  lastKnown(): RoutingSwitchRecord | undefined;
}

/** Default read timeout: well inside the ALB health-check timeout the gate's group uses. */
export const GATE_READ_TIMEOUT_MS = 1000;

function errorName(err: unknown): string {
  const code = (err as { code?: unknown; name?: unknown })?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : 'Error';
}

async function readWithin(read: RoutingItemReader, timeoutMs: number) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`no answer within ${timeoutMs} ms`);
      error.name = 'TimeoutError';
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return parseRoutingItem(await Promise.race([read(controller.signal), timedOut]));
  } finally {
    clearTimeout(timer);
  }
}

/** Creates a gate; keep one per container (module scope) so a warm container remembers. */
export function createRoutingGate(options: GateOptions): RoutingGate {
  const { region, read, timeoutMs, log } = options;
  const itemId = routingItemId(region);
  let last: RoutingSwitchRecord | undefined;

  const answer = (record: RoutingSwitchRecord, source: GateSource, error?: string) => {
    const health = routingHealth(region, record);
    const body = {
      region,
      state: record.state,
      source,
      ...(health.reason ? { reason: health.reason } : {}),
      ...(error ? { readError: error } : {}),
    };
    return jsonResult(health.healthy ? 200 : 503, body, {
      'x-mysfits-routing-state': record.state,
      'x-mysfits-routing-source': source,
    });
  };

  return {
    lastKnown: () => (last ? { ...last } : undefined),
    async handle() {
      try {
        const record = await readWithin(read, timeoutMs);
        if (last?.state !== record.state) {
          log(record.state === 'out' ? 'warn' : 'info', 'routing switch', { itemId, ...record });
        }
        last = record;
        return answer(record, 'read');
      } catch (err) {
        const error = `${errorName(err)}: ${err instanceof Error ? err.message : String(err)}`;
        const source: GateSource = last ? 'last-known' : 'default';
        const fallback = last ?? { state: 'in' as const };
        log('warn', 'routing switch read failed; answering the last known state', {
          itemId,
          state: fallback.state,
          source,
          timeoutMs,
          error,
        });
        return answer(fallback, source, error);
      }
    },
  };
}
