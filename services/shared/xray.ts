/**
 * AWS X-Ray tracing for both services, without the X-Ray SDK. With AWS_XRAY_DAEMON_ADDRESS
 * set (`host:port`, as on ECS with the daemon sidecar), every HTTP request gets a segment
 * (`Mysfits Service` / `Like Service`, or AWS_XRAY_TRACING_NAME) in the trace named by the
 * incoming `X-Amzn-Trace-Id` (`Root=…;Parent=…;Sampled=…`, as the ALB forwards it) or in a
 * new trace, whose header then replaces the request's, so logs, the response and DynamoDB
 * calls all carry it. Each DynamoDB call made while serving the request adds a `DynamoDB`
 * subsegment. The finished segment goes to the daemon in one UDP datagram (the daemon
 * header line, then the document); sending never blocks or fails a request. Not traced:
 * requests with `Sampled=0`, and ALB health checks (User-Agent `ELB-HealthChecker/…`).
 * Without AWS_XRAY_DAEMON_ADDRESS (or with AWS_XRAY_SDK_ENABLED=false) nothing changes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import dgram from 'node:dgram';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigError, type ServiceKind } from './config.js';
import { newSegmentId, newTraceId, parseTraceHeader } from './trace-header.js';

/** Segment names of the two services, as the workshop's X-Ray groups filter on them. */
export const XRAY_SEGMENT_NAMES: Record<ServiceKind, string> = {
  mysfits: 'Mysfits Service',
  like: 'Like Service',
};

/** The line every datagram to the X-Ray daemon starts with. */
export const DAEMON_HEADER = '{"format": "json", "version": 1}\n';

/** A segment or subsegment document (fields: X-Ray developer guide, "Segment documents"). */
export type SegmentDocument = Record<string, unknown> & {
  id: string;
  subsegments?: SegmentDocument[];
};

// UDP datagrams carry at most 65 507 bytes; larger segments are sent in parts.
const MAX_DATAGRAM_BYTES = 63 * 1024;
const THROTTLE_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** Parses AWS_XRAY_DAEMON_ADDRESS: `host:port`, or the SDKs' `tcp:host:port udp:host:port`. */
export function parseDaemonAddress(value: string): { host: string; port: number } {
  const udp =
    value
      .trim()
      .split(/\s+/)
      .find((part) => part.startsWith('udp:')) ?? value.trim();
  const match = /^(?:udp:)?(.+):(\d{1,5})$/.exec(udp);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) {
    throw new ConfigError([
      `AWS_XRAY_DAEMON_ADDRESS="${value}" must be host:port (the X-Ray daemon's UDP address, e.g. 127.0.0.1:2000)`,
    ]);
  }
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

function nowSeconds(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

function flags(status: number | undefined): Record<string, boolean> {
  if (status === undefined || status >= 500) return { fault: true };
  if (status === 429) return { error: true, throttle: true };
  return status >= 400 ? { error: true } : {};
}

/** Sends documents to the daemon over UDP, fire and forget (errors are dropped). */
function udpSender(address: { host: string; port: number }) {
  let socket: dgram.Socket | undefined;
  const sendOne = (document: string) => {
    if (!socket) {
      socket = dgram.createSocket(address.host.includes(':') ? 'udp6' : 'udp4');
      socket.on('error', () => {}).unref();
    }
    socket.send(
      Buffer.from(DAEMON_HEADER + document, 'utf8'),
      address.port,
      address.host,
      () => {},
    );
  };
  return {
    send(segment: SegmentDocument): void {
      try {
        const whole = JSON.stringify(segment);
        if (Buffer.byteLength(whole) <= MAX_DATAGRAM_BYTES) return sendOne(whole);
        const { subsegments = [], ...rest } = segment;
        sendOne(JSON.stringify(rest));
        for (const sub of subsegments) {
          sendOne(
            JSON.stringify({
              ...sub,
              type: 'subsegment',
              trace_id: segment.trace_id,
              parent_id: segment.id,
            }),
          );
        }
      } catch {
        // Tracing must never fail a request.
      }
    },
    close: () => socket?.close(),
  };
}

/** Tracing of one service process. */
export interface XRayRecorder {
  /** Wraps the HTTP server's request listener: one segment per traced request. */
  traceRequests(listener: RequestListener): RequestListener;
  /** Records a `DynamoDB` subsegment for every call `client` makes while a request is traced. */
  instrumentDynamoDb(client: DynamoDBClient): void;
  /** Closes the UDP socket. */
  close(): void;
}

/**
 * The table(s) a DynamoDB call names: `table_name` (single-table calls; batch calls on one
 * table too, so the service graph keeps one node per table) and, for batch calls,
 * `table_names` as the X-Ray SDK records them.
 */
function tablesOf(input: unknown): Record<string, unknown> {
  const { TableName, RequestItems } = input as { TableName?: unknown; RequestItems?: unknown };
  if (typeof TableName === 'string') return { table_name: TableName };
  if (typeof RequestItems !== 'object' || RequestItems === null) return {};
  const names = Object.keys(RequestItems);
  return names.length === 1 ? { table_name: names[0], table_names: names } : { table_names: names };
}

/**
 * The recorder of a service, or undefined when AWS_XRAY_DAEMON_ADDRESS is unset (or
 * AWS_XRAY_SDK_ENABLED=false). Throws ConfigError for a malformed daemon address. `send`
 * replaces the UDP sender (tests).
 */
export function createXRayRecorder(options: {
  kind: ServiceKind;
  region: string;
  env: NodeJS.ProcessEnv;
  send?: (segment: SegmentDocument) => void;
}): XRayRecorder | undefined {
  const { env, region } = options;
  const address = env.AWS_XRAY_DAEMON_ADDRESS?.trim();
  if (!address || env.AWS_XRAY_SDK_ENABLED?.trim().toLowerCase() === 'false') return undefined;
  const sender = udpSender(parseDaemonAddress(address));
  const send = options.send ?? sender.send;
  const name = env.AWS_XRAY_TRACING_NAME?.trim() || XRAY_SEGMENT_NAMES[options.kind];
  const container = hostname();
  const current = new AsyncLocalStorage<SegmentDocument>();

  const begin = (req: IncomingMessage): SegmentDocument | undefined => {
    if (/^ELB-HealthChecker\//.test(req.headers['user-agent'] ?? '')) return undefined;
    const raw = req.headers['x-amzn-trace-id'];
    const header = parseTraceHeader(Array.isArray(raw) ? raw[0] : raw);
    if (header.sampled === '0') return undefined;
    const traceId = header.root ?? newTraceId();
    if (header.root === undefined) {
      req.headers['x-amzn-trace-id'] = [`Root=${traceId}`, 'Sampled=1', ...header.others].join(';');
    }
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')[0]
      ?.trim();
    const proto = String(req.headers['x-forwarded-proto'] ?? 'http').split(',')[0];
    return {
      name,
      id: newSegmentId(),
      trace_id: traceId,
      ...(header.parent ? { parent_id: header.parent } : {}),
      start_time: nowSeconds(),
      origin: 'AWS::ECS::Container',
      aws: { region, ecs: { container }, xray: { sdk: 'mysfits-dr services (no X-Ray SDK)' } },
      http: {
        request: {
          method: req.method,
          url: `${proto}://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
          user_agent: req.headers['user-agent'],
          client_ip: forwarded || req.socket.remoteAddress?.replace(/^::ffff:/, ''),
          ...(forwarded ? { x_forwarded_for: true } : {}),
        },
      },
      subsegments: [],
    };
  };

  const finish = (segment: SegmentDocument, res: ServerResponse) => {
    try {
      const length = Number(res.getHeader('content-length'));
      const status = res.statusCode;
      const response = { status, ...(length >= 0 ? { content_length: length } : {}) };
      (segment.http as Record<string, unknown>).response = response;
      Object.assign(segment, status >= 400 ? flags(status) : {}, { end_time: nowSeconds() });
      if (segment.subsegments?.length === 0) delete segment.subsegments;
      send(segment);
    } catch {
      // Tracing must never fail a request (nor, from a 'close' listener, the process).
    }
  };

  return {
    traceRequests: (listener) => (req, res) => {
      const segment = begin(req);
      if (!segment) return listener(req, res);
      res.once('close', () => finish(segment, res));
      current.run(segment, () => listener(req, res));
    },
    instrumentDynamoDb(client) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const segment = current.getStore();
          if (!segment) return next(args);
          const aws: Record<string, unknown> = {
            operation: String(context.commandName ?? '').replace(/Command$/, ''),
            region,
            ...tablesOf(args.input),
          };
          const sub: SegmentDocument = {
            id: newSegmentId(),
            name: 'DynamoDB',
            start_time: nowSeconds(),
            namespace: 'aws',
            aws,
          };
          const record = (
            meta: { httpStatusCode?: number; requestId?: string; attempts?: number } | undefined,
          ) => {
            Object.assign(aws, {
              request_id: meta?.requestId,
              retries: Math.max(0, (meta?.attempts ?? 1) - 1),
            });
            if (meta?.httpStatusCode !== undefined)
              sub.http = { response: { status: meta.httpStatusCode } };
            sub.end_time = nowSeconds();
            segment.subsegments?.push(sub);
          };
          try {
            const result = await next(args);
            record((result.output as { $metadata?: Parameters<typeof record>[0] }).$metadata);
            return result;
          } catch (err) {
            const error = err as Error & {
              $metadata?: Parameters<typeof record>[0];
              $retryable?: { throttling?: boolean };
            };
            const status = error.$metadata?.httpStatusCode;
            const throttled =
              status === 429 ||
              THROTTLE_ERRORS.has(error.name) ||
              error.$retryable?.throttling === true;
            const exception = { message: error.message, type: error.name, remote: !!status };
            Object.assign(sub, throttled ? { error: true, throttle: true } : flags(status), {
              cause: {
                working_directory: process.cwd(),
                exceptions: [{ id: newSegmentId(), ...exception }],
              },
            });
            record(error.$metadata);
            throw err;
          }
        },
        { step: 'initialize', name: 'mysfitsXRaySubsegment', priority: 'high' },
      );
    },
    close: () => sender.close(),
  };
}
