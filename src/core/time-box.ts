/**
 * Time-boxed ports: wraps a PortFactory so that every port call rejects with a
 * `TimeoutError` once it has run for `limitMs`, retries included. Use cases that make
 * sequences of calls (the replication probe) then stay inside a caller's budget even when
 * a region accepts connections and never answers.
 */
import type { PortFactory } from './ports.js';
import type { Timer } from './read-budget.js';

/** The error a time-boxed call rejects with (classified as `timeout`). */
export class CallTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly limitMs: number) {
    super(`no answer within ${limitMs} ms`);
  }
}

/** Races one call against the limit; the timer is released as soon as the call settles. */
export async function timeBoxed<T>(call: Promise<T>, limitMs: number, timer: Timer): Promise<T> {
  const stop = new AbortController();
  const timeout = timer.sleep(limitMs, stop.signal).then(() => {
    if (!stop.signal.aborted) throw new CallTimeoutError(limitMs);
    return undefined as never;
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    stop.abort();
  }
}

function boxObject<T extends object>(target: T, limitMs: number, timer: Timer): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(obj, args);
        return result instanceof Promise ? timeBoxed(result, limitMs, timer) : result;
      };
    },
  });
}

/** A PortFactory whose every port call is limited to `limitMs`. */
export function timeBoxedPorts(ports: PortFactory, limitMs: number, timer: Timer): PortFactory {
  return {
    accelerator: () => boxObject(ports.accelerator(), limitMs, timer),
    region: (name) => {
      const region = ports.region(name);
      return {
        ecs: boxObject(region.ecs, limitMs, timer),
        elbv2: boxObject(region.elbv2, limitMs, timer),
        cloudwatch: boxObject(region.cloudwatch, limitMs, timer),
        dynamodb: boxObject(region.dynamodb, limitMs, timer),
        xray: boxObject(region.xray, limitMs, timer),
      };
    },
  };
}
