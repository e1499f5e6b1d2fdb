/**
 * Small helpers for the lab's own JSON endpoints (`/_lab/*`): reading bodies and writing
 * JSON answers and errors that name the field, the value and the fix.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LabResponse } from './protocol/lab-request.js';

/** Reads a request body in full. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A JSON answer. */
export function jsonResponse(status: number, document: unknown): LabResponse {
  const body = Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
  return {
    status,
    headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    body,
  };
}

/** One problem with a request to a `/_lab/` endpoint. */
export interface LabIssue {
  path: string;
  value?: unknown;
  message: string;
}

/** A JSON error document: `{error: {code, message, issues?}}`. */
export function labError(
  status: number,
  code: string,
  message: string,
  issues?: LabIssue[],
): LabResponse {
  return jsonResponse(status, { error: { code, message, ...(issues ? { issues } : {}) } });
}

/** Parses a JSON body, or returns the 400 answer to send. */
export function parseLabJson(
  body: Buffer,
): { ok: true; value: unknown } | { ok: false; response: LabResponse } {
  try {
    return {
      ok: true,
      value: body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown),
    };
  } catch (error) {
    return {
      ok: false,
      response: labError(
        400,
        'INVALID_JSON',
        `The request body is not valid JSON: ${(error as Error).message}`,
        [{ path: '(body)', message: 'expected a JSON object' }],
      ),
    };
  }
}

/** Longest a `hang` answer keeps a connection open when the client never gives up. */
const HANG_LIMIT_MS = 300_000;

/** Writes a LabResponse to a Node response, piping stream bodies; honours `abort`. */
export function sendLabResponse(response: ServerResponse, answer: LabResponse): void {
  if (answer.abort === 'reset') {
    response.socket?.resetAndDestroy();
    return;
  }
  if (answer.abort === 'hang') {
    const timer = setTimeout(() => response.socket?.destroy(), HANG_LIMIT_MS);
    response.socket?.once('close', () => clearTimeout(timer));
    return;
  }
  response.writeHead(answer.status, answer.headers);
  if (Buffer.isBuffer(answer.body)) {
    response.end(answer.body);
    return;
  }
  const stream = answer.body;
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
