/**
 * Lambda targets of an ALB target group, as Elastic Load Balancing drives them: the request
 * (or health check) as the documented JSON event, the function's result turned back into
 * HTTP. A health check of a Lambda target is an invocation with `GET <HealthCheckPath>` and
 * `user-agent: ELB-HealthChecker/2.0`; a status the matcher accepts passes, another fails with
 * Target.ResponseCodeMismatch, no result within HealthCheckTimeoutSeconds with
 * Target.Timeout, and an error or a malformed result with Target.FailedHealthChecks.
 * In the lab the function runs in-process (the same handler code as on AWS).
 */
import type http from 'node:http';
import { matchesHttpCode } from './alb-health-checks.js';
import type { CheckResult, HealthCheckSettings } from './alb-target-group.js';

/** An ALB → Lambda event (ELB user guide, "Lambda functions as targets"). */
export interface AlbLambdaEvent {
  requestContext: { elb: { targetGroupArn: string } };
  httpMethod: string;
  path: string;
  queryStringParameters: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** A function the lab can invoke as a Lambda target. */
export type LambdaInvoker = (event: AlbLambdaEvent) => Promise<unknown>;

/** The result fields the load balancer reads; undefined for a malformed result. */
export function readLambdaResult(
  result: unknown,
): { statusCode: number; headers: Record<string, string>; body: Buffer } | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { statusCode, headers, body, isBase64Encoded } = result as Record<string, unknown>;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) return undefined;
  if (statusCode < 100 || statusCode > 599) return undefined;
  const text = typeof body === 'string' ? body : '';
  const outHeaders: Record<string, string> = {};
  if (typeof headers === 'object' && headers !== null) {
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string') outHeaders[name.toLowerCase()] = value;
    }
  }
  return {
    statusCode,
    headers: outHeaders,
    body: Buffer.from(text, isBase64Encoded === true ? 'base64' : 'utf8'),
  };
}

/** The event of a health check of a Lambda target. */
export function healthCheckEvent(targetGroupArn: string, path: string): AlbLambdaEvent {
  return {
    requestContext: { elb: { targetGroupArn } },
    httpMethod: 'GET',
    path,
    queryStringParameters: {},
    headers: { 'user-agent': 'ELB-HealthChecker/2.0' },
    body: '',
    isBase64Encoded: false,
  };
}

/** The event of a client request forwarded to a Lambda target. */
export function requestEvent(
  targetGroupArn: string,
  req: http.IncomingMessage,
  body: Buffer,
): AlbLambdaEvent {
  const url = new URL(req.url ?? '/', 'http://alb.invalid');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    requestContext: { elb: { targetGroupArn } },
    httpMethod: req.method ?? 'GET',
    path: url.pathname,
    queryStringParameters: Object.fromEntries(url.searchParams),
    headers,
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

/** Invokes a Lambda target's health check and classifies the outcome. */
export async function probeLambdaTarget(
  invoke: LambdaInvoker | undefined,
  targetGroupArn: string,
  settings: HealthCheckSettings,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<CheckResult> {
  if (!invoke) return { ok: false, reason: 'Target.FailedHealthChecks' };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'Target.Timeout' }), timeoutMs);
    signal?.addEventListener('abort', () => resolve({ ok: false, reason: 'Target.Timeout' }), {
      once: true,
    });
  });
  const invoked = invoke(healthCheckEvent(targetGroupArn, settings.path)).then(
    (raw): CheckResult => {
      const result = readLambdaResult(raw);
      if (!result) return { ok: false, reason: 'Target.FailedHealthChecks' };
      return matchesHttpCode(settings.httpCode, result.statusCode)
        ? { ok: true }
        : { ok: false, reason: 'Target.ResponseCodeMismatch', status: result.statusCode };
    },
    (): CheckResult => ({ ok: false, reason: 'Target.FailedHealthChecks' }),
  );
  try {
    return await Promise.race([invoked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
