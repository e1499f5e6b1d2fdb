/**
 * How the lab's faults reach its AWS APIs: a region outage makes every API of the region
 * fail (reset or hang), a control-plane outage every API but DynamoDB's item calls (the data
 * plane), latency delays the answer, throttling answers a share of calls with
 * ThrottlingException. Applied by the router before a call reaches its service.
 */
import type { FaultView } from '../dataplane/contracts.js';
import { throttled, type AwsError } from './aws-error.js';
import { readJsonTarget } from './aws-json.js';
import type { LabRequest } from './lab-request.js';

/** DynamoDB operations that are data plane: they keep working in a control-plane outage. */
const DYNAMODB_DATA_PLANE = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);

/** True for calls a control-plane outage leaves working. */
export function isDataPlaneCall(service: string, request: LabRequest): boolean {
  const operation = readJsonTarget(request.headers)?.operation;
  return (
    (service === 'dynamodb' || service === 'dynamodb-streams') &&
    DYNAMODB_DATA_PLANE.has(operation ?? '')
  );
}

/** The faults the router consults; FaultStore implements it. */
export interface ApiFaults extends FaultView {
  /** True when this call falls in the throttled share. */
  throttleNow(region: string): boolean;
}

/** What a fault does to one call: nothing, an abort, an error, and/or a delay first. */
export interface ApiFaultEffect {
  delayMs: number;
  abort?: 'reset' | 'hang';
  error?: AwsError;
}

/** Decides what the active faults do to a call for `service` in `region`. */
export function apiFaultEffect(
  faults: ApiFaults,
  region: string,
  service: string,
  request: LabRequest,
): ApiFaultEffect {
  const delayMs = faults.latencyMs(region, 'api');
  const outage =
    faults.regionOutage(region) ??
    (isDataPlaneCall(service, request) ? undefined : faults.controlPlaneOutage(region));
  if (outage) return { delayMs, abort: outage === 'refuse' ? 'reset' : 'hang' };
  if (faults.throttleNow(region)) return { delayMs, error: throttled() };
  return { delayMs };
}
