/**
 * What X-Ray makes of a trace's segment documents: subsegments sent on their own merged
 * into their parents; one service node per segment name and origin; an inferred node per
 * downstream call recorded in an `aws` or `remote` subsegment (a DynamoDB call on a table
 * becomes the node `<table>` of type `AWS::DynamoDB::Table`); a `client` node in front of
 * every segment no other segment of the trace called; the edges between them, each with one
 * sample per call; and the inferred segments BatchGetTraces returns beside the sent ones.
 */
import { createHash } from 'node:crypto';
import { forEachSubsegment, type SegmentDocument } from './segments.js';

/** One request as a node or edge saw it: times (epoch seconds), outcome, HTTP fields. */
export interface TraceSample {
  start: number;
  /** Undefined while in progress. */
  end?: number;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  status?: number;
  method?: string;
  url?: string;
  userAgent?: string;
  clientIp?: string;
}

/** A node of the trace's graph. `key` is `name|type`; the client node's key is `client`. */
export interface TraceNode {
  key: string;
  name?: string;
  type?: string;
  inferred: boolean;
  /** True when a request entered the application here (a client called it). */
  root: boolean;
  samples: TraceSample[];
}

/** Calls from one node to another, one sample per call (the callee's side). */
export interface TraceEdge {
  from: string;
  to: string;
  samples: TraceSample[];
}

/** A trace as the API and filter expressions see it. */
export interface TraceView {
  id: string;
  /** Earliest start and latest end of any segment or subsegment (epoch seconds). */
  start: number;
  end: number;
  /** The entry segment's view, when the trace has one. */
  root?: TraceSample;
  partial: boolean;
  hasThrottle: boolean;
  nodes: TraceNode[];
  edges: TraceEdge[];
  users: string[];
  annotations: Record<string, (string | number | boolean)[]>;
  /** The documents BatchGetTraces returns: merged segments, then inferred ones (serialised on demand). */
  documents(): { id: string; document: string }[];
}

/** The key of the client node. */
export const CLIENT_NODE = 'client';

function sampleOf(doc: SegmentDocument): TraceSample {
  const request = doc.http?.request;
  return {
    start: doc.start_time,
    end: doc.in_progress === true ? undefined : doc.end_time,
    error: doc.error === true,
    fault: doc.fault === true,
    throttle: doc.throttle === true,
    status: doc.http?.response?.status,
    method: request?.method,
    url: request?.url,
    userAgent: request?.user_agent,
    clientIp: request?.client_ip,
  };
}

/** Name and type of the node a downstream call (subsegment) infers; undefined for local work. */
export function inferredNode(sub: SegmentDocument): { name: string; type: string } | undefined {
  if (sub.namespace === 'remote') return { name: sub.name, type: 'remote' };
  if (sub.namespace !== 'aws') return undefined;
  const table = sub.aws?.table_name;
  if (sub.name === 'DynamoDB' && typeof table === 'string' && table !== '') {
    return { name: table, type: 'AWS::DynamoDB::Table' };
  }
  return { name: sub.name, type: `AWS::${sub.name}` };
}

function inferredId(subsegmentId: string): string {
  return createHash('sha256').update(`inferred:${subsegmentId}`).digest('hex').slice(0, 16);
}

// Embeds subsegments sent on their own into copies of their parents (no copies when none were).
function mergeSubsegments(
  segments: SegmentDocument[],
  loose: SegmentDocument[],
): SegmentDocument[] {
  if (loose.length === 0) return segments;
  const merged = segments.map((s) => structuredClone(s));
  const byId = new Map<string, SegmentDocument>();
  for (const segment of merged) {
    byId.set(segment.id, segment);
    forEachSubsegment(segment, (sub) => byId.set(sub.id, sub));
  }
  for (const sub of loose) {
    const parent = sub.parent_id === undefined ? undefined : byId.get(sub.parent_id);
    if (!parent) continue;
    const { trace_id: _t, parent_id: _p, type: _type, ...embedded } = structuredClone(sub);
    const children = (parent.subsegments ?? []).filter((c) => c.id !== sub.id);
    parent.subsegments = [...children, embedded as SegmentDocument];
    byId.set(sub.id, embedded as SegmentDocument);
  }
  return merged;
}

/** Builds the view of trace `id` from its documents (latest version of each id). */
export function buildTraceView(id: string, documents: SegmentDocument[]): TraceView {
  const segments = mergeSubsegments(
    documents.filter((d) => d.type !== 'subsegment'),
    documents.filter((d) => d.type === 'subsegment'),
  ).sort((a, b) => a.start_time - b.start_time);
  const nodes = new Map<string, TraceNode>();
  const edges = new Map<string, TraceEdge>();
  const node = (key: string, fields: Omit<TraceNode, 'key' | 'samples' | 'root'>) => {
    let found = nodes.get(key);
    if (!found) nodes.set(key, (found = { key, ...fields, root: false, samples: [] }));
    return found;
  };
  const edge = (from: string, to: string, sample: TraceSample) => {
    const key = `${from}>${to}`;
    let found = edges.get(key);
    if (!found) edges.set(key, (found = { from, to, samples: [] }));
    found.samples.push(sample);
  };
  const owner = new Map<string, { nodeKey: string; sub: SegmentDocument }>();
  const segmentNode = new Map<string, string>();
  for (const segment of segments) {
    const key = `${segment.name}|${segment.origin ?? ''}`;
    node(key, { name: segment.name, type: segment.origin, inferred: false }).samples.push(
      sampleOf(segment),
    );
    segmentNode.set(segment.id, key);
    forEachSubsegment(segment, (sub) => owner.set(sub.id, { nodeKey: key, sub }));
  }
  const calledSubsegments = new Set<string>();
  let root: TraceSample | undefined;
  let partial = false;
  let hasThrottle = false;
  const users = new Set<string>();
  const annotations: Record<string, (string | number | boolean)[]> = {};
  const note = (doc: SegmentDocument) => {
    partial ||= doc.in_progress === true;
    hasThrottle ||= doc.throttle === true;
    if (typeof doc.user === 'string') users.add(doc.user);
    for (const [k, v] of Object.entries(doc.annotations ?? {})) (annotations[k] ??= []).push(v);
  };
  for (const segment of segments) {
    note(segment);
    forEachSubsegment(segment, note);
    const key = segmentNode.get(segment.id)!;
    const caller = segment.parent_id === undefined ? undefined : owner.get(segment.parent_id);
    const sample = sampleOf(segment);
    if (caller && caller.nodeKey !== key) {
      calledSubsegments.add(segment.parent_id!);
      edge(caller.nodeKey, key, sample);
    } else if (!caller && !segmentNode.has(segment.parent_id ?? '')) {
      nodes.get(key)!.root = true;
      root ??= sample;
      edge(CLIENT_NODE, key, sample);
    }
  }
  if ([...edges.values()].some((e) => e.from === CLIENT_NODE)) {
    nodes.set(CLIENT_NODE, {
      key: CLIENT_NODE,
      type: 'client',
      inferred: false,
      root: false,
      samples: [],
    });
  }
  const inferredDocs: SegmentDocument[] = [];
  for (const [subId, { nodeKey, sub }] of owner) {
    const target = calledSubsegments.has(subId) ? undefined : inferredNode(sub);
    if (!target) continue;
    const key = `${target.name}|${target.type}`;
    const sample = sampleOf(sub);
    node(key, { ...target, inferred: true }).samples.push(sample);
    edge(nodeKey, key, sample);
    const inferred: SegmentDocument = {
      id: inferredId(subId),
      name: target.name,
      start_time: sub.start_time,
      ...(sub.in_progress ? { in_progress: true } : { end_time: sub.end_time }),
      parent_id: subId,
      inferred: true,
      http: sub.http,
      aws: sub.aws,
      origin: target.type,
      trace_id: id,
      ...(sub.error ? { error: true } : {}),
      ...(sub.throttle ? { throttle: true } : {}),
      ...(sub.fault ? { fault: true } : {}),
      ...(sub.cause !== undefined ? { cause: sub.cause } : {}),
    };
    inferredDocs.push(inferred);
  }
  const times: number[] = [];
  const time = (d: SegmentDocument) => times.push(d.start_time, d.end_time ?? d.start_time);
  for (const segment of segments) {
    time(segment);
    forEachSubsegment(segment, time);
  }
  if (times.length === 0) documents.forEach(time);
  return {
    id,
    start: Math.min(...times),
    end: Math.max(...times),
    root,
    partial,
    hasThrottle,
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    users: [...users],
    annotations,
    documents: () =>
      [...segments, ...inferredDocs].map((d) => ({ id: d.id, document: JSON.stringify(d) })),
  };
}
