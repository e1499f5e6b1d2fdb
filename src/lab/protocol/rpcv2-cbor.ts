/**
 * The Smithy RPC v2 CBOR protocol (smithy.protocols#rpcv2Cbor), as botocore ≥ 1.40 speaks
 * it for CloudWatch: `POST /service/<ServiceName>/operation/<Operation>` with
 * `smithy-protocol: rpc-v2-cbor`, a CBOR map in (an empty body means no members) and out,
 * timestamps as CBOR tag 1 (epoch seconds). Errors are CBOR maps `{__type, message, …}`
 * with the error's HTTP status; services that were Query services add AWS's
 * `x-amzn-query-error: <Code>;<Sender|Receiver>` header (awsQueryCompatible), which clients
 * prefer as the error code. CBOR itself is the SDK's own codec (@smithy/core/cbor).
 */
import { cbor, dateToTag, tagSymbol } from '@smithy/core/cbor';
import { type AwsError, serializationError } from './aws-error.js';
import { headerValue, type LabRequest, type LabResponse } from './lab-request.js';

/** The operation an RPC v2 request names. */
export interface RpcV2Target {
  service: string;
  operation: string;
}

const PATH = /^\/service\/([^/]+)\/operation\/([^/]+)$/;

/** The service and operation of an RPC v2 CBOR request, or undefined if it is not one. */
export function readRpcV2Target(request: LabRequest): RpcV2Target | undefined {
  if (headerValue(request.headers, 'smithy-protocol') !== 'rpc-v2-cbor') return undefined;
  const match = PATH.exec(request.url.pathname);
  if (!match) return undefined;
  return {
    service: decodeURIComponent(match[1]!),
    operation: decodeURIComponent(match[2]!),
  };
}

/** Decodes a request body: a CBOR map (tags kept as {tag, value}); throws SerializationException. */
export function parseCborBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = cbor.deserialize(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  } catch (error) {
    throw serializationError(`Request body is not valid CBOR: ${(error as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw serializationError('Request body must be a CBOR map.');
  }
  return value as Record<string, unknown>;
}

/** A decoded CBOR tag (what the codec returns for tagged items). */
export interface CborTag {
  tag: number | bigint;
  value: unknown;
}

/** True for a decoded CBOR tag. */
export function isCborTag(value: unknown): value is CborTag {
  return typeof value === 'object' && value !== null && tagSymbol in value;
}

/** Milliseconds of a timestamp sent as tag 1 (or, leniently, a bare number of seconds). */
export function cborTimestampMs(value: unknown): number | undefined {
  const seconds = isCborTag(value) && Number(value.tag) === 1 ? value.value : value;
  if (typeof seconds === 'number') return seconds * 1000;
  if (typeof seconds === 'bigint') return Number(seconds) * 1000;
  return undefined;
}

function toCbor(value: unknown): unknown {
  if (value instanceof Date) return dateToTag(value);
  if (Array.isArray(value)) return value.map(toCbor);
  if (value !== null && typeof value === 'object' && !isCborTag(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined && member !== null) out[key] = toCbor(member);
    }
    return out;
  }
  return value;
}

function cborResponse(status: number, value: unknown, requestId: string): LabResponse {
  const body = Buffer.from(cbor.serialize(toCbor(value)));
  return {
    status,
    headers: {
      'content-type': 'application/cbor',
      'content-length': String(body.length),
      'smithy-protocol': 'rpc-v2-cbor',
      'x-amzn-requestid': requestId,
    },
    body,
  };
}

/** A successful answer: the output structure as a CBOR map (Dates become tag 1). */
export function cborResult(output: Record<string, unknown>, requestId: string): LabResponse {
  return cborResponse(200, output, requestId);
}

/** How to shape an error: its `__type` and, for query-compatible services, the Query code. */
export interface CborErrorOptions {
  /** `__type`, e.g. `com.amazonaws.cloudwatch#InvalidParameterValueException`. */
  type: string;
  /** Extra members of the error structure. */
  members?: Record<string, unknown>;
  /** Send `x-amzn-query-error: <error.code>;<Sender|Receiver>`. */
  queryCompatible: boolean;
}

/** An error answer in RPC v2 CBOR. */
export function cborError(
  error: AwsError,
  requestId: string,
  options: CborErrorOptions,
): LabResponse {
  const response = cborResponse(
    error.status,
    { __type: options.type, message: error.message, ...options.members },
    requestId,
  );
  if (options.queryCompatible) {
    response.headers['x-amzn-query-error'] =
      `${error.code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
  }
  return response;
}
