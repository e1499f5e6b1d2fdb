/**
 * The lab's X-Ray groups, PutTraceSegments, regions, faults and health over real HTTP, with
 * @aws-sdk/client-xray and the official AWS CLI v2 (REST-JSON answers and errors as AWS's).
 * Traces here come from PutTraceSegments; xray-api.test.ts feeds real service traffic.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  GetGroupsCommand,
  GetTraceSummariesCommand,
  PutTraceSegmentsCommand,
  type TraceSummary,
  UpdateGroupCommand,
} from '@aws-sdk/client-xray';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSHOP_XRAY_GROUPS } from '../../src/lab/services/xray/seed.js';
import { REGIONS, uniqueId, labEnv } from '../helpers/lab.js';
import { startXRayBed, type XRayBed } from '../helpers/xray-bed.js';

const run = promisify(execFile);
const [west, east] = REGIONS;
const LIKE_POST = WORKSHOP_XRAY_GROUPS['like-service'];
const LIKE_ERRORS = WORKSHOP_XRAY_GROUPS['like-service-errors-faults'];
const awsCli = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined;

let bed: XRayBed;
const startedMs = Date.now();

async function summaries(region: string, FilterExpression?: string): Promise<TraceSummary[]> {
  const out = await bed.client(region).send(
    new GetTraceSummariesCommand({
      StartTime: new Date(startedMs - 60_000),
      EndTime: new Date(Date.now() + 60_000),
      FilterExpression,
    }),
  );
  return out.TraceSummaries ?? [];
}

// Like service segments as the services send them: a POST 200, a POST 500, a GET 404.
function likeSegment(n: number, method: string, status: number): string {
  const now = Date.now() / 1000;
  const flags = status >= 500 ? { fault: true } : status >= 400 ? { error: true } : {};
  return JSON.stringify({
    trace_id: `1-${Math.floor(now).toString(16)}-${n.toString(16).padStart(24, '0')}`,
    id: n.toString(16).padStart(16, 'a'),
    name: 'Like Service',
    origin: 'AWS::ECS::Container',
    start_time: now,
    end_time: now + 0.02,
    http: { request: { method, url: 'http://alb/mysfits/x/like' }, response: { status } },
    ...flags,
  });
}

beforeAll(async () => {
  bed = await startXRayBed();
  const documents = [
    likeSegment(1, 'POST', 200),
    likeSegment(2, 'POST', 500),
    likeSegment(3, 'GET', 404),
  ];
  const out = await bed
    .client(west)
    .send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: documents }));
  expect(out.UnprocessedTraceSegments).toEqual([]);
}, 120_000);

afterAll(async () => {
  await bed?.stop();
});

describe('groups', () => {
  it('creates, reads, updates and deletes a group, with X-Ray’s errors', async () => {
    const x = bed.client(east);
    const GroupName = uniqueId('g').slice(0, 32);
    const created = await x.send(new CreateGroupCommand({ GroupName, FilterExpression: 'fault' }));
    const arn = created.Group!.GroupARN!;
    expect((await x.send(new GetGroupCommand({ GroupARN: arn }))).Group?.GroupName).toBe(GroupName);
    const updated = await x.send(
      new UpdateGroupCommand({
        GroupName,
        FilterExpression: 'responsetime > 2',
        InsightsConfiguration: { InsightsEnabled: true },
      }),
    );
    expect(updated.Group).toMatchObject({
      GroupARN: arn,
      FilterExpression: 'responsetime > 2',
      InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: false },
    });
    await expect(x.send(new CreateGroupCommand({ GroupName }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: 'Group already exists',
    });
    await expect(x.send(new CreateGroupCommand({ GroupName: 'Default' }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    await expect(
      x.send(new UpdateGroupCommand({ GroupName, FilterExpression: 'http.status >' })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: "Invalid filter expression: expected a value after '>' at position 13",
    });
    await x.send(new DeleteGroupCommand({ GroupARN: arn }));
    for (const call of [
      new GetGroupCommand({ GroupName }),
      new DeleteGroupCommand({ GroupName }),
    ]) {
      await expect(x.send(call as GetGroupCommand)).rejects.toMatchObject({
        name: 'InvalidRequestException',
        message: 'Group not found',
        $metadata: { httpStatusCode: 400 },
      });
    }
    const west1 = await bed.client(west).send(new GetGroupsCommand({}));
    expect(west1.Groups?.some((g) => g.GroupName === GroupName)).toBe(false);
  });
});

describe('PutTraceSegments, regions and faults', () => {
  it('stores segments per region and reports the ones it refuses', async () => {
    const now = Date.now() / 1000;
    const TraceId = `1-${Math.floor(now).toString(16)}-${'e'.repeat(24)}`;
    const doc = {
      trace_id: TraceId,
      id: 'e0000000000000e1',
      name: 'Like Service',
      start_time: now,
      end_time: now + 0.01,
      http: { request: { method: 'POST' }, response: { status: 502 } },
      fault: true,
    };
    const out = await bed
      .client(east)
      .send(
        new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(doc), '{"id":"x"}'] }),
      );
    expect(out.UnprocessedTraceSegments).toEqual([
      {
        ErrorCode: 'InvalidTraceId',
        Id: 'x',
        Message: 'Invalid segment. ErrorCode: InvalidTraceId',
      },
    ]);
    expect((await summaries(east, LIKE_ERRORS)).map((s) => s.Id)).toEqual([TraceId]);
    expect((await summaries(west, LIKE_ERRORS)).map((s) => s.Id)).not.toContain(TraceId);
  });

  it('answers the lab’s throttling fault with ThrottledException (429)', async () => {
    const added = await bed.lab.api('POST', '/_lab/faults', {
      kind: 'throttling',
      region: east,
      share: 1,
    });
    try {
      await expect(bed.client(east).send(new GetGroupsCommand({}))).rejects.toMatchObject({
        name: 'ThrottledException',
        $metadata: { httpStatusCode: 429 },
      });
    } finally {
      await bed.lab.api('DELETE', `/_lab/faults/${added.body.fault.id}`);
    }
  });

  it('shows each region’s daemon in the lab health', async () => {
    const { body } = await bed.lab.api('GET', '/_lab/health');
    expect((await summaries(west, LIKE_POST)).length).toBe(2);
    const components = body.components ?? body;
    for (const region of REGIONS) {
      expect(JSON.stringify(components)).toContain(`udp://${bed.service.daemonAddress(region)}`);
    }
  });
});

describe.skipIf(!awsCli)('the AWS CLI v2 (/usr/bin/aws)', () => {
  const aws = (...args: string[]) =>
    run(awsCli!, [...args, '--endpoint-url', bed.lab.url, '--region', west, '--output', 'json'], {
      env: labEnv(),
    });

  it('lists the groups and filters trace summaries', async () => {
    const groups = JSON.parse((await aws('xray', 'get-groups')).stdout) as {
      Groups: { GroupName: string }[];
    };
    expect(groups.Groups.map((g) => g.GroupName)).toEqual([
      'Default',
      'like-service',
      'like-service-errors-faults',
    ]);
    const start = String(Math.floor(startedMs / 1000) - 60);
    const end = String(Math.ceil(Date.now() / 1000) + 60);
    const summaries = (filter: string) =>
      aws(
        'xray',
        'get-trace-summaries',
        '--start-time',
        start,
        '--end-time',
        end,
        '--filter-expression',
        filter,
      );
    const found = JSON.parse((await summaries(LIKE_ERRORS)).stdout) as {
      TraceSummaries: unknown[];
    };
    expect(found.TraceSummaries).toHaveLength(2);
    const failed = summaries('ok = maybe');
    await expect(failed).rejects.toMatchObject({
      stderr: expect.stringContaining(
        '(InvalidRequestException) when calling the GetTraceSummaries operation: Invalid filter expression: expected true or false',
      ),
    });
  });
});
