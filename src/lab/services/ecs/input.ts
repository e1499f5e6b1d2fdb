/**
 * ECS request members and errors: reading typed members from a JSON request body (a member
 * of the wrong JSON type is a SerializationException, as AWS's JSON front end answers), the
 * ECS error shapes with AWS's messages, and list pagination with opaque tokens.
 */
import { AwsError, serializationError } from '../../protocol/aws-error.js';
import { paginate as paginateList, prefixTokens } from '../../protocol/paginate.js';
import {
  anyStruct,
  type InputFault,
  type InputRules,
  list,
  readMember,
} from '../../protocol/shapes.js';

/** A parsed JSON request body. */
export type EcsInput = Record<string, unknown>;

/** `InvalidParameterException`: the specified parameter is invalid. */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** `ClientException`: a client error such as an identifier that is not valid. */
export function clientException(message: string): AwsError {
  return new AwsError('ClientException', message);
}

/** `ClusterNotFoundException` as ECS words it. */
export function clusterNotFound(): AwsError {
  return new AwsError('ClusterNotFoundException', 'Cluster not found.');
}

/** `ServiceNotFoundException` as ECS words it. */
export function serviceNotFound(): AwsError {
  return new AwsError('ServiceNotFoundException', 'Service not found.');
}

function ecsError(key: string, fault: InputFault): AwsError {
  if (fault.kind === 'type')
    return serializationError(
      `Member '${key}' must be ${fault.shape === 'integer' ? 'an integer' : fault.expected}.`,
    );
  if (fault.kind === 'range')
    return invalidParameter(`${key} must be between ${fault.min} and ${fault.max}.`);
  return invalidParameter(`${key} is not valid.`);
}

/** ECS's answers to bad input: the JSON front end's SerializationException for a wrong type. */
export const ECS_RULES: InputRules = { error: ecsError, wholeListType: true };

/** An optional string member. */
export function readString(input: EcsInput, key: string): string | undefined {
  return readMember(input, key, 'string', ECS_RULES);
}

/** An optional whole-number member. */
export function readInteger(input: EcsInput, key: string): number | undefined {
  return readMember(input, key, 'integer', ECS_RULES);
}

/** An optional boolean member. */
export function readBoolean(input: EcsInput, key: string): boolean | undefined {
  return readMember(input, key, 'boolean', ECS_RULES);
}

/** An optional list-of-strings member. */
export function readStringList(input: EcsInput, key: string): string[] | undefined {
  return readMember(input, key, list('string'), ECS_RULES);
}

/** An optional structure member. */
export function readStructure(input: EcsInput, key: string): EcsInput | undefined {
  return readMember(input, key, anyStruct, ECS_RULES);
}

/** A required list of names or ARNs (`services`, `tasks`), 1 to `max` items. */
export function readRefList(input: EcsInput, key: string, noun: string, max: number): string[] {
  const refs = readStringList(input, key) ?? [];
  if (refs.length === 0) {
    throw invalidParameter(`${noun[0]!.toUpperCase()}${noun.slice(1)} cannot be empty.`);
  }
  if (refs.length > max) throw invalidParameter(`${noun} can have at most ${max} items.`);
  return refs;
}

const ECS_TOKENS = prefixTokens('lab1:');

/** A page of a list: `maxResults` (1–100, default `defaultMax`) items after `nextToken`. */
export function paginate<T>(
  items: readonly T[],
  input: EcsInput,
  defaultMax: number,
): { page: T[]; nextToken?: string } {
  const size = readInteger(input, 'maxResults') ?? defaultMax;
  if (size < 1 || size > 100) throw invalidParameter('maxResults must be between 1 and 100.');
  const { items: page, nextToken } = paginateList(items, {
    size,
    token: readString(input, 'nextToken'),
    codec: ECS_TOKENS,
    invalidToken: () => invalidParameter('Invalid nextToken.'),
  });
  return nextToken === undefined ? { page } : { page, nextToken };
}
