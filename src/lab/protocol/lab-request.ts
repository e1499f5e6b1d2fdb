/**
 * The request and response types shared by the lab's router, protocol codecs and service
 * handlers. Requests are read in full (AWS API bodies are small); responses may stream.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** An HTTP request to the lab endpoint, body read in full. */
export interface LabRequest {
  readonly method: string;
  /** Path and query as received (host is always the lab's). */
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Id the lab gives the request; sent back as `x-amzn-RequestId` when the lab answers. */
  readonly requestId: string;
}

/** A response from a handler. A stream body is piped to the client as it arrives. */
export interface LabResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | Readable;
  /**
   * Instead of answering: `reset` closes the connection at once (as an endpoint that does not
   * exist or refuses), `hang` keeps it open without a byte until the client gives up (as an
   * endpoint that times out). Status, headers and body are then ignored.
   */
  abort?: 'reset' | 'hang';
}

/** A response that closes the connection without answering (see LabResponse.abort). */
export function abortResponse(abort: 'reset' | 'hang'): LabResponse {
  return { status: 0, headers: {}, body: Buffer.alloc(0), abort };
}

/** One entry of the lab's health report (`GET /_lab/health`). */
export interface ComponentHealth {
  healthy: boolean;
  detail?: string;
  url?: string;
}

/** Reads a single-valued header (the first value if it was repeated). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
