/**
 * Maps errors thrown by the AWS SDK (or by the lab, which answers with the same shapes)
 * onto the CLI's DrError model, so credentials problems exit 4, unreachable endpoints
 * exit 6, and AWS's own message and request id are kept.
 */
import { DrError } from '../core/errors.js';

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationTokenException',
  'AccessDeniedException',
  'AccessDenied',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** True when the error means the endpoint could not be reached at all (refused, timed out…). */
export function isUnreachable(error: unknown): boolean {
  const e = error as SdkLikeError & { cause?: unknown };
  if (!e || typeof e !== 'object') return false;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return true;
  return e.cause !== undefined && e.cause !== e && isUnreachable(e.cause);
}

/** Converts any error from an AWS call into a DrError that says what was being done. */
export function toDrError(error: unknown, doing: string): DrError {
  if (error instanceof DrError) return error;
  const e = (error ?? {}) as SdkLikeError;
  const name = e.name ?? 'Error';
  const requestId = e.$metadata?.requestId;
  const detail = `${name}: ${e.message ?? String(error)}${requestId ? ` (request id ${requestId})` : ''}`;
  if (CREDENTIAL_ERRORS.has(name)) {
    return new DrError(`${doing} was refused: ${detail}`, {
      code: 'AWS_CREDENTIALS',
      exit: 'credentials',
      source: 'user',
      cause: error,
      hint: 'Check AWS_PROFILE/--profile and that the credentials are valid for this account; for the lab run `eval "$(mysfits-dr lab env)"`.',
    });
  }
  if (isUnreachable(error)) {
    return new DrError(`${doing} failed: the endpoint could not be reached (${detail})`, {
      code: 'AWS_UNREACHABLE',
      exit: 'unreachable',
      source: 'aws',
      cause: error,
      hint: 'Check the network, --endpoint-url / AWS_ENDPOINT_URL, and for the lab `mysfits-dr lab status`.',
    });
  }
  return new DrError(`${doing} failed: ${detail}`, {
    code: 'AWS_ERROR',
    exit: 'failed',
    source: 'aws',
    cause: error,
  });
}
