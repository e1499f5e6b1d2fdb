/**
 * The lab's X-Ray over real HTTP with @aws-sdk/client-xray, fed by real traffic: the built
 * Like service (chaos mode, seeded) runs against the lab's DynamoDB and sends its segments
 * over UDP to the lab's us-west-2 daemon. Needs dist/ (npx tsc). Groups CRUD, regions,
 * faults and the AWS CLI: xray-groups.test.ts.
 */
import {
  BatchGetTracesCommand,
  GetGroupsCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  type Service,
  type TraceSummary,
} from '@aws-sdk/client-xray';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../../src/lab/credentials.js';
import { WORKSHOP_XRAY_GROUPS } from '../../src/lab/services/xray/seed.js';
import { LAB_LIKES_TABLE_NAME, LAB_TABLE_NAME } from '../../src/lab/topology.js';
import { REGIONS, waitFor } from '../helpers/lab.js';
import {
  createLikesTable,
  createTable,
  seedItems,
  startService,
  stopAll,
} from '../services/harness.js';
import { startXRayBed, type XRayBed } from '../helpers/xray-bed.js';

const [west, east] = REGIONS;
const GRETTA = 'da5303ae-5aba-495c-b5d6-eb5c4a66b941';
const LIKE_POST = WORKSHOP_XRAY_GROUPS['like-service'];
const LIKE_ERRORS = WORKSHOP_XRAY_GROUPS['like-service-errors-faults'];

let bed: XRayBed;
let likeUrl: string;
const statuses: number[] = [];
const traceIds: Record<number, string[]> = {};
let startedMs: number;
/** Traced GETs of the Like service (the harness's readiness check and ours). */
let gets = 0;

const window = () => ({
  StartTime: new Date(startedMs - 60_000),
  EndTime: new Date(Date.now() + 60_000),
});

async function summaries(region: string, FilterExpression?: string): Promise<TraceSummary[]> {
  const out = await bed
    .client(region)
    .send(new GetTraceSummariesCommand({ ...window(), FilterExpression }));
  return out.TraceSummaries ?? [];
}

const count = (...codes: number[]) => statuses.filter((s) => codes.includes(s)).length;

beforeAll(async () => {
  startedMs = Date.now();
  bed = await startXRayBed();
  await createTable(bed.lab.client(west), LAB_TABLE_NAME, seedItems());
  await createLikesTable(bed.lab.client(west), LAB_LIKES_TABLE_NAME);
  const like = await startService('like', {
    AWS_REGION: west,
    AWS_ACCESS_KEY_ID: LAB_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: LAB_SECRET_ACCESS_KEY,
    AWS_ENDPOINT_URL: bed.lab.url,
    DDB_TABLE_NAME: LAB_TABLE_NAME,
    LIKES_TABLE_NAME: LAB_LIKES_TABLE_NAME,
    AWS_XRAY_DAEMON_ADDRESS: bed.service.daemonAddress(west),
    CHAOSMODE: 'on',
    CHAOS_SEED: 'xray-lab',
  });
  likeUrl = like.url;
  for (let i = 0; i < 24; i++) {
    const res = await fetch(`${like.url}/mysfits/${GRETTA}/like`, { method: 'POST', body: '' });
    statuses.push(res.status);
    const root = /Root=([^;]+)/.exec(res.headers.get('x-amzn-trace-id') ?? '')![1]!;
    (traceIds[res.status] ??= []).push(root);
  }
  await fetch(`${like.url}/`); // a traced GET: in the graph, not in the like-service group
  await waitFor('every trace in the store', async () => {
    gets = (await summaries(west, 'http.method = "GET"')).length;
    const posts = await summaries(west, LIKE_POST);
    return (gets >= 1 && posts.length === statuses.length) || undefined;
  });
}, 120_000);

afterAll(async () => {
  await stopAll();
  await bed?.stop();
});

describe('GetTraceSummaries', () => {
  it('filters with the two workshop group expressions', async () => {
    expect(count(200) * count(404) * count(500)).toBeGreaterThan(0);
    const posts = await summaries(west, LIKE_POST);
    expect(posts).toHaveLength(statuses.length);
    expect(posts.every((s) => s.Http?.HttpMethod === 'POST')).toBe(true);
    const errors = await summaries(west, LIKE_ERRORS);
    expect(errors).toHaveLength(count(404, 500));
    const ids = (list: { Id?: string }[]) => list.map((s) => s.Id).sort();
    expect(ids(errors.filter((s) => s.HasFault))).toEqual([...traceIds[500]!].sort());
    expect(ids(errors.filter((s) => s.HasError))).toEqual([...traceIds[404]!].sort());
  });

  it('summarises a trace as X-Ray does', async () => {
    const ok = (await summaries(west, LIKE_POST)).find((s) => s.Id === traceIds[200]![0])!;
    expect(ok).toMatchObject({
      HasFault: false,
      HasError: false,
      HasThrottle: false,
      IsPartial: false,
      Http: {
        HttpMethod: 'POST',
        HttpStatus: 200,
        HttpURL: expect.stringContaining(`/mysfits/${GRETTA}/like`),
      },
      EntryPoint: { Name: 'Like Service', Type: 'AWS::ECS::Container' },
    });
    expect(ok.StartTime).toBeInstanceOf(Date);
    expect(ok.ResponseTime).toBeGreaterThan(0);
    expect(ok.Duration).toBeGreaterThanOrEqual(ok.ResponseTime!);
    expect(ok.ServiceIds?.map((s) => s.Name).sort()).toEqual([
      'Like Service',
      LAB_LIKES_TABLE_NAME,
      LAB_TABLE_NAME,
    ]);
  });

  it('answers a bad expression with InvalidRequestException naming the problem and position', async () => {
    const bad = bed.client(west).send(
      new GetTraceSummariesCommand({
        ...window(),
        FilterExpression: 'service("Like Service") AND http.method =',
      }),
    );
    await expect(bad).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: "Invalid filter expression: expected a value after '=' at position 41",
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('GetServiceGraph', () => {
  const node = (services: Service[], name?: string) => services.find((s) => s.Name === name)!;

  it('links client → Like Service → the two DynamoDB tables with counts', async () => {
    const { Services = [] } = await bed.client(west).send(new GetServiceGraphCommand(window()));
    const likeNode = node(Services, 'Like Service');
    const table = node(Services, LAB_TABLE_NAME);
    const likesTable = node(Services, LAB_LIKES_TABLE_NAME);
    const clientNode = Services.find((s) => s.Type === 'client')!;
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(likesTable.Type).toBe('AWS::DynamoDB::Table');
    expect(likeNode).toMatchObject({ Type: 'AWS::ECS::Container', Root: true, State: 'active' });
    expect(likeNode.SummaryStatistics).toMatchObject({
      OkCount: count(200) + gets,
      ErrorStatistics: { ThrottleCount: 0, OtherCount: count(404), TotalCount: count(404) },
      FaultStatistics: { OtherCount: count(500), TotalCount: count(500) },
      TotalCount: statuses.length + gets,
    });
    const edge = (ref: number | undefined) => likeNode.Edges!.find((e) => e.ReferenceId === ref)!;
    expect(likeNode.Edges?.map((e) => e.ReferenceId).sort()).toEqual(
      [table.ReferenceId, likesTable.ReferenceId].sort(),
    );
    // Per counted like: one UpdateItem on the mysfit (the workshop's table), then UpdateItem
    // (this region's counter) and BatchGetItem (the other region's) on the likes table.
    expect(edge(table.ReferenceId).SummaryStatistics).toMatchObject({
      OkCount: count(200),
      TotalCount: count(200),
    });
    expect(edge(likesTable.ReferenceId).SummaryStatistics).toMatchObject({
      OkCount: 2 * count(200),
      TotalCount: 2 * count(200),
    });
    const histogram = edge(likesTable.ReferenceId).ResponseTimeHistogram ?? [];
    expect(histogram.reduce((n, h) => n + (h.Count ?? 0), 0)).toBe(2 * count(200));
    expect(clientNode.Edges?.[0]?.ReferenceId).toBe(likeNode.ReferenceId);
  });

  it('draws the graph of a group', async () => {
    const { Services = [] } = await bed
      .client(west)
      .send(new GetServiceGraphCommand({ ...window(), GroupName: 'like-service-errors-faults' }));
    const likeNode = node(Services, 'Like Service');
    expect(likeNode.SummaryStatistics?.TotalCount).toBe(count(404, 500));
    expect(likeNode.Edges).toEqual([]); // chaos answers before any DynamoDB call
  });
});

describe('BatchGetTraces', () => {
  it('returns the sent segment and the inferred DynamoDB segments; unknown ids are unprocessed', async () => {
    const id = traceIds[200]![0]!;
    const missing = `1-${Math.floor(Date.now() / 1000).toString(16)}-${'0'.repeat(24)}`;
    const out = await bed.client(west).send(new BatchGetTracesCommand({ TraceIds: [id, missing] }));
    expect(out.UnprocessedTraceIds).toEqual([missing]);
    const docs = out.Traces![0]!.Segments!.map((s) => JSON.parse(s.Document!));
    expect(docs.map((d) => d.name).sort()).toEqual([
      'Like Service',
      LAB_LIKES_TABLE_NAME,
      LAB_LIKES_TABLE_NAME,
      LAB_TABLE_NAME,
    ]);
    const root = docs.find((d) => d.name === 'Like Service');
    const calls = root.subsegments.map(
      (s: { name: string; aws: { operation: string; table_name: string } }) =>
        `${s.name} ${s.aws.operation} ${s.aws.table_name}`,
    );
    expect(calls[0]).toBe(`DynamoDB UpdateItem ${LAB_TABLE_NAME}`);
    expect(calls.slice(1).sort()).toEqual([
      `DynamoDB BatchGetItem ${LAB_LIKES_TABLE_NAME}`,
      `DynamoDB UpdateItem ${LAB_LIKES_TABLE_NAME}`,
    ]);
    const subsegmentIds = root.subsegments.map((s: { id: string }) => s.id);
    for (const inferred of docs.filter((d) => d !== root)) {
      expect(inferred).toMatchObject({ inferred: true, origin: 'AWS::DynamoDB::Table' });
      expect(subsegmentIds).toContain(inferred.parent_id);
    }
  });
});

describe('groups', () => {
  it('lists Default and the workshop groups in each region, and counts their traces', async () => {
    for (const region of [west, east]) {
      const { Groups = [] } = await bed.client(region).send(new GetGroupsCommand({}));
      expect(Groups.map((g) => [g.GroupName, g.FilterExpression])).toEqual([
        ['Default', undefined],
        ['like-service', LIKE_POST],
        ['like-service-errors-faults', LIKE_ERRORS],
      ]);
      expect(Groups[1]!.GroupARN).toMatch(
        new RegExp(`^arn:aws:xray:${region}:000000000000:group/like-service/[A-Z2-7]{26}$`),
      );
      expect(Groups[2]!.InsightsConfiguration).toEqual({
        InsightsEnabled: false,
        NotificationsEnabled: false,
      });
    }
    expect(bed.service.groupTraceCounts(west, 'like-service', startedMs - 60_000, Date.now())).toBe(
      statuses.length,
    );
    expect(
      bed.service.groupTraceCounts(
        west,
        'like-service-errors-faults',
        startedMs - 60_000,
        Date.now(),
      ),
    ).toBe(count(404, 500));
    expect(bed.service.groupTraceCounts(east, 'like-service', startedMs - 60_000, Date.now())).toBe(
      0,
    );
    expect(bed.service.groupTraceCounts(west, 'no-such-group', 0, Date.now())).toBeUndefined();
  });
});

// Last: it adds a trace the counts above do not expect.
describe('a throttled DynamoDB call', () => {
  it('is a throttle on the DynamoDB subsegment and on the graph edge, a fault on the request', async () => {
    const added = await bed.lab.api('POST', '/_lab/faults', {
      kind: 'throttling',
      region: west,
      share: 1,
    });
    let traceId: string | undefined;
    try {
      for (let i = 0; i < 20 && !traceId; i++) {
        const res = await fetch(`${likeUrl}/mysfits/${GRETTA}/like`, { method: 'POST', body: '' });
        if (res.status === 503)
          traceId = /Root=([^;]+)/.exec(res.headers.get('x-amzn-trace-id')!)![1];
      }
    } finally {
      await bed.lab.api('DELETE', `/_lab/faults/${added.body.fault.id}`);
    }
    const summary = await waitFor('the throttled trace', async () =>
      (await summaries(west)).find((s) => s.Id === traceId),
    );
    expect(summary).toMatchObject({ HasThrottle: true, HasFault: true, Http: { HttpStatus: 503 } });
    const out = await bed.client(west).send(new BatchGetTracesCommand({ TraceIds: [traceId!] }));
    const segment = JSON.parse(out.Traces![0]!.Segments![0]!.Document!);
    expect(segment.subsegments[0]).toMatchObject({
      throttle: true,
      error: true,
      http: { response: { status: 400 } },
      aws: { operation: 'UpdateItem', table_name: LAB_TABLE_NAME, retries: 1 },
      cause: { exceptions: [{ type: 'ThrottlingException', remote: true }] },
    });
    const { Services = [] } = await bed.client(west).send(new GetServiceGraphCommand(window()));
    const likeNode = Services.find((s) => s.Name === 'Like Service')!;
    const table = Services.find((s) => s.Name === LAB_TABLE_NAME)!;
    const toTable = likeNode.Edges!.find((e) => e.ReferenceId === table.ReferenceId)!;
    expect(toTable.SummaryStatistics?.ErrorStatistics?.ThrottleCount).toBe(1);
  });
});
