// Reading the SigV4 credential scope the lab routes on, and recognising real AWS keys.
import { describe, expect, it } from 'vitest';
import { looksLikeRealAccessKey, maskAccessKey } from '../../src/lab/credentials.js';
import { readCredentialScope } from '../../src/lab/protocol/sigv4-scope.js';

const url = new URL('http://127.0.0.1/');

describe('readCredentialScope', () => {
  it.each([
    [
      'AWS4-HMAC-SHA256 Credential=mysfitslab/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=ab',
      { accessKeyId: 'mysfitslab', date: '20260101', region: 'us-east-1', service: 'dynamodb' },
    ],
    [
      'AWS4-HMAC-SHA256 Credential=k/20260101/us-west-2/globalaccelerator/aws4_request,SignedHeaders=host,Signature=ab',
      { accessKeyId: 'k', date: '20260101', region: 'us-west-2', service: 'globalaccelerator' },
    ],
  ])('reads %s', (authorization, scope) => {
    expect(readCredentialScope({ authorization }, url)).toEqual({ kind: 'ok', scope });
  });

  it('reads a presigned URL', () => {
    const presigned = new URL(
      'http://127.0.0.1/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=k%2F20260101%2Fus-east-1%2Fxray%2Faws4_request',
    );
    expect(readCredentialScope({}, presigned)).toMatchObject({
      kind: 'ok',
      scope: { region: 'us-east-1', service: 'xray' },
    });
  });

  it('reads SigV4a with its region set', () => {
    const headers = {
      authorization:
        'AWS4-ECDSA-P256-SHA256 Credential=k/20260101/s3/aws4_request, SignedHeaders=host, Signature=ab',
      'x-amz-region-set': 'us-west-2',
    };
    expect(readCredentialScope(headers, url)).toMatchObject({
      kind: 'ok',
      scope: { region: 'us-west-2', service: 's3' },
    });
  });

  it.each([
    ['AWS AKIDEXAMPLE:signature', 'Signature Version 4'],
    ['AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab', "requires 'Credential'"],
    ['AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1, Signature=ab', 'should be of the form'],
  ])('calls %s malformed', (authorization, message) => {
    const result = readCredentialScope({ authorization }, url);
    expect(result.kind).toBe('malformed');
    expect(result.kind === 'malformed' && result.message).toContain(message);
  });

  it('reports a request without any signature as missing', () => {
    expect(readCredentialScope({}, url)).toEqual({ kind: 'missing' });
  });
});

describe('real-looking access keys', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', true],
    ['ASIAXXXXXXXXXXXXXXXX', true],
    ['AKIA12345678', false],
    ['mysfitslab', false],
    ['akiaiosfodnn7example', false],
    ['AKIDEXAMPLE', false],
  ])('%s → %s', (key, real) => {
    expect(looksLikeRealAccessKey(key)).toBe(real);
  });

  it('masks all but the prefix and last four characters', () => {
    expect(maskAccessKey('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
  });
});
