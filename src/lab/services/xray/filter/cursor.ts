/**
 * A position in a filter expression's token list, with the small checks the parser makes
 * (is this the word `and`? the punctuation `(`?) and `expect`, which throws a positioned
 * FilterExpressionError when the expected punctuation is not there.
 */
import { FilterExpressionError, type Token } from './tokenizer.js';

/** Word operators; they never start a condition. */
export const STRING_WORD_OPERATORS = ['contains', 'beginswith', 'endswith'];
/** Words that are operators rather than keywords (compared lower-case). */
export const RESERVED_WORDS = new Set(['and', 'or', 'not', ...STRING_WORD_OPERATORS]);

/** How a token reads in an error message. */
export function describeToken(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  if (token.kind === 'string') return `"${token.text}"`;
  return `'${token.text}'`;
}

/** Walks a token list (which always ends with an `end` token). */
export class TokenCursor {
  readonly #tokens: Token[];
  #at = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  /** The current token. */
  get token(): Token {
    return this.#tokens[this.#at]!;
  }

  /** The token after the current one (the `end` token at the end). */
  get following(): Token {
    return this.#tokens[Math.min(this.#at + 1, this.#tokens.length - 1)]!;
  }

  /** Returns the current token and moves past it (never past `end`). */
  next(): Token {
    const token = this.token;
    if (token.kind !== 'end') this.#at++;
    return token;
  }

  /** True when `token` is the word `word` (case-insensitive; `word` lower-case). */
  isWord(token: Token, word: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  /** True when `token` is the punctuation `text`. */
  isPunct(token: Token, text: string): boolean {
    return token.kind === 'punct' && token.text === text;
  }

  /** Consumes the punctuation `text`, or throws "expected '<text>' <context>". */
  expect(text: string, context: string): Token {
    const token = this.token;
    if (!this.isPunct(token, text)) {
      throw new FilterExpressionError(`expected '${text}' ${context}`, token.position);
    }
    return this.next();
  }
}
