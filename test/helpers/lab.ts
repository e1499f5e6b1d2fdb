/**
 * A lab for one test file: DynamoDB Local plus the lab endpoint on free ports, SDK
 * clients pointed at it, and small helpers for the `/_lab/*` endpoints and for waiting.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../src/lab/credentials.js';
import { type LabServer, startLabServer } from '../../src/lab/server.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';

/** The lab's regions in tests, primary first. */
export const REGIONS = ['us-west-2', 'us-east-1'] as const;

/** A running test lab. */
export interface TestLab {
  ddb: DynamoDbLocal;
  server: LabServer;
  url: string;
  /** A DynamoDB client for a region (lab credentials unless others are given). */
  client(region: string, accessKeyId?: string): DynamoDBClient;
  /** Calls a `/_lab/` endpoint; returns status and parsed JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON, asserted field by field
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/**
 * An environment for AWS command-line clients (AWS CLI, boto3) that can only reach the lab:
 * its dummy keys, no profile or config files, no pager, no instance metadata.
 */
export function labEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: LAB_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: LAB_SECRET_ACCESS_KEY,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

/** SDK client settings for a lab at `url`: the lab's dummy credentials and one attempt. */
export function labClientConfig(region: string, url: string) {
  return {
    region,
    endpoint: url,
    credentials: { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
}

/** Starts DynamoDB Local and a lab endpoint with the given replication lag. */
export async function startTestLab(options: { lagMs?: number } = {}): Promise<TestLab> {
  const ddb = await startDynamoDbLocal();
  let server: LabServer;
  try {
    server = await startLabServer({
      port: 0,
      dynamoDbLocalEndpoint: ddb.endpoint,
      regions: REGIONS,
      replicationLagMs: options.lagMs ?? 200,
      replicationPollIntervalMs: 25,
    });
  } catch (error) {
    await ddb.stop();
    throw error;
  }
  const clients: DynamoDBClient[] = [];
  return {
    ddb,
    server,
    url: server.url,
    client(region, accessKeyId = LAB_ACCESS_KEY_ID) {
      const client = new DynamoDBClient({
        region,
        endpoint: server.url,
        credentials: { accessKeyId, secretAccessKey: LAB_SECRET_ACCESS_KEY },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async api(method, path, body) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      for (const client of clients) client.destroy();
      await server.close();
      await ddb.stop();
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A key no other test uses. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** Sleeps. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The accelerator's address of the lab at `endpoint`, as its health endpoint reports it. */
export async function labAcceleratorUrl(endpoint: string): Promise<string> {
  const health = (await (await fetch(`${endpoint}/_lab/health`)).json()) as {
    components: Record<string, { url?: string }>;
  };
  const url = health.components.accelerator?.url;
  if (!url) throw new Error('the lab reports no accelerator address');
  return url;
}
