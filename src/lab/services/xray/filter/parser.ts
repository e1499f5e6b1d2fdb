/**
 * Parses an X-Ray filter expression into a FilterNode. Grammar (precedence NOT/! > AND > OR;
 * two conditions side by side mean AND, as in X-Ray's own `ok !partial duration < 3`):
 *
 *   expr       := and (OR and)*
 *   and        := unary ([AND] unary)*
 *   unary      := (NOT | !) unary | '(' expr ')' | service | edge | comparison
 *   service    := service '(' [ref] ')' ['{' expr '}']
 *   edge       := edge '(' ref ',' ref ')' ['{' expr '}']
 *   ref        := "name" | id '(' (name|type) ':' "value" [, …] ')'
 *   comparison := keyword [operator value]            (see comparison.ts)
 *
 * Case rules as X-Ray's: keywords (`responseTime`), AND/OR/NOT, the string operators and
 * true/false are case-insensitive; quoted values, service names and annotation keys are not.
 * Errors are FilterExpressionError with the 0-based position of the offending token (the
 * expression's length when something is missing at the end).
 */
import type { FilterNode, ServiceRef } from './ast.js';
import { parseComparison } from './comparison.js';
import { describeToken, RESERVED_WORDS, TokenCursor } from './cursor.js';
import { FilterExpressionError, type Token, tokenize } from './tokenizer.js';

function parseOr(cursor: TokenCursor): FilterNode {
  let left = parseAnd(cursor);
  while (cursor.isWord(cursor.token, 'or')) {
    cursor.next();
    left = { kind: 'or', left, right: parseAnd(cursor) };
  }
  return left;
}

function startsCondition(cursor: TokenCursor, token: Token): boolean {
  if (token.kind === 'word') {
    return !RESERVED_WORDS.has(token.text.toLowerCase()) || cursor.isWord(token, 'not');
  }
  return cursor.isPunct(token, '!') || cursor.isPunct(token, '(');
}

function parseAnd(cursor: TokenCursor): FilterNode {
  let left = parseUnary(cursor);
  for (;;) {
    if (cursor.isWord(cursor.token, 'and')) cursor.next();
    else if (!startsCondition(cursor, cursor.token)) return left;
    left = { kind: 'and', left, right: parseUnary(cursor) };
  }
}

function parseUnary(cursor: TokenCursor): FilterNode {
  const token = cursor.token;
  if (cursor.isPunct(token, '!') || cursor.isWord(token, 'not')) {
    cursor.next();
    return { kind: 'not', operand: parseUnary(cursor) };
  }
  if (cursor.isPunct(token, '(')) {
    cursor.next();
    const inner = parseOr(cursor);
    cursor.expect(')', `to close '('`);
    return inner;
  }
  if (token.kind !== 'word' || RESERVED_WORDS.has(token.text.toLowerCase())) {
    const found = token.kind === 'end' ? '' : `, found ${describeToken(token)}`;
    throw new FilterExpressionError(`expected a condition${found}`, token.position);
  }
  if (cursor.isPunct(cursor.following, '(')) {
    if (cursor.isWord(token, 'service')) return parseService(cursor);
    if (cursor.isWord(token, 'edge')) return parseEdge(cursor);
  }
  return parseComparison(cursor);
}

function parseBraces(cursor: TokenCursor, keyword: string): FilterNode | undefined {
  const open = cursor.token;
  if (!cursor.isPunct(open, '{')) return undefined;
  cursor.next();
  const inner = parseOr(cursor);
  cursor.expect('}', `to close the '{' of ${keyword}()`);
  return inner;
}

function parseService(cursor: TokenCursor): FilterNode {
  cursor.next();
  cursor.next();
  const service = cursor.isPunct(cursor.token, ')') ? undefined : parseRef(cursor, 'service');
  cursor.expect(')', `to close 'service('`);
  return { kind: 'service', service, filter: parseBraces(cursor, 'service') };
}

function parseEdge(cursor: TokenCursor): FilterNode {
  cursor.next();
  cursor.next();
  const source = parseRef(cursor, 'edge');
  cursor.expect(',', 'between the two services of edge()');
  const destination = parseRef(cursor, 'edge');
  cursor.expect(')', `to close 'edge('`);
  return { kind: 'edge', source, destination, filter: parseBraces(cursor, 'edge') };
}

function parseRef(cursor: TokenCursor, keyword: string): ServiceRef {
  const token = cursor.token;
  if (token.kind === 'string') {
    cursor.next();
    return { name: token.text };
  }
  if (!cursor.isWord(token, 'id')) {
    throw new FilterExpressionError(
      `expected a quoted service name or id(...) in ${keyword}(), found ${describeToken(token)}`,
      token.position,
    );
  }
  cursor.next();
  cursor.expect('(', 'after id');
  const ref: ServiceRef = {};
  for (;;) {
    const field = cursor.token;
    const name = field.text.toLowerCase();
    if (field.kind !== 'word' || (name !== 'name' && name !== 'type')) {
      throw new FilterExpressionError(
        `expected name: or type: in id(), found ${describeToken(field)}`,
        field.position,
      );
    }
    cursor.next();
    cursor.expect(':', `after '${field.text}'`);
    const value = cursor.token;
    if (value.kind !== 'string') {
      throw new FilterExpressionError(
        `expected a quoted string after '${field.text}:', found ${describeToken(value)}`,
        value.position,
      );
    }
    cursor.next();
    ref[name] = value.text;
    if (!cursor.isPunct(cursor.token, ',')) break;
    cursor.next();
  }
  cursor.expect(')', `to close 'id('`);
  return ref;
}

/**
 * Parses a filter expression. An empty (or blank) expression is no filter at all and
 * returns undefined; anything unreadable throws FilterExpressionError.
 */
export function parseFilterExpression(source: string): FilterNode | undefined {
  if (source.trim() === '') return undefined;
  const cursor = new TokenCursor(tokenize(source));
  const node = parseOr(cursor);
  const rest = cursor.token;
  if (rest.kind !== 'end') {
    throw new FilterExpressionError(`unexpected ${describeToken(rest)}`, rest.position);
  }
  return node;
}
