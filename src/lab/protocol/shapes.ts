/**
 * A small shape language for request input, and one decoder that reads a member tree (a
 * parsed JSON or CBOR body, or a Query parameter tree) into typed values. A shape is a leaf
 * name (`'string'`, `'integer'`, `'double'`, `'boolean'`, `'timestamp'`) or a structure
 * built with the helpers below: strings with a length range, numbers with a range, enums,
 * lists (with a maximum count), structures (with required members) and maps. What a bad
 * member is answered with is each service's own: the decoder reports the fault to the
 * service's `InputRules`, which builds the error AWS answers with (SerializationException,
 * ValidationException, InvalidParameterException...). Timestamps decode to epoch ms.
 */
import type { AwsError } from './aws-error.js';
import { type QueryNode, queryList } from './query-xml.js';
import { cborTimestampMs } from './rpcv2-cbor.js';

/** A leaf shape. */
export type LeafKind = 'string' | 'double' | 'integer' | 'boolean' | 'timestamp';

/** A member's shape. */
export type Shape =
  | LeafKind
  | { readonly string: { readonly min?: number; readonly max?: number } }
  | { readonly number: { readonly min: number; readonly max: number; readonly integer: boolean } }
  | { readonly enum: readonly string[] }
  | { readonly list: Shape; readonly max?: number }
  | {
      readonly struct: { readonly [member: string]: Shape };
      readonly required?: readonly string[];
      /** Any structure, returned as it came (its members read later). */
      readonly open?: boolean;
    }
  | { readonly map: Shape };

/** The decoded type of a shape (structure members are optional). */
export type Infer<S> = S extends 'string' | { readonly string: unknown }
  ? string
  : S extends 'double' | 'integer' | 'timestamp' | { readonly number: unknown }
    ? number
    : S extends 'boolean'
      ? boolean
      : S extends { readonly enum: readonly (infer E)[] }
        ? E
        : S extends { readonly list: infer E }
          ? Infer<E>[]
          : S extends { readonly open: true }
            ? Record<string, unknown>
            : S extends { readonly struct: infer M; readonly required: readonly (infer R)[] }
              ? InferStruct<M, R>
              : S extends { readonly struct: infer M }
                ? InferStruct<M, never>
                : S extends { readonly map: infer V }
                  ? Record<string, Infer<V>>
                  : never;

/** A decoded structure: its `R` members present, the others optional. */
type InferStruct<M, R> = {
  -readonly [K in keyof M as K extends R ? K : never]: Infer<M[K]>;
} & { -readonly [K in keyof M as K extends R ? never : K]?: Infer<M[K]> };

/** A list of `of`, at most `max` items. */
export const list = <S extends Shape>(of: S, max?: number) =>
  (max === undefined ? { list: of } : { list: of, max }) as { readonly list: S; max?: number };
type Members = { [member: string]: Shape };
/** A structure; `required` members missing are refused (and typed as present). */
export function struct<M extends Members>(members: M): { readonly struct: M };
export function struct<M extends Members, const R extends keyof M & string>(
  members: M,
  required: readonly R[],
): { readonly struct: M; readonly required: readonly R[] };
export function struct(members: Members, required?: readonly string[]) {
  return required ? { struct: members, required } : { struct: members };
}
/** Any structure, taken as it came. */
export const anyStruct = { struct: {}, open: true } as const;
/** A map of string keys to `of`. */
export const map = <S extends Shape>(of: S) => ({ map: of }) as const;
/** A string of `min`..`max` characters. */
export const text = (min: number | undefined, max: number | undefined) =>
  ({
    string: { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) },
  }) as {
    readonly string: { min?: number; max?: number };
  };
/** A number in [min, max]; `integer` refuses fractions. */
export const range = (min: number, max: number, integer = true) =>
  ({ number: { min, max, integer } }) as const;
/** One of `values`. */
export const oneOf = <const E extends readonly string[]>(values: E) => ({ enum: values }) as const;

/** The wire format a request came in. */
export type WireFormat = 'json' | 'cbor' | 'query';

/** What was wrong with a member, for the service to word. */
export type InputFault =
  | { kind: 'type'; expected: string; shape: string; value: unknown; reason?: 'fraction' | 'item' }
  | { kind: 'missing' }
  | { kind: 'length'; length: number; min: number; max: number }
  | { kind: 'range'; value: number; min: number; max: number }
  | { kind: 'enum'; value: string; values: readonly string[] }
  | { kind: 'count'; count: number; max: number }
  | { kind: 'query'; text: string; shape: string };

/** How a service answers bad input, and the few wire details that differ between them. */
export interface InputRules {
  /** The error for a fault at `path` (`Member`, `Outer.Inner`, `List.member.2`...). */
  error(path: string, fault: InputFault): AwsError;
  /** How a list item's path is written (default `${path}.member.${i + 1}`). */
  itemPath?(path: string, index: number): string;
  /** A list with an item of the wrong leaf type is one fault of the list (ECS, X-Ray). */
  wholeListType?: boolean;
  /** JSON strings of digits are epoch seconds (X-Ray), not dates to parse. */
  numericTimestampStrings?: boolean;
  /** Numbers may come as bigints and 'NaN'/'Infinity' strings (CloudWatch's JSON and CBOR). */
  specialFloats?: boolean;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function shapeName(shape: Shape): string {
  if (typeof shape === 'string') return shape;
  if ('string' in shape || 'enum' in shape) return 'string';
  if ('number' in shape) return shape.number.integer ? 'integer' : 'double';
  if ('list' in shape) return 'list';
  return 'struct' in shape ? 'structure' : 'map';
}

function typeFault(shape: Shape, value: unknown, reason?: 'fraction' | 'item'): InputFault {
  const name = shapeName(shape);
  const word = name === 'double' ? 'number' : name;
  return {
    kind: 'type',
    expected: article(word),
    shape: name,
    value,
    ...(reason ? { reason } : {}),
  };
}

function queryLeaf(name: string, text: string, path: string, rules: InputRules): unknown {
  const bad = () => rules.error(path, { kind: 'query', text, shape: name });
  if (name === 'string') return text;
  if (name === 'boolean') {
    if (text !== 'true' && text !== 'false') throw bad();
    return text === 'true';
  }
  if (name === 'timestamp') {
    const ms = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
    if (Number.isNaN(ms)) throw bad();
    return ms;
  }
  const number = Number(text);
  if (text.trim() === '' || (Number.isNaN(number) && text !== 'NaN')) throw bad();
  if (name === 'integer' && !Number.isInteger(number)) throw bad();
  return number;
}

function timestampMs(value: unknown, format: WireFormat, rules: InputRules): number {
  if (format === 'cbor') return cborTimestampMs(value) ?? Number.NaN;
  if (typeof value === 'number') return value * 1000;
  if (typeof value !== 'string') return Number.NaN;
  if (rules.numericTimestampStrings && /^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  return Date.parse(value);
}

function leaf(shape: Shape, value: unknown, format: WireFormat, path: string, rules: InputRules) {
  const name = shapeName(shape);
  if (format === 'query') return queryLeaf(name, String(value), path, rules);
  const wrong = (reason?: 'fraction'): never => {
    throw rules.error(path, typeFault(shape, value, reason));
  };
  if (name === 'string') return typeof value === 'string' ? value : wrong();
  if (name === 'boolean') return typeof value === 'boolean' ? value : wrong();
  if (name === 'timestamp') {
    const ms = timestampMs(value, format, rules);
    return Number.isFinite(ms) ? ms : wrong();
  }
  const special =
    rules.specialFloats &&
    (typeof value === 'bigint' ||
      (typeof value === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(value)));
  const number = special ? Number(value) : value;
  if (typeof number !== 'number' || (!rules.specialFloats && !Number.isFinite(number)))
    return wrong();
  if (name === 'integer' && !Number.isInteger(number)) return wrong('fraction');
  return number;
}

function check(shape: Shape, value: unknown, path: string, rules: InputRules): unknown {
  if (typeof shape === 'string') return value;
  if ('string' in shape) {
    const { min = 0, max = Infinity } = shape.string;
    const length = (value as string).length;
    if (length < min || length > max) throw rules.error(path, { kind: 'length', length, min, max });
  } else if ('number' in shape) {
    const { min, max } = shape.number;
    const n = value as number;
    if (n < min || n > max) throw rules.error(path, { kind: 'range', value: n, min, max });
  } else if ('enum' in shape && !shape.enum.includes(value as string)) {
    throw rules.error(path, { kind: 'enum', value: value as string, values: shape.enum });
  }
  return value;
}

function decodeList(
  shape: { readonly list: Shape; readonly max?: number },
  items: readonly unknown[],
  format: WireFormat,
  path: string,
  rules: InputRules,
): unknown[] {
  if (shape.max !== undefined && items.length > shape.max)
    throw rules.error(path, { kind: 'count', count: items.length, max: shape.max });
  if (rules.wholeListType && typeof shape.list === 'string') {
    const of = shape.list;
    if (items.some((item) => !leafType(of, item)))
      throw rules.error(path, listFault(shape, items, rules));
  }
  const itemPath = rules.itemPath ?? ((p: string, i: number) => `${p}.member.${i + 1}`);
  return items.map((item, i) => decodeShape(shape.list, item, format, itemPath(path, i), rules));
}

function listFault(shape: { readonly list: Shape }, value: unknown, rules: InputRules): InputFault {
  if (!rules.wholeListType || typeof shape.list !== 'string') return typeFault(shape, value);
  return {
    kind: 'type',
    expected: `a list of ${shape.list}s`,
    shape: 'list',
    value,
    reason: 'item',
  };
}

const leafType = (kind: LeafKind, value: unknown): boolean =>
  kind === 'string' || kind === 'boolean' ? typeof value === kind : typeof value === 'number';

/** Decodes `value` as `shape`; `undefined` and `null` are an absent member. */
export function decodeShape(
  shape: Shape,
  value: unknown,
  format: WireFormat,
  path: string,
  rules: InputRules,
): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof shape === 'string' || 'string' in shape || 'number' in shape || 'enum' in shape)
    return check(shape, leaf(shape, value, format, path, rules), path, rules);
  if ('list' in shape) {
    if (format === 'query') return [];
    if (!Array.isArray(value)) throw rules.error(path, listFault(shape, value, rules));
    return decodeList(shape, value, format, path, rules);
  }
  if (typeof value !== 'object' || Array.isArray(value))
    throw rules.error(path || 'input', typeFault(shape, value));
  const record = value as Record<string, unknown>;
  if ('struct' in shape && shape.open) return record;
  const out: Record<string, unknown> = {};
  if ('map' in shape) {
    for (const [key, item] of Object.entries(record)) {
      const decoded = decodeShape(shape.map, item, format, `${path}.${key}`, rules);
      if (decoded !== undefined) out[key] = decoded;
    }
    return out;
  }
  for (const [member, memberShape] of Object.entries(shape.struct)) {
    const name = path ? `${path}.${member}` : member;
    let decoded: unknown;
    if (format === 'query' && typeof memberShape !== 'string' && 'list' in memberShape) {
      const members = queryList(record as { [key: string]: QueryNode }, member);
      if (members !== undefined) decoded = decodeList(memberShape, members, format, name, rules);
    } else decoded = decodeShape(memberShape, record[member], format, name, rules);
    if (decoded !== undefined) out[member] = decoded;
    else if (shape.required?.includes(member)) throw rules.error(name, { kind: 'missing' });
  }
  return out;
}

/** Decodes one member of a JSON body: `input[member]` as `shape`, named `member`. */
export function readMember<S extends Shape>(
  input: Record<string, unknown>,
  member: string,
  shape: S,
  rules: InputRules,
): Infer<S> | undefined {
  return decodeShape(shape, input[member], 'json', member, rules) as Infer<S> | undefined;
}

/**
 * A service's decoder of operation input: the input of `operation` (a parsed body or Query
 * parameter tree) decoded as its shape in `shapes`, bad members answered by `rules`.
 */
export function operationDecoder<T extends { readonly [operation: string]: Shape }>(
  shapes: T,
  format: WireFormat,
  rules: InputRules,
) {
  return <O extends keyof T & string>(operation: O, raw: unknown): Infer<T[O]> =>
    decodeShape(shapes[operation]!, raw ?? {}, format, '', rules) as Infer<T[O]>;
}
