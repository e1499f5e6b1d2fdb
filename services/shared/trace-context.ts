/**
 * The `X-Amzn-Trace-Id` of the request being handled, carried through async calls with
 * AsyncLocalStorage so that log lines and outgoing DynamoDB calls can carry it without
 * threading it through every function.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ traceId: string | undefined }>();

/** Header name as ALB and X-Ray use it. */
export const TRACE_HEADER = 'X-Amzn-Trace-Id';

// Printable ASCII only, bounded: the value is echoed into response and DynamoDB headers.
const TRACE_PATTERN = /^[\x21-\x7e]{1,256}$/;

/** Returns the header value when it is safe to echo and propagate, otherwise undefined. */
export function parseTraceId(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== undefined && TRACE_PATTERN.test(first) ? first : undefined;
}

/** Runs `fn` with `traceId` as the current trace id. */
export function runWithTraceId<T>(traceId: string | undefined, fn: () => T): T {
  return storage.run({ traceId }, fn);
}

/** The trace id of the request being handled, if it came with one. */
export function currentTraceId(): string | undefined {
  return storage.getStore()?.traceId;
}
