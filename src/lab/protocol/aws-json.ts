/**
 * The awsJson1_0 / awsJson1_1 protocols: `X-Amz-Target: <Prefix>.<Operation>`, a JSON
 * body in, a JSON body out, errors as `{"__type": "<ns>#<Code>", "message": ...}` with
 * the error's HTTP status and `x-amzn-RequestId`. DynamoDB also sends `x-amz-crc32` (the
 * CRC32 of the body), which botocore verifies, so codecs can add it.
 */
import { crc32 } from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError, serializationError } from './aws-error.js';
import { headerValue, type LabResponse } from './lab-request.js';

/** How a service speaks JSON: protocol version, error namespace, checksum header. */
export interface JsonProtocol {
  version: '1.0' | '1.1';
  /** Default namespace of the service's own error shapes, e.g. `com.amazonaws.dynamodb.v20120810`. */
  namespace: string;
  /** Send `x-amz-crc32` with every response (DynamoDB does). */
  crc32: boolean;
}

/** The target of a JSON-protocol request: `Prefix.Operation`. */
export interface JsonTarget {
  prefix: string;
  operation: string;
}

/** Reads `X-Amz-Target`, or undefined when absent or not `Prefix.Operation`. */
export function readJsonTarget(headers: IncomingHttpHeaders): JsonTarget | undefined {
  const target = headerValue(headers, 'x-amz-target');
  if (!target) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot <= 0 || dot === target.length - 1) return undefined;
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

/** Parses a JSON request body (empty means `{}`); throws SerializationException. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw serializationError(`Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw serializationError('Request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Response headers for a JSON body, with the checksum when the protocol sends one. */
export function jsonHeaders(
  body: Buffer,
  requestId: string,
  protocol: JsonProtocol,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': `application/x-amz-json-${protocol.version}`,
    'content-length': String(body.length),
    'x-amzn-requestid': requestId,
  };
  if (protocol.crc32) headers['x-amz-crc32'] = String(crc32(body));
  return headers;
}

/** Serialises a successful result. */
export function jsonResult(
  result: unknown,
  requestId: string,
  protocol: JsonProtocol,
): LabResponse {
  const body = Buffer.from(JSON.stringify(result), 'utf8');
  return { status: 200, headers: jsonHeaders(body, requestId, protocol), body };
}

/** Serialises an error the way AWS JSON services do. */
export function jsonError(error: AwsError, requestId: string, protocol: JsonProtocol): LabResponse {
  const namespace = error.namespace ?? protocol.namespace;
  const body = Buffer.from(
    JSON.stringify({ __type: `${namespace}#${error.code}`, message: error.message }),
    'utf8',
  );
  return {
    status: error.status,
    headers: { ...jsonHeaders(body, requestId, protocol), 'x-amzn-errortype': error.code },
    body,
  };
}

/** Replaces a buffered JSON response body and recomputes its length and checksum. */
export function replaceJsonBody(
  response: LabResponse & { body: Buffer },
  body: Buffer,
): LabResponse & { body: Buffer } {
  const headers = { ...response.headers, 'content-length': String(body.length) };
  if ('x-amz-crc32' in headers) headers['x-amz-crc32'] = String(crc32(body));
  return { ...response, headers, body };
}
