import { describe, expect, it } from 'vitest';
import { isUnreachable, toDrError } from '../../src/aws/errors.js';
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
  ];
  for (const row of table) {
    it(`maps ${(row.error as Error).name}${(row.error as { code?: string }).code ? `/${(row.error as { code?: string }).code}` : ''} to ${row.exit}`, () => {
      const mapped = toDrError(row.error, 'reading the table');
      expect(mapped.exit).toBe(row.exit);
      expect(mapped.code).toBe(row.code);
      expect(mapped.message).toMatch(/^reading the table /);
    });
  }

  it('keeps the AWS request id in the message', () => {
    expect(toDrError(sdkError('ThrottlingException', 'slow down'), 'x').message).toContain(
      '(request id req-1)',
    );
  });

  it('passes DrErrors through unchanged', () => {
    const original = new DrError('mine', { code: 'MINE', exit: 'refused' });
    expect(toDrError(original, 'x')).toBe(original);
  });

  it('does not take an ordinary error for a network failure', () => {
    expect(isUnreachable(new Error('nope'))).toBe(false);
  });
});
