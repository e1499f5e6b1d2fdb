/**
 * awsJson1_0 for services that were Query services (the `awsQueryCompatible` trait, as
 * CloudWatch and SQS carry it): requests and results as in aws-json.ts, timestamps as epoch
 * seconds, but errors also carry `x-amzn-query-error: <QueryCode>;<Sender|Receiver>` next
 * to `{"__type": "<ns>#<Shape>", "message": …}`. SDK v3 and botocore take the code from that
 * header, so code written against the Query API sees the same error codes. The client marks
 * such requests with `x-amzn-query-mode: true`.
 */
import type { AwsError } from './aws-error.js';
import { jsonHeaders, type JsonProtocol } from './aws-json.js';
import type { LabResponse } from './lab-request.js';

/** The `x-amzn-query-error` value of an error: `<Code>;Sender` (4xx) or `;Receiver` (5xx). */
export function queryErrorHeader(error: AwsError): string {
  return `${error.code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
}

/** Converts Dates to epoch seconds (JSON protocols' timestamp format) and drops nulls. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined && member !== null) out[key] = toJsonValue(member);
    }
    return out;
  }
  return value;
}

/** A successful JSON answer (Dates as epoch seconds). */
export function queryCompatJsonResult(
  output: Record<string, unknown>,
  requestId: string,
  protocol: JsonProtocol,
): LabResponse {
  const body = Buffer.from(JSON.stringify(toJsonValue(output)), 'utf8');
  return { status: 200, headers: jsonHeaders(body, requestId, protocol), body };
}

/** An error answer: `__type` is `<namespace>#<shape>`; the Query code goes in the header. */
export function queryCompatJsonError(
  error: AwsError,
  requestId: string,
  protocol: JsonProtocol,
  shape: string,
  members: Record<string, unknown> = {},
): LabResponse {
  const namespace = error.namespace ?? protocol.namespace;
  const body = Buffer.from(
    JSON.stringify(
      toJsonValue({ __type: `${namespace}#${shape}`, message: error.message, ...members }),
    ),
    'utf8',
  );
  return {
    status: error.status,
    headers: {
      ...jsonHeaders(body, requestId, protocol),
      'x-amzn-query-error': queryErrorHeader(error),
    },
    body,
  };
}
