/**
 * CloudWatch's errors. Each has a Query error code (what `<Code>` carries, what the AWS CLI
 * and boto3 show, and what the `x-amzn-query-error` header of JSON and CBOR answers
 * carries) and a shape name (the `__type` of JSON and CBOR answers, from which the SDK v3
 * picks its exception class). Codes, shapes and statuses are those of the service model
 * (`monitoring-2010-08-01`); messages follow AWS's wording where known (SPEC.md).
 */
import { AwsError } from '../../protocol/aws-error.js';

/** Namespace of CloudWatch's error shapes. */
export const CLOUDWATCH_NAMESPACE = 'com.amazonaws.cloudwatch';

/** A CloudWatch error: AwsError (code = Query code) plus its model shape and extra members. */
export class CloudWatchError extends AwsError {
  /** Shape name of the error in the model (`__type` in JSON and CBOR). */
  readonly shape: string;
  /** Extra members of the error structure (e.g. dashboardValidationMessages). */
  readonly members: Record<string, unknown>;

  constructor(
    code: string,
    shape: string,
    message: string,
    status = 400,
    members: Record<string, unknown> = {},
    namespace = CLOUDWATCH_NAMESPACE,
  ) {
    super(code, message, { status, namespace });
    this.shape = shape;
    this.members = members;
  }
}

/** The shape name to send as `__type` for any AwsError. */
export function errorShape(error: AwsError): string {
  return error instanceof CloudWatchError ? error.shape : error.code;
}

/** InvalidParameterValue (InvalidParameterValueException). */
export function invalidParameterValue(message: string): CloudWatchError {
  return new CloudWatchError('InvalidParameterValue', 'InvalidParameterValueException', message);
}

/** The usual "The value X for parameter P is invalid." */
export function invalidValue(value: unknown, parameter: string): CloudWatchError {
  return invalidParameterValue(`The value ${String(value)} for parameter ${parameter} is invalid.`);
}

/** MissingParameter (MissingRequiredParameterException). */
export function missingParameter(parameter: string): CloudWatchError {
  return new CloudWatchError(
    'MissingParameter',
    'MissingRequiredParameterException',
    `The parameter ${parameter} is required.`,
  );
}

/** InvalidParameterCombination (InvalidParameterCombinationException). */
export function invalidParameterCombination(message: string): CloudWatchError {
  return new CloudWatchError(
    'InvalidParameterCombination',
    'InvalidParameterCombinationException',
    message,
  );
}

/**
 * ValidationError: request validation outside the model's errors. Query clients see the
 * code ValidationError; JSON and CBOR carry it as the AWS front end's
 * `com.amazon.coral.validate#ValidationException`.
 */
export function validationError(message: string): CloudWatchError {
  return new CloudWatchError(
    'ValidationError',
    'ValidationException',
    message,
    400,
    {},
    'com.amazon.coral.validate',
  );
}

/** ResourceNotFound (ResourceNotFound, 404): an alarm. */
export function alarmNotFound(message: string): CloudWatchError {
  return new CloudWatchError('ResourceNotFound', 'ResourceNotFound', message, 404);
}

/** ResourceNotFound (DashboardNotFoundError, 404): a dashboard. */
export function dashboardNotFound(message: string): CloudWatchError {
  return new CloudWatchError('ResourceNotFound', 'DashboardNotFoundError', message, 404);
}

/** One problem PutDashboard found in a dashboard body. */
export interface DashboardValidationMessage {
  DataPath: string;
  Message: string;
}

/** InvalidParameterInput (DashboardInvalidInputError), with the validation messages. */
export function dashboardInvalidInput(
  message: string,
  messages: DashboardValidationMessage[],
): CloudWatchError {
  return new CloudWatchError('InvalidParameterInput', 'DashboardInvalidInputError', message, 400, {
    dashboardValidationMessages: messages,
  });
}

/** LimitExceeded (LimitExceededFault). */
export function limitExceeded(message: string): CloudWatchError {
  return new CloudWatchError('LimitExceeded', 'LimitExceededFault', message);
}

/** InvalidNextToken. */
export function invalidNextToken(): CloudWatchError {
  return new CloudWatchError('InvalidNextToken', 'InvalidNextToken', 'The NextToken is not valid.');
}

/** InvalidFormat (InvalidFormatFault): e.g. StateReasonData that is not JSON. */
export function invalidFormat(message: string): CloudWatchError {
  return new CloudWatchError('InvalidFormat', 'InvalidFormatFault', message);
}
