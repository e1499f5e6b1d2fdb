/**
 * Test harness for the services: Amazon DynamoDB Local (in memory, free port), the
 * workshop table and seed items, and the built services run as real child processes.
 * Every process started here is tracked and killed by stopAll() (and on process exit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  type AttributeValue,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal as startLoopbackDynamoDbLocal } from '../helpers/dynamodb-local.js';

/** A DynamoDB item in wire format. */
export type Item = Record<string, AttributeValue>;

/** Region, dummy credentials (not AKIA…) the services and the test client share. */
export const AWS_ENV = {
  AWS_REGION: 'us-west-2',
  AWS_ACCESS_KEY_ID: 'mysfitslab',
  AWS_SECRET_ACCESS_KEY: 'mysfitslab',
};

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = new URL('../../src/lab/data/', import.meta.url);
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

export { freePort } from '../../src/lab/processes.js';

function track(child: ChildProcess): Promise<number | null> {
  children.add(child);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    });
  });
}

/** Starts DynamoDB Local in memory (the lab's loopback starter); tracked like every child here. */
export async function startDynamoDbLocal(): Promise<{ endpoint: string; client: DynamoDBClient }> {
  const ddb = await startLoopbackDynamoDbLocal();
  void track(ddb.child);
  const client = new DynamoDBClient({
    region: AWS_ENV.AWS_REGION,
    endpoint: ddb.endpoint,
    credentials: { accessKeyId: AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: 'mysfitslab' },
  });
  return { endpoint: ddb.endpoint, client };
}

/** The 12 workshop seed items (the file the lab seeds from). */
export function seedItems(): Item[] {
  return JSON.parse(readFileSync(new URL('mysfits-items.json', DATA), 'utf8')) as Item[];
}

/** Creates the workshop table (both GSIs) as `tableName`, PAY_PER_REQUEST, and writes `items`. */
export async function createTable(client: DynamoDBClient, tableName: string, items: Item[]) {
  const schema = JSON.parse(
    readFileSync(new URL('mysfits-table.json', DATA), 'utf8'),
  ) as CreateTableCommandInput;
  const indexes = (schema.GlobalSecondaryIndexes ?? []).map(
    ({ ProvisionedThroughput: _, ...gsi }) => gsi,
  );
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: schema.AttributeDefinitions,
      KeySchema: schema.KeySchema,
      GlobalSecondaryIndexes: indexes,
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await putItems(client, tableName, items);
}

/** Creates the likes table (data/likes-table.json) as `tableName`, PAY_PER_REQUEST. */
export async function createLikesTable(client: DynamoDBClient, tableName = LIKES_TABLE) {
  const schema = JSON.parse(
    readFileSync(new URL('likes-table.json', DATA), 'utf8'),
  ) as CreateTableCommandInput;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: schema.AttributeDefinitions,
      KeySchema: schema.KeySchema,
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

/** Writes items in batches of 25, retrying unprocessed ones. */
export async function putItems(client: DynamoDBClient, tableName: string, items: Item[]) {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}

/** The workshop table's name, as the services are told it. */
export const TABLE = 'MysfitsTable';
/** The likes table's name, as the services are told it. */
export const LIKES_TABLE = 'MysfitsLikesTable';
/** Gretta, a seeded mysfit. */
export const GRETTA = 'da5303ae-5aba-495c-b5d6-eb5c4a66b941';

/** A fresh DynamoDB Local holding the workshop table with `items` (the 12 seeds by default). */
export async function startWorkshopTable(items: Item[] = seedItems()) {
  const db = await startDynamoDbLocal();
  await Promise.all([createTable(db.client, TABLE, items), createLikesTable(db.client)]);
  return db;
}

/** The services' environment for the workshop and likes tables at `endpoint`, plus `extra`. */
export function serviceEnv(
  endpoint: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...AWS_ENV,
    AWS_ENDPOINT_URL: endpoint,
    DDB_TABLE_NAME: TABLE,
    LIKES_TABLE_NAME: LIKES_TABLE,
    ...extra,
  };
}

/** A service child process. */
export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves with the first log line matching `predicate`. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>>;
}

/** Runs `node dist/services/<name>/main.js` with `env` (plus PATH) and no waiting. */
export function spawnService(name: 'mysfits' | 'like', env: Record<string, string>) {
  const main = `${REPO_ROOT}dist/services/${name}/main.js`;
  if (!existsSync(main)) throw new Error(`${main} is missing: run npx tsc -p tsconfig.json first`);
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, exited: track(child) };
}

/** Starts a service on a free port (PORT=0, HOST=127.0.0.1) and waits until `GET /` answers. */
export async function startService(
  name: 'mysfits' | 'like',
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const { child, exited } = spawnService(name, { PORT: '0', HOST: '127.0.0.1', ...env });
  const logs: Record<string, unknown>[] = [];
  const waiters: {
    predicate: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const text of lines) {
      const line = JSON.parse(text) as Record<string, unknown>; // every stdout line must be JSON
      logs.push(line);
      for (const w of waiters.filter((w) => w.predicate(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const waitForLog = (predicate: (l: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const found = logs.find(predicate);
      if (found) resolve(found);
      else waiters.push({ predicate, resolve });
    });
  const listening = await Promise.race([
    waitForLog((l) => l.msg === 'listening'),
    exited.then((code) => {
      throw new Error(`${name} exited with ${code} before listening: ${stderr}`);
    }),
  ]);
  const url = `http://127.0.0.1:${String(listening.port)}`;
  const health = await fetch(`${url}/`);
  if (health.status !== 200) throw new Error(`${name} GET / answered ${health.status}`);
  return { url, child, logs, exited, waitForLog };
}

/** Kills every process this harness started and waits for them to exit. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
