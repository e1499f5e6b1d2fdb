/**
 * Routing and response values for the services' HTTP layer: routes are data
 * (`{ method, path: '/mysfits/:id/like', handler }`), handlers return a response value
 * instead of writing to the socket, and expected failures are thrown as HttpError.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** What a handler sees of a request. */
export interface HttpRequest {
  method: string;
  /** URL path as received (percent-encoded), without query and trailing slash (except `/`). */
  path: string;
  query: URLSearchParams;
  /** Values of `:name` segments of the matched route, URL-decoded. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The request body (possibly empty; capped by the server). */
  body: Buffer;
  /** The X-Amzn-Trace-Id the request came with, if valid. */
  traceId: string | undefined;
}

/** What a handler returns; the server adds the common headers. */
export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** A request handler. */
export type RouteHandler = (req: HttpRequest) => HttpResponse | Promise<HttpResponse>;

/** One route: method, path pattern with `:param` segments, handler. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: RouteHandler;
}

/** An expected failure with the HTTP status and JSON body fields to answer with. */
export class HttpError extends Error {
  readonly status: number;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    message: string,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
}

/** A JSON response. */
export function jsonResponse(status: number, value: unknown): HttpResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

/** An HTML response. */
export function htmlResponse(status: number, html: string): HttpResponse {
  return { status, contentType: 'text/html; charset=utf-8', body: html };
}

/** Escapes text for an HTML text node or attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Result of matching a request against the routes. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) {
      if (g === '') return undefined;
      params[w.slice(1)] = g;
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

/**
 * Finds the route for `method` and raw (still percent-encoded) `path`. HEAD matches GET
 * routes. Throws HttpError 400 when a parameter is not valid percent-encoding.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const raw = matchPath(route.path, path);
    if (raw === undefined) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(raw)) {
        try {
          params[key] = decodeURIComponent(value);
        } catch {
          throw new HttpError(400, `path parameter ${key} is not valid percent-encoding`);
        }
      }
      return { kind: 'found', route, params };
    }
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}

/** Normalises a URL path: drops one trailing slash except on `/`. */
export function normalisePath(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}
