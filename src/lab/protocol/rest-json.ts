/**
 * The restJson1 protocol, as X-Ray (and API Gateway, Lambda…) speak it: the operation is
 * chosen by HTTP method and path (`POST /TraceSummaries`), the input is a JSON body (plus
 * URI and header bindings this lab does not need), the output a JSON body with
 * `content-type: application/json`. Timestamps travel as epoch seconds (numbers with
 * fractions). Errors carry the error's HTTP status, `x-amzn-ErrorType: <Code>` (which the
 * SDKs, botocore and the AWS CLI read first) and a body `{"Message": "..."}`.
 */
import { AwsError, serializationError, unknownOperation } from './aws-error.js';
import type { LabRequest, LabResponse } from './lab-request.js';

/** One operation of a REST-JSON service: its HTTP binding. */
export interface RestJsonRoute {
  operation: string;
  method: string;
  /** Exact path (the lab needs no path labels yet). */
  path: string;
}

/** Finds the operation a request is for; UnknownOperationException (404) when none. */
export function matchRestJsonRoute(request: LabRequest, routes: readonly RestJsonRoute[]): string {
  const path = request.url.pathname.replace(/\/+$/, '') || '/';
  const route = routes.find((r) => r.path === path && r.method === request.method);
  if (route) return route.operation;
  const onPath = routes.some((r) => r.path === path);
  throw new AwsError(
    'UnknownOperationException',
    onPath
      ? `${request.method} is not supported on ${path}.`
      : `No operation is bound to ${request.method} ${path}.`,
    { status: onPath ? 405 : 404, namespace: unknownOperation().namespace },
  );
}

/** Parses a JSON request body (empty means `{}`); throws SerializationException. */
export function parseRestJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw serializationError(`Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw serializationError('Request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function jsonBody(value: unknown, requestId: string, status: number): LabResponse {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'x-amzn-requestid': requestId,
    },
    body,
  };
}

/** A successful answer: the output structure as JSON (undefined members are left out). */
export function restJsonResult(output: unknown, requestId: string, status = 200): LabResponse {
  return jsonBody(output, requestId, status);
}

/** An error answer: status, `x-amzn-ErrorType` and `{"Message"}` (botocore and the SDKs read both spellings). */
export function restJsonError(error: AwsError, requestId: string): LabResponse {
  const response = jsonBody({ Message: error.message }, requestId, error.status);
  response.headers['x-amzn-errortype'] = error.code;
  return response;
}

/** A timestamp member as REST-JSON sends it: epoch seconds, with milliseconds. */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}
