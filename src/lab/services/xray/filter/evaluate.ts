/**
 * Evaluates a filter expression over a trace. At the top level the simple keywords read the
 * trace's entry segment (X-Ray: "simple keywords only find issues at the trace level"):
 * `error`, `http.method`, `responsetime` are the root segment's; `duration` spans the whole
 * trace; `partial`, `user` and `annotation.*` look at every segment. Inside
 * `service(name) { … }` they read one segment of that service at a time (for an inferred
 * service such as a DynamoDB table: one call to it), and the braces match when any one does;
 * inside `edge(a, b) { … }`, one call on that edge. A field a segment lacks matches no
 * comparison (not even `!=`). Service names and string values compare case-sensitively.
 */
import { CLIENT_NODE, type TraceNode, type TraceSample, type TraceView } from '../engine/trace.js';
import type { FilterNode, NumberOperator, ServiceRef, StringOperator } from './ast.js';

function compareNumber(
  actual: number | undefined,
  operator: NumberOperator,
  expected: number,
): boolean {
  if (actual === undefined) return false;
  switch (operator) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
}

function compareString(
  actual: string | undefined,
  operator: StringOperator,
  expected: string,
): boolean {
  if (actual === undefined) return false;
  switch (operator) {
    case 'set':
      return true;
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case 'contains':
      return actual.includes(expected);
    case 'beginswith':
      return actual.startsWith(expected);
    case 'endswith':
      return actual.endsWith(expected);
  }
}

/** True when the sample completed with a 2xx status (or, without one, with no error flag). */
export function isOk(sample: TraceSample): boolean {
  if (sample.status !== undefined)
    return sample.status >= 200 && sample.status < 300 && !sample.fault;
  return !sample.error && !sample.fault && !sample.throttle;
}

function responseTime(sample: TraceSample | undefined): number | undefined {
  return sample?.end === undefined ? undefined : sample.end - sample.start;
}

function refMatches(ref: ServiceRef | undefined, node: TraceNode): boolean {
  if (node.key === CLIENT_NODE) return false;
  if (ref === undefined) return true;
  return (
    (ref.name === undefined || ref.name === node.name) &&
    (ref.type === undefined || ref.type === node.type)
  );
}

interface Scope {
  trace: TraceView;
  /** The segment or call under evaluation; the trace's entry segment at the top level. */
  sample: TraceSample | undefined;
  /** True inside service() or edge() braces. */
  nested: boolean;
}

function evaluate(node: FilterNode, scope: Scope): boolean {
  const { trace, sample } = scope;
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, scope) && evaluate(node.right, scope);
    case 'or':
      return evaluate(node.left, scope) || evaluate(node.right, scope);
    case 'not':
      return !evaluate(node.operand, scope);
    case 'boolean': {
      const value =
        node.keyword === 'partial'
          ? trace.partial
          : sample === undefined
            ? undefined
            : node.keyword === 'ok'
              ? isOk(sample)
              : sample[node.keyword];
      return value !== undefined && value === node.expected;
    }
    case 'number': {
      const actual =
        node.keyword === 'http.status'
          ? sample?.status
          : node.keyword === 'responsetime' || scope.nested
            ? responseTime(sample)
            : trace.end - trace.start;
      return compareNumber(actual, node.operator, node.value);
    }
    case 'string': {
      if (node.keyword === 'user') {
        return trace.users.some((user) => compareString(user, node.operator, node.value));
      }
      const field = {
        'http.url': 'url',
        'http.method': 'method',
        'http.useragent': 'userAgent',
        'http.clientip': 'clientIp',
      } as const;
      return compareString(sample?.[field[node.keyword]], node.operator, node.value);
    }
    case 'annotation':
      return (trace.annotations[node.key] ?? []).some((value) => {
        if (node.operator === 'set') return true;
        if (typeof value === 'number' && typeof node.value === 'number') {
          return compareNumber(value, node.operator as NumberOperator, node.value);
        }
        if (node.operator === '=' || node.operator === '!=')
          return (value === node.value) === (node.operator === '=');
        return (
          typeof value === 'string' &&
          typeof node.value === 'string' &&
          compareString(value, node.operator as StringOperator, node.value)
        );
      });
    case 'service':
      return trace.nodes.some(
        (candidate) =>
          refMatches(node.service, candidate) &&
          (node.filter === undefined ||
            candidate.samples.some((s) =>
              evaluate(node.filter!, { trace, sample: s, nested: true }),
            )),
      );
    case 'edge': {
      const byKey = new Map(trace.nodes.map((n) => [n.key, n]));
      return trace.edges.some((edge) => {
        const from = byKey.get(edge.from);
        const to = byKey.get(edge.to);
        if (!from || !to || !refMatches(node.source, from) || !refMatches(node.destination, to))
          return false;
        return (
          node.filter === undefined ||
          edge.samples.some((s) => evaluate(node.filter!, { trace, sample: s, nested: true }))
        );
      });
    }
  }
}

/** True when `trace` matches `filter` (no filter matches every trace). */
export function matchesFilter(filter: FilterNode | undefined, trace: TraceView): boolean {
  return filter === undefined || evaluate(filter, { trace, sample: trace.root, nested: false });
}
