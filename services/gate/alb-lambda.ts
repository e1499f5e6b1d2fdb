/**
 * The event an Application Load Balancer sends a Lambda target and the result it expects
 * back, as AWS documents them ("Lambda functions as targets", Elastic Load Balancing user
 * guide): the request as JSON in, `{statusCode, statusDescription, headers, body,
 * isBase64Encoded}` out. Health checks of a Lambda target arrive as the same event with
 * `user-agent: ELB-HealthChecker/2.0`.
 */

/** The event of one request (or health check) forwarded to a Lambda target. */
export interface AlbLambdaEvent {
  requestContext: { elb: { targetGroupArn: string } };
  httpMethod: string;
  path: string;
  queryStringParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** What a Lambda target answers; the load balancer turns it into the HTTP response. */
export interface AlbLambdaResult {
  statusCode: number;
  /** `<code> <reason phrase>`, e.g. `200 OK`. */
  statusDescription: string;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

const REASON_PHRASES: Record<number, string> = {
  200: 'OK',
  503: 'Service Unavailable',
};

/** A JSON result with its status line. */
export function jsonResult(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): AlbLambdaResult {
  return {
    statusCode,
    statusDescription: `${statusCode} ${REASON_PHRASES[statusCode] ?? ''}`.trim(),
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}
