/**
 * Forwards a DynamoDB (or DynamoDB Streams) request to DynamoDB Local as the caller's
 * region (or, for a multi-Region strongly consistent table, as the region whose database
 * holds its items). The Authorization header gets the normalised access key and that
 * region (DynamoDB Local does not verify signatures, so the rewritten header is accepted).
 * DynamoDB Local names its region `ddblocal` in ARNs and stream records; requests get
 * the caller's region mapped back to `ddblocal`, buffered responses get `ddblocal`
 * replaced by the caller's region, so clients only ever see real-looking ARNs.
 */
import http from 'node:http';
import { LAB_ACCESS_KEY_ID } from '../../credentials.js';
import { internalError } from '../../protocol/aws-error.js';
import { replaceJsonBody } from '../../protocol/aws-json.js';
import type { LabRequest, LabResponse } from '../../protocol/lab-request.js';

const LOCAL_REGION = 'ddblocal';
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A response whose body was read in full. */
export type BufferedResponse = LabResponse & { body: Buffer };

function replaceAll(body: Buffer, from: string, to: string): Buffer {
  if (body.indexOf(from) < 0) return body;
  return Buffer.from(body.toString('utf8').replaceAll(from, to), 'utf8');
}

function forwardHeaders(
  request: LabRequest,
  body: Buffer,
  target: URL,
  database: string,
): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'accept-encoding') continue;
    headers[name] = value;
  }
  headers.host = target.host;
  headers['content-length'] = String(body.length);
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    headers.authorization = authorization.replace(
      /Credential=[^/,\s]+\/([^/,\s]+)\/[^/,\s]+\//,
      `Credential=${LAB_ACCESS_KEY_ID}/$1/${database}/`,
    );
  }
  return headers;
}

/**
 * Sends the request to DynamoDB Local, to the database of `database` (the caller's region
 * unless given). With `buffer`, the body is read in full and its `ddblocal` ARNs rewritten
 * to `region`; otherwise DynamoDB Local's response is streamed back as is.
 */
export function forwardToDynamoDbLocal(
  endpoint: string,
  request: LabRequest,
  region: string,
  buffer: true,
  database?: string,
): Promise<BufferedResponse>;
export function forwardToDynamoDbLocal(
  endpoint: string,
  request: LabRequest,
  region: string,
  buffer: false,
  database?: string,
): Promise<LabResponse>;
export function forwardToDynamoDbLocal(
  endpoint: string,
  request: LabRequest,
  region: string,
  buffer: boolean,
  database: string = region,
): Promise<LabResponse> {
  const target = new URL(endpoint);
  const body = replaceAll(
    request.body,
    `arn:aws:dynamodb:${region}:`,
    `arn:aws:dynamodb:${LOCAL_REGION}:`,
  );
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: `${request.url.pathname}${request.url.search}`,
        headers: forwardHeaders(request, body, target, database),
      },
      (incoming) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (value === undefined || HOP_BY_HOP.has(name)) continue;
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        const status = incoming.statusCode ?? 502;
        if (!buffer) {
          resolve({ status, headers, body: incoming });
          return;
        }
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const raw: BufferedResponse = { status, headers, body: Buffer.concat(chunks) };
          let rewritten = replaceAll(
            raw.body,
            `arn:aws:dynamodb:${LOCAL_REGION}:`,
            `arn:aws:dynamodb:${region}:`,
          );
          rewritten = replaceAll(
            rewritten,
            `"awsRegion":"${LOCAL_REGION}"`,
            `"awsRegion":"${region}"`,
          );
          resolve(
            rewritten === raw.body ? raw : (replaceJsonBody(raw, rewritten) as BufferedResponse),
          );
        });
      },
    );
    outgoing.on('error', (error) =>
      reject(
        internalError(
          `The lab's storage engine (DynamoDB Local at ${endpoint}) did not answer: ${error.message}`,
        ),
      ),
    );
    outgoing.end(body);
  });
}
