/**
 * The syntax tree of an X-Ray filter expression, as the parser builds it and the evaluator
 * reads it. Keywords are stored in their canonical lower-case spelling.
 */

/** Keywords that are true or false for a request (`ok`, `!fault`, `error = true`). */
export const BOOLEAN_KEYWORDS = ['ok', 'error', 'fault', 'throttle', 'partial'] as const;
/** Keywords holding a number (seconds, or the HTTP status). */
export const NUMBER_KEYWORDS = ['responsetime', 'duration', 'http.status'] as const;
/** Keywords holding a string. */
export const STRING_KEYWORDS = [
  'http.url',
  'http.method',
  'http.useragent',
  'http.clientip',
  'user',
] as const;

/** One of BOOLEAN_KEYWORDS. */
export type BooleanKeyword = (typeof BOOLEAN_KEYWORDS)[number];
/** One of NUMBER_KEYWORDS. */
export type NumberKeyword = (typeof NUMBER_KEYWORDS)[number];
/** One of STRING_KEYWORDS. */
export type StringKeyword = (typeof STRING_KEYWORDS)[number];

/** Comparison operators of numbers. */
export type NumberOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
/** Comparison operators of strings; `set` is a bare keyword ("has a value"). */
export type StringOperator = '=' | '!=' | 'contains' | 'beginswith' | 'endswith' | 'set';

/** Which service a `service()` or `edge()` names: by name, by type (`id(type: …)`), or both. */
export interface ServiceRef {
  name?: string;
  type?: string;
}

/** A node of the syntax tree. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'boolean'; keyword: BooleanKeyword; expected: boolean }
  | { kind: 'number'; keyword: NumberKeyword; operator: NumberOperator; value: number }
  | { kind: 'string'; keyword: StringKeyword; operator: StringOperator; value: string }
  | {
      kind: 'annotation';
      key: string;
      operator: NumberOperator | StringOperator;
      value: string | number | boolean | undefined;
    }
  /** `service()` matches any service; `filter` applies to that service's own segments. */
  | { kind: 'service'; service?: ServiceRef; filter?: FilterNode }
  /** `edge(a, b)`; `filter` applies to the calls on that edge (the callee's side). */
  | { kind: 'edge'; source: ServiceRef; destination: ServiceRef; filter?: FilterNode };
