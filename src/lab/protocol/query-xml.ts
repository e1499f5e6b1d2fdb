/**
 * The AWS Query protocol, as ELBv2 and CloudWatch (for some clients) speak it: parameters
 * form-encoded in a POST body (or, less often, in a GET query string) with `Action` and
 * `Version`; lists as `Name.member.N`, structures as `Name.Field`, maps as
 * `Name.entry.N.key/value`. Answers are XML: `<ActionResponse xmlns="…"><ActionResult>…
 * </ActionResult><ResponseMetadata><RequestId/></ResponseMetadata></ActionResponse>`, errors
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>` with the
 * error's HTTP status. Service-independent: each service names its namespace.
 */
import { AwsError } from './aws-error.js';
import { headerValue, type LabRequest, type LabResponse } from './lab-request.js';

/** A decoded parameter tree: leaves are strings, `member`/`entry` lists are kept as objects. */
export type QueryNode = string | { [key: string]: QueryNode };

/** A parsed Query request. */
export interface QueryRequest {
  action: string;
  version: string | undefined;
  /** Every parameter but Action and Version, as a tree (`A.member.1.B=x` → `{A: {member: {1: {B: 'x'}}}}`). */
  params: { [key: string]: QueryNode };
}

/** Reads the Action, Version and parameters of a Query request (form body, or query string). */
export function parseQueryRequest(request: LabRequest): QueryRequest {
  const contentType = headerValue(request.headers, 'content-type') ?? '';
  const form =
    request.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(request.body.toString('utf8'))
      : request.url.searchParams;
  const params: { [key: string]: QueryNode } = {};
  let action = '';
  let version: string | undefined;
  for (const [key, value] of form) {
    if (key === 'Action') action = value;
    else if (key === 'Version') version = value;
    else if (!key.startsWith('X-Amz-')) insert(params, key.split('.'), value);
  }
  return { action, version, params };
}

function insert(tree: { [key: string]: QueryNode }, path: string[], value: string): void {
  let node = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    if (next === undefined || typeof next === 'string') node[key] = {};
    node = node[key] as { [key: string]: QueryNode };
  }
  node[path[path.length - 1]!] = value;
}

/** A scalar parameter (`Name=value`), or undefined. */
export function queryString(node: QueryNode | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const value = node[name];
  return typeof value === 'string' ? value : undefined;
}

/** A nested structure parameter (`Name.Field=…`), or undefined. */
export function queryStruct(
  node: QueryNode | undefined,
  name: string,
): { [key: string]: QueryNode } | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const value = node[name];
  return value !== undefined && typeof value !== 'string' ? value : undefined;
}

/**
 * The members of a list parameter (`Name.member.N`), in index order; undefined when the list
 * was not sent. An empty list is sent as `Name=` and reads as [].
 */
export function queryList(node: QueryNode | undefined, name: string): QueryNode[] | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const value = node[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [];
  const members = value.member;
  if (members === undefined || typeof members === 'string') return [];
  return Object.keys(members)
    .filter((index) => /^\d+$/.test(index))
    .sort((a, b) => Number(a) - Number(b))
    .map((index) => members[index]!);
}

/** A list of strings (`Name.member.N=value`). */
export function queryStringList(node: QueryNode | undefined, name: string): string[] | undefined {
  return queryList(node, name)?.map((member) => (typeof member === 'string' ? member : ''));
}

/** A map parameter (`Name.entry.N.key=k&Name.entry.N.value=v`); undefined when not sent. */
export function queryMap(
  node: QueryNode | undefined,
  name: string,
): Record<string, string> | undefined {
  const entries = queryStruct(node, name)?.entry;
  if (entries === undefined) return queryStruct(node, name) ? {} : undefined;
  const map: Record<string, string> = {};
  if (typeof entries === 'string') return map;
  for (const entry of Object.values(entries)) {
    const key = queryString(entry, 'key');
    if (key !== undefined) map[key] = queryString(entry, 'value') ?? '';
  }
  return map;
}

/** A validation failure in AWS's wording ("1 validation error detected: …"). */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

/** The message AWS gives for a value outside a member's constraint. */
export function constraintMessage(value: string, member: string, constraint: string): string {
  return `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must ${constraint}`;
}

function queryScalar<T>(
  node: QueryNode | undefined,
  name: string,
  member: string,
  read: (text: string) => T | undefined,
  constraint: string,
): T | undefined {
  const text = queryString(node, name);
  if (text === undefined) return undefined;
  const value = read(text);
  if (value === undefined) throw validationError(constraintMessage(text, member, constraint));
  return value;
}

/** Reads an integer parameter; ValidationError when it is not one. */
export function queryInteger(
  node: QueryNode | undefined,
  name: string,
  member: string,
): number | undefined {
  const read = (text: string) => (/^-?\d+$/.test(text.trim()) ? Number(text) : undefined);
  return queryScalar(node, name, member, read, 'be an integer');
}

/** Reads a boolean parameter (`true`/`false`); ValidationError otherwise. */
export function queryBoolean(
  node: QueryNode | undefined,
  name: string,
  member: string,
): boolean | undefined {
  const read = (text: string) =>
    text === 'true' || text === 'false' ? text === 'true' : undefined;
  return queryScalar(node, name, member, read, 'be a boolean (true or false)');
}

/** A required parameter was not sent: AWS's "must not be null" message. */
export function missingParameter(member: string): AwsError {
  return validationError(
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

/**
 * A map member of an output (CloudWatch's Datapoint.ExtendedStatistics): written as
 * `<entry><key/><value/></entry>` pairs in XML, and as a plain object in JSON and CBOR.
 */
export class XmlMap {
  readonly entries: Record<string, unknown>;
  constructor(entries: Record<string, unknown>) {
    this.entries = entries;
  }
}

/** A value for the XML writer: objects become elements, arrays `<member>` lists. */
export type XmlValue =
  | XmlMap
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | XmlValue[]
  | { [key: string]: XmlValue };

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Serialises a value as the children of an element (undefined and null members are left out). */
export function xmlContent(value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof XmlMap) {
    return Object.entries(value.entries)
      .map(
        ([k, v]) =>
          `<entry><key>${escapeXml(k)}</key><value>${xmlContent(v as XmlValue)}</value></entry>`,
      )
      .join('');
  }
  if (Array.isArray(value))
    return value.map((member) => `<member>${xmlContent(member)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, child]) => child !== undefined && child !== null)
      .map(([name, child]) => `<${name}>${xmlContent(child)}</${name}>`)
      .join('');
  }
  return escapeXml(String(value));
}

function xmlResponse(status: number, xml: string, requestId: string): LabResponse {
  const body = Buffer.from(xml, 'utf8');
  return {
    status,
    headers: {
      'content-type': 'text/xml',
      'content-length': String(body.length),
      'x-amzn-requestid': requestId,
    },
    body,
  };
}

/**
 * A successful Query answer: `<{Action}Response xmlns><{Action}Result>…` plus the request id
 * (no Result element for an operation without output: `result` undefined).
 */
export function queryXmlResult(
  action: string,
  result: { [key: string]: XmlValue } | undefined,
  requestId: string,
  namespace: string,
): LabResponse {
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${escapeXml(namespace)}">` +
    (result === undefined ? '' : `<${action}Result>${xmlContent(result)}</${action}Result>`) +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>` +
    `</${action}Response>`;
  return xmlResponse(200, xml, requestId);
}

/** A Query error: `Type` is Sender for the client's faults (4xx), Receiver for the service's. */
export function queryXmlError(error: AwsError, requestId: string, namespace?: string): LabResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const xmlns = namespace ? ` xmlns="${escapeXml(namespace)}"` : '';
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse${xmlns}><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  const response = xmlResponse(error.status, xml, requestId);
  response.headers['x-amzn-errortype'] = error.code;
  return response;
}

/** An Action the service does not know: AWS Query services answer `InvalidAction` (400). */
export function invalidAction(action: string, service: string): AwsError {
  return action
    ? new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`)
    : new AwsError(
        'MissingAction',
        `The request must contain the parameter Action (${service} speaks the AWS Query protocol).`,
      );
}
