/**
 * Reads the SigV4 credential scope (access key, date, region, signing name) of a request,
 * from the `Authorization` header or from a presigned URL's `X-Amz-Credential`. The lab
 * routes on this scope exactly as AWS endpoints scope credentials. Signatures are NOT
 * verified: the lab holds no secrets to verify them with.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from './lab-request.js';

/** The parts of a SigV4 credential scope the lab routes on. */
export interface CredentialScope {
  accessKeyId: string;
  /** `YYYYMMDD` as signed. */
  date: string;
  region: string;
  /** The signing name, e.g. `dynamodb`, `ecs`, `globalaccelerator`. */
  service: string;
}

/** Outcome of reading a request's credential scope. */
export type ScopeResult =
  | { kind: 'ok'; scope: CredentialScope }
  | { kind: 'missing' }
  | { kind: 'malformed'; message: string };

const HMAC = 'AWS4-HMAC-SHA256';
const ECDSA = 'AWS4-ECDSA-P256-SHA256';

function fromCredential(
  credential: string,
  algorithm: string,
  regionSet: string | undefined,
): ScopeResult {
  const parts = credential.split('/');
  if (algorithm === ECDSA) {
    // SigV4a: AKID/date/service/aws4_request; regions come from X-Amz-Region-Set.
    const [accessKeyId, date, service, terminator] = parts;
    const region = regionSet?.split(',')[0]?.trim();
    if (parts.length !== 4 || terminator !== 'aws4_request' || !accessKeyId || !date || !service) {
      return malformed(credential);
    }
    if (!region || region.includes('*')) {
      return {
        kind: 'malformed',
        message: 'SigV4a requests to the lab must name one region in X-Amz-Region-Set.',
      };
    }
    return { kind: 'ok', scope: { accessKeyId, date, region, service } };
  }
  const [accessKeyId, date, region, service, terminator] = parts;
  if (
    parts.length !== 5 ||
    terminator !== 'aws4_request' ||
    !accessKeyId ||
    !date ||
    !region ||
    !service
  ) {
    return malformed(credential);
  }
  return { kind: 'ok', scope: { accessKeyId, date, region, service } };
}

function malformed(credential: string): ScopeResult {
  return {
    kind: 'malformed',
    message: `Credential should be of the form '<access key>/<date>/<region>/<service>/aws4_request', got '${credential.replace(/^(AKIA|ASIA)[A-Z0-9]+/, '$1…')}'.`,
  };
}

/** Reads the credential scope from the Authorization header, else from presigned query. */
export function readCredentialScope(headers: IncomingHttpHeaders, url: URL): ScopeResult {
  const regionSet = headerValue(headers, 'x-amz-region-set');
  const authorization = headerValue(headers, 'authorization');
  if (authorization !== undefined && authorization.trim() !== '') {
    const algorithm = authorization.trim().split(/\s+/)[0] ?? '';
    if (algorithm !== HMAC && algorithm !== ECDSA) {
      return {
        kind: 'malformed',
        message: `Authorization header must use AWS Signature Version 4 (${HMAC}); got '${algorithm}'.`,
      };
    }
    const match = /Credential=([^,\s]+)/.exec(authorization);
    if (!match?.[1]) {
      return {
        kind: 'malformed',
        message: "Authorization header requires 'Credential' parameter.",
      };
    }
    return fromCredential(match[1], algorithm, regionSet);
  }
  const credential = url.searchParams.get('X-Amz-Credential');
  if (credential !== null) {
    const algorithm = url.searchParams.get('X-Amz-Algorithm') ?? HMAC;
    return fromCredential(
      credential,
      algorithm,
      url.searchParams.get('X-Amz-Region-Set') ?? regionSet,
    );
  }
  return { kind: 'missing' };
}
