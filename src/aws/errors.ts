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

/** What kind of failure an AWS call met, for callers that report rather than throw. */
export type AwsErrorKind =
  | 'unreachable'
  | 'throttled'
  | 'timeout'
  | 'credentials'
  | 'not-found'
  | 'error';

/** A classified AWS error: its kind and a short message (`ThrottlingException: Rate exceeded`). */
export interface ClassifiedAwsError {
  kind: AwsErrorKind;
  message: string;
}

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceededException',
  'SlowDown',
]);

/** Network error codes and how to say them briefly. */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
};

/** The first network code on the error or its causes. */
function networkCode(error: unknown, depth = 0): string | undefined {
  const e = error as { code?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object' || depth > 5) return undefined;
  if (typeof e.code === 'string' && (e.code in NETWORK_WORDS || e.code === 'ETIMEDOUT'))
    return e.code;
  return e.cause !== undefined && e.cause !== e ? networkCode(e.cause, depth + 1) : undefined;
}

function firstLine(text: string, max = 160): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Classifies any error thrown by an SDK v3 call (or by the lab, which answers with AWS's
 * shapes) without throwing: a reset or refused connection is `unreachable` (Node's handler
 * names a reset `TimeoutError`, so the socket code wins over the name), a timeout is
 * `timeout`, throttling errors and HTTP 429 are `throttled`, `…NotFound…` errors are
 * `not-found`, refused credentials are `credentials`, anything else `error`. Pure.
 */
export function classifyAwsError(error: unknown): ClassifiedAwsError {
  if (error === null || typeof error !== 'object')
    return { kind: 'error', message: firstLine(String(error)) };
  const e = error as SdkLikeError;
  const name = e.name ?? 'Error';
  const text = firstLine(e.message ?? '');
  const code = networkCode(error);
  if (code && code !== 'ETIMEDOUT')
    return { kind: 'unreachable', message: `${NETWORK_WORDS[code]} (${code})` };
  if (code === 'ETIMEDOUT' || name === 'TimeoutError' || name === 'RequestTimeout') {
    const ms = /(\d+) ?ms/.exec(e.message ?? '')?.[1];
    return { kind: 'timeout', message: ms ? `timed out after ${ms} ms` : 'timed out' };
  }
  const detail = text ? `${name}: ${text}` : name;
  if (THROTTLING_ERRORS.has(name) || e.$metadata?.httpStatusCode === 429)
    return { kind: 'throttled', message: detail };
  if (CREDENTIAL_ERRORS.has(name)) return { kind: 'credentials', message: detail };
  // X-Ray says an unknown group with InvalidRequestException: "Group not found".
  const xrayNotFound = name === 'InvalidRequestException' && /not found/i.test(text);
  if (/NotFound/.test(name) || /^NoSuch/.test(name) || xrayNotFound)
    return { kind: 'not-found', message: detail };
  return { kind: 'error', message: detail };
}
