/**
 * GetServiceGraph's Services from a set of traces: the nodes of every trace merged by name
 * and type (the client node has no name), each with its edges to the services it called.
 * A service's statistics count its own segments (for an inferred service: the calls made to
 * it); an edge's count the calls on it (the callee's side). A call counts as a fault when
 * its fault flag is set, else as a throttle (ErrorStatistics.ThrottleCount) when throttled,
 * else as another error when its error flag is set, else OK; in-progress calls are not
 * counted. Response times are seconds; histograms bucket them by the millisecond.
 */
import { LAB_ACCOUNT_ID } from '../../topology.js';
import { epochSeconds } from '../../protocol/rest-json.js';
import { CLIENT_NODE, type TraceSample, type TraceView } from './engine/trace.js';

/** Statistics in X-Ray's shape (ServiceStatistics / EdgeStatistics). */
export function summaryStatistics(samples: TraceSample[]): Record<string, unknown> {
  let ok = 0;
  let throttle = 0;
  let otherError = 0;
  let fault = 0;
  let total = 0;
  let time = 0;
  for (const s of samples) {
    if (s.end === undefined) continue;
    total += 1;
    time += s.end - s.start;
    if (s.fault) fault += 1;
    else if (s.throttle) throttle += 1;
    else if (s.error) otherError += 1;
    else ok += 1;
  }
  return {
    OkCount: ok,
    ErrorStatistics: {
      ThrottleCount: throttle,
      OtherCount: otherError,
      TotalCount: throttle + otherError,
    },
    FaultStatistics: { OtherCount: fault, TotalCount: fault },
    TotalCount: total,
    TotalResponseTime: Math.round(time * 1e6) / 1e6,
  };
}

/** Response times (or durations) of completed samples, bucketed by the millisecond. */
export function histogram(samples: TraceSample[]): { Value: number; Count: number }[] {
  const counts = new Map<number, number>();
  for (const s of samples) {
    if (s.end === undefined) continue;
    const value = Math.round((s.end - s.start) * 1000) / 1000;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([Value, Count]) => ({ Value, Count }));
}

interface MergedNode {
  key: string;
  name?: string;
  type?: string;
  root: boolean;
  samples: TraceSample[];
  edges: Map<string, TraceSample[]>;
}

function span(samples: TraceSample[]): { StartTime?: number; EndTime?: number } {
  if (samples.length === 0) return {};
  const start = Math.min(...samples.map((s) => s.start));
  const end = Math.max(...samples.map((s) => s.end ?? s.start));
  return { StartTime: epochSeconds(start * 1000), EndTime: epochSeconds(end * 1000) };
}

/** The Services list of a service graph over `traces`. */
export function serviceGraph(traces: TraceView[]): Record<string, unknown>[] {
  const nodes = new Map<string, MergedNode>();
  for (const trace of traces) {
    for (const n of trace.nodes) {
      let merged = nodes.get(n.key);
      if (!merged)
        nodes.set(
          n.key,
          (merged = {
            key: n.key,
            name: n.name,
            type: n.type,
            root: false,
            samples: [],
            edges: new Map(),
          }),
        );
      merged.root ||= n.root;
      merged.samples.push(...n.samples);
    }
    for (const e of trace.edges) {
      const from = nodes.get(e.from)!;
      from.edges.set(e.to, [...(from.edges.get(e.to) ?? []), ...e.samples]);
    }
  }
  const ordered = [...nodes.values()].sort((a, b) =>
    a.key === CLIENT_NODE ? -1 : b.key === CLIENT_NODE ? 1 : a.key.localeCompare(b.key),
  );
  const ids = new Map(ordered.map((n, index) => [n.key, index]));
  return ordered.map((n) => {
    const client = n.key === CLIENT_NODE;
    const edgeSamples = [...n.edges.values()].flat();
    const own = client ? edgeSamples : n.samples;
    return {
      ReferenceId: ids.get(n.key),
      Name: n.name,
      Names: n.name === undefined ? [] : [n.name],
      Root: client ? undefined : n.root,
      AccountId: client ? undefined : LAB_ACCOUNT_ID,
      Type: n.type,
      State: client ? 'unknown' : 'active',
      ...span(own),
      Edges: [...n.edges.entries()].map(([to, samples]) => ({
        ReferenceId: ids.get(to),
        ...span(samples),
        SummaryStatistics: summaryStatistics(samples),
        ResponseTimeHistogram: histogram(samples),
        Aliases: [],
      })),
      SummaryStatistics: client ? undefined : summaryStatistics(n.samples),
      DurationHistogram: client ? undefined : histogram(n.samples),
      ResponseTimeHistogram: client ? undefined : histogram(n.samples),
    };
  });
}
