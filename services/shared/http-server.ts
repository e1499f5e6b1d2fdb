/**
 * A small HTTP server on node:http for the services: routes requests, reads bounded
 * bodies, adds the common headers, echoes X-Amzn-Trace-Id, logs one line per request,
 * and shuts down gracefully (stop accepting, finish in-flight requests, cut the rest
 * when the grace period ends).
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.js';
import {
  HttpError,
  matchRoute,
  normalisePath,
  type HttpResponse,
  type Route,
} from './http-router.js';
import { parseTraceId, runWithTraceId, TRACE_HEADER } from './trace-context.js';

/** How to run the server. */
export interface HttpServerOptions {
  host: string;
  port: number;
  routes: readonly Route[];
  logger: Logger;
  /** Headers added to every response (region, service). */
  headers: Record<string, string>;
  /** Turns anything a handler (or routing) threw into a response; must not throw. */
  errorResponse: (err: unknown, traceId: string | undefined) => HttpResponse;
  /** Largest accepted request body (default 64 KiB); larger bodies get 413. */
  maxBodyBytes?: number;
  /** X-Ray: wraps the request listener (services/shared/xray.ts traceRequests). */
  wrapListener?: (listener: RequestListener) => RequestListener;
}

/** Result of a shutdown: `forced` when the grace period ended with requests still open. */
export interface ShutdownResult {
  forced: boolean;
  /** Requests cut off when forced. */
  cut: number;
}

/** A listening server. */
export interface RunningServer {
  /** The bound port (useful with PORT=0). */
  port: number;
  /** Requests being handled right now. */
  inFlight(): number;
  /** Stops accepting and resolves once in-flight requests are done or `graceMs` passed. */
  shutdown(graceMs: number): Promise<ShutdownResult>;
}

const FALLBACK_ERROR: HttpResponse = {
  status: 500,
  contentType: 'application/json; charset=utf-8',
  body: '{"error":"internal error"}',
};

// Request targets are origin-form ("/path?q") from ALBs and clients; anything else that
// does not parse is treated as "/" rather than failing outside the error handling.
function parseTarget(target: string | undefined): URL {
  const base = 'http://service.invalid';
  try {
    return target?.startsWith('/') ? new URL(base + target) : new URL(target ?? '/', base);
  } catch {
    return new URL('/', base);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !tooLarge) {
        tooLarge = true;
        reject(new HttpError(413, `request body larger than ${limit} bytes`));
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts listening; resolves once the port is bound, rejects if it cannot be. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { routes, logger, headers } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  let active = 0;
  let draining = false;

  const listener: RequestListener = (req, res) => void handle(req, res);
  const server = createServer(options.wrapListener?.(listener) ?? listener); // X-Ray hook
  // Outlive the ALB's 60 s idle timeout so the ALB, not us, closes idle connections.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const traceId = parseTraceId(req.headers[TRACE_HEADER.toLowerCase()]);
    const url = parseTarget(req.url);
    const path = normalisePath(url.pathname);
    active++;
    res.on('close', () => {
      active--;
      const status = res.statusCode;
      const fields = {
        method,
        path,
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        traceId,
        aborted: res.writableFinished ? undefined : true,
      };
      if (status >= 500) logger.error('request', fields);
      else logger.info('request', fields);
      if (draining) server.closeIdleConnections();
    });
    res.on('error', (err) => logger.warn('response error', { path, traceId, err }));

    let response: HttpResponse;
    try {
      response = await runWithTraceId(traceId, async () => {
        const match = matchRoute(routes, method, path);
        if (match.kind === 'not-found') throw new HttpError(404, `no route for ${method} ${path}`);
        if (match.kind === 'method-not-allowed') {
          const allow = match.allowed.join(', ');
          throw new HttpError(405, `${method} not allowed on ${path}`, {}, { Allow: allow });
        }
        const body = await readBody(req, maxBodyBytes);
        const request = { method, path, query: url.searchParams, headers: req.headers, body };
        return match.route.handler({ ...request, params: match.params, traceId });
      });
    } catch (err) {
      try {
        response = options.errorResponse(err, traceId);
      } catch {
        response = FALLBACK_ERROR;
      }
    }
    send(res, response, traceId);
  }

  function send(res: ServerResponse, response: HttpResponse, traceId: string | undefined): void {
    if (res.headersSent || res.destroyed) return;
    const body = Buffer.from(response.body, 'utf8');
    res.statusCode = response.status;
    for (const [name, value] of Object.entries({ ...headers, ...response.headers })) {
      res.setHeader(name, value);
    }
    if (traceId !== undefined) res.setHeader(TRACE_HEADER, traceId);
    res.setHeader('Content-Type', response.contentType);
    res.setHeader('Content-Length', body.length);
    res.setHeader('Cache-Control', 'no-store');
    if (draining) res.setHeader('Connection', 'close');
    res.end(body);
  }

  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code !== 'ECONNRESET') logger.warn('bad client request', { errorCode: err.code });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error('server error', { err }));

  let shutdownPromise: Promise<ShutdownResult> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    inFlight: () => active,
    shutdown(graceMs) {
      shutdownPromise ??= new Promise<ShutdownResult>((resolve) => {
        draining = true;
        const timer = setTimeout(() => {
          const cut = active;
          server.closeAllConnections();
          resolve({ forced: cut > 0, cut });
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve({ forced: false, cut: 0 });
        });
        server.closeIdleConnections();
      });
      return shutdownPromise;
    },
  };
}
