/**
 * Reading Global Accelerator request members the way the service does: a member of the
 * wrong JSON type is the front end's SerializationException, a missing required member its
 * ValidationException, a value outside the model's range or enum InvalidArgumentException.
 * Also the pagination of the List* operations (MaxResults 1–100, opaque NextToken).
 */
import type { AwsError } from '../../protocol/aws-error.js';
import { type Page, paginate as paginateList, prefixTokens } from '../../protocol/paginate.js';
import {
  anyStruct,
  type InputFault,
  type InputRules,
  list,
  oneOf,
  range,
  readMember,
  requireMember,
  text,
} from '../../protocol/shapes.js';
import { invalidArgument, invalidNextToken, missingMember, wrongType } from './errors.js';

/** A request body. */
export type Input = Record<string, unknown>;

function acceleratorError(member: string, fault: InputFault): AwsError {
  switch (fault.kind) {
    case 'type':
      return wrongType(
        member,
        fault.shape === 'integer' && !fault.reason ? 'a number' : fault.expected,
      );
    case 'missing':
      return missingMember(member);
    case 'length':
      return invalidArgument(`${member} must be at most ${fault.max} characters long.`);
    case 'range':
      return invalidArgument(
        `${member} ${fault.value} is not valid: it must be between ${fault.min} and ${fault.max}.`,
      );
    case 'enum':
      return invalidArgument(
        `${member} '${fault.value}' is not valid: expected one of ${fault.values.join(', ')}.`,
      );
    case 'count':
      return invalidArgument(`${member} can hold at most ${fault.max} items.`);
    default:
      return invalidArgument(`${member} is not valid.`);
  }
}

/** Global Accelerator's answers to bad input. */
export const ACCELERATOR_RULES: InputRules = {
  error: acceleratorError,
  itemPath: (path, index) => `${path}[${index}]`,
};

/** An optional string member. */
export function optionalString(input: Input, member: string): string | undefined {
  return readMember(input, member, 'string', ACCELERATOR_RULES);
}

/** A required string member (GenericString: at most 255 characters). */
export function requiredString(input: Input, member: string, maxLength = 255): string {
  return requireMember(input, member, text(undefined, maxLength), ACCELERATOR_RULES);
}

/** An optional number member within [min, max]; `integer` refuses fractions. */
export function optionalNumber(
  input: Input,
  member: string,
  limits: { min: number; max: number; integer: boolean },
): number | undefined {
  const shape = range(limits.min, limits.max, limits.integer);
  return readMember(input, member, shape, ACCELERATOR_RULES);
}

/** An optional boolean member. */
export function optionalBoolean(input: Input, member: string): boolean | undefined {
  return readMember(input, member, 'boolean', ACCELERATOR_RULES);
}

/** An optional enum member. */
export function optionalEnum<T extends string>(
  input: Input,
  member: string,
  values: readonly T[],
): T | undefined {
  return readMember(input, member, oneOf(values), ACCELERATOR_RULES) as T | undefined;
}

/** An optional list of structures, at most `max` long. */
export function optionalList(input: Input, member: string, max: number): Input[] | undefined {
  return readMember(input, member, list(anyStruct, max), ACCELERATOR_RULES);
}

const ACCELERATOR_TOKENS = prefixTokens(
  'lab-page-',
  (start, length) => start > 0 && start < length,
);

/** Pages `items` by the request's MaxResults (1–100) and NextToken. */
export function paginate<T>(input: Input, items: readonly T[], defaultMax = 100): Page<T> {
  return paginateList(items, {
    size: optionalNumber(input, 'MaxResults', { min: 1, max: 100, integer: true }) ?? defaultMax,
    token: optionalString(input, 'NextToken'),
    codec: ACCELERATOR_TOKENS,
    invalidToken: invalidNextToken,
  });
}

export type { Page };
