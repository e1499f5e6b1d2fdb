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
