/**
 * X-Ray segment documents: their shape (the fields the lab reads; everything else is kept
 * as sent) and the checks X-Ray applies when a document arrives through the daemon or
 * PutTraceSegments. A failed check gives the document's id (when it has one), an error
 * code and `Invalid segment. ErrorCode: <code>`, as UnprocessedTraceSegments shows it.
 * Fields: https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 */

/** `http` of a segment (the request it served) or subsegment (the call it made). */
export interface SegmentHttp {
  request?: {
    method?: string;
    url?: string;
    user_agent?: string;
    client_ip?: string;
    x_forwarded_for?: boolean;
    traced?: boolean;
  };
  response?: { status?: number; content_length?: number };
}

/** A segment or subsegment document (subsegments nest under `subsegments`). */
export interface SegmentDocument {
  id: string;
  name: string;
  trace_id?: string;
  parent_id?: string;
  /** `subsegment` for a subsegment sent on its own. */
  type?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  /** `aws` (AWS SDK calls) or `remote` (other downstream calls) on subsegments. */
  namespace?: string;
  /** The resource running the service (`AWS::ECS::Container`). */
  origin?: string;
  http?: SegmentHttp;
  aws?: Record<string, unknown>;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: unknown;
  user?: string;
  annotations?: Record<string, string | number | boolean>;
  subsegments?: SegmentDocument[];
  inferred?: boolean;
  [field: string]: unknown;
}

/** Why a document was refused. */
export interface SegmentRejection {
  id?: string;
  errorCode: string;
  message: string;
}

/** Largest segment document X-Ray accepts (64 kB). */
export const MAX_SEGMENT_DOCUMENT_BYTES = 64 * 1024;

const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const ENTITY_ID = /^[0-9a-f]{16}$/;
// Unicode letters, numbers, whitespace and _ . : / % & # = + \ - @ (up to 200 characters).
const NAME = /^[\p{L}\p{N}\s_.:/%&#=+\\\-@]{1,200}$/u;

function reject(id: unknown, errorCode: string, kind = 'segment'): SegmentRejection {
  return {
    id: typeof id === 'string' ? id : undefined,
    errorCode,
    message: `Invalid ${kind}. ErrorCode: ${errorCode}`,
  };
}

function checkEntity(doc: Record<string, unknown>, kind: string): SegmentRejection | undefined {
  if (typeof doc.id !== 'string' || !ENTITY_ID.test(doc.id))
    return reject(doc.id, 'InvalidId', kind);
  if (typeof doc.name !== 'string' || !NAME.test(doc.name))
    return reject(doc.id, 'InvalidName', kind);
  if (
    typeof doc.start_time !== 'number' ||
    !Number.isFinite(doc.start_time) ||
    doc.start_time <= 0
  ) {
    return reject(doc.id, 'InvalidStartTime', kind);
  }
  const done = typeof doc.end_time === 'number' && Number.isFinite(doc.end_time);
  if (!done && doc.in_progress !== true) return reject(doc.id, 'MissingEndTime', kind);
  if (done && (doc.end_time as number) < doc.start_time)
    return reject(doc.id, 'InvalidEndTime', kind);
  if (
    doc.parent_id !== undefined &&
    (typeof doc.parent_id !== 'string' || !ENTITY_ID.test(doc.parent_id))
  ) {
    return reject(doc.id, 'InvalidParentId', kind);
  }
  if (doc.subsegments !== undefined) {
    if (!Array.isArray(doc.subsegments)) return reject(doc.id, 'InvalidSubsegments', kind);
    for (const sub of doc.subsegments) {
      if (sub === null || typeof sub !== 'object' || Array.isArray(sub))
        return reject(doc.id, 'InvalidSubsegments', kind);
      const problem = checkEntity(sub as Record<string, unknown>, 'subsegment');
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * Parses and checks one document (JSON text). A trace id must be `1-<8 hex>-<24 hex>` and,
 * when `nowMs` is given, not older than 30 days nor more than a day ahead (X-Ray refuses such
 * ids as InvalidTraceId); a subsegment sent on its own needs `type: "subsegment"`, a trace id
 * and a parent id.
 */
export function parseSegmentDocument(
  text: string,
  nowMs?: number,
): { ok: true; doc: SegmentDocument } | { ok: false; rejection: SegmentRejection } {
  if (Buffer.byteLength(text, 'utf8') > MAX_SEGMENT_DOCUMENT_BYTES) {
    return { ok: false, rejection: reject(undefined, 'DocumentTooLarge') };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, rejection: reject(undefined, 'InvalidJson') };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, rejection: reject(undefined, 'InvalidJson') };
  }
  const doc = parsed as Record<string, unknown>;
  const kind = doc.type === 'subsegment' ? 'subsegment' : 'segment';
  if (typeof doc.trace_id !== 'string' || !TRACE_ID.test(doc.trace_id)) {
    return { ok: false, rejection: reject(doc.id, 'InvalidTraceId', kind) };
  }
  if (nowMs !== undefined) {
    const epochMs = parseInt(doc.trace_id.slice(2, 10), 16) * 1000;
    if (epochMs < nowMs - 30 * 86_400_000 || epochMs > nowMs + 86_400_000) {
      return { ok: false, rejection: reject(doc.id, 'InvalidTraceId', kind) };
    }
  }
  if (doc.type !== undefined && doc.type !== 'subsegment') {
    return { ok: false, rejection: reject(doc.id, 'InvalidType', kind) };
  }
  const problem = checkEntity(doc, kind);
  if (problem) return { ok: false, rejection: problem };
  if (kind === 'subsegment' && doc.parent_id === undefined) {
    return { ok: false, rejection: reject(doc.id, 'MissingParentId', kind) };
  }
  return { ok: true, doc: doc as SegmentDocument };
}

/** Calls `visit` for every subsegment nested in `doc` (depth first), with its parent. */
export function forEachSubsegment(
  doc: SegmentDocument,
  visit: (sub: SegmentDocument, parent: SegmentDocument) => void,
): void {
  for (const sub of doc.subsegments ?? []) {
    visit(sub, doc);
    forEachSubsegment(sub, visit);
  }
}
