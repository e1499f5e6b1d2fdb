/**
 * Shared set-up for the lab's service tests: a test bed started once per file (beforeAll) and
 * stopped after it (afterAll), the error an SDK call rejects with, and a pool of per-region
 * SDK clients destroyed together.
 */
import { afterAll, beforeAll } from 'vitest';

/** Anything a test file starts once and stops at the end. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Starts `start()` before the file's tests and stops it after them; returns a stand-in that
 * forwards every property to the started bed (using it before beforeAll has run throws).
 */
export function useTestBed<T extends Stoppable>(start: () => Promise<T>): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (started === undefined) throw new Error('the test bed is used before it was started');
      const value: unknown = Reflect.get(started, key, started);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

/** The error a promise rejects with (fails the test if it resolves). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SDK errors carry name/message/$metadata
export async function sdkError(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** SDK clients made on demand per call, destroyed together. */
export interface ClientPool<C> {
  client(region: string): C;
  destroyAll(): void;
}

/** A pool making a fresh client with `make(region)` on every `client(region)` call. */
export function clientPool<C extends { destroy(): void }>(
  make: (region: string) => C,
): ClientPool<C> {
  const clients: C[] = [];
  return {
    client(region) {
      const client = make(region);
      clients.push(client);
      return client;
    },
    destroyAll() {
      for (const client of clients) client.destroy();
    },
  };
}
