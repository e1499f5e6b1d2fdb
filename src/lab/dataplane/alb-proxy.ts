/**
 * The data plane of one Application Load Balancer: an HTTP reverse proxy on its own
 * 127.0.0.1 port (the listener). Each request is matched against the listener's rules, sent
 * to a target of the chosen group (see AlbTargetGroup.pick), and answered with the target's
 * response. What the load balancer answers itself, with AWS's HTML pages and
 * `Server: awselb/2.0`: 503 when the group has no target to send to, 502 when the target
 * refuses or breaks the connection, 504 when it does not answer within the idle timeout.
 * A group of Lambda targets gets the request as the ALB → Lambda event and answers with
 * the function's result (alb-lambda.ts); an error or a malformed result is a 502.
 * Region faults: an outage resets connections (`refuse`) or holds them unanswered
 * (`timeout`); data-plane latency delays every request.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { unmappedAddress } from '../topology.js';
import type { FaultView, LabClock, LabLog } from './contracts.js';
import {
  elbErrorPage,
  forwardedRequestHeaders,
  forwardedResponseHeaders,
  forwardedTraceId,
} from './alb-http.js';
import { type LambdaInvoker, readLambdaResult, requestEvent } from './alb-lambda.js';
import type { AlbTargetGroup, RegisteredTarget } from './alb-target-group.js';

/** One request through an ALB, for metrics (RequestCount, HTTPCode_*, TargetResponseTime). */
export interface AlbRequestEvent {
  region: string;
  loadBalancerArn: string;
  /** The target group the listener rule chose. */
  targetGroupArn?: string;
  /** The target the request was sent to. */
  target?: { id: string; port: number };
  /** Status the load balancer answered itself (502, 503, 504), or 460 when the client left first. */
  elbStatus?: number;
  /** Status the target answered. */
  targetStatus?: number;
  /** Milliseconds from sending the request to the target until its response headers (or failure); 0 when no target was tried. */
  latencyMs: number;
  /** When the request arrived (lab clock, ms since the epoch). */
  at: number;
}

/** What an ALB proxy needs. */
export interface AlbProxyOptions {
  region: string;
  loadBalancerArn: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  clock: LabClock;
  faults: FaultView;
  log: LabLog;
  /** The target group the listener's rules forward a request (path, Host header) to. */
  route(path: string, host: string): AlbTargetGroup | undefined;
  /** The function behind a Lambda target, by ARN. */
  lambda?(functionArn: string): LambdaInvoker | undefined;
  /** Load balancer attribute `idle_timeout.timeout_seconds` (AWS seconds). */
  idleTimeoutSeconds(): number;
  onRequest?: (event: AlbRequestEvent) => void;
}

/** Longest an outage in `timeout` mode holds a connection before closing it. */
const HANG_LIMIT_MS = 300_000;

/** A running ALB data plane. */
export class AlbProxy {
  readonly #options: AlbProxyOptions;
  readonly #server: http.Server;
  readonly #agent = new http.Agent({ keepAlive: true, timeout: 4_000 });
  #port = 0;

  private constructor(options: AlbProxyOptions) {
    this.#options = options;
    this.#server = http.createServer((req, res) => this.#handle(req, res));
    this.#server.keepAliveTimeout = 60_000;
    this.#server.on('connection', (socket: Socket) => {
      if (options.faults.regionOutage(options.region) === 'refuse') socket.resetAndDestroy();
    });
  }

  /** Starts listening; resolves once the port is bound. */
  static async start(options: AlbProxyOptions): Promise<AlbProxy> {
    const proxy = new AlbProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject);
      proxy.#server.listen(options.port, '127.0.0.1', () => resolve());
    });
    proxy.#port = (proxy.#server.address() as AddressInfo).port;
    return proxy;
  }

  /** The listener port. */
  get port(): number {
    return this.#port;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const { faults, region, clock } = this.#options;
    const at = clock.now();
    const outage = faults.regionOutage(region);
    if (outage === 'refuse') {
      req.socket.resetAndDestroy();
      return;
    }
    if (outage === 'timeout') {
      const timer = setTimeout(() => req.socket.destroy(), HANG_LIMIT_MS);
      timer.unref();
      req.socket.once('close', () => clearTimeout(timer));
      return;
    }
    const delay = faults.latencyMs(region, 'data');
    if (delay > 0) {
      const timer = setTimeout(() => this.#route(req, res, at), delay);
      res.once('close', () => clearTimeout(timer));
    } else this.#route(req, res, at);
  }

  #route(req: http.IncomingMessage, res: http.ServerResponse, at: number): void {
    if (res.destroyed) return;
    const event: AlbRequestEvent = {
      region: this.#options.region,
      loadBalancerArn: this.#options.loadBalancerArn,
      latencyMs: 0,
      at,
    };
    const path = (req.url ?? '/').split('?')[0]!;
    const group = this.#options.route(path, req.headers.host ?? '');
    event.targetGroupArn = group?.config.arn;
    const target = group?.pick();
    if (!target) {
      req.resume();
      this.#elbAnswer(res, 503, event);
      this.#emit(event);
      return;
    }
    if (group!.config.targetType === 'lambda') void this.#invoke(req, res, target, event);
    else this.#forward(req, res, target, event);
  }

  async #invoke(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: RegisteredTarget,
    event: AlbRequestEvent,
  ): Promise<void> {
    event.target = { id: target.id, port: target.port };
    const started = performance.now();
    let raw: unknown;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const invoke = this.#options.lambda?.(target.id);
      raw = await invoke?.(requestEvent(event.targetGroupArn!, req, Buffer.concat(chunks)));
    } catch {
      raw = undefined; // the client left, or the function failed: a 502 below
    }
    event.latencyMs = Math.round(performance.now() - started);
    const result = readLambdaResult(raw);
    if (res.destroyed) return;
    if (!result) this.#elbAnswer(res, 502, event);
    else {
      event.targetStatus = result.statusCode;
      res.writeHead(result.statusCode, result.headers);
      res.end(result.body);
    }
    this.#emit(event);
  }

  #forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: RegisteredTarget,
    event: AlbRequestEvent,
  ): void {
    const { clock } = this.#options;
    event.target = { id: target.id, port: target.port };
    const started = performance.now();
    target.inFlight++;
    const upstream = http.request({
      host: '127.0.0.1',
      port: target.port,
      method: req.method,
      path: req.url,
      agent: this.#agent,
      headers: forwardedRequestHeaders(req.headers, {
        clientIp: unmappedAddress(req.socket.remoteAddress) ?? '127.0.0.1',
        listenerPort: this.#port,
        traceId: forwardedTraceId(firstHeader(req.headers['x-amzn-trace-id']), clock.now()),
      }),
    });
    const abort = () => upstream.destroy(new Error('target deregistered'));
    target.aborters.add(abort);
    let settled = false;
    // Once per request: the target answered, the ELB answered, or the client left.
    const settle = (how: { elbStatus?: number }) => {
      if (settled) return false;
      settled = true;
      event.latencyMs = Math.round(performance.now() - started);
      if (how.elbStatus !== undefined) event.elbStatus = how.elbStatus;
      return true;
    };
    const fail = (status: number) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      if (settle({ elbStatus: status })) this.#elbAnswer(res, status, event);
    };
    upstream.setTimeout(
      Math.max(1, clock.scaled(this.#options.idleTimeoutSeconds() * 1000)),
      () => {
        fail(504);
        upstream.destroy();
      },
    );
    upstream.on('response', (answer) => {
      if (!settle({})) {
        answer.resume();
        return;
      }
      event.targetStatus = answer.statusCode ?? 502;
      res.writeHead(event.targetStatus, forwardedResponseHeaders(answer.headers));
      answer.pipe(res);
      answer.on('error', () => res.destroy());
      answer.on('aborted', () => res.destroy());
    });
    upstream.on('error', () => fail(502));
    res.on('close', () => {
      // The client went away before anything was answered: ALB logs 460.
      settle({ elbStatus: 460 });
      if (!res.writableFinished) upstream.destroy();
      target.inFlight--;
      target.aborters.delete(abort);
      this.#emit(event);
    });
    req.pipe(upstream);
  }

  #elbAnswer(res: http.ServerResponse, status: number, event: AlbRequestEvent): void {
    event.elbStatus = status;
    const page = elbErrorPage(status);
    res.writeHead(status, page.headers);
    res.end(page.body);
  }

  #emit(event: AlbRequestEvent): void {
    try {
      this.#options.onRequest?.(event);
    } catch (error) {
      this.#options.log(`elbv2: onRequest hook failed: ${(error as Error).message}`);
    }
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    this.#agent.destroy();
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
