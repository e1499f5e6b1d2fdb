/**
 * Global Accelerator's wire protocol (awsJson1_1, target prefix GlobalAccelerator_V20180706)
 * and its error shapes. The service's own errors carry the model's `Message` member; the
 * request front end's (ValidationException, SerializationException…) carry `message`.
 */
import { AwsError, serializationError } from '../../protocol/aws-error.js';
import { jsonHeaders, type JsonProtocol } from '../../protocol/aws-json.js';
import type { LabResponse } from '../../protocol/lab-request.js';

/** The X-Amz-Target prefix of every Global Accelerator operation. */
export const GLOBAL_ACCELERATOR_PREFIX = 'GlobalAccelerator_V20180706';

/** Global Accelerator speaks JSON 1.1 without a checksum header. */
export const GLOBAL_ACCELERATOR_PROTOCOL: JsonProtocol = {
  version: '1.1',
  namespace: 'com.amazonaws.globalaccelerator',
  crc32: false,
};

/** The only region whose endpoint answers the Global Accelerator API. */
export const GLOBAL_ACCELERATOR_API_REGION = 'us-west-2';

/** Serialises an error: `{__type: "<ns>#<Code>", Message}` (or `message` for front-end errors). */
export function acceleratorErrorResponse(error: AwsError, requestId: string): LabResponse {
  const namespace = error.namespace ?? GLOBAL_ACCELERATOR_PROTOCOL.namespace;
  const key = namespace === GLOBAL_ACCELERATOR_PROTOCOL.namespace ? 'Message' : 'message';
  const body = Buffer.from(
    JSON.stringify({ __type: `${namespace}#${error.code}`, [key]: error.message }),
    'utf8',
  );
  return {
    status: error.status,
    headers: {
      ...jsonHeaders(body, requestId, GLOBAL_ACCELERATOR_PROTOCOL),
      'x-amzn-errortype': error.code,
    },
    body,
  };
}

/** `InvalidArgumentException`: an argument is invalid (ranges, enums, unknown endpoints…). */
export function invalidArgument(message: string): AwsError {
  return new AwsError('InvalidArgumentException', message);
}

/** `AcceleratorNotFoundException`. */
export function acceleratorNotFound(arn: string): AwsError {
  return new AwsError('AcceleratorNotFoundException', `Accelerator not found: ${arn}`);
}

/** `ListenerNotFoundException`. */
export function listenerNotFound(arn: string): AwsError {
  return new AwsError('ListenerNotFoundException', `Listener not found: ${arn}`);
}

/** `EndpointGroupNotFoundException`. */
export function endpointGroupNotFound(arn: string): AwsError {
  return new AwsError('EndpointGroupNotFoundException', `Endpoint group not found: ${arn}`);
}

/** `InvalidNextTokenException`. */
export function invalidNextToken(): AwsError {
  return new AwsError('InvalidNextTokenException', 'The NextToken that you specified is invalid.');
}

/** The front end's `ValidationException` for a required member that is missing. */
export function missingMember(member: string): AwsError {
  const field = member.charAt(0).toLowerCase() + member.slice(1);
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    { namespace: 'com.amazon.coral.validate' },
  );
}

/** The front end's `SerializationException` for a member of the wrong JSON type. */
export function wrongType(member: string, expected: string): AwsError {
  return serializationError(`${member}: expected ${expected}.`);
}
