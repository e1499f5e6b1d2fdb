/**
 * Splits an X-Ray filter expression into tokens: quoted strings (with `\"` and `\\`
 * escapes), numbers, words (keywords with dots such as `http.method`, and the word
 * operators AND, OR, NOT, CONTAINS, BEGINSWITH, ENDSWITH, true, false) and punctuation.
 * Every token keeps its 0-based character offset so errors can point at it.
 */

/** Thrown for an expression that cannot be read; the message names the problem and where. */
export class FilterExpressionError extends Error {
  /** 0-based character offset of the problem (the expression's length for "at the end"). */
  readonly position: number;
  /** The problem alone, without the prefix and position. */
  readonly problem: string;
  constructor(problem: string, position: number) {
    super(`Invalid filter expression: ${problem} at position ${position}`);
    this.name = 'FilterExpressionError';
    this.problem = problem;
    this.position = position;
  }
}

/** Kinds of token. `punct` covers operators and brackets; `end` closes every token list. */
export type TokenKind = 'string' | 'number' | 'word' | 'punct' | 'end';

/** One token: its kind, its text (a string's value without quotes) and where it starts. */
export interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

const PUNCTUATION = ['!=', '<=', '>=', '=', '<', '>', '!', '(', ')', '{', '}', ',', ':'];
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_.]*/;

function readString(source: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && i + 1 < source.length) {
      value += source[i + 1];
      i++;
    } else value += c;
  }
  throw new FilterExpressionError('unterminated string', start);
}

/** Tokenizes `source`; throws FilterExpressionError for an unterminated string or a stray character. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const { value, end } = readString(source, i);
      tokens.push({ kind: 'string', text: value, position: i });
      i = end;
      continue;
    }
    const rest = source.slice(i);
    const number = NUMBER.exec(rest);
    if (number && (c !== '-' || /\d|\./.test(rest[1] ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], position: i });
      i += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], position: i });
      i += word[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => rest.startsWith(p));
    if (punct) {
      tokens.push({ kind: 'punct', text: punct, position: i });
      i += punct.length;
      continue;
    }
    throw new FilterExpressionError(`unexpected character '${c}'`, i);
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}
