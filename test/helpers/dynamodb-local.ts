/**
 * Amazon DynamoDB Local for one test file: the lab's own starter (in memory, loopback,
 * free port), killed when the test worker exits so no java process outlives the tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startDynamoDbLocal as startLabDynamoDbLocal } from '../../src/lab/dynamodb-local.js';
import { freePort, stopProcess } from '../../src/lab/processes.js';

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  child: ChildProcess;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for the exit. */
  stop(): Promise<void>;
}

/** Starts DynamoDB Local in memory and resolves once it answers ListTables. */
export async function startDynamoDbLocal(timeoutMs = 60_000): Promise<DynamoDbLocal> {
  const port = await freePort();
  const logFile = join(mkdtempSync(join(tmpdir(), 'mysfits-ddb-')), 'dynamodb-local.log');
  const ddb = await startLabDynamoDbLocal({ port, logFile, timeoutMs });
  const killOnExit = () => ddb.child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    endpoint: ddb.endpoint,
    port,
    child: ddb.child,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stopProcess(ddb, 5_000);
    },
  };
}
