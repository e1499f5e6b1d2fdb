/**
 * The simple conditions of a filter expression: `keyword [operator value]`. Boolean keywords
 * stand alone or compare with = / != to true or false; number keywords need a comparison
 * operator and a number; string keywords stand alone ("has a value") or take =, !=,
 * CONTAINS, BEGINSWITH or ENDSWITH and a quoted string; `annotation.<key>` stands alone or
 * takes any operator and a string, number or boolean.
 */
import {
  BOOLEAN_KEYWORDS,
  type BooleanKeyword,
  type FilterNode,
  NUMBER_KEYWORDS,
  type NumberKeyword,
  type NumberOperator,
  STRING_KEYWORDS,
  type StringKeyword,
  type StringOperator,
} from './ast.js';
import { describeToken, STRING_WORD_OPERATORS, type TokenCursor } from './cursor.js';
import { FilterExpressionError, type Token } from './tokenizer.js';

const NUMBER_OPERATORS = ['=', '!=', '<', '<=', '>', '>='];
const STRING_OPERATORS = ['=', '!=', ...STRING_WORD_OPERATORS];

function fail(problem: string, token: Token): never {
  throw new FilterExpressionError(problem, token.position);
}

function readOperator(cursor: TokenCursor): string | undefined {
  const token = cursor.token;
  let operator: string | undefined;
  if (token.kind === 'punct' && NUMBER_OPERATORS.includes(token.text)) operator = token.text;
  if (token.kind === 'word' && STRING_WORD_OPERATORS.includes(token.text.toLowerCase())) {
    operator = token.text.toLowerCase();
  }
  if (operator !== undefined) cursor.next();
  return operator;
}

function readValue(cursor: TokenCursor, operator: Token): Token {
  const token = cursor.token;
  if (token.kind === 'end' || token.kind === 'punct') {
    fail(`expected a value after '${operator.text}'`, token);
  }
  return cursor.next();
}

function booleanValue(token: Token): boolean | undefined {
  const text = token.text.toLowerCase();
  return token.kind === 'word' && (text === 'true' || text === 'false')
    ? text === 'true'
    : undefined;
}

/** Parses one simple condition at the cursor (its first token is a keyword word). */
export function parseComparison(cursor: TokenCursor): FilterNode {
  const keywordToken = cursor.next();
  const shown = keywordToken.text;
  const keyword = shown.toLowerCase();
  const operatorToken = cursor.token;
  const operator = readOperator(cursor);
  if ((BOOLEAN_KEYWORDS as readonly string[]).includes(keyword)) {
    const node = { kind: 'boolean', keyword: keyword as BooleanKeyword } as const;
    if (operator === undefined) return { ...node, expected: true };
    if (operator !== '=' && operator !== '!=') {
      fail(
        `operator '${operatorToken.text}' cannot be used with '${shown}' (use = or !=)`,
        operatorToken,
      );
    }
    const value = readValue(cursor, operatorToken);
    const flag = booleanValue(value);
    if (flag === undefined)
      fail(`expected true or false after '${operator}', found ${describeToken(value)}`, value);
    return { ...node, expected: flag === (operator === '=') };
  }
  if ((NUMBER_KEYWORDS as readonly string[]).includes(keyword)) {
    if (operator === undefined || !NUMBER_OPERATORS.includes(operator)) {
      fail(
        `expected a comparison operator (=, !=, <, <=, >, >=) after '${shown}', found ${describeToken(operatorToken)}`,
        operatorToken,
      );
    }
    const value = readValue(cursor, operatorToken);
    if (value.kind !== 'number')
      fail(`expected a number after '${operator}', found ${describeToken(value)}`, value);
    return {
      kind: 'number',
      keyword: keyword as NumberKeyword,
      operator: operator as NumberOperator,
      value: Number(value.text),
    };
  }
  if ((STRING_KEYWORDS as readonly string[]).includes(keyword)) {
    const node = { kind: 'string', keyword: keyword as StringKeyword } as const;
    if (operator === undefined) return { ...node, operator: 'set', value: '' };
    if (!STRING_OPERATORS.includes(operator)) {
      fail(
        `operator '${operatorToken.text}' cannot be used with string keyword '${shown}'`,
        operatorToken,
      );
    }
    const value = readValue(cursor, operatorToken);
    if (value.kind !== 'string') {
      fail(
        `expected a quoted string after '${operatorToken.text}', found ${describeToken(value)}`,
        value,
      );
    }
    return { ...node, operator: operator as StringOperator, value: value.text };
  }
  if (keyword.startsWith('annotation.') && keyword.length > 'annotation.'.length) {
    const key = shown.slice('annotation.'.length);
    if (operator === undefined)
      return { kind: 'annotation', key, operator: 'set', value: undefined };
    const value = readValue(cursor, operatorToken);
    const parsed =
      value.kind === 'number'
        ? Number(value.text)
        : value.kind === 'string'
          ? value.text
          : booleanValue(value);
    if (parsed === undefined) {
      fail(
        `expected a quoted string, a number, true or false after '${operatorToken.text}', found ${describeToken(value)}`,
        value,
      );
    }
    return {
      kind: 'annotation',
      key,
      operator: operator as NumberOperator | StringOperator,
      value: parsed,
    };
  }
  return fail(`unknown keyword '${shown}'`, keywordToken);
}
