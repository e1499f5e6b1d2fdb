/**
 * HTTP details of the ALB data plane: listener-rule path patterns, the `X-Amzn-Trace-Id`
 * request-tracing header, the `X-Forwarded-*` headers, and the HTML error pages the load
 * balancer itself answers with (`Server: awselb/2.0`).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * True when a request path matches an ALB path pattern: case-sensitive, `*` matches any run of
 * characters (slashes included), `?` exactly one; the query string is not part of the path.
 */
export function matchesPathPattern(pattern: string, path: string): boolean {
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(path);
}

/** A trace id field value: `1-<8 hex digits of epoch seconds>-<24 hex digits>`. */
export function newTraceField(nowMs: number): string {
  const epoch = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return `1-${epoch}-${randomBytes(12).toString('hex')}`;
}

/**
 * The `X-Amzn-Trace-Id` an ALB forwards: a new `Root=` when the request has none; when it has
 * a Root, the load balancer inserts a `Self=` field in front (or updates an existing Self),
 * keeping every other field as it came (ALB user guide, "Request tracing").
 */
export function forwardedTraceId(incoming: string | undefined, nowMs: number): string {
  const fields = (incoming ?? '')
    .split(';')
    .map((f) => f.trim())
    .filter((f) => f.includes('='));
  const self = `Self=${newTraceField(nowMs)}`;
  if (!fields.some((f) => f.startsWith('Root='))) {
    return [`Root=${newTraceField(nowMs)}`, ...fields.filter((f) => !f.startsWith('Self='))].join(
      ';',
    );
  }
  const at = fields.findIndex((f) => f.startsWith('Self='));
  if (at >= 0) fields[at] = self;
  else fields.unshift(self);
  return fields.join(';');
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
]);

/** Request headers for the target: hop-by-hop removed, `X-Forwarded-*` and trace id set. */
export function forwardedRequestHeaders(
  headers: IncomingHttpHeaders,
  options: { clientIp: string; listenerPort: number; traceId: string },
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  const previous = headers['x-forwarded-for'];
  const chain = Array.isArray(previous) ? previous.join(', ') : previous;
  out['x-forwarded-for'] = chain ? `${chain}, ${options.clientIp}` : options.clientIp;
  out['x-forwarded-proto'] = 'http';
  out['x-forwarded-port'] = String(options.listenerPort);
  out['x-amzn-trace-id'] = options.traceId;
  return out;
}

/** Response headers for the client: the target's, hop-by-hop removed. */
export function forwardedResponseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

const STATUS_TEXT: Record<number, string> = {
  400: '400 Bad Request',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

/** An error page the load balancer generates itself, as an ALB sends it. */
export function elbErrorPage(status: number): { headers: OutgoingHttpHeaders; body: Buffer } {
  const title = STATUS_TEXT[status] ?? `${status} Error`;
  const body = Buffer.from(
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
    'utf8',
  );
  return {
    headers: {
      server: 'awselb/2.0',
      date: new Date().toUTCString(),
      'content-type': 'text/html',
      'content-length': String(body.length),
    },
    body,
  };
}
