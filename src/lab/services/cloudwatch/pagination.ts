/**
 * NextToken handling: a token is an opaque base64url string naming the offset to resume
 * at and a fingerprint of the request it belongs to, so a token replayed with other
 * parameters (or a made-up one) is refused with InvalidNextToken, as AWS does.
 */
import { createHash } from 'node:crypto';
import { invalidNextToken } from './errors.js';

/** Fingerprint of the request parameters a token belongs to (the token itself excluded). */
export function fingerprint(request: unknown): string {
  const text = JSON.stringify(request, (key, value: unknown) =>
    key === 'NextToken' ? undefined : value,
  );
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** A token for resuming at `offset`. */
export function encodeToken(offset: number, print: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: print }), 'utf8').toString('base64url');
}

/** The offset a token resumes at (0 without a token); InvalidNextToken if it is not ours. */
export function decodeToken(token: string | undefined, print: string): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      o?: unknown;
      f?: unknown;
    };
    if (
      typeof parsed.o === 'number' &&
      Number.isInteger(parsed.o) &&
      parsed.o >= 0 &&
      parsed.f === print
    )
      return parsed.o;
  } catch {
    // fall through
  }
  throw invalidNextToken();
}

/** One page of a list, and the token for the next one. */
export function page<T>(
  items: readonly T[],
  token: string | undefined,
  size: number,
  print: string,
): { items: T[]; nextToken?: string } {
  const offset = decodeToken(token, print);
  if (offset > items.length) throw invalidNextToken();
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? encodeToken(end, print) : undefined,
  };
}
