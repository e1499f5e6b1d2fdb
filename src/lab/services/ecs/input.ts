/**
 * ECS request members and errors: reading typed members from a JSON request body (a member
 * of the wrong JSON type is a SerializationException, as AWS's JSON front end answers), the
 * ECS error shapes with AWS's messages, and list pagination with opaque tokens.
 */
import { AwsError, serializationError } from '../../protocol/aws-error.js';

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

function wrongType(key: string, expected: string): AwsError {
  return serializationError(`Member '${key}' must be ${expected}.`);
}

/** An optional string member. */
export function readString(input: EcsInput, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(key, 'a string');
  return value;
}

/** An optional whole-number member. */
export function readInteger(input: EcsInput, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(key, 'an integer');
  return value;
}

/** An optional boolean member. */
export function readBoolean(input: EcsInput, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(key, 'a boolean');
  return value;
}

/** An optional list-of-strings member. */
export function readStringList(input: EcsInput, key: string): string[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw wrongType(key, 'a list of strings');
  }
  return value as string[];
}

/** An optional structure member. */
export function readStructure(input: EcsInput, key: string): EcsInput | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(key, 'a structure');
  return value as EcsInput;
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

/** A page of a list: `maxResults` (1–100, default `defaultMax`) items after `nextToken`. */
export function paginate<T>(
  items: readonly T[],
  input: EcsInput,
  defaultMax: number,
): { page: T[]; nextToken?: string } {
  const maxResults = readInteger(input, 'maxResults') ?? defaultMax;
  if (maxResults < 1 || maxResults > 100) {
    throw invalidParameter('maxResults must be between 1 and 100.');
  }
  const token = readString(input, 'nextToken');
  let offset = 0;
  if (token !== undefined) {
    const decoded = /^lab1:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) throw invalidParameter('Invalid nextToken.');
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < items.length
    ? { page, nextToken: Buffer.from(`lab1:${next}`, 'utf8').toString('base64url') }
    : { page };
}
