/**
 * Reading X-Ray request members from a parsed REST-JSON body. A member of the wrong type,
 * or a required one that is missing, is an InvalidRequestException naming the member.
 * Timestamps are epoch seconds (what the SDKs and the AWS CLI send); ISO 8601 strings are
 * accepted too.
 */
import type { AwsError } from '../../protocol/aws-error.js';
import {
  anyStruct,
  type InputFault,
  type InputRules,
  list,
  readMember,
  requireMember,
  text,
} from '../../protocol/shapes.js';
import { invalidRequest } from './errors.js';

/** A request body. */
export type Input = Record<string, unknown>;

function xrayError(name: string, fault: InputFault): AwsError {
  switch (fault.kind) {
    case 'missing':
      return invalidRequest(`${name} is required.`);
    case 'length':
      return invalidRequest(
        `${name} must be between ${fault.min} and ${fault.max} characters long; it has ${fault.length}.`,
      );
    case 'type':
      return invalidRequest(
        fault.shape === 'timestamp'
          ? `${name} must be a timestamp (epoch seconds).`
          : `${name} must be ${fault.expected}.`,
      );
    default:
      return invalidRequest(`${name} is not valid.`);
  }
}

/** X-Ray's answers to bad input. */
export const XRAY_RULES: InputRules = {
  error: xrayError,
  wholeListType: true,
  numericTimestampStrings: true,
};

/** An optional string member (length-checked when `max` is given). */
export function optionalString(
  input: Input,
  name: string,
  limits: { min?: number; max?: number } = {},
): string | undefined {
  return readMember(input, name, text(limits.min, limits.max), XRAY_RULES);
}

/** A required string member. */
export function requiredString(
  input: Input,
  name: string,
  limits: { min?: number; max?: number } = {},
): string {
  return requireMember(input, name, text(limits.min, limits.max), XRAY_RULES);
}

/** An optional boolean member. */
export function optionalBoolean(input: Input, name: string): boolean | undefined {
  return readMember(input, name, 'boolean', XRAY_RULES);
}

/** A required timestamp member, as epoch milliseconds. */
export function requiredTimestamp(input: Input, name: string): number {
  return requireMember(input, name, 'timestamp', XRAY_RULES);
}

/** The time window of a request: StartTime and EndTime, EndTime not before StartTime. */
export function timeWindow(input: Input): { startMs: number; endMs: number } {
  const startMs = requiredTimestamp(input, 'StartTime');
  const endMs = requiredTimestamp(input, 'EndTime');
  if (endMs < startMs) throw invalidRequest('EndTime must not be before StartTime.');
  return { startMs, endMs };
}

/** An optional list of strings. */
export function optionalStringList(input: Input, name: string): string[] | undefined {
  return readMember(input, name, list('string'), XRAY_RULES);
}

/** An optional structure member. */
export function optionalStruct(input: Input, name: string): Input | undefined {
  return readMember(input, name, anyStruct, XRAY_RULES);
}
