/**
 * The lab's routing gates (services/gate): one per region, the gate's own handler code run
 * in-process as the region's Lambda function `mysfits-routing-gate`, reading the region's
 * switch item from the lab's control table (MysfitsDrControl) over HTTP with the real SDK (its own region, one
 * attempt, a strongly consistent GetItem), exactly as the deployed function reads its
 * region's replica. ELB invokes it for the `mysfits-gate` target group's health checks
 * (src/lab/dataplane/alb-lambda.ts); like a warm Lambda container it keeps its last state.
 * Its read timeout is on the lab's clock (AWS: 1 s inside a 5 s health-check timeout), at
 * least 100 ms, so that it stays inside the scaled health-check timeout as on AWS.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRoutingGate, GATE_READ_TIMEOUT_MS } from '../../services/gate/gate.js';
import { dynamoDbRoutingReader } from '../../services/shared/routing-switch.js';
import type { LambdaInvoker } from './dataplane/alb-lambda.js';
import type { LabClock, LabLog } from './dataplane/contracts.js';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from './env.js';
import { labGateFunctionArn, type LabRegion, LAB_CONTROL_TABLE_NAME } from './topology.js';

/** A region's gate function, ready to register as a Lambda target. */
export interface LabRoutingGate {
  functionArn: string;
  invoke: LambdaInvoker;
  close(): void;
}

/** The gate's read timeout on the lab's clock. */
export function labGateReadTimeoutMs(clock: LabClock): number {
  return Math.min(GATE_READ_TIMEOUT_MS, Math.max(100, clock.scaled(GATE_READ_TIMEOUT_MS)));
}

/** Creates the gate of `region`, reading the lab endpoint at `endpoint`. */
export function createLabRoutingGate(
  region: LabRegion,
  endpoint: string,
  options: { clock: LabClock; log: LabLog },
): LabRoutingGate {
  const { clock, log } = options;
  const client = new DynamoDBClient({
    region,
    endpoint,
    credentials: { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY },
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: GATE_READ_TIMEOUT_MS,
      requestTimeout: GATE_READ_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
  const gate = createRoutingGate({
    region,
    read: dynamoDbRoutingReader(client, LAB_CONTROL_TABLE_NAME, region),
    timeoutMs: labGateReadTimeoutMs(clock),
    log: (level, msg, fields) => log(`gate ${region}: ${level} ${msg} ${JSON.stringify(fields)}`),
  });
  return {
    functionArn: labGateFunctionArn(region),
    invoke: (event) => gate.handle(event),
    close: () => client.destroy(),
  };
}
