/**
 * Shared set-up for the lab's service tests: a test bed started once per file (beforeAll) and
 * stopped after it (afterAll), the error an SDK call rejects with, and a pool of per-region
 * SDK clients destroyed together.
 */
import { afterAll, beforeAll } from 'vitest';
import type { LabServer } from '../../src/lab/server.js';
import { labClientConfig, startTestLab, type TestLab } from './lab.js';

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

/** A test lab with one lab service registered under its signing name, and SDK clients for it. */
export interface ServiceBed<S, C> {
  lab: TestLab;
  service: S;
  /** A new client for a region (destroyed by stop). */
  client(region: string): C;
  stop(): Promise<void>;
}

type ServiceHandler = Parameters<LabServer['registerService']>[1];
type ClientConfig = ReturnType<typeof labClientConfig>;

/** Starts a test lab with the service `create()` makes registered as `signingName`. */
export async function startServiceBed<
  S extends { handler: ServiceHandler },
  C extends { destroy(): void },
>(
  signingName: string,
  create: () => Promise<S>,
  Client: new (config: ClientConfig) => C,
): Promise<ServiceBed<S, C>> {
  const lab = await startTestLab();
  const service = await create();
  lab.server.registerService(signingName, service.handler);
  const clients = clientPool((region) => new Client(labClientConfig(region, lab.url)));
  return {
    lab,
    service,
    client: clients.client,
    async stop() {
      clients.destroyAll();
      await lab.stop();
    },
  };
}
