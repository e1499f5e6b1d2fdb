/**
 * The trace operations of the X-Ray API: PutTraceSegments, GetTraceSummaries,
 * BatchGetTraces and GetServiceGraph, over one region's state. Behaviour: SPEC.md.
 */
import { createHash } from 'node:crypto';
import { epochSeconds } from '../../protocol/rest-json.js';
import { invalidRequest, parseFilterOrThrow } from './errors.js';
import { matchesFilter } from './filter/evaluate.js';
import { timeWindow, type XRayInput } from './input.js';
import { type TraceEntry, tracesBetween, type XRayRegion } from './region.js';
import { serviceGraph } from './service-graph.js';
import { fullTrace, traceSummary } from './summaries.js';

/** Trace summaries per GetTraceSummaries page. */
export const SUMMARIES_PAGE_SIZE = 100;

/** PutTraceSegments: stores each document; refused ones come back as UnprocessedTraceSegments. */
export function putTraceSegments(
  region: XRayRegion,
  input: XRayInput<'PutTraceSegments'>,
): Record<string, unknown> {
  const unprocessed = [];
  for (const document of input.TraceSegmentDocuments) {
    const outcome = region.store.put(document);
    if (!outcome.ok) {
      const { id, errorCode, message } = outcome.rejection;
      unprocessed.push({ Id: id, ErrorCode: errorCode, Message: message });
    }
  }
  return { UnprocessedTraceSegments: unprocessed };
}

// Sampling=true with SamplingStrategy FixedRate v keeps the share v of traces (decided by
// trace id, so pages agree); any other combination keeps every trace.
function samplingRate(input: XRayInput<'GetTraceSummaries'>): number | undefined {
  const strategy = input.SamplingStrategy;
  if (input.Sampling !== true) return undefined;
  if (strategy?.Name !== 'FixedRate' || strategy.Value === undefined) return undefined;
  return strategy.Value;
}

function sampled(traceId: string, rate: number | undefined): boolean {
  if (rate === undefined) return true;
  return createHash('sha256').update(traceId).digest().readUInt32BE(0) / 2 ** 32 < rate;
}

function encodeToken(timeMs: number, id: string): string {
  return Buffer.from(JSON.stringify([timeMs, id]), 'utf8').toString('base64url');
}

function decodeToken(token: string | undefined): [number, string] | undefined {
  if (token === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw invalidRequest('The NextToken is not valid.');
}

/**
 * GetTraceSummaries: traces whose time (TimeRangeType: TraceId = start of the trace,
 * Event = when its latest document arrived, Service = end of its latest segment) falls in
 * the window, newest first, SUMMARIES_PAGE_SIZE per page.
 */
export function getTraceSummaries(
  region: XRayRegion,
  input: XRayInput<'GetTraceSummaries'>,
): Record<string, unknown> {
  const { startMs, endMs } = timeWindow(input);
  const rangeType = input.TimeRangeType ?? 'TraceId';
  const filter = parseFilterOrThrow(input.FilterExpression);
  const cursor = decodeToken(input.NextToken);
  const rate = samplingRate(input);
  const timed: (TraceEntry & { timeMs: number })[] = [];
  let processed = 0;
  for (const trace of region.store.traces()) {
    const view = region.store.view(trace);
    const timeMs =
      rangeType === 'TraceId'
        ? view.start * 1000
        : rangeType === 'Event'
          ? trace.updatedMs
          : view.end * 1000;
    if (timeMs < startMs || timeMs > endMs) continue;
    processed += 1;
    const entry = { trace, view, timeMs };
    if (sampled(trace.id, rate) && matchesFilter(filter, view)) timed.push(entry);
  }
  timed.sort((a, b) => b.timeMs - a.timeMs || (a.trace.id < b.trace.id ? 1 : -1));
  const after = cursor
    ? timed.filter(
        (e) => e.timeMs < cursor[0] || (e.timeMs === cursor[0] && e.trace.id < cursor[1]),
      )
    : timed;
  const page = after.slice(0, SUMMARIES_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    TraceSummaries: page.map((e) => traceSummary(e.trace, e.view)),
    ApproximateTime: epochSeconds(cursor ? cursor[0] : endMs),
    TracesProcessedCount: processed,
    NextToken:
      after.length > page.length && last ? encodeToken(last.timeMs, last.trace.id) : undefined,
  };
}

/** BatchGetTraces: every segment document of each trace held; unknown ids are UnprocessedTraceIds. */
export function batchGetTraces(
  region: XRayRegion,
  input: XRayInput<'BatchGetTraces'>,
): Record<string, unknown> {
  const traces = [];
  const unprocessed = [];
  for (const id of input.TraceIds) {
    const trace = region.store.get(id);
    if (trace) traces.push(fullTrace(region.store, trace));
    else unprocessed.push(id);
  }
  return { Traces: traces, UnprocessedTraceIds: unprocessed };
}

/** GetServiceGraph: the graph of the traces that started in the window (of a group, when named). */
export function getServiceGraph(
  region: XRayRegion,
  input: XRayInput<'GetServiceGraph'>,
): Record<string, unknown> {
  const { startMs, endMs } = timeWindow(input);
  const { GroupName: name, GroupARN: arn } = input;
  const group =
    name !== undefined || arn !== undefined ? region.groups.find({ name, arn }) : undefined;
  const traces = tracesBetween(region, startMs, endMs, group?.filter).map((e) => e.view);
  return {
    StartTime: epochSeconds(startMs),
    EndTime: epochSeconds(endMs),
    Services: serviceGraph(traces),
    ContainsOldGroupVersions: false,
  };
}
