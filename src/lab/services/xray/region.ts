/**
 * The X-Ray state of one lab region: its trace store, its groups and its daemon. Nothing
 * is shared between regions (X-Ray is a regional service).
 */
import type { XRayDaemon } from './engine/daemon.js';
import type { XRayTraceStore } from './engine/trace-store.js';
import { matchesFilter } from './filter/evaluate.js';
import type { FilterNode } from './filter/ast.js';
import type { XRayGroupStore } from './groups.js';
import type { TraceView } from './engine/trace.js';
import type { StoredTrace } from './engine/trace-store.js';

/** One region's X-Ray. */
export interface XRayRegion {
  readonly name: string;
  readonly store: XRayTraceStore;
  readonly groups: XRayGroupStore;
  readonly daemon: XRayDaemon;
}

/** A held trace with its view. */
export interface TraceEntry {
  trace: StoredTrace;
  view: TraceView;
}

/**
 * Traces of a region whose start time (earliest segment start) falls in [fromMs, toMs]
 * (inclusive, as the API's windows are; `[fromMs, toMs)` with `halfOpen`, for metric
 * periods), matching `filter` when one is given.
 */
export function tracesBetween(
  region: XRayRegion,
  fromMs: number,
  toMs: number,
  filter?: FilterNode,
  halfOpen = false,
): TraceEntry[] {
  const found: TraceEntry[] = [];
  for (const trace of region.store.traces()) {
    const view = region.store.view(trace);
    const startMs = view.start * 1000;
    if (startMs < fromMs || startMs > toMs || (halfOpen && startMs === toMs)) continue;
    if (matchesFilter(filter, view)) found.push({ trace, view });
  }
  return found;
}
