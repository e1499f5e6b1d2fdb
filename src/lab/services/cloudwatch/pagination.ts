/**
 * NextToken handling: a token is an opaque base64url string naming the offset to resume
 * at and a fingerprint of the request it belongs to, so a token replayed with other
 * parameters (or a made-up one) is refused with InvalidNextToken, as AWS does.
 */
import { createHash } from 'node:crypto';
import { type Page, paginate, type TokenCodec, tokenOffset } from '../../protocol/paginate.js';
import { invalidNextToken } from './errors.js';

/** Fingerprint of the request parameters a token belongs to (the token itself excluded). */
export function fingerprint(request: unknown): string {
  const text = JSON.stringify(request, (key, value: unknown) =>
    key === 'NextToken' ? undefined : value,
  );
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** The tokens of the request with fingerprint `print`. */
function tokens(print: string): TokenCodec {
  return {
    encode: (offset) =>
      Buffer.from(JSON.stringify({ o: offset, f: print }), 'utf8').toString('base64url'),
    decode: (token) => {
      try {
        const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
          o?: unknown;
          f?: unknown;
        };
        const { o } = parsed;
        return typeof o === 'number' && Number.isInteger(o) && o >= 0 && parsed.f === print
          ? o
          : undefined;
      } catch {
        return undefined;
      }
    },
    valid: (offset, length) => offset <= length,
  };
}

/** A token for resuming at `offset`. */
export function encodeToken(offset: number, print: string): string {
  return tokens(print).encode(offset);
}

/** The offset a token resumes at (0 without a token); InvalidNextToken if it is not ours. */
export function decodeToken(token: string | undefined, print: string): number {
  return tokenOffset({ token, codec: tokens(print), invalidToken: invalidNextToken }, Infinity);
}

/** One page of a list, and the token for the next one. */
export function page<T>(
  items: readonly T[],
  token: string | undefined,
  size: number,
  print: string,
): Page<T> {
  return paginate(items, { size, token, codec: tokens(print), invalidToken: invalidNextToken });
}
