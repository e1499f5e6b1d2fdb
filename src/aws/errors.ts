/**
 * Classifies errors thrown by the AWS SDK (or by the lab, which answers with the same
 * shapes) with one table, for two uses: `classifyAwsError` for callers that report a
 * failure and go on (a kind and a short message), and `toDrError` for callers that stop
 * (a DrError whose code, and so exit code, follows from the kind: credentials exit 4,
 * unreachable or timed out exit 6, anything else exit 1), keeping AWS's message and
 * request id.
 */
import { DrError, EXIT_CODES, drError, type ErrorCode } from '../core/errors.js';

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

/** One row of the table: an error name, or a socket code with how to say it briefly. */
interface Row {
  kind: AwsErrorKind;
  /** Set for Node socket codes (`ECONNREFUSED`), looked up on the error and its causes. */
  socket?: string;
}

const credentials: Row = { kind: 'credentials' };
const throttled: Row = { kind: 'throttled' };
const timeout: Row = { kind: 'timeout' };
const unreachable = (socket: string): Row => ({ kind: 'unreachable', socket });

/**
 * The one table: SDK error names and Node socket codes → kind. Names not listed are
 * classified by pattern (`…NotFound…`, `NoSuch…`, X-Ray's "Group not found") or by HTTP 429.
 */
const AWS_ERRORS: Readonly<Record<string, Row>> = {
  CredentialsProviderError: credentials,
  UnrecognizedClientException: credentials,
  InvalidClientTokenId: credentials,
  ExpiredTokenException: credentials,
  ExpiredToken: credentials,
  InvalidSignatureException: credentials,
  SignatureDoesNotMatch: credentials,
  MissingAuthenticationTokenException: credentials,
  AccessDeniedException: credentials,
  AccessDenied: credentials,
  ThrottlingException: throttled,
  Throttling: throttled,
  ThrottledException: throttled,
  TooManyRequestsException: throttled,
  RequestLimitExceeded: throttled,
  RequestThrottled: throttled,
  RequestThrottledException: throttled,
  ProvisionedThroughputExceededException: throttled,
  RequestLimitExceededException: throttled,
  SlowDown: throttled,
  TimeoutError: timeout,
  RequestTimeout: timeout,
  ECONNREFUSED: unreachable('connection refused'),
  ECONNRESET: unreachable('connection reset'),
  ENOTFOUND: unreachable('host not found'),
  EAI_AGAIN: unreachable('host lookup failed'),
  EHOSTUNREACH: unreachable('host unreachable'),
  ENETUNREACH: unreachable('network unreachable'),
  EPIPE: unreachable('connection closed'),
  ETIMEDOUT: { kind: 'timeout', socket: 'timed out' },
};

/** The DrError code of each kind; the exit code comes from the error catalogue. */
const DR_ERROR_CODES: Readonly<Record<AwsErrorKind, ErrorCode>> = {
  credentials: 'AWS_CREDENTIALS',
  unreachable: 'AWS_UNREACHABLE',
  timeout: 'AWS_UNREACHABLE',
  throttled: 'AWS_ERROR',
  'not-found': 'AWS_ERROR',
  error: 'AWS_ERROR',
};

interface SdkLikeError {
  name?: string;
  code?: unknown;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

function row(key: unknown): Row | undefined {
  return typeof key === 'string' && Object.hasOwn(AWS_ERRORS, key) ? AWS_ERRORS[key] : undefined;
}

/**
 * The first socket code on the error or its causes, and whether the error itself is named as a
 * timeout (a cause's name is not enough: a throttled call that ended after retries is throttled).
 */
function transport(error: unknown): { socket?: string; timedOut: boolean } {
  let timedOut = false;
  let e = error as SdkLikeError | null;
  for (let depth = 0; e && typeof e === 'object' && depth <= 5; depth++) {
    if (row(e.code)?.socket) return { socket: e.code as string, timedOut };
    if (depth === 0 && row(e.name)?.kind === 'timeout') timedOut = true;
    e = e.cause !== e ? (e.cause as SdkLikeError | null) : null;
  }
  return { timedOut };
}

function kindOf(e: SdkLikeError, name: string, text: string): AwsErrorKind {
  const byName = row(name);
  if (byName?.kind === 'credentials') return 'credentials';
  const { socket, timedOut } = transport(e);
  if (socket) return AWS_ERRORS[socket]!.kind;
  if (timedOut) return 'timeout';
  if (byName?.kind === 'throttled' || e.$metadata?.httpStatusCode === 429) return 'throttled';
  // X-Ray says an unknown group with InvalidRequestException: "Group not found".
  const xrayNotFound = name === 'InvalidRequestException' && /not found/i.test(text);
  if (/NotFound/.test(name) || /^NoSuch/.test(name) || xrayNotFound) return 'not-found';
  return 'error';
}

function firstLine(text: string, max = 160): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Classifies any error thrown by an SDK v3 call (or by the lab) without throwing, from the
 * one table: refused credentials are `credentials`; a reset or refused connection is
 * `unreachable` (Node's handler names a reset `TimeoutError`, so the socket code wins over
 * the name); a timeout is `timeout`; throttling errors and HTTP 429 are `throttled`;
 * `…NotFound…` errors are `not-found`; anything else `error`. Pure.
 */
export function classifyAwsError(error: unknown): ClassifiedAwsError {
  if (error === null || typeof error !== 'object')
    return { kind: 'error', message: firstLine(String(error)) };
  // Our own credential errors (a missing profile, an MFA code that cannot be asked for) are
  // thrown from inside the shared credential chain, so they reach callers as a call's error.
  if (error instanceof DrError && error.exitCode === EXIT_CODES.credentials)
    return { kind: 'credentials', message: firstLine(error.message) };
  const e = error as SdkLikeError;
  const name = e.name ?? 'Error';
  const text = firstLine(e.message ?? '');
  const kind = kindOf(e, name, text);
  const socket = transport(e).socket;
  if (kind === 'unreachable' && socket)
    return { kind, message: `${AWS_ERRORS[socket]!.socket} (${socket})` };
  if (kind === 'timeout') {
    const ms = /(\d+) ?ms/.exec(e.message ?? '')?.[1];
    return { kind, message: ms ? `timed out after ${ms} ms` : 'timed out' };
  }
  return { kind, message: text ? `${name}: ${text}` : name };
}

/** True when the error means the endpoint could not be reached at all (refused, timed out…). */
export function isUnreachable(error: unknown): boolean {
  const { kind } = classifyAwsError(error);
  return kind === 'unreachable' || kind === 'timeout';
}

/**
 * Converts any error from an AWS call into a DrError that says what was being done
 * (`doing`); a DrError passes through unchanged. Code and exit code follow from the kind.
 */
export function toDrError(error: unknown, doing: string): DrError {
  if (error instanceof DrError) return error;
  const e = (error ?? {}) as SdkLikeError;
  const requestId = e.$metadata?.requestId;
  const detail = `${e.name ?? 'Error'}: ${e.message ?? String(error)}${requestId ? ` (request id ${requestId})` : ''}`;
  const code = DR_ERROR_CODES[classifyAwsError(error).kind];
  const message =
    code === 'AWS_CREDENTIALS'
      ? `${doing} was refused: ${detail}`
      : code === 'AWS_UNREACHABLE'
        ? `${doing} failed: the endpoint could not be reached (${detail})`
        : `${doing} failed: ${detail}`;
  return drError(code, message, { cause: error });
}
