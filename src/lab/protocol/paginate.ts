/**
 * One pagination helper for every lab service: a page of `size` items after the offset an
 * opaque token names, and the token of the next page. Services differ only in how a token
 * is spelt (a prefix and the offset, base64url; CloudWatch adds a fingerprint of the request
 * so a token replayed with other parameters is refused), which offsets a token may name,
 * and the error a bad token is answered with; those are the request's `codec` and
 * `invalidToken`. The page size and the token are read by the service (NextToken/nextToken/
 * Marker, MaxResults/maxResults/PageSize/MaxRecords) with its own input rules.
 */
import type { AwsError } from './aws-error.js';

/** How a service spells its page tokens. */
export interface TokenCodec {
  /** The token for resuming at `offset`. */
  encode(offset: number): string;
  /** The offset a token names, or undefined when it is not one of ours. */
  decode(token: string): number | undefined;
  /** Whether a decoded offset may be used with a list of `length` items (default: any). */
  valid?(offset: number, length: number): boolean;
}

/** Tokens spelt `<prefix><offset>` in base64url; `valid` limits the offsets accepted. */
export function prefixTokens(
  prefix: string,
  valid?: (offset: number, length: number) => boolean,
): TokenCodec {
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`);
  return {
    encode: (offset) => Buffer.from(`${prefix}${offset}`, 'utf8').toString('base64url'),
    decode: (token) => {
      const match = pattern.exec(Buffer.from(token, 'base64url').toString('utf8'));
      return match ? Number(match[1]) : undefined;
    },
    ...(valid ? { valid } : {}),
  };
}

/** What to page. */
export interface PageRequest {
  /** Items per page (already read and range-checked by the service). */
  size: number;
  /** The token of the request, if any. */
  token: string | undefined;
  codec: TokenCodec;
  /** The error a token that is not ours is answered with. */
  invalidToken: (token: string) => AwsError;
}

/** One page of a list, and the token of the next one (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** The offset a request's token names (0 without a token). */
export function tokenOffset(request: Omit<PageRequest, 'size'>, length: number): number {
  const { token, codec } = request;
  if (token === undefined) return 0;
  const offset = codec.decode(token);
  if (offset === undefined || !(codec.valid?.(offset, length) ?? true))
    throw request.invalidToken(token);
  return offset;
}

/** One page of `items` as `request` asks. */
export function paginate<T>(items: readonly T[], request: PageRequest): Page<T> {
  const offset = tokenOffset(request, items.length);
  const end = offset + request.size;
  const page: Page<T> = { items: items.slice(offset, end) };
  if (end < items.length) page.nextToken = request.codec.encode(end);
  return page;
}
