import { describe, expect, it } from 'vitest';
import { classifyAwsError, isUnreachable, toDrError } from '../../src/aws/errors.js';
import { DrError } from '../../src/core/errors.js';

function sdkError(name: string, message = 'm', status = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
  });
}

describe('toDrError', () => {
  const table: { error: unknown; exit: string; code: string }[] = [
    {
      error: sdkError('UnrecognizedClientException'),
      exit: 'credentials',
      code: 'AWS_CREDENTIALS',
    },
    { error: sdkError('CredentialsProviderError'), exit: 'credentials', code: 'AWS_CREDENTIALS' },
    { error: sdkError('AccessDeniedException'), exit: 'credentials', code: 'AWS_CREDENTIALS' },
    {
      error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      exit: 'unreachable',
      code: 'AWS_UNREACHABLE',
    },
    {
      error: Object.assign(new Error('outer'), {
        cause: Object.assign(new Error('inner'), { code: 'ETIMEDOUT' }),
      }),
      exit: 'unreachable',
      code: 'AWS_UNREACHABLE',
    },
    { error: sdkError('TimeoutError'), exit: 'unreachable', code: 'AWS_UNREACHABLE' },
    {
      error: sdkError('ResourceNotFoundException', 'Requested resource not found'),
      exit: 'failed',
      code: 'AWS_ERROR',
    },
    { error: sdkError('ExpiredTokenException'), exit: 'credentials', code: 'AWS_CREDENTIALS' },
    { error: sdkError('SignatureDoesNotMatch'), exit: 'credentials', code: 'AWS_CREDENTIALS' },
    { error: sdkError('RequestTimeout'), exit: 'unreachable', code: 'AWS_UNREACHABLE' },
    { error: sdkError('ThrottlingException', 'Rate exceeded'), exit: 'failed', code: 'AWS_ERROR' },
    { error: sdkError('ValidationException', 'bad'), exit: 'failed', code: 'AWS_ERROR' },
    {
      error: Object.assign(new Error('socket hang up'), {
        name: 'TimeoutError',
        code: 'ECONNRESET',
      }),
      exit: 'unreachable',
      code: 'AWS_UNREACHABLE',
    },
    ...['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'].map((code) => ({
      error: Object.assign(new Error(`connect ${code}`), { code }),
      exit: 'unreachable',
      code: 'AWS_UNREACHABLE',
    })),
    {
      error: Object.assign(new Error('deep'), {
        cause: Object.assign(new Error('middle'), {
          cause: Object.assign(new Error('inner'), { code: 'ECONNREFUSED' }),
        }),
      }),
      exit: 'unreachable',
      code: 'AWS_UNREACHABLE',
    },
    {
      // A credentials provider that could not reach its endpoint is still a credentials problem.
      error: Object.assign(sdkError('CredentialsProviderError', 'no creds'), {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      }),
      exit: 'credentials',
      code: 'AWS_CREDENTIALS',
    },
  ];
  for (const row of table) {
    it(`maps ${(row.error as Error).name}${(row.error as { code?: string }).code ? `/${(row.error as { code?: string }).code}` : ''} to ${row.exit}`, () => {
      const mapped = toDrError(row.error, 'reading the table');
      expect(mapped.exit).toBe(row.exit);
      expect(mapped.code).toBe(row.code);
      expect(mapped.message).toMatch(/^reading the table /);
    });
  }

  it('says what was being done in words that fit the kind', () => {
    expect(toDrError(sdkError('AccessDenied', 'no'), 'listing').message).toBe(
      'listing was refused: AccessDenied: no (request id req-1)',
    );
    expect(toDrError(sdkError('TimeoutError', 'slow'), 'listing').message).toBe(
      'listing failed: the endpoint could not be reached (TimeoutError: slow (request id req-1))',
    );
    expect(toDrError('boom', 'listing').message).toBe('listing failed: Error: boom');
  });

  it('takes exit code and source from the error catalogue, with its hints', () => {
    const refused = toDrError(sdkError('AccessDenied'), 'x');
    expect([refused.exitCode, refused.source]).toEqual([4, 'user']);
    expect(refused.hint).toMatch(/AWS_PROFILE/);
    const unreachable = toDrError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'x');
    expect([unreachable.exitCode, unreachable.source]).toEqual([6, 'aws']);
    expect(unreachable.hint).toMatch(/AWS_ENDPOINT_URL/);
    const other = toDrError(sdkError('ValidationException'), 'x');
    expect([other.exitCode, other.source, other.hint]).toEqual([1, 'aws', undefined]);
  });

  it('keeps the AWS request id in the message', () => {
    expect(toDrError(sdkError('ThrottlingException', 'slow down'), 'x').message).toContain(
      '(request id req-1)',
    );
  });

  it('passes DrErrors through unchanged', () => {
    const original = new DrError('mine', { code: 'PREFLIGHT_FAILED', exit: 'refused' });
    expect(toDrError(original, 'x')).toBe(original);
  });

  it('does not take an ordinary error for a network failure', () => {
    expect(isUnreachable(new Error('nope'))).toBe(false);
  });
});

/** An error as Node's HTTP handler rejects it: a socket code, and TimeoutError for resets. */
function socketError(code: string, message: string, name = 'Error'): Error {
  return Object.assign(new Error(message), { code, name });
}

describe('classifyAwsError', () => {
  const table: { what: string; error: unknown; kind: string; message: string | RegExp }[] = [
    {
      what: 'a throttling error',
      error: sdkError('ThrottlingException', 'Rate exceeded'),
      kind: 'throttled',
      message: 'ThrottlingException: Rate exceeded',
    },
    {
      what: "X-Ray's throttling error",
      error: sdkError('ThrottledException', 'slow down', 429),
      kind: 'throttled',
      message: 'ThrottledException: slow down',
    },
    {
      what: 'any 429',
      error: sdkError('SomethingNew', 'too many', 429),
      kind: 'throttled',
      message: 'SomethingNew: too many',
    },
    {
      what: "DynamoDB's throughput error",
      error: sdkError('ProvisionedThroughputExceededException', 'too fast'),
      kind: 'throttled',
      message: 'ProvisionedThroughputExceededException: too fast',
    },
    {
      what: 'a connection reset (Node names it TimeoutError)',
      error: socketError('ECONNRESET', 'socket hang up', 'TimeoutError'),
      kind: 'unreachable',
      message: 'connection reset (ECONNRESET)',
    },
    {
      what: 'a refused connection',
      error: socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
      kind: 'unreachable',
      message: 'connection refused (ECONNREFUSED)',
    },
    {
      what: 'an unknown host, as a cause',
      error: Object.assign(new Error('outer'), {
        cause: socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND x'),
      }),
      kind: 'unreachable',
      message: 'host not found (ENOTFOUND)',
    },
    {
      what: 'the request timeout of the handler',
      error: Object.assign(
        new Error(
          '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 1500 ms requestTimeout.',
        ),
        { name: 'TimeoutError', code: 'ETIMEDOUT' },
      ),
      kind: 'timeout',
      message: 'timed out after 1500 ms',
    },
    {
      what: 'a connection timeout',
      error: Object.assign(
        new Error(
          '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.',
        ),
        { name: 'TimeoutError' },
      ),
      kind: 'timeout',
      message: 'timed out after 3000 ms',
    },
    {
      what: 'a timeout without a duration',
      error: sdkError('TimeoutError', 'gave up'),
      kind: 'timeout',
      message: 'timed out',
    },
    {
      what: 'refused credentials',
      error: sdkError('UnrecognizedClientException', 'The security token is invalid'),
      kind: 'credentials',
      message: 'UnrecognizedClientException: The security token is invalid',
    },
    {
      what: 'missing credentials',
      error: sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
      kind: 'credentials',
      message: /^CredentialsProviderError: Could not load/,
    },
    {
      what: 'a missing table',
      error: sdkError('ResourceNotFoundException', 'Requested resource not found'),
      kind: 'not-found',
      message: 'ResourceNotFoundException: Requested resource not found',
    },
    {
      what: 'a missing accelerator',
      error: sdkError('AcceleratorNotFoundException', 'no such accelerator'),
      kind: 'not-found',
      message: 'AcceleratorNotFoundException: no such accelerator',
    },
    {
      what: 'a missing target group',
      error: sdkError('TargetGroupNotFoundException', 'One or more target groups not found'),
      kind: 'not-found',
      message: /^TargetGroupNotFoundException/,
    },
    {
      what: 'an unknown X-Ray group',
      error: sdkError('InvalidRequestException', 'Group not found'),
      kind: 'not-found',
      message: 'InvalidRequestException: Group not found',
    },
    {
      what: 'a validation error',
      error: sdkError('ValidationException', 'bad input\nmore lines'),
      kind: 'error',
      message: 'ValidationException: bad input',
    },
    {
      what: 'a host that cannot be resolved for now',
      error: socketError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x'),
      kind: 'unreachable',
      message: 'host lookup failed (EAI_AGAIN)',
    },
    {
      what: 'an unreachable network',
      error: socketError('ENETUNREACH', 'connect ENETUNREACH'),
      kind: 'unreachable',
      message: 'network unreachable (ENETUNREACH)',
    },
    {
      what: 'a closed connection',
      error: socketError('EPIPE', 'write EPIPE'),
      kind: 'unreachable',
      message: 'connection closed (EPIPE)',
    },
    {
      what: 'a socket timeout, as a cause',
      error: Object.assign(new Error('outer'), { cause: socketError('ETIMEDOUT', 'read') }),
      kind: 'timeout',
      message: 'timed out',
    },
    {
      what: 'an S3-style throttling error',
      error: sdkError('SlowDown', 'Please reduce your request rate'),
      kind: 'throttled',
      message: 'SlowDown: Please reduce your request rate',
    },
    {
      what: 'a NoSuch… error',
      error: sdkError('NoSuchEntity', 'gone'),
      kind: 'not-found',
      message: 'NoSuchEntity: gone',
    },
    {
      what: 'an expired token',
      error: sdkError('ExpiredToken', 'expired'),
      kind: 'credentials',
      message: 'ExpiredToken: expired',
    },
    {
      what: 'an error without a message',
      error: sdkError('InternalFailure', ''),
      kind: 'error',
      message: 'InternalFailure',
    },
    { what: 'a string', error: 'boom', kind: 'error', message: 'boom' },
    { what: 'undefined', error: undefined, kind: 'error', message: 'undefined' },
  ];
  for (const row of table) {
    it(`classifies ${row.what} as ${row.kind}`, () => {
      const classified = classifyAwsError(row.error);
      expect(classified.kind).toBe(row.kind);
      if (typeof row.message === 'string') expect(classified.message).toBe(row.message);
      else expect(classified.message).toMatch(row.message);
    });
  }

  it('keeps messages short', () => {
    const long = sdkError('InternalFailure', 'x'.repeat(1000));
    expect(classifyAwsError(long).message.length).toBeLessThanOrEqual(200);
  });
});
