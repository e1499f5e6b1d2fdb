/**
 * Reading Global Accelerator request members the way the service does: a member of the
 * wrong JSON type is the front end's SerializationException, a missing required member its
 * ValidationException, a value outside the model's range or enum InvalidArgumentException.
 * Also the pagination of the List* operations (MaxResults 1–100, opaque NextToken).
 */
import { invalidArgument, invalidNextToken, missingMember, wrongType } from './errors.js';

/** A request body. */
export type Input = Record<string, unknown>;

/** An optional string member. */
export function optionalString(input: Input, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(member, 'a string');
  return value;
}

/** A required string member (GenericString: at most 255 characters). */
export function requiredString(input: Input, member: string, maxLength = 255): string {
  const value = optionalString(input, member);
  if (value === undefined) throw missingMember(member);
  if (value.length > maxLength) {
    throw invalidArgument(`${member} must be at most ${maxLength} characters long.`);
  }
  return value;
}

/** An optional number member within [min, max]; `integer` refuses fractions. */
export function optionalNumber(
  input: Input,
  member: string,
  range: { min: number; max: number; integer: boolean },
): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(member, 'a number');
  if (range.integer && !Number.isInteger(value)) throw wrongType(member, 'an integer');
  if (value < range.min || value > range.max) {
    throw invalidArgument(
      `${member} ${value} is not valid: it must be between ${range.min} and ${range.max}.`,
    );
  }
  return value;
}

/** An optional boolean member. */
export function optionalBoolean(input: Input, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(member, 'a boolean');
  return value;
}

/** An optional enum member. */
export function optionalEnum<T extends string>(
  input: Input,
  member: string,
  values: readonly T[],
): T | undefined {
  const value = optionalString(input, member);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw invalidArgument(
      `${member} '${value}' is not valid: expected one of ${values.join(', ')}.`,
    );
  }
  return value as T;
}

/** An optional list of structures, at most `max` long. */
export function optionalList(input: Input, member: string, max: number): Input[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(member, 'a list');
  if (value.length > max) throw invalidArgument(`${member} can hold at most ${max} items.`);
  return value.map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw wrongType(`${member}[${index}]`, 'a structure');
    }
    return item as Input;
  });
}

/** One page of a List* answer. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Pages `items` by the request's MaxResults (1–100) and NextToken. */
export function paginate<T>(input: Input, items: readonly T[], defaultMax = 100): Page<T> {
  const max =
    optionalNumber(input, 'MaxResults', { min: 1, max: 100, integer: true }) ?? defaultMax;
  const token = optionalString(input, 'NextToken');
  let start = 0;
  if (token !== undefined) {
    const match = /^lab-page-(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    start = match ? Number(match[1]) : -1;
    if (start <= 0 || start >= items.length) throw invalidNextToken();
  }
  const end = start + max;
  return {
    items: items.slice(start, end),
    nextToken:
      end < items.length ? Buffer.from(`lab-page-${end}`, 'utf8').toString('base64url') : undefined,
  };
}
