/**
 * The traces of one region, assembled from the segment documents that arrive (through the
 * region's daemon or PutTraceSegments). Memory is bounded: a trace is kept for
 * `retentionMs` after its last document arrived (default 6 h; X-Ray itself keeps 30 days)
 * and at most `maxTraces` traces are held (default 10 000), the least recently updated
 * dropped first; a trace holds at most `maxDocumentsPerTrace` documents (default 200; more
 * are refused and the trace reports LimitExceeded). A document with the id of one already
 * held replaces it (an in-progress segment completed).
 */
import type { LabClock } from '../../../dataplane/contracts.js';
import { parseSegmentDocument, type SegmentDocument, type SegmentRejection } from './segments.js';
import { buildTraceView, type TraceView } from './trace.js';

/** Bounds of a store. */
export interface TraceStoreLimits {
  retentionMs: number;
  maxTraces: number;
  maxDocumentsPerTrace: number;
}

/** The default bounds (see the file comment). */
export const DEFAULT_TRACE_STORE_LIMITS: TraceStoreLimits = {
  retentionMs: 6 * 3_600_000,
  maxTraces: 10_000,
  maxDocumentsPerTrace: 200,
};

/** A held trace. */
export interface StoredTrace {
  id: string;
  /** Lab time (ms) the first and the latest document of the trace arrived. */
  firstReceivedMs: number;
  updatedMs: number;
  /** Documents by id, in arrival order. */
  documents: Map<string, SegmentDocument>;
  /** Documents accepted for this trace (the summary's Revision). */
  revision: number;
  limitExceeded: boolean;
  view?: TraceView;
}

/** Outcome of putting one document. */
export type PutOutcome = { ok: true; traceId: string } | { ok: false; rejection: SegmentRejection };

/** A region's trace store. */
export class XRayTraceStore {
  readonly #traces = new Map<string, StoredTrace>();
  readonly #clock: LabClock;
  readonly #limits: TraceStoreLimits;
  #dropped = 0;

  constructor(clock: LabClock, limits: Partial<TraceStoreLimits> = {}) {
    this.#clock = clock;
    this.#limits = { ...DEFAULT_TRACE_STORE_LIMITS, ...limits };
  }

  /** Checks and stores one document (JSON text); the rejection says why when it is refused. */
  put(text: string): PutOutcome {
    const now = this.#clock.now();
    const parsed = parseSegmentDocument(text, now);
    if (!parsed.ok) return parsed;
    const { doc } = parsed;
    const traceId = doc.trace_id!;
    let trace = this.#traces.get(traceId);
    if (
      trace &&
      !trace.documents.has(doc.id) &&
      trace.documents.size >= this.#limits.maxDocumentsPerTrace
    ) {
      trace.limitExceeded = true;
      return {
        ok: false,
        rejection: {
          id: doc.id,
          errorCode: 'LimitExceeded',
          message: 'Invalid segment. ErrorCode: LimitExceeded',
        },
      };
    }
    if (trace) this.#traces.delete(traceId);
    else
      trace = {
        id: traceId,
        firstReceivedMs: now,
        updatedMs: now,
        documents: new Map(),
        revision: 0,
        limitExceeded: false,
      };
    trace.documents.delete(doc.id);
    trace.documents.set(doc.id, doc);
    trace.updatedMs = now;
    trace.revision += 1;
    trace.view = undefined;
    this.#traces.set(traceId, trace);
    this.prune();
    return { ok: true, traceId };
  }

  /** Drops traces past retention and, beyond the maximum count, the least recently updated. */
  prune(): void {
    const oldest = this.#clock.now() - this.#limits.retentionMs;
    for (const trace of this.#traces.values()) {
      if (trace.updatedMs >= oldest && this.#traces.size <= this.#limits.maxTraces) break;
      this.#traces.delete(trace.id);
      this.#dropped += 1;
    }
  }

  /** The trace with this id, if held. */
  get(traceId: string): StoredTrace | undefined {
    this.prune();
    return this.#traces.get(traceId);
  }

  /** The view of a held trace (computed once per change). */
  view(trace: StoredTrace): TraceView {
    trace.view ??= buildTraceView(trace.id, [...trace.documents.values()]);
    return trace.view;
  }

  /** Every held trace, least recently updated first. */
  traces(): StoredTrace[] {
    this.prune();
    return [...this.#traces.values()];
  }

  /** Traces held now, and dropped so far for retention or count. */
  stats(): { held: number; dropped: number } {
    return { held: this.#traces.size, dropped: this.#dropped };
  }

  /** Forgets every trace. */
  clear(): void {
    this.#traces.clear();
  }
}
