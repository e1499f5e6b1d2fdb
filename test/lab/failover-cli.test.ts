/**
 * `mysfits-dr failover` / `failback` end to end: the built CLI as a process against a lab of
 * this file's own, with real traffic through the accelerator. Planned failover and failback
 * under a like load (no request lost, every acknowledged like counted exactly once in both
 * regions), an idempotent re-run, two operators at once (the lock), dry run and the refusal
 * to change anything unconfirmed, the gradual mode, a failback to the dials the failover found,
 * and a failback after `--scale-source-down` (the target scaled back to the counts the
 * failover's journal recorded), and where new connections should land for an operator near
 * either region (MYSFITS_DR_PROBE_ADDRESS), with the move confirmed by the accelerator's
 * NewFlowCount. Each case starts from the baseline: dials 100/100, us-west-2
 * active, the lock free. At the end the app's table holds none of the operations' items: the
 * lock, the audit trail and the switches are in the control table.
 */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendAppRequest } from '../../src/aws/app-load.js';
import { labStatus } from '../../src/cli/lab/control.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { errorDocumentSchema } from '../../src/core/documents/error.js';
import {
  operationDocumentSchema,
  type OperationDocument,
} from '../../src/core/documents/operation.js';
import {
  historyDocumentSchema,
  lockDocumentSchema,
  type LockDocument,
} from '../../src/core/documents/runs.js';
import { CONTROL_TABLE_IDS } from '../../src/core/ops/control-store.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { labClientConfig, labEnv, sleep } from '../helpers/lab.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';
import { watchStatusUntil } from '../helpers/status-watch.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';
/** Gretta, a seeded mysfit: every like of the load goes to her. */
const MYSFIT = 'da5303ae-5aba-495c-b5d6-eb5c4a66b941';
/** Longest one CLI operation may take (a busy CI host makes the landing watch slow). */
const OP_TIMEOUT_MS = 240_000;
const config = parseConfig(labConfig(), 'lab');

let lab: OwnLab;
let env: NodeJS.ProcessEnv;
let runsDir: string;
let appUrl: string;
let accelerator: GlobalAcceleratorClient;
const tables: Record<string, DynamoDBClient> = {};
const ecs: Record<string, ECSClient> = {};

// ---- the CLI ----

const cli = (args: readonly string[], timeoutMs = 60_000) => runCli(args, { env, timeoutMs });
const show = (run: CliRun) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;

/** The failed checks when a run was refused by its preflight checks (exit 3, nothing changed). */
function preflightRefusal(run: CliRun): string | undefined {
  if (run.code !== 3) return undefined;
  try {
    const doc = JSON.parse(run.stdout) as {
      error?: { code: string; message: string };
      outcome?: string;
      plan?: { checks: { name: string; ok: boolean; detail: string }[] };
    };
    if (doc.error?.code === 'PREFLIGHT_FAILED') return doc.error.message;
    if (doc.outcome === 'refused')
      return doc.plan?.checks
        .filter((c) => !c.ok)
        .map((c) => `${c.name} (${c.detail})`)
        .join('; ');
  } catch {
    // not a JSON document: not a preflight refusal
  }
  return undefined;
}

/** Preflight refusals met and retried, reported at the end. */
const refusals: string[] = [];

/**
 * Runs a command that plans an operation. On a busy host the lab can answer a status read
 * late (each read has 3 s) or fail a health check, and the preflight rightly refuses with
 * "nothing was changed"; an operator would look and retry, so this does, twice, after a pause.
 */
async function planned(args: readonly string[]): Promise<CliRun> {
  for (let attempt = 1; ; attempt++) {
    const run = await cli(args, OP_TIMEOUT_MS);
    const refusal = preflightRefusal(run);
    if (refusal === undefined || attempt === 3) return run;
    refusals.push(`${args.join(' ')}: ${refusal}`);
    console.warn(`refused by the preflight checks (attempt ${attempt}); retrying: ${refusal}`);
    await sleep(5_000);
  }
}

/** Runs an operation with --json and expects it to exit 0 with the given outcome. */
async function operation(args: readonly string[], outcome: OperationDocument['outcome']) {
  const run = await planned(['--json', ...args]);
  expect(run.code, show(run)).toBe(0);
  const doc = operationDocumentSchema.parse(JSON.parse(run.stdout));
  expect(doc.outcome, show(run)).toBe(outcome);
  figures.push(
    `${args.slice(0, 4).join(' ')}: ${doc.outcome} ${JSON.stringify(doc.measurements ?? {})}`,
  );
  return doc;
}

/** The measurements of every operation, reported at the end. */
const figures: string[] = [];

/** The dials of both endpoint groups, read from the accelerator's API. */
async function dials(): Promise<Record<string, number | undefined>> {
  const entries = await Promise.all(
    config.regions.map(async (r) => {
      const out = await accelerator.send(
        new DescribeEndpointGroupCommand({ EndpointGroupArn: r.endpointGroupArn }),
      );
      return [r.name, out.EndpointGroup?.TrafficDialPercentage] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Waits until `region` is the active one (health checks on a busy host can lag). */
async function expectActive(region: string): Promise<void> {
  await watchStatusUntil(
    `${region} active`,
    (doc) =>
      doc.verdict.activeRegion === region &&
      doc.regions.find((r) => r.name === region)?.traffic.sharePercent === 100,
    { env, timeoutMs: 30_000, args: ['--no-probe'] },
  );
}

/** Puts the lab back to the baseline: both dials 100 (us-west-2 active), the lock free. */
async function restoreBaseline(): Promise<void> {
  const lock = await tables[WEST]!.send(
    new GetItemCommand({
      TableName: config.controlTable!.name,
      Key: { Pk: { S: CONTROL_TABLE_IDS.lock } },
      ConsistentRead: true,
    }),
  );
  const holder = lock.Item?.RunId?.S;
  if (holder) {
    // A case that failed part-way may have left its run's lock behind.
    const run = await cli(['lock', 'break', '--run', holder, '--yes']);
    expect(run.code, show(run)).toBe(0);
  }
  let now = await dials();
  if (now[WEST] !== 100) {
    const run = await planned(['--json', 'failback', '--yes']);
    expect(run.code, show(run)).toBe(0);
    now = await dials();
  }
  if (now[EAST] !== 100) {
    const run = await planned(['--json', 'traffic', 'set', EAST, '100', '--yes']);
    expect(run.code, show(run)).toBe(0);
  }
  expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 100 });
}

/**
 * The lab's fast profile runs AWS durations at 1/20: the workshop's health check (every 10 s,
 * 5 s timeout) becomes 500 ms with a 250 ms timeout, which a busy CI host misses and targets
 * flap. These tests are about the CLI, not health-check sensitivity, so this lab gets a
 * tolerant check (every 30 s, 25 s timeout: 1.5 s and 1.25 s here) through ModifyTargetGroup,
 * as an operator would tune it.
 */
async function relaxHealthChecks(): Promise<void> {
  for (const region of config.regions) {
    const elb = new ElasticLoadBalancingV2Client({
      ...labClientConfig(region.name, lab.endpoint),
      maxAttempts: 3,
    });
    try {
      for (const service of region.ecs.services) {
        await elb.send(
          new ModifyTargetGroupCommand({
            TargetGroupArn: service.targetGroupArn,
            HealthCheckIntervalSeconds: 30,
            HealthCheckTimeoutSeconds: 25,
          }),
        );
      }
    } finally {
      elb.destroy();
    }
  }
}

// ---- the load: likes through the accelerator, one new connection per request ----

interface LikeResponse {
  startedAt: number;
  endedAt: number;
  /** HTTP status; null when no answer came (connection error, timeout). */
  status: number | null;
  region: string | null;
  /** The answer's `regionLikes`: the like's sequence number in its region's counter. */
  regionLikes: number | null;
}

function like(timeoutMs: number): Promise<LikeResponse> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const done = (status: number | null, region: string | null, body = '') => {
      let regionLikes: number | null = null;
      try {
        const parsed = (JSON.parse(body) as { regionLikes?: unknown }).regionLikes;
        if (typeof parsed === 'number') regionLikes = parsed;
      } catch {
        // not a like's JSON answer
      }
      resolve({ startedAt, endedAt: Date.now(), status, region, regionLikes });
    };
    const req = request(
      new URL(`/mysfits/${MYSFIT}/like`, appUrl),
      {
        method: 'POST',
        agent: false,
        headers: { connection: 'close', 'content-length': '0' },
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const region = res.headers['x-mysfits-region'];
          done(res.statusCode ?? null, typeof region === 'string' ? region : null, body);
        });
        res.on('error', () => done(null, null));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done(null, null));
    req.end();
  });
}

/**
 * ApacheBench's `-m POST -c 4 -r` as a loop that can stop cleanly: `stop()` sends no new
 * request and waits for those in flight, so every like sent has an answer (or a recorded
 * failure). ab's `-t` (or an interrupt) abandons in-flight requests whose likes may still be
 * written, and it cannot tell which region answered, which the accounting below needs.
 */
function startLikeLoad(concurrency: number): { stop(): Promise<LikeResponse[]> } {
  const responses: LikeResponse[] = [];
  let stopped = false;
  const worker = async () => {
    while (!stopped) responses.push(await like(30_000));
  };
  const workers = Promise.all(Array.from({ length: concurrency }, worker));
  return {
    async stop() {
      stopped = true;
      await workers;
      return responses;
    },
  };
}

/** Id of the like counter of MYSFIT in `counting` (services/shared/like-counters.ts). */
const counterId = (counting: string) => `__likes#${MYSFIT}#${counting}`;

/** Per region, the likes it counted (`__likes#<id>#<region>` in the likes table), as `region`'s replica reads now. */
async function countersIn(region: string): Promise<Record<string, number>> {
  const counters: Record<string, number> = {};
  for (const counting of [WEST, EAST]) {
    const out = await tables[region]!.send(
      new GetItemCommand({
        TableName: config.likesTable.name,
        Key: { MysfitId: { S: counterId(counting) } },
        ConsistentRead: true,
      }),
    );
    counters[counting] = Number(out.Item?.Likes?.N ?? 0);
  }
  return counters;
}

/** The counters as each region reads them, once both agree and stopped moving (replication settled). */
async function settledCounters(): Promise<Record<string, Record<string, number>>> {
  const deadline = Date.now() + 10_000;
  let last = '';
  for (;;) {
    const read = { [WEST]: await countersIn(WEST), [EAST]: await countersIn(EAST) };
    const key = JSON.stringify(read);
    if (JSON.stringify(read[WEST]) === JSON.stringify(read[EAST]) && key === last) return read;
    if (Date.now() > deadline) return read;
    last = key;
    await sleep(500);
  }
}

const sum = (counters: Record<string, number>) =>
  Object.values(counters).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  // A busy host can take minutes to bring a lab up; the hook outlasts labUp's own limit, so a
  // lab that is late is stopped by labUp rather than left running.
  lab = await startOwnLab({ timeoutMs: 240_000 });
  const state = (await labStatus(lab.dir)).state;
  if (!state?.acceleratorUrl) throw new Error(`the lab in ${lab.dir} has no accelerator address`);
  appUrl = state.acceleratorUrl;
  runsDir = await mkdtemp(join(tmpdir(), 'mysfits-failover-runs-'));
  env = labEnv({
    AWS_ENDPOINT_URL: lab.endpoint,
    AWS_REGION: WEST,
    MYSFITS_DR_APP_URL: appUrl,
    MYSFITS_DR_RUNS_DIR: runsDir,
    ...lab.env,
  });
  // Retries on: a pooled connection the lab closed while idle must not fail a case.
  const clientConfig = (region: string) => ({
    ...labClientConfig(region, lab.endpoint),
    maxAttempts: 3,
  });
  accelerator = new GlobalAcceleratorClient(clientConfig(WEST));
  for (const region of [WEST, EAST]) {
    tables[region] = new DynamoDBClient(clientConfig(region));
    ecs[region] = new ECSClient(clientConfig(region));
  }
  await relaxHealthChecks();
}, 300_000);

afterAll(async () => {
  console.info(
    `operations:\n  ${figures.join('\n  ')}\npreflight refusals retried: ${refusals.length}\n  ${refusals.join('\n  ')}`,
  );
  accelerator?.destroy();
  for (const client of [...Object.values(tables), ...Object.values(ecs)]) client.destroy();
  await lab?.stop();
  if (runsDir) await rm(runsDir, { recursive: true, force: true });
}, 60_000);

beforeEach(async () => {
  await restoreBaseline();
}, 600_000);

describe.sequential('failover and failback against the lab', () => {
  it('fails over and back under a like load: no request fails, both regions count exactly the acknowledged likes', async () => {
    const before = await settledCounters();
    expect(before[EAST], JSON.stringify(before)).toEqual(before[WEST]);
    const load = startLikeLoad(4);
    let responses: LikeResponse[] = [];
    let failover!: OperationDocument;
    let failback!: OperationDocument;
    try {
      await sleep(1_000);
      failover = await operation(['failover', '--to', EAST, '--yes'], 'completed');
      await expectActive(EAST);
      failback = await operation(['failback', '--yes'], 'completed');
      await expectActive(WEST);
      await sleep(1_000);
    } finally {
      responses = await load.stop();
    }

    for (const [doc, to] of [
      [failover, EAST],
      [failback, WEST],
    ] as const) {
      expect(doc.operation).toBe(to === EAST ? 'failover' : 'failback');
      expect(doc.steps?.map((s) => s.id)).toContain(`observe:${to}`);
      // A failover turns the source's dial to 0; a failback turns the primary's back to 100.
      const dial = to === EAST ? `dial:${WEST}:0` : `dial:${WEST}:100`;
      expect(doc.steps?.find((s) => s.id === dial)?.status).toBe('done');
      expect(doc.measurements?.landedAfterMs).toEqual(expect.any(Number));
      expect(doc.measurements?.probeFailures).toEqual(expect.any(Number));
      expect(doc.measurements?.probeRequests).toBeGreaterThan(0);
    }
    expect(failover.state).toMatch(/dials us-west-2 0%, us-east-1 100%/);
    expect(failback.state).toMatch(/dials us-west-2 100%, us-east-1 100%/);

    // Every like was answered, and with a 2xx: a dial change moves new connections only, and
    // each request here is a new connection, so none should fail. Tolerance: 0.
    const byOutcome: Record<string, number> = {};
    for (const r of responses) {
      const key = `${r.status ?? 'no answer'} ${r.region ?? ''}`.trim();
      byOutcome[key] = (byOutcome[key] ?? 0) + 1;
    }
    const acknowledged = responses.filter((r) => r.status !== null && r.status < 300);
    const ms = responses.map((r) => r.endedAt - r.startedAt).sort((a, b) => a - b);
    const latency = `latency ms p50 ${ms[Math.floor(ms.length / 2)]}, p99 ${ms[Math.floor(ms.length * 0.99)]}, max ${ms.at(-1)}`;
    console.info(`likes: ${JSON.stringify(byOutcome)}; ${latency}`);
    expect(responses.length - acknowledged.length, `${JSON.stringify(byOutcome)}; ${latency}`).toBe(
      0,
    );
    expect(
      acknowledged.some((r) => r.region === WEST),
      JSON.stringify(byOutcome),
    ).toBe(true);
    expect(
      acknowledged.some((r) => r.region === EAST),
      JSON.stringify(byOutcome),
    ).toBe(true);

    const after = await settledCounters();
    console.info(
      `failover landedAfterMs ${failover.measurements?.landedAfterMs}, probe failures ${failover.measurements?.probeFailures}/${failover.measurements?.probeRequests}; ` +
        `failback landedAfterMs ${failback.measurements?.landedAfterMs}, probe failures ${failback.measurements?.probeFailures}/${failback.measurements?.probeRequests}; ` +
        `likes: ${responses.length} sent ${JSON.stringify(byOutcome)}, acknowledged ${acknowledged.length}, counters ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
    );
    // Each region counts its likes in counters only it writes, so nothing is lost to the
    // global table's last writer wins: once replication settles, each region's sum of the
    // counters has grown by exactly the acknowledged likes, no more and no fewer.
    const added = (region: string) => sum(after[region]!) - sum(before[region]!);
    expect({ [WEST]: added(WEST), [EAST]: added(EAST) }, JSON.stringify({ before, after })).toEqual(
      { [WEST]: acknowledged.length, [EAST]: acknowledged.length },
    );
    // And each acknowledged like's regionLikes is its own place in its region's counter:
    // the likes one region answered are numbered before+1 … after, each once.
    for (const counting of [WEST, EAST]) {
      const numbers = acknowledged
        .filter((r) => r.region === counting)
        .map((r) => r.regionLikes)
        .sort((a, b) => (a ?? 0) - (b ?? 0));
      const from = before[WEST]![counting]!;
      const to = after[WEST]![counting]!;
      expect(numbers, counting).toEqual(Array.from({ length: to - from }, (_, i) => from + i + 1));
    }
  }, 600_000);

  it('a second failover to the same region is a no-op that says there is nothing to do', async () => {
    await operation(['failover', '--to', EAST, '--yes'], 'completed');
    const again = await cli(['failover', '--to', EAST, '--yes'], OP_TIMEOUT_MS);
    expect(again.code, show(again)).toBe(0);
    expect(again.stdout).toMatch(/nothing to do: all traffic is in us-east-1 already/);
    const runId = /recorded as run (\S+?)\.?$/m.exec(again.stdout)?.[1];
    expect(runId, again.stdout).toBeDefined();
    const journal = await cli(['--json', 'history', runId!]);
    expect(journal.code, show(journal)).toBe(0);
    expect(JSON.parse(journal.stdout).run).toMatchObject({ kind: 'failover', outcome: 'no-op' });
    expect(await dials()).toEqual({ [WEST]: 0, [EAST]: 100 });
    await operation(['failback', '--yes'], 'completed');
  }, 600_000);

  it('two failovers at once: one runs, the other exits 5 naming the holder; the lock is free after', async () => {
    // The first run is slow (a gradual shift with 3 s between steps) and holds the lock for
    // its whole length; the second starts once `lock show` says the first holds it.
    const slow = ['--json', 'failover', '--to', EAST, '--mode', 'gradual', '--step', '50'];
    let done: CliRun;
    let second: CliRun | undefined;
    let holder: LockDocument['holder'] = null;
    for (let attempt = 1; ; attempt++) {
      const state: { finished?: CliRun } = {};
      const first = cli([...slow, '--interval', '3s', '--yes'], OP_TIMEOUT_MS).then(
        (run) => (state.finished = run),
      );
      holder = null;
      second = undefined;
      while (!holder && !state.finished) {
        const run = await cli(['--json', 'lock', 'show']);
        const doc = lockDocumentSchema.parse(JSON.parse(run.stdout));
        expect(run.code, show(run)).toBe(doc.held ? 5 : 0);
        if (doc.held) holder = doc.holder;
        else await sleep(250);
      }
      if (holder) second = await cli(['--json', 'failover', '--to', EAST, '--yes'], OP_TIMEOUT_MS);
      done = await first;
      const refusal = preflightRefusal(done);
      if (refusal === undefined || attempt === 3) break;
      refusals.push(`${slow.join(' ')}: ${refusal}`);
      console.warn(`refused by the preflight checks (attempt ${attempt}); retrying: ${refusal}`);
      await sleep(5_000);
    }
    expect(holder, show(done)).not.toBeNull();
    expect(holder!.operation).toBe('failover');
    expect(second!.code, show(second!)).toBe(5);
    const refusal = errorDocumentSchema.parse(JSON.parse(second!.stdout)).error;
    expect(refusal.code).toBe('LOCK_HELD');
    expect(refusal.exitCode).toBe(5);
    expect(refusal.message).toContain(holder!.runId);
    expect(refusal.message).toMatch(/another operation holds the lock: failover run/);

    expect(done.code, show(done)).toBe(0);
    const doc = operationDocumentSchema.parse(JSON.parse(done.stdout));
    expect(doc.outcome).toBe('completed');
    expect(doc.runId).toBe(holder!.runId);

    const back = await operation(['failback', '--yes'], 'completed');
    const lock = await cli(['--json', 'lock', 'show']);
    expect(lock.code, show(lock)).toBe(0);
    expect(lockDocumentSchema.parse(JSON.parse(lock.stdout)).held).toBe(false);

    const history = await cli(['--json', 'history']);
    expect(history.code, show(history)).toBe(0);
    const runs = historyDocumentSchema.parse(JSON.parse(history.stdout)).runs;
    expect(runs.find((r) => r.runId === holder!.runId)).toMatchObject({
      kind: 'failover',
      outcome: 'completed',
    });
    expect(runs.find((r) => r.runId === back.runId)).toMatchObject({
      kind: 'failback',
      outcome: 'completed',
    });
    // The refused run never took the lock: it left no run behind, finished or not.
    expect(runs.filter((r) => r.outcome === undefined)).toEqual([]);
  }, 600_000);

  it('--dry-run plans and changes nothing; without --yes and a terminal it refuses with exit 3', async () => {
    const dry = await operation(['failover', '--to', EAST, '--dry-run'], 'planned');
    expect(dry.dryRun).toBe(true);
    expect(dry.plan.summary).toMatch(/move all traffic from us-west-2 to us-east-1/);
    expect(dry.plan.steps.map((s) => s.id)).toEqual(
      expect.arrayContaining([`dial:${WEST}:0`, `observe:${EAST}`]),
    );
    expect(dry.plan.checks.every((c) => c.ok)).toBe(true);
    expect(dry.steps).toBeUndefined();
    expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 100 });

    const unconfirmed = await planned(['--json', 'failover', '--to', EAST]);
    expect(unconfirmed.code, show(unconfirmed)).toBe(3);
    const refusal = errorDocumentSchema.parse(JSON.parse(unconfirmed.stdout)).error;
    expect(refusal.code).toBe('NOT_CONFIRMED');
    expect(refusal.message).toMatch(/nothing was changed/);
    expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 100 });
    const lock = await cli(['--json', 'lock', 'show']);
    expect(lockDocumentSchema.parse(JSON.parse(lock.stdout)).held).toBe(false);
  }, 300_000);

  it('gradual mode steps the dial through 50%, checks the target between, ends in us-east-1', async () => {
    const doc = await operation(
      ['failover', '--to', EAST, '--mode', 'gradual', '--step', '50', '--interval', '1s', '--yes'],
      'completed',
    );
    const ids = doc.steps!.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining([`dial:${WEST}:50`, `check:${EAST}:50`, `dial:${WEST}:0`]),
    );
    expect(ids.indexOf(`dial:${WEST}:50`)).toBeLessThan(ids.indexOf(`check:${EAST}:50`));
    expect(ids.indexOf(`check:${EAST}:50`)).toBeLessThan(ids.indexOf(`dial:${WEST}:0`));
    const check = doc.steps!.find((s) => s.id === `check:${EAST}:50`)!;
    expect(check.status).toBe('done');
    expect(check.result?.healthy).toBe(true);
    expect(check.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(await dials()).toEqual({ [WEST]: 0, [EAST]: 100 });
    await expectActive(EAST);
  }, 300_000);

  it('fails back to the dials the failover found: us-east-1 back at 40%, not left at 100%', async () => {
    try {
      await operation(['traffic', 'set', EAST, '40', '--yes'], 'completed');
      const over = await operation(['failover', '--to', EAST, '--yes'], 'completed');
      expect(over.steps!.find((s) => s.id === `dial:${EAST}:100`)?.result?.from).toBe(40);
      expect(await dials()).toEqual({ [WEST]: 0, [EAST]: 100 });
      const back = await operation(['failback', '--yes'], 'completed');
      expect(back.plan.summary).toBe(
        `failback: traffic back to ${WEST}, restoring the dials of the failover ${over.runId} (${WEST} 100%, ${EAST} 40%)`,
      );
      expect(back.steps!.map((s) => s.id)).toEqual(
        expect.arrayContaining([`dial:${WEST}:100`, `dial:${EAST}:40`]),
      );
      expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 40 });
      await expectActive(WEST);
    } finally {
      await operation(['traffic', 'set', EAST, '100', '--yes'], 'completed');
    }
  }, 600_000);

  it('fails back after --scale-source-down: us-west-2 scaled back up to what the failover found there', async () => {
    // us-west-2 runs 2 tasks of each service; the failover scales us-east-1 up to 2 and
    // us-west-2 down to 0. Then us-east-1 goes back to 1, so only the failover's journal still
    // knows that us-west-2 ran 2.
    try {
      await scaleAndWait(WEST, 2);
      const over = await operation(
        ['failover', '--to', EAST, '--scale-source-down', '--yes'],
        'completed',
      );
      expect(over.steps!.map((s) => s.id)).toEqual(
        expect.arrayContaining(servicesOf(WEST).map((s) => `scale:${WEST}:${s}:0`)),
      );
      expect(await desiredCounts(WEST)).toEqual([0, 0]);
      await scaleAndWait(EAST, 1);

      const back = await operation(['failback', '--yes'], 'completed');
      const check = (name: string) => back.plan.checks.find((c) => c.name === name);
      expect(check('target-healthy')).toMatchObject({ ok: true });
      expect(check('target-healthy')?.detail).toMatch(
        /^deferred: every service of us-west-2 is scaled to 0 \(desired 0\)/,
      );
      expect(back.steps!.map((s) => s.id)).toEqual(
        expect.arrayContaining(servicesOf(WEST).map((s) => `scale:${WEST}:${s}:2`)),
      );
      expect(await desiredCounts(WEST)).toEqual([2, 2]);
      expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 100 });
      await expectActive(WEST);
    } finally {
      await scaleAndWait(WEST, 1);
      await scaleAndWait(EAST, 1);
    }
  }, 600_000);

  it('a failback run from near us-east-1 ends once its connections keep landing in us-east-1; NewFlowCount confirms both moves for every client', async () => {
    const over = await operation(['failover', '--to', EAST, '--yes'], 'completed');
    // After a failover no client may reach us-west-2: the accelerator counted none there.
    const overFlows = over.steps!.find((s) => s.id === 'confirm:flows')?.result;
    expect(overFlows, JSON.stringify(over.steps)).toMatchObject({
      confirmed: true,
      [`flows:${WEST}`]: 0,
    });
    expect(overFlows?.[`flows:${EAST}`]).toBeGreaterThan(0);

    // Clients near us-west-2 keep asking (the default source address) while an operator near
    // us-east-1 (127.0.1.1) fails back: at 100/100 the accelerator never sends that operator's
    // connections to us-west-2, so watching for them there would wait until NOT_CONVERGED.
    const westClients = startGetLoad();
    let run: CliRun;
    try {
      run = await runCli(['--json', 'failback', '--yes'], {
        env: { ...env, MYSFITS_DR_PROBE_ADDRESS: '127.0.1.1' },
        timeoutMs: OP_TIMEOUT_MS,
      });
    } finally {
      await westClients.stop();
    }
    expect(run.code, show(run)).toBe(0);
    const back = operationDocumentSchema.parse(JSON.parse(run.stdout));
    expect(back.outcome, show(run)).toBe('completed');
    const landing = back.steps!.find((s) => s.id === `observe:${WEST}`)?.result;
    expect(landing, show(run)).toMatchObject({
      probeClientsNearest: EAST,
      probeSawMove: false,
      landedAfterMs: null,
    });
    expect(back.measurements?.landedAfterMs).toBeNull();
    // The move the probe cannot see, the accelerator's metrics do: us-west-2 counts new flows.
    const backFlows = back.steps!.find((s) => s.id === 'confirm:flows')?.result;
    expect(backFlows, show(run)).toMatchObject({ confirmed: true });
    expect(backFlows?.[`flows:${WEST}`]).toBeGreaterThan(0);
    expect(westClients.byRegion()[WEST]).toBeGreaterThan(0);
    expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 100 });
  }, 600_000);

  it('through the routing switch, a failback seen from near us-west-2 waits for the move, one from near us-east-1 for the accelerator to hold the end state', async () => {
    const failback = async (probeAddress: string) => {
      await operation(['failover', '--to', EAST, '--via', 'routing-switch', '--yes'], 'completed');
      const run = await runCli(['--json', 'failback', '--via', 'routing-switch', '--yes'], {
        env: { ...env, MYSFITS_DR_PROBE_ADDRESS: probeAddress },
        timeoutMs: OP_TIMEOUT_MS,
      });
      expect(run.code, show(run)).toBe(0);
      const doc = operationDocumentSchema.parse(JSON.parse(run.stdout));
      return doc.steps!.find((s) => s.id === `observe:${WEST}`)?.result;
    };
    // Until us-west-2's gate and the accelerator's health checks pass again, a client near
    // us-west-2 lands in us-east-1 just as one near us-east-1 does: the watch must not read
    // those landings as "this machine is near us-east-1".
    expect(await failback('127.0.0.1')).toMatchObject({
      probeClientsNearest: WEST,
      probeSawMove: true,
    });
    expect(await failback('127.0.1.1')).toMatchObject({
      probeClientsNearest: EAST,
      probeSawMove: false,
      landedAfterMs: null,
    });
    await expectActive(WEST);
  }, 600_000);

  it('MYSFITS_DR_PROBE_ADDRESS that is no IP address: exit 2 naming it, nothing changed', async () => {
    const run = await runCli(['--json', 'failover', '--to', EAST, '--yes'], {
      env: { ...env, MYSFITS_DR_PROBE_ADDRESS: 'east-coast' },
      timeoutMs: 60_000,
    });
    expect(run.code, show(run)).toBe(2);
    const doc = errorDocumentSchema.parse(JSON.parse(run.stdout));
    expect(doc.error.code).toBe('PROBE_ADDRESS_INVALID');
    expect(doc.error.message).toContain('"east-coast"');
    expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 100 });
  });

  it("after all these runs the app's table holds no lock, audit or switch item; the control table does", async () => {
    const ids = async (table: string, key: string) =>
      ((await tables[EAST]!.send(new ScanCommand({ TableName: table }))).Items ?? []).map(
        (item) => item[key]?.S ?? '',
      );
    const app = await ids(config.globalTable.name, 'MysfitId');
    expect(app.filter((id) => /^__(lock|audit|routing)#/.test(id))).toEqual([]);
    const control = await ids(config.controlTable!.name, 'Pk');
    expect(control).toEqual(
      expect.arrayContaining([CONTROL_TABLE_IDS.lock, CONTROL_TABLE_IDS.auditIndex]),
    );
    const lock = await tables[EAST]!.send(
      new GetItemCommand({
        TableName: config.controlTable!.name,
        Key: { Pk: { S: CONTROL_TABLE_IDS.lock } },
        ConsistentRead: true,
      }),
    );
    // Every run took the lock with the next token and released it, keeping the token.
    expect(Number(lock.Item?.Fence?.N)).toBeGreaterThanOrEqual(4);
    expect(lock.Item?.RunId).toBeUndefined();
  });
});

/**
 * GET /mysfits through the accelerator from the default source address (a client near
 * us-west-2), one new connection every 50 ms until stopped; counts where each answer came from.
 */
function startGetLoad(): { stop(): Promise<void>; byRegion(): Record<string, number> } {
  const counts: Record<string, number> = {};
  let running = true;
  const once = async () => {
    const answer = await sendAppRequest(appUrl, {
      method: 'GET',
      path: '/mysfits',
      timeoutMs: 2_000,
    });
    if (answer.region) counts[answer.region] = (counts[answer.region] ?? 0) + 1;
  };
  const loop = (async () => {
    while (running) await Promise.all([once(), sleep(50)]);
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
    byRegion: () => ({ ...counts }),
  };
}

/** The ECS service names of `region` in the lab's config. */
function servicesOf(region: string): string[] {
  return config.regions.find((r) => r.name === region)!.ecs.services.map((s) => s.name);
}

/** Each service's desired count in `region`, in config order. */
async function desiredCounts(region: string): Promise<number[]> {
  const cluster = config.regions.find((r) => r.name === region)!.ecs.cluster;
  const out = await ecs[region]!.send(
    new DescribeServicesCommand({ cluster, services: servicesOf(region) }),
  );
  return servicesOf(region).map(
    (n) => out.services?.find((s) => s.serviceName === n)?.desiredCount ?? -1,
  );
}

/** Sets every service of `region` to `count` tasks and waits until exactly that many run. */
async function scaleAndWait(region: string, count: number): Promise<void> {
  const cluster = config.regions.find((r) => r.name === region)!.ecs.cluster;
  for (const service of servicesOf(region))
    await ecs[region]!.send(new UpdateServiceCommand({ cluster, service, desiredCount: count }));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const out = await ecs[region]!.send(
      new DescribeServicesCommand({ cluster, services: servicesOf(region) }),
    );
    const running = (out.services ?? []).map((s) => s.runningCount);
    if (running.length > 0 && running.every((r) => r === count)) return;
    if (Date.now() > deadline)
      throw new Error(
        `${region} did not reach ${count} running tasks per service: ${running.join(', ')}`,
      );
    await sleep(250);
  }
}
