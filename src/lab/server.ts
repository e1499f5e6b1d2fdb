/**
 * The lab endpoint: one HTTP server on 127.0.0.1 that answers every emulated AWS service
 * in every lab region (routed by the SigV4 credential scope, see protocol/router.ts) and
 * the lab's own `/_lab/*` endpoints (see lab-routes.ts). DynamoDB (services/dynamodb/
 * service.ts) is registered here, before the endpoint listens, because the `/_lab/*` routes
 * and the replication faults need it: it is served from Amazon DynamoDB Local, which the
 * caller (the lab supervisor, or a test) has started. world.ts adds the other services.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Replicator } from './dataplane/replicator.js';
import { FaultStore } from './faults/store.js';
import { jsonResponse, readBody, sendLabResponse } from './http-json.js';
import { routeLabRequest } from './lab-routes.js';
import type { ComponentHealth, LabRequest } from './protocol/lab-request.js';
import { type ServiceHandler, ServiceRegistry } from './protocol/registry.js';
import { routeAwsRequest } from './protocol/router.js';
import type { ConsumedCapacitySample } from './services/dynamodb/consumed-capacity.js';
import { isDynamoDbWrite } from './services/dynamodb/operations.js';
import { createDynamoDbService, type DynamoDbService } from './services/dynamodb/service.js';

/** Options of startLabServer. */
export interface LabServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Where DynamoDB Local listens, e.g. `http://127.0.0.1:8000`. */
  dynamoDbLocalEndpoint: string;
  /** The regions the lab serves, primary first. */
  regions: readonly string[];
  /** Global-table replication lag, ms (changeable later with `PUT /_lab/replication`). */
  replicationLagMs: number;
  /** How often the replicator reads the streams, ms (default 50). */
  replicationPollIntervalMs?: number;
  /** Extra components for `GET /_lab/health` (the supervisor's processes). */
  components?: () => Record<string, ComponentHealth>;
  /** Where the lab writes its log lines (default: nowhere). */
  log?: (line: string) => void;
}

/** A running lab endpoint. */
export interface LabServer {
  /** Base URL, e.g. `http://127.0.0.1:4566`: the AWS_ENDPOINT_URL of every client. */
  readonly url: string;
  readonly port: number;
  /** The global-tables replicator (statistics, lag). */
  readonly replicator: Replicator;
  /** DynamoDB (services/dynamodb/service.ts), registered before the endpoint listens. */
  readonly dynamodb: DynamoDbService;
  /** The active faults. */
  readonly faults: FaultStore;
  /** Adds an emulated service under its SigV4 signing name. */
  registerService(signingName: string, handler: ServiceHandler): void;
  /** Receives the capacity each DynamoDB item call consumes (for CloudWatch). */
  onConsumedCapacity(listener: (sample: ConsumedCapacitySample) => void): void;
  /** Stops the server, the replicator and every service; waits for replica work to end. */
  close(): Promise<void>;
}

/** Starts the lab endpoint; resolves once it listens and has resumed global tables. */
export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const { regions } = options;
  const log = options.log ?? (() => {});
  const faults = new FaultStore(regions);
  let capacityListener: ((sample: ConsumedCapacitySample) => void) | undefined;
  const dynamodb = createDynamoDbService({
    dynamoDbLocalEndpoint: options.dynamoDbLocalEndpoint,
    regions,
    replicationLagMs: options.replicationLagMs,
    replicationPollIntervalMs: options.replicationPollIntervalMs,
    faults,
    onConsumedCapacity: (sample) => capacityListener?.(sample),
    log,
  });
  await dynamodb.start();
  const { replicator, globalTables } = dynamodb;
  const registry = new ServiceRegistry();
  registry.registerService('dynamodb', dynamodb.handler);

  const health = async (): Promise<Record<string, ComponentHealth>> => {
    const components: Record<string, ComponentHealth> = {};
    for (const [, handler] of registry.entries())
      Object.assign(components, await handler.health?.());
    const storage = components['dynamodb-local'];
    for (const region of regions) {
      components[`region:${region}`] = {
        healthy: storage?.healthy ?? true,
        detail: storage?.healthy === false ? 'DynamoDB Local is not answering' : 'serving',
      };
    }
    Object.assign(components, replicator.health());
    try {
      for (const [name, extra] of Object.entries(options.components?.() ?? {})) {
        const mine = components[name];
        components[name] = mine
          ? {
              healthy: mine.healthy && extra.healthy,
              detail: [extra.detail, mine.detail].filter(Boolean).join('; ') || undefined,
              url: extra.url ?? mine.url,
            }
          : extra;
      }
    } catch (error) {
      components.supervisor = { healthy: false, detail: (error as Error).message };
    }
    return components;
  };

  const server = http.createServer((incoming, outgoing) => {
    void (async () => {
      const request: LabRequest = {
        method: incoming.method ?? 'GET',
        url: new URL(incoming.url ?? '/', 'http://127.0.0.1'),
        headers: incoming.headers,
        body: await readBody(incoming),
        requestId: randomUUID(),
      };
      const answer = request.url.pathname.startsWith('/_lab/')
        ? await routeLabRequest(request, {
            faults,
            replicator,
            globalTables: () => globalTables.list(),
            health,
          })
        : await routeAwsRequest(request, {
            registry,
            regions,
            faults,
            onInternalError: (error) => log(`lab: ${String((error as Error).stack ?? error)}`),
          });
      if (isDynamoDbWrite(request.headers)) replicator.wake();
      sendLabResponse(outgoing, answer);
    })().catch((error: Error) => {
      log(`lab: ${error.stack ?? error.message}`);
      if (!outgoing.headersSent) {
        sendLabResponse(
          outgoing,
          jsonResponse(500, { error: { code: 'LAB_INTERNAL', message: error.message } }),
        );
      } else outgoing.destroy();
    });
  });
  // Idle keep-alive connections stay open for a minute, as AWS endpoints keep them, so a
  // client that pauses a few seconds between calls does not race the server closing its
  // socket (Node's default of 5 s made such a call fail with "socket hang up").
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    replicator,
    dynamodb,
    faults,
    registerService: (signingName, handler) => registry.registerService(signingName, handler),
    onConsumedCapacity: (listener) => void (capacityListener = listener),
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await dynamodb.stop();
        for (const [, handler] of registry.entries()) await handler.close?.();
        dynamodb.release();
      })();
      return closing;
    },
  };
}
