import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labClientEnv } from '../../src/lab/env.js';
import { labLoadBalancerArn, type LabRegion } from '../../src/lab/topology.js';
import { runCli } from '../helpers/cli.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';

const run = promisify(execFile);
const LIKE = '/mysfits/da5303ae-5aba-495c-b5d6-eb5c4a66b941/like';
let lab: OwnLab;
let accelerator: string;

beforeAll(async () => {
  lab = await startOwnLab();
  const status = JSON.parse(
    (await runCli(['--json', 'lab', 'status'], { env: lab.env })).stdout,
  ) as { state: { acceleratorUrl: string } };
  accelerator = status.state.acceleratorUrl;
});
afterAll(() => lab?.stop());

async function aws(region: string, ...args: string[]): Promise<unknown> {
  const env = { ...process.env, ...labClientEnv(lab.endpoint, region) };
  delete env.AWS_PROFILE;
  const { stdout } = await run(
    '/usr/bin/aws',
    ['--endpoint-url', lab.endpoint, '--region', region, '--output', 'json', ...args],
    { env },
  );
  return JSON.parse(stdout) as unknown;
}

async function ab(requests: number): Promise<{ complete: number; non2xx: number }> {
  const { stdout } = await run('ab', [
    '-q',
    '-n',
    String(requests),
    '-c',
    '4',
    '-p',
    '/dev/null',
    '-T',
    'text/plain',
    `${accelerator}${LIKE}`,
  ]);
  return {
    complete: Number(/Complete requests:\s+(\d+)/.exec(stdout)?.[1]),
    non2xx: Number(/Non-2xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0),
  };
}

/** Sends `n` likes through the accelerator, each on a new connection; counts `region:status`. */
async function likes(n: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i += 1) {
    const key = await new Promise<string>((resolve) => {
      const req = request(
        `${accelerator}${LIKE}`,
        { method: 'POST', agent: false, headers: { connection: 'close' } },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve(`${String(res.headers['x-mysfits-region'] ?? 'elb')}:${res.statusCode}`),
          );
        },
      );
      req.on('error', () => resolve('error'));
      req.end();
    });
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Sets the desired count of the Like service in us-west-2 with the AWS CLI. */
async function setLikeDesiredCount(count: number): Promise<void> {
  await aws(
    'us-west-2',
    'ecs',
    'update-service',
    '--cluster',
    'mysfits-cluster',
    '--service',
    'mysfits-like',
    '--desired-count',
    String(count),
  );
}

/** State of us-west-2's `mysfits-like-unhealthy-hosts` alarm, read with the AWS CLI. */
async function gatingAlarmState(): Promise<string | undefined> {
  const alarms = (await aws(
    'us-west-2',
    'cloudwatch',
    'describe-alarms',
    '--alarm-names',
    'mysfits-like-unhealthy-hosts',
  )) as {
    MetricAlarms: { StateValue: string }[];
  };
  return alarms.MetricAlarms[0]?.StateValue;
}

/** Summaries of that alarm's state changes, newest first. */
async function gatingAlarmHistory(): Promise<string[]> {
  const history = (await aws(
    'us-west-2',
    'cloudwatch',
    'describe-alarm-history',
    '--alarm-name',
    'mysfits-like-unhealthy-hosts',
    '--history-item-type',
    'StateUpdate',
  )) as {
    AlarmHistoryItems: { HistorySummary: string }[];
  };
  return history.AlarmHistoryItems.map((h) => h.HistorySummary);
}

const window = () => [
  '--start-time',
  new Date(Date.now() - 10 * 60_000).toISOString(),
  '--end-time',
  new Date(Date.now() + 60_000).toISOString(),
];

/** The sum over the last minutes of a metric, read with the AWS CLI (`dimension`: `Name=…,Value=…`). */
async function metricSum(
  region: LabRegion,
  namespace: string,
  metric: string,
  dimension: string,
): Promise<number> {
  const stats = (await aws(
    region,
    'cloudwatch',
    'get-metric-statistics',
    '--namespace',
    namespace,
    '--metric-name',
    metric,
    '--dimensions',
    dimension,
    '--statistics',
    'Sum',
    '--period',
    '3600',
    ...window(),
  )) as { Datapoints: { Sum: number }[] };
  return stats.Datapoints.reduce((sum, d) => sum + d.Sum, 0);
}

const requestCount = (region: LabRegion) =>
  metricSum(
    region,
    'AWS/ApplicationELB',
    'RequestCount',
    `Name=LoadBalancer,Value=${labLoadBalancerArn(region).split('loadbalancer/')[1]}`,
  );

async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    value = await probe();
  }
  expect(ok(value), `${what}: last value ${JSON.stringify(value)}`).toBe(true);
  return value;
}

describe('CloudWatch and X-Ray hold what the traffic did', () => {
  it('counts the likes ab sent through the accelerator in the region that served them, and none in the other', async () => {
    const sent = await ab(200);
    expect(sent).toEqual({ complete: 200, non2xx: 0 });
    await eventually(
      'us-west-2 RequestCount',
      () => requestCount('us-west-2'),
      (n) => n === 200,
    );
    expect(await requestCount('us-east-1')).toBe(0);

    // Each like is an UpdateItem: at least one write capacity unit each, in the serving region.
    const consumed = (region: LabRegion) =>
      metricSum(
        region,
        'AWS/DynamoDB',
        'ConsumedWriteCapacityUnits',
        'Name=TableName,Value=MysfitsTable',
      );
    await eventually(
      'us-west-2 ConsumedWriteCapacityUnits',
      () => consumed('us-west-2'),
      (n) => n >= 200,
    );

    const graph = (await aws('us-west-2', 'xray', 'get-service-graph', ...window())) as {
      Services: {
        Name?: string;
        ReferenceId: number;
        Edges?: { ReferenceId: number; SummaryStatistics: { TotalCount: number } }[];
      }[];
    };
    const table = graph.Services.find((s) => s.Name === 'MysfitsTable');
    const like = graph.Services.find((s) => s.Name === 'Like Service');
    const edge = like?.Edges?.find((e) => e.ReferenceId === table?.ReferenceId);
    expect(edge?.SummaryStatistics.TotalCount).toBeGreaterThanOrEqual(200);
  });

  it("counts the CHAOSMODE failures in the workshop's errors-and-faults group", async () => {
    expect(
      (await runCli(['lab', 'fault', 'chaos-mode', '--region', 'us-west-2'], { env: lab.env }))
        .code,
    ).toBe(0);
    // The Like task is replaced; until the new one serves, the ALB answers 503.
    // Ready once the chaotic task answers and us-west-2 takes every like again: while the task
    // was replaced, its targets (and so the accelerator's endpoint) may have been unhealthy and
    // new connections gone to us-east-1 until the health checks pass again.
    const chaotic = (counts: Record<string, number>) =>
      (counts['us-west-2:500'] ?? 0) > 0 &&
      (counts['us-west-2:404'] ?? 0) > 0 &&
      Object.keys(counts).every((k) => k.startsWith('us-west-2:'));
    await eventually('a chaotic Like task answering in us-west-2', () => likes(20), chaotic);
    // Trace ids carry whole seconds: start the counted window on a fresh second.
    await new Promise((r) => setTimeout(r, 1_100));
    const since = new Date();
    const sent = await likes(200);
    expect(Object.keys(sent).sort(), JSON.stringify(sent)).toEqual([
      'us-west-2:200',
      'us-west-2:404',
      'us-west-2:500',
    ]);
    const failed = (sent['us-west-2:404'] ?? 0) + (sent['us-west-2:500'] ?? 0);
    expect(failed).toBeGreaterThan(60);
    const summaries = await eventually(
      'traces in like-service-errors-faults',
      async () =>
        (
          (await aws(
            'us-west-2',
            'xray',
            'get-trace-summaries',
            '--start-time',
            since.toISOString(),
            '--end-time',
            new Date(Date.now() + 60_000).toISOString(),
            '--filter-expression',
            'service("Like Service") { error = true OR fault = true }',
          )) as { TraceSummaries: unknown[] }
        ).TraceSummaries.length,
      (n) => n === failed,
    );
    expect(summaries).toBe(failed);
    // The group's trace count, as CloudWatch publishes it (AWS/X-Ray ApproximateTraceCount).
    await eventually(
      'ApproximateTraceCount of like-service-errors-faults',
      () =>
        metricSum(
          'us-west-2',
          'AWS/X-Ray',
          'ApproximateTraceCount',
          'Name=GroupName,Value=like-service-errors-faults',
        ),
      (n) => n >= failed,
    );
    const groups = (await aws('us-west-2', 'xray', 'get-groups')) as {
      Groups: { GroupName: string; FilterExpression: string }[];
    };
    expect(
      groups.Groups.find((g) => g.GroupName === 'like-service-errors-faults')?.FilterExpression,
    ).toBe('service("Like Service") { error = true OR fault = true }');
    await runCli(['lab', 'fault', 'clear'], { env: lab.env });
  });

  it('puts the gating alarm in ALARM during a whole-region outage, and back to OK after recovery', async () => {
    await eventually('alarm OK at start', gatingAlarmState, (s) => s === 'OK');
    expect(
      (await runCli(['lab', 'fault', 'region-outage', '--region', 'us-west-2'], { env: lab.env }))
        .code,
    ).toBe(0);
    // The region's APIs refuse while it is out; the alarm is evaluated all the same. Its window
    // is 2 periods of 60 s, 3 s each in fast timing: wait a little more than that.
    await new Promise((r) => setTimeout(r, 10_000));
    expect((await runCli(['lab', 'fault', 'clear'], { env: lab.env })).code).toBe(0);
    expect(await gatingAlarmHistory()).toContainEqual(expect.stringMatching(/from OK to ALARM/));
    await eventually('alarm back to OK', gatingAlarmState, (s) => s === 'OK');
  });

  it('puts the gating alarm in ALARM when the region loses its Like tasks, and back to OK after recovery', async () => {
    await eventually('alarm OK at start', gatingAlarmState, (s) => s === 'OK');
    await setLikeDesiredCount(0);
    await eventually('alarm in ALARM', gatingAlarmState, (s) => s === 'ALARM');
    expect((await gatingAlarmHistory())[0]).toMatch(/to ALARM/);
    await setLikeDesiredCount(1);
    await eventually('alarm back to OK', gatingAlarmState, (s) => s === 'OK');
  });
});
