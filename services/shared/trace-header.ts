/**
 * X-Ray trace ids and the `X-Amzn-Trace-Id` header (X-Ray developer guide, "Tracing header"):
 * reading a header as the ALB forwards it, and new trace and segment ids.
 */
import { randomBytes } from 'node:crypto';

/** The fields of an `X-Amzn-Trace-Id` header. */
export interface TraceHeader {
  root?: string;
  parent?: string;
  sampled?: string;
  /** Other fields (`Self=…`, `Lineage=…`) as they came. */
  others: string[];
}

const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

/** Reads an `X-Amzn-Trace-Id` value; malformed Root/Parent values are ignored. */
export function parseTraceHeader(value: string | undefined): TraceHeader {
  const header: TraceHeader = { others: [] };
  for (const field of (value ?? '').split(';')) {
    const [name = '', ...rest] = field.trim().split('=');
    const text = rest.join('=');
    if (name === 'Root') header.root = TRACE_ID.test(text) ? text : undefined;
    else if (name === 'Parent') header.parent = SEGMENT_ID.test(text) ? text : undefined;
    else if (name === 'Sampled') header.sampled = text;
    else if (name !== '' && text !== '') header.others.push(field.trim());
  }
  return header;
}

/** A new trace id: `1-<epoch seconds, 8 hex>-<24 random hex>`. */
export function newTraceId(nowMs: number = Date.now()): string {
  const epoch = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${epoch}-${randomBytes(12).toString('hex')}`;
}

/** A new segment or subsegment id: 16 random hex digits. */
export function newSegmentId(): string {
  return randomBytes(8).toString('hex');
}
