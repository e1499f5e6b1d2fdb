/**
 * Errors the lab returns to AWS clients, independent of wire protocol: a code (the
 * shape name the SDKs turn into `error.name`), a message and an HTTP status. Each
 * protocol codec serialises them (`__type` for JSON, `<Code>` for Query/XML).
 */
import { LAB_ENV_COMMAND, realCredentialsMessage } from '../credentials.js';

/** Namespace of errors raised by the AWS request front end rather than by a service. */
export const CORAL_NAMESPACE = 'com.amazon.coral.service';

/** An error to send back to an AWS client. */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** Shape namespace for JSON `__type` (`ns#Code`); the service's own when undefined. */
  readonly namespace: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; namespace?: string } = {},
  ) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = options.status ?? 400;
    this.namespace = options.namespace;
  }
}

/** The request carried no SigV4 signature at all. */
export function missingAuthenticationToken(): AwsError {
  return new AwsError(
    'MissingAuthenticationTokenException',
    `Request is missing Authentication Token. Sign requests with SigV4 (any AWS SDK or CLI does); for the lab, run ${LAB_ENV_COMMAND} first.`,
    { namespace: CORAL_NAMESPACE },
  );
}

/** The Authorization header or presigned query could not be read. */
export function incompleteSignature(message: string): AwsError {
  return new AwsError('IncompleteSignatureException', message, { namespace: CORAL_NAMESPACE });
}

/**
 * The credential scope names a region the lab does not serve. AWS answers a request
 * signed for another region than the endpoint's with this error and status.
 */
export function regionNotServed(region: string, regions: readonly string[]): AwsError {
  return new AwsError(
    'InvalidSignatureException',
    `Credential should be scoped to a valid region, not '${region}'. The mysfits-dr lab serves only ${regions.join(', ')}.`,
    { namespace: CORAL_NAMESPACE },
  );
}

/** Real-looking AWS credentials reached the lab. */
export function realCredentialsRefused(accessKeyId: string): AwsError {
  return new AwsError('UnrecognizedClientException', realCredentialsMessage(accessKeyId), {
    status: 403,
    namespace: CORAL_NAMESPACE,
  });
}

/** The credential scope names a service (signing name) the lab does not emulate. */
export function unsupportedService(service: string, supported: readonly string[]): AwsError {
  return new AwsError(
    'UnsupportedServiceException',
    `The mysfits-dr lab does not emulate the AWS service '${service}' (the signing name in the request's credential scope). Services served here: ${supported.join(', ') || 'none'}.`,
  );
}

/** The operation is not one the service (or the lab's emulation of it) knows. */
export function unknownOperation(message = 'An unknown operation was requested.'): AwsError {
  return new AwsError('UnknownOperationException', message, { namespace: CORAL_NAMESPACE });
}

/** The request body could not be parsed. */
export function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message, { namespace: CORAL_NAMESPACE });
}

/** A fault of the lab itself (or of its storage engine). */
export function internalError(message: string): AwsError {
  return new AwsError('InternalServerError', message, { status: 500 });
}

/** A call refused by the lab's throttling fault, as AWS throttles (the SDKs retry it). */
export function throttled(): AwsError {
  return new AwsError('ThrottlingException', 'Rate exceeded', { status: 400 });
}
