/**
 * Requests to the application through the accelerator, as a client sees them: each on a
 * new TCP connection (`agent: false`, `connection: close`; the accelerator routes
 * connections, not requests) with one deadline for the whole exchange, reading which
 * region answered from the services' `X-Mysfits-Region` header and, for likes, the
 * sequence number the Like service returns (`regionLikes`).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The header the services answer with. */
export const REGION_HEADER = 'x-mysfits-region';

/** Most of an answer's body kept for parsing; the rest is read and dropped. */
const MAX_BODY_BYTES = 1 << 20;

/** One request: `path` is resolved against the application's base URL. */
export interface AppRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Deadline for the whole exchange (connect, send, answer), ms. */
  timeoutMs: number;
  /** Source address of the connection (a lab client origin); default: the system's choice. */
  localAddress?: string;
}

/** What one request found. */
export interface AppResponse {
  /** True for a 2xx answer read to its end. */
  ok: boolean;
  /** HTTP status; null when there was no answer (refused, reset, timed out). */
  status: number | null;
  /** The region that answered (`X-Mysfits-Region`); null when absent or no answer. */
  region: string | null;
  /** Request sent → answer read (or failure), ms. */
  latencyMs: number;
  /** The like answer's `mysfitId` (POST with a JSON answer only). */
  mysfitId?: string;
  /** The like answer's `regionLikes`: the like's sequence number within (mysfit, region). */
  regionLikes?: number;
  /** Why it failed, for people: the socket error, or `HTTP <status>` and the answer's message. */
  error?: string;
}

/** A raw exchange: status, region header, the body when asked for, elapsed ms, error. */
interface Exchange {
  status: number | null;
  region: string | null;
  body?: string;
  ms: number;
  error?: string;
}

/** Sends one request on a new connection; never rejects. Keeps the body of non-2xx answers too. */
function exchange(base: URL, request: AppRequest, keepBody: boolean): Promise<Exchange> {
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  const started = performance.now();
  return new Promise<Exchange>((resolve) => {
    let settled = false;
    const finish = (result: Omit<Exchange, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, ms: Math.round((performance.now() - started) * 10) / 10 });
    };
    const req = send(
      new URL(request.path, base),
      {
        method: request.method,
        agent: false,
        ...(request.localAddress ? { localAddress: request.localAddress } : {}),
        headers: {
          connection: 'close',
          ...(request.method === 'POST' ? { 'content-length': '0' } : {}),
        },
      },
      (res: IncomingMessage) => {
        const header = res.headers[REGION_HEADER];
        const region = typeof header === 'string' ? header : null;
        const status = res.statusCode ?? null;
        const keep = keepBody || status === null || status < 200 || status >= 300;
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (!keep || kept >= MAX_BODY_BYTES) return;
          chunks.push(chunk);
          kept += chunk.length;
        });
        res.on('end', () =>
          finish({
            status,
            region,
            ...(keep ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
          }),
        );
        res.on('error', (error) => finish({ status, region: null, error: error.message }));
        // Destroyed mid-answer without an 'error' (finish ignores this after 'end').
        res.on('close', () =>
          finish({ status, region: null, error: 'connection closed before the answer ended' }),
        );
      },
    );
    const deadline = setTimeout(
      () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)),
      request.timeoutMs,
    );
    req.on('error', (error) => finish({ status: null, region: null, error: error.message }));
    req.end();
  });
}

/** Parses a JSON body; undefined when it is not a JSON object. */
function jsonObject(body: string | undefined): Record<string, unknown> | undefined {
  if (!body) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends one request to the application at `url` on a new connection. Never rejects: a
 * failure is an answer with `ok: false` and `error`. The body is read only for likes
 * (`mysfitId`, `regionLikes` when the answer carries them) and for non-2xx answers
 * (their `message` goes into `error`).
 */
export async function sendAppRequest(url: string, request: AppRequest): Promise<AppResponse> {
  const base = new URL(url);
  const x = await exchange(base, request, request.method === 'POST');
  const ok = x.status !== null && x.status >= 200 && x.status < 300 && x.error === undefined;
  const response: AppResponse = { ok, status: x.status, region: x.region, latencyMs: x.ms };
  if (x.error !== undefined) return { ...response, error: x.error };
  const json = request.method === 'POST' || !ok ? jsonObject(x.body) : undefined;
  if (!ok) {
    const message = json?.message ?? json?.error;
    return {
      ...response,
      error: `HTTP ${x.status ?? '?'}${typeof message === 'string' ? `: ${message}` : ''}`,
    };
  }
  if (json && typeof json.mysfitId === 'string') response.mysfitId = json.mysfitId;
  if (json && typeof json.regionLikes === 'number' && Number.isFinite(json.regionLikes))
    response.regionLikes = json.regionLikes;
  return response;
}

/** The ids of `GET /mysfits` at `url` (a load's like targets); throws when it cannot list them. */
export async function listMysfitIds(url: string, timeoutMs: number): Promise<string[]> {
  const x = await exchange(new URL(url), { method: 'GET', path: '/mysfits', timeoutMs }, true);
  if (x.error !== undefined || x.status === null || x.status < 200 || x.status >= 300)
    throw new Error(`GET ${new URL('/mysfits', url).href}: ${x.error ?? `HTTP ${x.status}`}`);
  const list = jsonObject(x.body)?.mysfits;
  if (!Array.isArray(list)) throw new Error(`GET /mysfits: no "mysfits" list in the answer`);
  return list
    .map((m: unknown) => (m as { mysfitId?: unknown } | null)?.mysfitId)
    .filter((id): id is string => typeof id === 'string');
}
