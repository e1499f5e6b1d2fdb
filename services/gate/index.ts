/**
 * The gate's Lambda entry point (`index.handler`, Node.js runtime): reads the switch item of
 * its own region (`AWS_REGION`, set by Lambda) from the table named by `ROUTING_TABLE_NAME`,
 * through a DynamoDB client of its own region, one attempt per read. Created once per
 * container, so a warm container keeps its last known state (gate.ts).
 */
import { createDynamoDbClient } from '../shared/dynamodb-client.js';
import { dynamoDbRoutingReader } from '../shared/routing-switch.js';
import type { AlbLambdaEvent, AlbLambdaResult } from './alb-lambda.js';
import { createRoutingGate, GATE_READ_TIMEOUT_MS, type GateLog } from './gate.js';

const region = process.env.AWS_REGION ?? '';
const tableName = process.env.ROUTING_TABLE_NAME ?? '';

const log: GateLog = (level, msg, fields) =>
  process.stdout.write(JSON.stringify({ level, msg, region, ...fields }) + '\n');

const client = createDynamoDbClient(region, {
  maxAttempts: 1,
  connectionTimeoutMs: GATE_READ_TIMEOUT_MS,
  requestTimeoutMs: GATE_READ_TIMEOUT_MS,
});

const gate = createRoutingGate({
  region,
  // A missing table name is a deployment error: every read fails (and is logged), and the
  // gate answers as for any failed read rather than draining the region by itself.
  read: tableName
    ? dynamoDbRoutingReader(client, tableName, region)
    : () => Promise.reject(new Error('ROUTING_TABLE_NAME is not set')),
  timeoutMs: GATE_READ_TIMEOUT_MS,
  log,
});

/** The handler Lambda invokes for each ALB request or health check of the gate's group. */
export function handler(event: AlbLambdaEvent): Promise<AlbLambdaResult> {
  return gate.handle(event);
}
