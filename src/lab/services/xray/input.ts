/**
 * Reading X-Ray request members from a parsed REST-JSON body. A member of the wrong type,
 * or a required one that is missing, is an InvalidRequestException naming the member.
 * Timestamps are epoch seconds (what the SDKs and the AWS CLI send); ISO 8601 strings are
 * accepted too.
 */
import { invalidRequest } from './errors.js';

/** A request body. */
export type Input = Record<string, unknown>;

/** An optional string member (length-checked when `max` is given). */
export function optionalString(
  input: Input,
  name: string,
  limits: { min?: number; max?: number } = {},
): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${name} must be a string.`);
  const { min = 0, max = Infinity } = limits;
  if (value.length < min || value.length > max) {
    throw invalidRequest(
      `${name} must be between ${min} and ${max} characters long; it has ${value.length}.`,
    );
  }
  return value;
}

/** A required string member. */
export function requiredString(
  input: Input,
  name: string,
  limits: { min?: number; max?: number } = {},
): string {
  const value = optionalString(input, name, limits);
  if (value === undefined) throw invalidRequest(`${name} is required.`);
  return value;
}

/** An optional boolean member. */
export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidRequest(`${name} must be a boolean.`);
  return value;
}

/** A required timestamp member, as epoch milliseconds. */
export function requiredTimestamp(input: Input, name: string): number {
  const value = input[name];
  if (value === undefined || value === null) throw invalidRequest(`${name} is required.`);
  const ms =
    typeof value === 'number'
      ? value * 1000
      : typeof value === 'string'
        ? /^\d+(\.\d+)?$/.test(value)
          ? Number(value) * 1000
          : Date.parse(value)
        : Number.NaN;
  if (!Number.isFinite(ms)) throw invalidRequest(`${name} must be a timestamp (epoch seconds).`);
  return ms;
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
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidRequest(`${name} must be a list of strings.`);
  }
  return value as string[];
}

/** An optional structure member. */
export function optionalStruct(input: Input, name: string): Input | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidRequest(`${name} must be a structure.`);
  }
  return value as Input;
}
