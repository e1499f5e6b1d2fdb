// The lab's X-Ray data plane without HTTP: segment checks, what a trace's documents become
// (nodes, edges, inferred segments), the bounded trace store, the daemon's datagrams, the
// service graph's statistics, and the services' trace-header and daemon-address parsing.
import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { newTraceId, parseTraceHeader } from '../../services/shared/trace-header.js';
import { parseDaemonAddress } from '../../services/shared/xray.js';
import { parseDaemonDatagram, startXRayDaemon } from '../../src/lab/services/xray/engine/daemon.js';
import {
  parseSegmentDocument,
  type SegmentDocument,
} from '../../src/lab/services/xray/engine/segments.js';
import { XRayTraceStore } from '../../src/lab/services/xray/engine/trace-store.js';
import { buildTraceView } from '../../src/lab/services/xray/engine/trace.js';
import { serviceGraph } from '../../src/lab/services/xray/service-graph.js';

const NOW = Date.UTC(2026, 0, 15, 12);
const traceId = (n: number) =>
  `1-${Math.floor(NOW / 1000).toString(16)}-${n.toString(16).padStart(24, '0')}`;
const T = NOW / 1000;

function segment(trace: string, fields: Partial<SegmentDocument> = {}): SegmentDocument {
  return {
    id: 'a0000000000000a1',
    trace_id: trace,
    name: 'Like Service',
    origin: 'AWS::ECS::Container',
    start_time: T,
    end_time: T + 0.04,
    http: {
      request: { method: 'POST', url: 'http://x/mysfits/1/like' },
      response: { status: 200 },
    },
    subsegments: [
      {
        id: 'b0000000000000b1',
        name: 'DynamoDB',
        namespace: 'aws',
        start_time: T + 0.01,
        end_time: T + 0.03,
        aws: { operation: 'UpdateItem', table_name: 'MysfitsTable', region: 'us-west-2' },
        http: { response: { status: 200 } },
      },
    ],
    ...fields,
  };
}

describe('parseSegmentDocument', () => {
  const good = segment(traceId(1));
  it.each([
    ['not json', '{', 'InvalidJson'],
    ['a bad trace id', { ...good, trace_id: '1-abc-def' }, 'InvalidTraceId'],
    [
      'a trace id 40 days old',
      {
        ...good,
        trace_id: `1-${Math.floor(NOW / 1000 - 40 * 86400).toString(16)}-${'0'.repeat(24)}`,
      },
      'InvalidTraceId',
    ],
    ['a short id', { ...good, id: 'abc' }, 'InvalidId'],
    ['a name with <>', { ...good, name: '<Like>' }, 'InvalidName'],
    ['no end time', { ...good, end_time: undefined }, 'MissingEndTime'],
    ['a subsegment without parent', { ...good, type: 'subsegment' }, 'MissingParentId'],
    ['a bad nested subsegment', { ...good, subsegments: [{ id: 'x' }] }, 'InvalidId'],
  ])('refuses %s', (_what, doc, code) => {
    const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
    const result = parseSegmentDocument(text, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejection.errorCode).toBe(code);
      expect(result.rejection.message).toMatch(
        new RegExp(`^Invalid (sub)?segment\\. ErrorCode: ${code}$`),
      );
    }
  });

  it('accepts a segment, an in-progress one and a subsegment sent on its own', () => {
    expect(parseSegmentDocument(JSON.stringify(good), NOW).ok).toBe(true);
    const open = { ...good, end_time: undefined, in_progress: true };
    expect(parseSegmentDocument(JSON.stringify(open), NOW).ok).toBe(true);
    const sub = {
      ...good.subsegments![0]!,
      type: 'subsegment',
      trace_id: good.trace_id,
      parent_id: good.id,
    };
    expect(parseSegmentDocument(JSON.stringify(sub), NOW).ok).toBe(true);
  });
});

describe('buildTraceView', () => {
  it('infers the DynamoDB table node, the client node, the edges and the inferred segment', () => {
    const view = buildTraceView(traceId(1), [segment(traceId(1))]);
    expect(view.nodes.map((n) => [n.key, n.type, n.root, n.inferred])).toEqual([
      ['Like Service|AWS::ECS::Container', 'AWS::ECS::Container', true, false],
      ['client', 'client', false, false],
      ['MysfitsTable|AWS::DynamoDB::Table', 'AWS::DynamoDB::Table', false, true],
    ]);
    expect(view.edges.map((e) => [e.from, e.to, e.samples.length])).toEqual([
      ['client', 'Like Service|AWS::ECS::Container', 1],
      ['Like Service|AWS::ECS::Container', 'MysfitsTable|AWS::DynamoDB::Table', 1],
    ]);
    expect(view.end - view.start).toBeCloseTo(0.04, 6);
    const inferred = JSON.parse(view.documents()[1]!.document) as SegmentDocument;
    expect(inferred).toMatchObject({
      name: 'MysfitsTable',
      parent_id: 'b0000000000000b1',
      inferred: true,
      origin: 'AWS::DynamoDB::Table',
    });
  });

  it('merges a subsegment sent on its own into its parent and links a called service', () => {
    const trace = traceId(2);
    const core = segment(trace, {
      id: 'c0000000000000c1',
      name: 'Mysfits Service',
      subsegments: [],
    });
    const call: SegmentDocument = {
      id: 'd0000000000000d1',
      type: 'subsegment',
      trace_id: trace,
      parent_id: core.id,
      name: 'Like Service',
      namespace: 'remote',
      start_time: T + 0.001,
      end_time: T + 0.039,
      http: { request: { traced: true } },
    };
    const like = segment(trace, { parent_id: call.id, start_time: T + 0.002, end_time: T + 0.038 });
    const view = buildTraceView(trace, [core, call, like]);
    expect(view.edges.map((e) => [e.from, e.to])).toEqual([
      ['client', 'Mysfits Service|AWS::ECS::Container'],
      ['Mysfits Service|AWS::ECS::Container', 'Like Service|AWS::ECS::Container'],
      ['Like Service|AWS::ECS::Container', 'MysfitsTable|AWS::DynamoDB::Table'],
    ]);
    const merged = JSON.parse(view.documents()[0]!.document) as SegmentDocument;
    expect(merged.subsegments?.map((s) => s.id)).toEqual(['d0000000000000d1']);
  });
});

describe('XRayTraceStore', () => {
  it('keeps traces for the retention window and drops the least recently updated beyond the count', () => {
    let now = NOW;
    const store = new XRayTraceStore(
      { now: () => now, scaled: (ms) => ms },
      { retentionMs: 60_000, maxTraces: 2 },
    );
    for (const n of [1, 2, 3]) expect(store.put(JSON.stringify(segment(traceId(n)))).ok).toBe(true);
    expect(store.traces().map((t) => t.id)).toEqual([traceId(2), traceId(3)]);
    now += 30_000;
    store.put(JSON.stringify(segment(traceId(2), { id: 'a0000000000000a2' })));
    now += 40_000;
    expect(store.traces().map((t) => t.id)).toEqual([traceId(2)]);
    expect(store.stats()).toEqual({ held: 1, dropped: 2 });
  });

  it('replaces an in-progress segment and refuses documents beyond the per-trace limit', () => {
    const store = new XRayTraceStore(
      { now: () => NOW, scaled: (ms) => ms },
      { maxDocumentsPerTrace: 1 },
    );
    const open = { ...segment(traceId(1)), end_time: undefined, in_progress: true };
    store.put(JSON.stringify(open));
    expect(store.view(store.get(traceId(1))!).partial).toBe(true);
    store.put(JSON.stringify(segment(traceId(1))));
    const trace = store.get(traceId(1))!;
    expect(store.view(trace).partial).toBe(false);
    expect(trace.revision).toBe(2);
    const other = store.put(JSON.stringify(segment(traceId(1), { id: 'a0000000000000a9' })));
    expect(other).toMatchObject({ ok: false, rejection: { errorCode: 'LimitExceeded' } });
    expect(trace.limitExceeded).toBe(true);
  });
});

describe('the daemon', () => {
  it.each([
    ['{"format": "json", "version": 1}\n{"id":1}', true],
    ['{"format":"json","version":1}\n  {"id":1}\n', true],
    ['{"id":1}', false],
    ['{"format": "xml", "version": 1}\n{}', false],
    ['{"format": "json", "version": 1}\n', false],
  ])('parses %j: %s', (datagram, ok) => {
    expect(parseDaemonDatagram(Buffer.from(datagram)).ok).toBe(ok);
  });

  it('takes segments over UDP into the store and counts what it refuses', async () => {
    const store = new XRayTraceStore({ now: Date.now, scaled: (ms) => ms });
    const lines: string[] = [];
    const daemon = await startXRayDaemon({ region: 'us-west-2', store, log: (l) => lines.push(l) });
    const client = dgram.createSocket('udp4');
    try {
      const doc = {
        ...segment(newTraceId()),
        start_time: Date.now() / 1000,
        end_time: Date.now() / 1000 + 0.01,
      };
      const send = (text: string) =>
        new Promise((r) => client.send(text, daemon.port, daemon.host, r));
      await send(`{"format": "json", "version": 1}\n${JSON.stringify(doc)}`);
      await send('no header');
      for (let i = 0; i < 100 && daemon.stats().received < 2; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(daemon.stats()).toEqual({ received: 2, accepted: 1, rejected: 1 });
      expect(store.get(doc.trace_id!)).toBeDefined();
      expect(lines[0]).toMatch(/^xray daemon us-west-2: dropped a datagram: no header line/);
    } finally {
      client.close();
      await daemon.close();
    }
  });
});

describe('serviceGraph', () => {
  it('counts OK, errors, throttles and faults per node and edge', () => {
    const views = [200, 200, 404, 429, 500].map((status, n) => {
      const flags =
        status === 429
          ? { error: true, throttle: true }
          : status >= 500
            ? { fault: true }
            : status >= 400
              ? { error: true }
              : {};
      const doc = segment(traceId(n + 1), { ...flags, http: { response: { status } } });
      return buildTraceView(traceId(n + 1), [doc]);
    });
    const services = serviceGraph(views) as {
      Name?: string;
      Type?: string;
      ReferenceId: number;
      Edges: { ReferenceId: number; SummaryStatistics: unknown }[];
      SummaryStatistics?: unknown;
    }[];
    expect(services.map((s) => [s.ReferenceId, s.Name, s.Type])).toEqual([
      [0, undefined, 'client'],
      [1, 'Like Service', 'AWS::ECS::Container'],
      [2, 'MysfitsTable', 'AWS::DynamoDB::Table'],
    ]);
    expect(services[1]!.SummaryStatistics).toEqual({
      OkCount: 2,
      ErrorStatistics: { ThrottleCount: 1, OtherCount: 1, TotalCount: 2 },
      FaultStatistics: { OtherCount: 1, TotalCount: 1 },
      TotalCount: 5,
      TotalResponseTime: 0.2,
    });
    expect(services[1]!.Edges.map((e) => e.ReferenceId)).toEqual([2]);
    expect(services[1]!.Edges[0]!.SummaryStatistics).toMatchObject({ OkCount: 5, TotalCount: 5 });
    expect(services[0]!.Edges[0]).toMatchObject({
      ReferenceId: 1,
      SummaryStatistics: { TotalCount: 5 },
    });
  });
});

describe('the services’ trace header and daemon address', () => {
  it.each([
    [
      'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1',
      {
        root: '1-67891233-abcdef012345678912345678',
        parent: '53995c3f42cd8ad8',
        sampled: '1',
        others: [],
      },
    ],
    [
      'Self=1-67891233-abcdef012345678912345678;Root=1-67891233-000000000000000000000001',
      {
        root: '1-67891233-000000000000000000000001',
        others: ['Self=1-67891233-abcdef012345678912345678'],
      },
    ],
    ['Root=garbage;Parent=xyz', { others: [] }],
    [undefined, { others: [] }],
  ])('parses %s', (header, expected) => {
    expect(parseTraceHeader(header)).toEqual(expected);
  });

  it('reads host:port and the SDK form, and refuses anything else', () => {
    expect(parseDaemonAddress('127.0.0.1:2000')).toEqual({ host: '127.0.0.1', port: 2000 });
    expect(parseDaemonAddress('tcp:xray:2000 udp:xray:2001')).toEqual({ host: 'xray', port: 2001 });
    expect(() => parseDaemonAddress('localhost')).toThrow(
      /AWS_XRAY_DAEMON_ADDRESS="localhost" must be host:port/,
    );
    expect(newTraceId(NOW)).toMatch(
      new RegExp(`^1-${Math.floor(NOW / 1000).toString(16)}-[0-9a-f]{24}$`),
    );
  });
});
