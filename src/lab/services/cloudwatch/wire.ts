/**
 * CloudWatch's three wire protocols behind one operation implementation:
 * - awsJson1_0 (SDK v3): `X-Amz-Target: GraniteServiceVersion20100801.<Op>`, JSON in and
 *   out, query-compatible errors (json-query-compat.ts);
 * - Smithy RPC v2 CBOR (boto3 / botocore ≥ 1.40): `POST /service/GraniteServiceVersion20100801/
 *   operation/<Op>` with `smithy-protocol: rpc-v2-cbor` (rpcv2-cbor.ts);
 * - Query (AWS CLI v2.9): `Action=<Op>&Version=2010-08-01`, XML out (query-xml.ts), with maps
 *   written as `<entry><key/><value/></entry>` (XmlMap).
 * The protocol is read from the request, so errors go back in the protocol that was used.
 */
import { type AwsError, unknownOperation } from '../../protocol/aws-error.js';
import { parseJsonBody, readJsonTarget, type JsonProtocol } from '../../protocol/aws-json.js';
import { queryCompatJsonError, queryCompatJsonResult } from '../../protocol/json-query-compat.js';
import { headerValue, type LabRequest, type LabResponse } from '../../protocol/lab-request.js';
import {
  parseQueryRequest,
  queryXmlError,
  queryXmlResult,
  XmlMap,
  type XmlValue,
} from '../../protocol/query-xml.js';
import {
  cborError,
  cborResult,
  parseCborBody,
  readRpcV2Target,
} from '../../protocol/rpcv2-cbor.js';
import { CLOUDWATCH_NAMESPACE, CloudWatchError, errorShape } from './errors.js';
import type { WireFormat } from './shapes.js';

/** CloudWatch's JSON target prefix and RPC v2 service name. */
export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801';
/** CloudWatch's API version and XML namespace (Query protocol). */
export const CLOUDWATCH_API_VERSION = '2010-08-01';
export const CLOUDWATCH_XML_NAMESPACE = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

const JSON_PROTOCOL: JsonProtocol = {
  version: '1.0',
  namespace: CLOUDWATCH_NAMESPACE,
  crc32: false,
};

/** A map member of an output (Datapoint.ExtendedStatistics): plain object in JSON/CBOR, entries in XML. */
export { XmlMap as WireMap };

/** An operation call read off the wire. */
export interface WireCall {
  format: WireFormat;
  operation: string;
  /** Parsed body (JSON, CBOR) or Query parameter tree. */
  raw: unknown;
}

/** The protocol a request uses (for errors too). */
export function wireFormatOf(request: LabRequest): WireFormat {
  if (headerValue(request.headers, 'smithy-protocol') === 'rpc-v2-cbor') return 'cbor';
  if (readJsonTarget(request.headers)) return 'json';
  const type = headerValue(request.headers, 'content-type') ?? '';
  return type.startsWith('application/x-amz-json') ? 'json' : 'query';
}

/** Reads the operation and its raw input. */
export function readWireCall(request: LabRequest): WireCall {
  const format = wireFormatOf(request);
  if (format === 'cbor') {
    const target = readRpcV2Target(request);
    if (!target || target.service !== CLOUDWATCH_TARGET_PREFIX)
      throw unknownOperation(
        `Expected POST /service/${CLOUDWATCH_TARGET_PREFIX}/operation/<Operation>.`,
      );
    return { format, operation: target.operation, raw: parseCborBody(request.body) };
  }
  if (format === 'json') {
    const target = readJsonTarget(request.headers);
    if (!target || target.prefix !== CLOUDWATCH_TARGET_PREFIX) throw unknownOperation();
    return { format, operation: target.operation, raw: parseJsonBody(request.body) };
  }
  const { action, params } = parseQueryRequest(request);
  return { format, operation: action, raw: params };
}

function plain(value: unknown): unknown {
  if (value instanceof XmlMap) return plain(value.entries);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) out[key] = plain(member);
  return out;
}

/** Serialises an operation's output (undefined: an operation without output) in the call's protocol. */
export function encodeOutput(
  call: WireCall,
  output: Record<string, unknown> | undefined,
  requestId: string,
): LabResponse {
  if (call.format === 'query') {
    const result = output as { [key: string]: XmlValue } | undefined;
    return queryXmlResult(call.operation, result, requestId, CLOUDWATCH_XML_NAMESPACE);
  }
  const value = plain(output ?? {}) as Record<string, unknown>;
  return call.format === 'cbor'
    ? cborResult(value, requestId)
    : queryCompatJsonResult(value, requestId, JSON_PROTOCOL);
}

/** Serialises an error in the protocol of the request. */
export function encodeError(error: AwsError, request: LabRequest): LabResponse {
  const members = error instanceof CloudWatchError ? error.members : {};
  const format = wireFormatOf(request);
  if (format === 'query') return queryXmlError(error, request.requestId, CLOUDWATCH_XML_NAMESPACE);
  const shape = errorShape(error);
  if (format === 'json')
    return queryCompatJsonError(error, request.requestId, JSON_PROTOCOL, shape, members);
  const namespace = error.namespace ?? CLOUDWATCH_NAMESPACE;
  return cborError(error, request.requestId, {
    type: `${namespace}#${shape}`,
    members: plain(members) as Record<string, unknown>,
    queryCompatible: true,
  });
}
