/**
 * X-Ray's errors: every problem with a request is an InvalidRequestException (400; X-Ray
 * models no validation or not-found error for these operations: an unknown group is
 * `InvalidRequestException: Group not found`), throttling is ThrottledException (429).
 */
import { AwsError } from '../../protocol/aws-error.js';
import { FilterExpressionError } from './filter/tokenizer.js';
import { parseFilterExpression } from './filter/parser.js';
import type { FilterNode } from './filter/ast.js';

/** InvalidRequestException with `message`. */
export function invalidRequest(message: string): AwsError {
  return new AwsError('InvalidRequestException', message, { status: 400 });
}

/** X-Ray's throttling error (the SDKs retry it). */
export function throttledException(message = 'Rate exceeded'): AwsError {
  return new AwsError('ThrottledException', message, { status: 429 });
}

/** The error for a group name or ARN that names no group. */
export function groupNotFound(): AwsError {
  return invalidRequest('Group not found');
}

/** Parses a filter expression; a bad one is InvalidRequestException naming problem and position. */
export function parseFilterOrThrow(expression: string | undefined): FilterNode | undefined {
  if (expression === undefined) return undefined;
  try {
    return parseFilterExpression(expression);
  } catch (error) {
    if (error instanceof FilterExpressionError) throw invalidRequest(error.message);
    throw error;
  }
}
