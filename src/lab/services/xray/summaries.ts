/**
 * TraceSummary and Trace shapes (GetTraceSummaries, BatchGetTraces) from a trace's view.
 * Times are epoch seconds; Duration spans the whole trace, ResponseTime the entry segment;
 * HasFault/HasError come from the entry segment, HasThrottle from any segment; ServiceIds
 * list every service of the trace (inferred ones included); the root-cause lists are empty
 * (the lab does not analyse root causes).
 */
import type { StoredTrace, XRayTraceStore } from './engine/trace-store.js';
import type { TraceView } from './engine/trace.js';
import { CLIENT_NODE } from './engine/trace.js';

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** The ServiceId of every non-client node of a trace. */
export function serviceIds(view: TraceView): Record<string, unknown>[] {
  return view.nodes
    .filter((n) => n.key !== CLIENT_NODE)
    .map((n) => ({ Name: n.name, Names: [n.name], Type: n.type }));
}

/** The summary of one trace. */
export function traceSummary(trace: StoredTrace, view: TraceView): Record<string, unknown> {
  const root = view.root;
  const entry = view.nodes.find((n) => n.root);
  return {
    Id: view.id,
    StartTime: round(view.start),
    Duration: round(view.end - view.start),
    ResponseTime: root?.end === undefined ? undefined : round(root.end - root.start),
    HasFault: root?.fault ?? false,
    HasError: root?.error ?? false,
    HasThrottle: view.hasThrottle,
    IsPartial: view.partial,
    Http: root
      ? {
          HttpURL: root.url,
          HttpStatus: root.status,
          HttpMethod: root.method,
          UserAgent: root.userAgent,
          ClientIp: root.clientIp,
        }
      : undefined,
    Annotations: Object.fromEntries(
      Object.entries(view.annotations).map(([key, values]) => [
        key,
        values.map((value) => ({
          AnnotationValue:
            typeof value === 'number'
              ? { NumberValue: value }
              : typeof value === 'boolean'
                ? { BooleanValue: value }
                : { StringValue: value },
          ServiceIds: serviceIds(view),
        })),
      ]),
    ),
    Users: view.users.map((UserName) => ({ UserName, ServiceIds: serviceIds(view) })),
    ServiceIds: serviceIds(view),
    ResourceARNs: [],
    InstanceIds: [],
    AvailabilityZones: [],
    EntryPoint: entry ? { Name: entry.name, Names: [entry.name], Type: entry.type } : undefined,
    FaultRootCauses: [],
    ErrorRootCauses: [],
    ResponseTimeRootCauses: [],
    Revision: trace.revision,
  };
}

/** The full trace of BatchGetTraces: every segment document, sent and inferred. */
export function fullTrace(store: XRayTraceStore, trace: StoredTrace): Record<string, unknown> {
  const view = store.view(trace);
  return {
    Id: trace.id,
    Duration: round(view.end - view.start),
    LimitExceeded: trace.limitExceeded,
    Segments: view.documents().map((d) => ({ Id: d.id, Document: d.document })),
  };
}
