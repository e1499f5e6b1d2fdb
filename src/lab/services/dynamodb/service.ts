/**
 * The lab's DynamoDB, built like the other services (see ../cloudwatch/service.ts): the
 * handler that forwards to Amazon DynamoDB Local (one storage engine, tables per region by
 * credential), global tables and their records, and the replicator that carries writes
 * between a table's replicas. `start` resumes the global tables kept in DynamoDB Local and
 * fails with a sentence naming the endpoint when DynamoDB Local cannot be reached.
 */
import { LAB_INTERNAL_ACCESS_KEY_ID } from '../../credentials.js';
import type { LabLog } from '../../dataplane/contracts.js';
import { Replicator } from '../../dataplane/replicator.js';
import type { FaultStore } from '../../faults/store.js';
import type { ServiceHandler } from '../../protocol/registry.js';
import { createDynamoDbBackend } from './backend.js';
import type { ConsumedCapacitySample } from './consumed-capacity.js';
import { GlobalTableStore } from './global-table-store.js';
import { GlobalTables } from './global-tables.js';
import { createDynamoDbHandler } from './handler.js';

/** How to build the lab's DynamoDB. */
export interface DynamoDbServiceOptions {
  /** Where DynamoDB Local listens, e.g. `http://127.0.0.1:8000`. */
  dynamoDbLocalEndpoint: string;
  /** The regions the lab serves, primary first. */
  regions: readonly string[];
  /** Global-table replication lag, ms. */
  replicationLagMs: number;
  /** How often the replicator reads the streams, ms (default 50). */
  replicationPollIntervalMs?: number | undefined;
  /** The faults (replication pauses; region and witness outages for MRSC quorums). */
  faults: FaultStore;
  /** Receives the capacity each item call consumes (for CloudWatch). */
  onConsumedCapacity: (sample: ConsumedCapacitySample) => void;
  log: LabLog;
}

/** The lab's DynamoDB. */
export interface DynamoDbService {
  /** Answers DynamoDB and DynamoDB Streams calls (signing name `dynamodb`). */
  handler: ServiceHandler;
  /** The global-tables replicator (statistics, lag, pauses). */
  replicator: Replicator;
  /** The global tables and their replicas. */
  globalTables: GlobalTables;
  /** Resumes the global tables kept in DynamoDB Local and starts replicating. */
  start(): Promise<void>;
  /** Waits for replica work to end and stops the replicator. */
  stop(): Promise<void>;
  /** Closes the clients of DynamoDB Local (after every other service has stopped). */
  release(): void;
}

/** Builds the lab's DynamoDB (call `start` before serving). */
export function createDynamoDbService(options: DynamoDbServiceOptions): DynamoDbService {
  const { regions, dynamoDbLocalEndpoint, faults, log } = options;
  const backend = createDynamoDbBackend(dynamoDbLocalEndpoint);
  const internal = createDynamoDbBackend(dynamoDbLocalEndpoint, LAB_INTERNAL_ACCESS_KEY_ID);
  const replicator = new Replicator({
    backend,
    regions,
    lagMs: options.replicationLagMs,
    pollIntervalMs: options.replicationPollIntervalMs,
    pausedBy: (from, to) => faults.replicationPause(from, to)?.id,
    log,
  });
  const store = new GlobalTableStore(internal.dynamodb(regions[0]!));
  const globalTables = new GlobalTables({ backend, store, replicator, regions, log });
  const handler = createDynamoDbHandler({
    dynamoDbLocalEndpoint,
    globalTables,
    regions,
    onConsumedCapacity: options.onConsumedCapacity,
    memberDown: (region) =>
      faults.regionOutage(region)
        ? 'region-outage'
        : faults.witnessOutage(region)
          ? 'witness-outage'
          : undefined,
  });
  const closeClients = () => {
    backend.close();
    internal.close();
  };
  return {
    handler,
    replicator,
    globalTables,
    async start() {
      try {
        await globalTables.start();
      } catch (error) {
        closeClients();
        throw new Error(
          `The lab could not reach DynamoDB Local at ${dynamoDbLocalEndpoint}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      replicator.start();
    },
    async stop() {
      await globalTables.idle();
      await replicator.stop();
    },
    release: closeClients,
  };
}
