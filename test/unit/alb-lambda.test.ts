/**
 * Lambda targets of the lab's ALB (src/lab/dataplane/alb-lambda.ts): what a health check
 * invocation's outcome is for each kind of function result, with AWS's reason codes, and how
 * a result becomes an HTTP answer.
 */
import { describe, expect, it } from 'vitest';
import {
  type AlbLambdaEvent,
  healthCheckEvent,
  probeLambdaTarget,
  readLambdaResult,
} from '../../src/lab/dataplane/alb-lambda.js';
import type { HealthCheckSettings } from '../../src/lab/dataplane/alb-target-group.js';
import { WORKSHOP_TARGET_GROUP } from '../../src/lab/services/elbv2/seed.js';

const TG = 'arn:aws:elasticloadbalancing:us-west-2:000000000000:targetgroup/mysfits-gate/0';
const SETTINGS: HealthCheckSettings = { ...WORKSHOP_TARGET_GROUP.healthCheck };
const answering = (result: unknown) => () => Promise.resolve(result);

describe('health checks of a Lambda target', () => {
  it('sends the documented health-check event', async () => {
    const events: AlbLambdaEvent[] = [];
    await probeLambdaTarget(
      (event) => {
        events.push(event);
        return Promise.resolve({ statusCode: 200 });
      },
      TG,
      { ...SETTINGS, path: '/health' },
      100,
    );
    expect(events).toEqual([healthCheckEvent(TG, '/health')]);
    expect(events[0]).toMatchObject({
      requestContext: { elb: { targetGroupArn: TG } },
      httpMethod: 'GET',
      path: '/health',
      headers: { 'user-agent': 'ELB-HealthChecker/2.0' },
    });
  });

  it.each([
    ['a matching status', answering({ statusCode: 200, body: '' }), { ok: true }],
    [
      'a status the matcher refuses',
      answering({ statusCode: 503, statusDescription: '503 Service Unavailable' }),
      { ok: false, reason: 'Target.ResponseCodeMismatch', status: 503 },
    ],
    [
      'an error',
      () => Promise.reject(new Error('Runtime.HandlerNotFound')),
      { ok: false, reason: 'Target.FailedHealthChecks' },
    ],
    [
      'a malformed result (no statusCode)',
      answering({ body: 'hello' }),
      { ok: false, reason: 'Target.FailedHealthChecks' },
    ],
    [
      'a malformed result (a string)',
      answering('200'),
      { ok: false, reason: 'Target.FailedHealthChecks' },
    ],
    [
      'no result in time',
      () => new Promise(() => undefined),
      { ok: false, reason: 'Target.Timeout' },
    ],
  ])('%s', async (_, invoke, expected) => {
    expect(await probeLambdaTarget(invoke, TG, SETTINGS, 50)).toEqual(expected);
  });

  it('fails with Target.FailedHealthChecks when the function does not exist', async () => {
    expect(await probeLambdaTarget(undefined, TG, SETTINGS, 50)).toEqual({
      ok: false,
      reason: 'Target.FailedHealthChecks',
    });
  });
});

describe('a Lambda result as the HTTP answer', () => {
  it('reads status, lower-cased headers and a plain or base64 body', () => {
    const plain = readLambdaResult({
      statusCode: 503,
      headers: { 'Content-Type': 'application/json', 'X-N': 1 },
      body: '{"state":"out"}',
      isBase64Encoded: false,
    });
    expect(plain).toEqual({
      statusCode: 503,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"state":"out"}'),
    });
    const encoded = readLambdaResult({ statusCode: 200, body: 'aGk=', isBase64Encoded: true });
    expect(encoded?.body.toString()).toBe('hi');
  });

  it.each([[null], [{ statusCode: 99 }], [{ statusCode: 200.5 }], [{ statusCode: '200' }]])(
    'refuses %j',
    (result) => {
      expect(readLambdaResult(result)).toBeUndefined();
    },
  );
});
