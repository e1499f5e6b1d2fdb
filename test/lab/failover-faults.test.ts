/**
 * `mysfits-dr failover` under faults, end to end: the built CLI as a process against a lab of
 * this file's own, with real traffic through the accelerator.
 *
 * 1. Refusals (exit 3, nothing changed, journaled `refused`): replication paused into the
 *    target (then `--force replication`, recorded as forced), the target unhealthy, a gating
 *    alarm in ALARM, and draining / switching out the last healthy region.
 * 2. us-west-2 down: the dials path is refused (the accelerator API answers only there) and
 *    points at `--via routing-switch`, which completes with exactly the unmeasurable checks
 *    forced; once us-west-2 is back it stays out, then fails back through the routing switch.
 * 3. us-west-2's control plane down: the routing switch (DynamoDB item calls) moves traffic
 *    with nothing forced; status shows the switch; failback through the routing switch.
 * 4. kill -9 in the middle of a gradual failover: the run stays unfinished with the lock held,
 *    `--resume` takes its own lock back, skips what is in place and completes.
 * 5. SIGTERM at a step boundary: exit 130 with the exact state, journaled `interrupted`, the
 *    lock released, `--resume` completes.
 *
 * Each case starts from the baseline (dials 100/100, every routing switch in, no fault, the
 * lock free, status healthy) and `afterEach` puts it back. Timings are printed per case.
 */
import { request } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeAcceleratorCommand,
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { errorDocumentSchema } from '../../src/core/documents/error.js';
import {
  operationDocumentSchema,
  type CheckDocument,
  type OperationDocument,
} from '../../src/core/documents/operation.js';
import {
  historyDocumentSchema,
  lockDocumentSchema,
  runDocumentSchema,
} from '../../src/core/documents/runs.js';
import type { JournalRecord } from '../../src/core/ops/journal.js';
import { statusDocumentSchema, type StatusDocument } from '../../src/core/status/schema.js';
import { readState } from '../../src/lab/state.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { labClientConfig, labEnv, sleep } from '../helpers/lab.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';
import { watchStatusUntil } from '../helpers/status-watch.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';
/** Longest one CLI operation may take (a busy host makes every status read and landing slow). */
const OP_TIMEOUT_MS = 240_000;
/** Per case: operations, their recovery and the polling around them. */
const CASE_TIMEOUT_MS = 600_000;
const config = parseConfig(labConfig(), 'lab');

let lab: OwnLab;
let env: NodeJS.ProcessEnv;
let runsDir: string;
let appUrl: string;
let accelerator: GlobalAcceleratorClient;
const tables: Record<string, DynamoDBClient> = {};
const timings: string[] = [];

// ---- the CLI ----

const show = (run: CliRun) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;
const cli = (args: readonly string[], timeoutMs = 60_000, onSpawn?: (pid: number) => void) =>
  runCli(args, { env, timeoutMs, ...(onSpawn ? { onSpawn } : {}) });
const fault = async (...args: string[]) => {
  const run = await cli(['lab', 'fault', ...args]);
  expect(run.code, show(run)).toBe(0);
};

/** Runs an operation with --json; expects exit 0 and `outcome`. */
async function operation(
  args: readonly string[],
  outcome: OperationDocument['outcome'] = 'completed',
) {
  const run = await cli(['--json', ...args], OP_TIMEOUT_MS);
  expect(run.code, show(run)).toBe(0);
  const doc = operationDocumentSchema.parse(JSON.parse(run.stdout));
  expect(doc.outcome, show(run)).toBe(outcome);
  return doc;
}

/** Failed checks that were not forced: what refuses a plan. */
const blocking = (checks: readonly CheckDocument[]) => checks.filter((c) => !c.ok && !c.forced);

/** Runs an operation that must be refused: exit 3, PREFLIGHT_FAILED, "nothing was changed". */
async function refusal(args: readonly string[]) {
  const run = await cli(['--json', ...args], OP_TIMEOUT_MS);
  expect(run.code, show(run)).toBe(3);
  const { error } = errorDocumentSchema.parse(JSON.parse(run.stdout));
  expect(error.code, show(run)).toBe('PREFLIGHT_FAILED');
  expect(error.state).toMatch(/^nothing was changed; /);
  const details = operationDocumentSchema.parse(error.details);
  const failed = blocking(details.plan.checks);
  // The message names every check that refused it.
  for (const check of failed) expect(error.message).toContain(check.name);
  return { run, error, runId: details.runId, failed, names: failed.map((c) => c.name) };
}

async function expectOutcome(runId: string, outcome: string | undefined) {
  const run = await cli(['--json', 'history', runId]);
  expect(run.code, show(run)).toBe(0);
  const doc = runDocumentSchema.parse(JSON.parse(run.stdout)).run;
  expect(doc.outcome, show(run)).toBe(outcome);
  return doc;
}

async function lockShow() {
  const run = await cli(['--json', 'lock', 'show']);
  const doc = lockDocumentSchema.parse(JSON.parse(run.stdout));
  expect(run.code, show(run)).toBe(doc.held ? 5 : 0);
  return doc;
}

async function status(...args: string[]): Promise<StatusDocument> {
  const run = await cli(['--json', 'status', ...args], 60_000);
  const doc = statusDocumentSchema.parse(JSON.parse(run.stdout));
  expect(run.code, run.stderr).toBe(doc.exitCode);
  return doc;
}

const regionOf = (doc: StatusDocument, name: string) => doc.regions.find((r) => r.name === name)!;

/**
 * Waits until `ready` holds, with one `status --watch` process; `--no-probe` unless `probe`
 * (the canary settles replication live, where CloudWatch can still hold a datapoint from
 * before a fault).
 */
async function statusUntil(
  what: string,
  ready: (doc: StatusDocument) => boolean,
  timeoutMs = 90_000,
  probe = false,
): Promise<StatusDocument> {
  const args = probe ? [] : ['--no-probe'];
  return (await watchStatusUntil(what, ready, { env, timeoutMs, args })).doc;
}

// ---- AWS state read directly (the journal must match it) ----

/** Both dials from the accelerator's API (us-west-2); undefined values when unreadable. */
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

/** `region`'s routing switch as its own replica holds it (what its tasks read). */
async function switchIn(region: string, replica = region): Promise<string> {
  const out = await tables[replica]!.send(
    new GetItemCommand({
      TableName: config.controlTable!.name,
      Key: { Pk: { S: `routing#${region}` } },
      ConsistentRead: true,
    }),
  );
  return out.Item?.RoutingState?.S ?? 'in';
}

// ---- new connections through the accelerator ----

/** One GET on a new connection; the region that answered, or `failed`. */
function hit(): Promise<string> {
  return new Promise((resolve) => {
    const req = request(
      new URL('/mysfits', appUrl),
      { agent: false, headers: { connection: 'close' }, timeout: 5_000 },
      (res) => {
        res.resume();
        res.on('end', () => {
          const region = res.headers['x-mysfits-region'];
          resolve(res.statusCode === 200 && typeof region === 'string' ? region : 'failed');
        });
        res.on('error', () => resolve('failed'));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve('failed'));
    req.end();
  });
}

/** Sends `n` requests, one new connection each; counts where they landed. */
async function sample(n: number): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const where = await hit();
    seen[where] = (seen[where] ?? 0) + 1;
  }
  return seen;
}

/** Waits until `n` new connections in a row land in `region`; returns how long that took. */
async function landsIn(region: string, n = 10, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  let streak = 0;
  const seen: Record<string, number> = {};
  while (streak < n) {
    const where = await hit();
    seen[where] = (seen[where] ?? 0) + 1;
    streak = where === region ? streak + 1 : 0;
    if (Date.now() - started > timeoutMs)
      throw new Error(`new connections did not settle in ${region}: ${JSON.stringify(seen)}`);
    if (streak === 0) await sleep(100);
  }
  return Date.now() - started;
}

// ---- the journal ----

async function journal(runId: string): Promise<JournalRecord[]> {
  const text = await readFile(join(runsDir, `${runId}.jsonl`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as JournalRecord);
}

async function runIds(): Promise<Set<string>> {
  const names = await readdir(runsDir).catch(() => [] as string[]);
  return new Set(names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -6)));
}

/** Waits for a run not in `before` whose journal satisfies `ready`. */
async function newRun(
  before: Set<string>,
  ready: (records: JournalRecord[]) => boolean,
  timeoutMs = 120_000,
): Promise<{ runId: string; records: JournalRecord[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const runId of await runIds()) {
      if (before.has(runId)) continue;
      const records = await journal(runId);
      if (ready(records)) return { runId, records };
    }
    if (Date.now() > deadline) throw new Error('no new run reached the expected point in time');
    await sleep(100);
  }
}

const dialStep = /^dial:([a-z0-9-]+):(\d+)$/;
const isDialDone = (r: JournalRecord) =>
  r.type === 'step-done' && dialStep.test(r.stepId) && r.stepId.startsWith(`dial:${WEST}:`);

/**
 * What the journal says each region's dial is: the last dial step done or skipped as already
 * in place. A dial step started but not finished may or may not have taken effect; its value
 * is then also possible.
 */
function journaledDials(records: readonly JournalRecord[]): Record<string, number[]> {
  const settled: Record<string, number> = {};
  const open: Record<string, number | undefined> = {};
  for (const r of records) {
    if (r.type !== 'step-start' && r.type !== 'step-done' && r.type !== 'step-skip') continue;
    const m = dialStep.exec(r.stepId);
    if (!m) continue;
    const [, region, percent] = m;
    if (r.type === 'step-start') open[region!] = Number(percent);
    else {
      settled[region!] = Number(percent);
      open[region!] = undefined;
    }
  }
  const out: Record<string, number[]> = {};
  for (const region of new Set([...Object.keys(settled), ...Object.keys(open)])) {
    out[region] = [settled[region], open[region]].filter((v): v is number => v !== undefined);
  }
  return out;
}

/** Every region's live dial is one the journal allows. */
async function expectJournalMatchesDials(records: readonly JournalRecord[]) {
  const live = await dials();
  const said = journaledDials(records);
  for (const [region, allowed] of Object.entries(said))
    expect(allowed, `${region}: live ${live[region]}, journal ${JSON.stringify(said)}`).toContain(
      live[region],
    );
  return live;
}

// ---- the baseline ----

async function acceleratorDeployed(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const out = await accelerator.send(
      new DescribeAcceleratorCommand({ AcceleratorArn: config.accelerator.arn }),
    );
    if (out.Accelerator?.Status === 'DEPLOYED') return;
    if (Date.now() > deadline) throw new Error('the accelerator stays IN_PROGRESS');
    await sleep(250);
  }
}

/**
 * Clears every fault, frees the lock, marks every region in and both dials 100 (with the
 * CLI, so only what differs is changed), then waits until status is healthy with us-west-2
 * taking all new connections.
 */
async function recover(): Promise<void> {
  const started = Date.now();
  await fault('clear');
  const lock = await lockShow();
  if (lock.held && lock.holder) {
    const broke = await cli(['lock', 'break', '--run', lock.holder.runId, '--yes']);
    expect(broke.code, show(broke)).toBe(0);
  }
  for (const region of [WEST, EAST]) {
    const states = await Promise.all([WEST, EAST].map((replica) => switchIn(region, replica)));
    if (states.some((s) => s !== 'in')) {
      const run = await cli(['--json', 'traffic', 'switch', region, 'in', '--yes'], OP_TIMEOUT_MS);
      expect(run.code, show(run)).toBe(0);
    }
  }
  for (const region of [WEST, EAST]) {
    if ((await dials())[region] === 100) continue;
    await acceleratorDeployed();
    const run = await cli(['--json', 'traffic', 'set', region, '100', '--yes'], OP_TIMEOUT_MS);
    expect(run.code, show(run)).toBe(0);
  }
  await statusUntil(
    'the baseline (healthy, us-west-2 active)',
    (doc) =>
      doc.overall === 'healthy' &&
      doc.verdict.activeRegion === WEST &&
      regionOf(doc, WEST).traffic.sharePercent === 100,
    120_000,
    true,
  );
  timings.push(`recover ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function timed(label: string, since: number): void {
  timings.push(`${label} ${((Date.now() - since) / 1000).toFixed(1)} s`);
}

beforeAll(async () => {
  const started = Date.now();
  lab = await startOwnLab({ timeoutMs: 240_000 });
  const state = await readState(lab.dir);
  if (!state?.acceleratorUrl) throw new Error(`the lab in ${lab.dir} has no accelerator address`);
  appUrl = state.acceleratorUrl;
  runsDir = await mkdtemp(join(tmpdir(), 'mysfits-failover-faults-runs-'));
  env = labEnv({
    AWS_ENDPOINT_URL: lab.endpoint,
    AWS_REGION: WEST,
    ...lab.env,
    MYSFITS_DR_APP_URL: appUrl,
    MYSFITS_DR_RUNS_DIR: runsDir,
  });
  accelerator = new GlobalAcceleratorClient(labClientConfig(WEST, lab.endpoint));
  // Two attempts: after an outage case, the first call may reuse a keep-alive socket the
  // outage reset ("socket hang up"), as any client of a region that just came back may.
  for (const region of [WEST, EAST])
    tables[region] = new DynamoDBClient({
      ...labClientConfig(region, lab.endpoint),
      maxAttempts: 2,
    });
  // The lab's first reads can be slow while it warms up: start from a verified baseline.
  await statusUntil('a healthy lab', (doc) => doc.overall === 'healthy', 120_000, true);
  timed('lab up', started);
}, 300_000);

afterAll(async () => {
  accelerator?.destroy();
  for (const client of Object.values(tables)) client.destroy();
  await lab?.stop();
  if (runsDir) await rm(runsDir, { recursive: true, force: true });
  if (timings.length) console.info(`failover-faults timings: ${timings.join('; ')}`);
}, 60_000);

/** Set by a case that leaves the lab off its baseline; the next case starts from it again. */
let dirty = false;
afterEach(async () => {
  if (dirty) await recover();
  dirty = false;
}, 300_000);

/** A failover to us-east-1 that one preflight check refuses while a fault is on. */
interface RefusalCase {
  title: string;
  /** Its line in the timings. */
  label: string;
  /** `lab fault` arguments, injected in order. */
  faults: string[][];
  /** What status must show before the failover is tried. */
  until?: { what: string; ready: (doc: StatusDocument) => boolean };
  /** The check that refuses it, and what its detail says. */
  check: string;
  detail: RegExp;
  /** A check that must not be among those that refused it. */
  notNamed?: string;
  /** What the error's hint says. */
  hint?: RegExp;
  /** More to check once the refusal is journaled. */
  then?: (refused: Awaited<ReturnType<typeof refusal>>) => Promise<void>;
  /** The next case builds on this case's fault (the lab is not recovered in between). */
  keepsFault?: boolean;
}

const REFUSALS: RefusalCase[] = [
  {
    title:
      'replication paused us-west-2 → us-east-1: refused naming replication; --force replication runs and records it',
    label: '1a replication',
    faults: [['replication-pause', '--from', WEST, '--to', EAST]],
    check: 'replication',
    detail: /replication us-west-2 → us-east-1: stalled/,
    hint: /--force .*replication/,
    then: async (refused) => {
      const listed = await cli(['--json', 'history']);
      expect(
        historyDocumentSchema
          .parse(JSON.parse(listed.stdout))
          .runs.find((r) => r.runId === refused.runId),
      ).toMatchObject({ outcome: 'refused' });

      const forced = await operation(['failover', '--to', EAST, '--yes', '--force', 'replication']);
      expect(forced.plan.checks.find((c) => c.name === 'replication')).toMatchObject({
        ok: false,
        forced: true,
      });
      const start = (await journal(forced.runId)).find((r) => r.type === 'start');
      expect(
        start?.type === 'start' && start.checks.find((c) => c.name === 'replication'),
      ).toMatchObject({ ok: false, forced: true });
      expect(await dials()).toEqual({ [WEST]: 0, [EAST]: 100 });
      expect(forced.state).toMatch(/^dials us-west-2 0%, us-east-1 100%/);
      await expectOutcome(forced.runId, 'completed');

      await fault('clear');
      await operation(['failback', '--yes']);
      expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 100 });
    },
  },
  // (b)–(d) share one fault: us-east-1's targets fail their health checks, core first, then
  // like too (which makes the gating alarm fire); (d) ends with the recovery.
  {
    title: 'us-east-1 unhealthy (core targets failing): refused naming target-healthy, not alarms',
    label: '1b target-healthy',
    faults: [['failing-health-checks', '--region', EAST, '--service', 'mysfits-core']],
    until: {
      what: 'us-east-1 mysfits-core targets unhealthy',
      ready: (doc) =>
        regionOf(doc, EAST).canTakeAllTraffic === 'no' &&
        regionOf(doc, EAST).targetGroups.find((t) => t.service === 'mysfits-core')?.healthy === 0,
    },
    check: 'target-healthy',
    notNamed: 'alarms',
    detail: /us-east-1: .*mysfits-core: 0 healthy targets/,
    keepsFault: true,
  },
  {
    title: 'a gating alarm of us-east-1 in ALARM: refused naming alarms',
    label: '1c alarms',
    faults: [
      ['failing-health-checks', '--region', EAST, '--service', 'mysfits-core'],
      ['failing-health-checks', '--region', EAST, '--service', 'mysfits-like'],
    ],
    until: {
      what: 'mysfits-like-unhealthy-hosts in ALARM in us-east-1',
      ready: (doc) =>
        regionOf(doc, EAST).alarms.alarms?.find((a) => a.name === 'mysfits-like-unhealthy-hosts')
          ?.state === 'ALARM',
    },
    check: 'alarms',
    detail: /in ALARM: mysfits-like-unhealthy-hosts/,
    keepsFault: true,
  },
];

describe.sequential('refusals: exit 3, nothing changed, journaled as refused', () => {
  for (const c of REFUSALS) {
    it(
      c.title,
      async () => {
        const started = Date.now();
        dirty = true;
        for (const args of c.faults) await fault(...args);
        if (c.until) await statusUntil(c.until.what, c.until.ready);
        const refused = await refusal(['failover', '--to', EAST, '--yes']);
        expect(refused.names).toContain(c.check);
        if (c.notNamed) expect(refused.names).not.toContain(c.notNamed);
        expect(refused.failed.find((check) => check.name === c.check)?.detail).toMatch(c.detail);
        if (c.hint) expect(refused.error.hint).toMatch(c.hint);
        expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 100 });
        await expectOutcome(refused.runId, 'refused');
        await c.then?.(refused);
        if (c.keepsFault) dirty = false; // the next case builds on this fault
        timed(c.label, started);
      },
      CASE_TIMEOUT_MS,
    );
  }

  it(
    'us-east-1 unhealthy: draining or switching out us-west-2 is refused as the last healthy region',
    async () => {
      const started = Date.now();
      dirty = true;
      await fault('failing-health-checks', '--region', EAST);
      await statusUntil(
        'us-east-1 unable to take traffic',
        (doc) => regionOf(doc, EAST).canTakeAllTraffic === 'no',
      );
      // With us-east-1 unhealthy the accelerator would keep sending us-west-2's clients to
      // us-west-2 whatever its dial says (failover ignores dials), but its dial at 0 is a drain
      // all the same: the moment us-east-1 passes its health checks it gets everything.
      const drain = await refusal(['traffic', 'drain', WEST, '--yes']);
      expect(
        drain.names.some((n) => n === 'last-healthy-region' || n === 'receivers-healthy'),
      ).toBe(true);
      expect(await dials()).toEqual({ [WEST]: 100, [EAST]: 100 });
      await expectOutcome(drain.runId, 'refused');

      const out = await refusal(['traffic', 'switch', WEST, 'out', '--yes']);
      expect(out.names).toEqual(['last-healthy-region']);
      expect(await switchIn(WEST)).toBe('in');
      expect(await switchIn(WEST, EAST)).toBe('in');
      await expectOutcome(out.runId, 'refused');
      expect(await landsIn(WEST, 5)).toBeLessThan(60_000);
      timed('1d last-healthy-region', started);
    },
    CASE_TIMEOUT_MS,
  );
});

/**
 * `failback --via routing-switch` from an outage case's end: completes, us-west-2 is switched
 * back in and takes new connections. Refusals by the `recovering` checks alone are waited out
 * (not forced), for up to a minute.
 */
async function failbackViaSwitch(label: string, recovering: readonly string[] = []) {
  const started = Date.now();
  dirty = true;
  const args = ['--json', 'failback', '--via', 'routing-switch', '--yes', '--timeout', '90s'];
  let run = await cli(args, OP_TIMEOUT_MS);
  const until = Date.now() + 60_000;
  while (recovering.length && run.code === 3 && Date.now() < until) {
    const details = operationDocumentSchema.parse(
      errorDocumentSchema.parse(JSON.parse(run.stdout)).error.details,
    );
    if (!blocking(details.plan.checks).every((c) => recovering.includes(c.name))) break;
    await sleep(5_000);
    run = await cli(args, OP_TIMEOUT_MS);
  }
  expect(run.code, show(run)).toBe(0);
  const doc = operationDocumentSchema.parse(JSON.parse(run.stdout));
  expect(doc.outcome).toBe('completed');
  expect(await switchIn(WEST)).toBe('in');
  expect(await landsIn(WEST)).toBeLessThan(60_000);
  timed(label, started);
}

describe.sequential('failover while a region or its control plane is down', () => {
  it(
    'us-west-2 down: the dials are refused (accelerator API), the routing switch moves everything to us-east-1',
    async () => {
      const started = Date.now();
      dirty = true;
      await fault('region-outage', '--region', WEST);
      const viaDials = await refusal(['failover', '--to', EAST, '--yes']);
      expect(viaDials.names).toContain('accelerator-api');
      expect(viaDials.failed.find((c) => c.name === 'accelerator-api')?.detail).toMatch(
        /answers only in us-west-2 .*--via routing-switch/,
      );
      expect(viaDials.error.message).toMatch(/--via routing-switch/);
      await expectOutcome(viaDials.runId, 'refused');

      // Which checks the data-plane path cannot pass with us-west-2 dead: force exactly those.
      const dry = await cli(
        ['--json', 'failover', '--to', EAST, '--via', 'routing-switch', '--dry-run'],
        OP_TIMEOUT_MS,
      );
      const plan = operationDocumentSchema.parse(JSON.parse(dry.stdout));
      const cannot = blocking(plan.plan.checks);
      // Replication out of a dead region cannot be measured; everything about us-east-1 can.
      expect(
        cannot.map((c) => c.name),
        show(dry),
      ).toEqual(['replication']);
      expect(cannot[0]!.detail).toMatch(/could not be measured|unknown/);
      expect(dry.code).toBe(3);

      const switched = await operation([
        'failover',
        '--to',
        EAST,
        '--via',
        'routing-switch',
        '--yes',
        '--force',
        cannot.map((c) => c.name).join(','),
      ]);
      expect(switched.plan.checks.find((c) => c.name === 'replication')?.forced).toBe(true);
      // One write in the control table (us-east-1 and the witness make its quorum): every
      // replica, us-west-2's included once it is back, reads it.
      expect(switched.steps?.find((s) => s.id === `switch:${WEST}:out`)).toMatchObject({
        status: 'done',
        result: { state: 'out', writtenIn: 1 },
      });
      expect(switched.steps?.find((s) => s.id === `observe:${EAST}`)?.status).toBe('done');
      expect(switched.state).toMatch(/routing switch: us-west-2 OUT/);
      const landing = await sample(10);
      expect(landing, JSON.stringify(landing)).toEqual({ [EAST]: 10 });
      timings.push(
        `2 routing-switch failover (us-west-2 down) landedAfterMs ${switched.measurements?.landedAfterMs}, ` +
          `probe ${switched.measurements?.probeFailures}/${switched.measurements?.probeRequests} failed (${switched.measurements?.probeByRegion})`,
      );

      // us-west-2 comes back: its replica of the control table reads the switch written during
      // the outage, so its gate fails its health check from the start and it does not take
      // traffic back.
      await fault('clear');
      const back = Date.now();
      const deadline = back + 30_000;
      while ((await switchIn(WEST).catch(() => 'unreadable')) !== 'out') {
        if (Date.now() > deadline) throw new Error('the routing switch never reached us-west-2');
        await sleep(250);
      }
      timings.push(`2 switch replicated into us-west-2 ${Date.now() - back} ms after the outage`);
      await sleep(5_000);
      const after = await sample(10);
      expect(after, JSON.stringify(after)).toEqual({ [EAST]: 10 });
      dirty = false; // the next case fails back from here
      timed('2 region outage', started);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'after the outage: failback --via routing-switch brings traffic back to us-west-2',
    async () => {
      dirty = true;
      expect(await switchIn(WEST)).toBe('out');
      // Right after the outage the recovered us-west-2 may still be catching up: replication
      // from us-east-1 has to meet the stricter failback limit while its backlog drains, and
      // its gating alarms and targets return to OK/healthy only after a few evaluations.
      await failbackViaSwitch('2 failback via routing switch', [
        'replication',
        'alarms',
        'target-healthy',
      ]);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'us-west-2 control plane down: the routing switch moves traffic with nothing forced; status shows it',
    async () => {
      const started = Date.now();
      dirty = true;
      await fault('control-plane-outage', '--region', WEST);
      const args = ['failover', '--to', EAST, '--via', 'routing-switch', '--yes'];
      let run = await cli(['--json', ...args], OP_TIMEOUT_MS);
      if (run.code === 3) {
        // Only facts that genuinely cannot be read may be forced (none is expected: the canary
        // probe and the switch use DynamoDB item calls, which keep working).
        const details = operationDocumentSchema.parse(
          errorDocumentSchema.parse(JSON.parse(run.stdout)).error.details,
        );
        const failed = blocking(details.plan.checks);
        for (const check of failed)
          expect(check.detail, show(run)).toMatch(/could not be read|not measured|unknown/);
        run = await cli(
          ['--json', ...args, '--force', failed.map((c) => c.name).join(',')],
          OP_TIMEOUT_MS,
        );
      }
      expect(run.code, show(run)).toBe(0);
      const switched = operationDocumentSchema.parse(JSON.parse(run.stdout));
      expect(switched.outcome).toBe('completed');
      expect(switched.plan.steps.map((s) => s.id)).toContain(`switch:${WEST}:out`);
      expect(switched.steps?.find((s) => s.id === `switch:${WEST}:out`)).toMatchObject({
        status: 'done',
        // One strongly consistent write in the control table; both replicas read it.
        result: { state: 'out', writtenIn: 1, notWrittenIn: null },
      });
      expect(await switchIn(WEST)).toBe('out');
      expect(await switchIn(WEST, EAST)).toBe('out');
      const landing = await sample(10);
      expect(landing, JSON.stringify(landing)).toEqual({ [EAST]: 10 });
      timings.push(
        `3 forced: ${JSON.stringify(switched.plan.checks.filter((c) => c.forced).map((c) => c.name))}; routing-switch failover (us-west-2 control plane down) landedAfterMs ${switched.measurements?.landedAfterMs}, ` +
          `probe ${switched.measurements?.probeFailures}/${switched.measurements?.probeRequests} failed (${switched.measurements?.probeByRegion})`,
      );

      // status reads the switch with an item call, so it shows it even now.
      const during = await status('--no-probe');
      expect(regionOf(during, WEST).routingSwitch.state).toBe('out');
      expect(regionOf(during, WEST).canTakeReasons.join('\n')).toMatch(/routing switch/);
      expect(regionOf(during, EAST).canTakeAllTraffic).toBe('yes');

      // With the control plane back, the effect shows everywhere: us-west-2's routing gate fails
      // its health check, so its accelerator endpoint is unhealthy (the reason names the gate's
      // group) while its app targets stay healthy, and us-east-1 takes every new connection.
      // (This used to wait for us-west-2's app targets to fail with 503: the old design.)
      await fault('clear');
      const gateReason = (doc: StatusDocument) =>
        (regionOf(doc, WEST).traffic.endpoints ?? []).map((e) => e.healthReason ?? '').join('\n');
      const after = await statusUntil(
        'us-east-1 active with us-west-2 switched out',
        (doc) => doc.verdict.activeRegion === EAST && /mysfits-gate/.test(gateReason(doc)),
      );
      expect(regionOf(after, EAST).traffic.sharePercent).toBe(100);
      expect(regionOf(after, WEST).routingSwitch.state).toBe('out');
      expect(gateReason(after)).toMatch(/target group mysfits-gate has no healthy target/);
      expect(regionOf(after, WEST).targetGroups.every((t) => (t.healthy ?? 0) > 0)).toBe(true);
      dirty = false; // the next case fails back from here
      timed('3 control-plane outage', started);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'after the control-plane outage: failback --via routing-switch brings traffic back to us-west-2',
    () => failbackViaSwitch('3 failback via routing switch'),
    CASE_TIMEOUT_MS,
  );
});

describe.sequential('crash and interruption of a gradual failover', () => {
  const gradual = [
    '--json',
    'failover',
    '--to',
    EAST,
    '--mode',
    'gradual',
    '--step',
    '25',
    '--interval',
    '2s',
    '--yes',
  ];

  it(
    'kill -9 after a dial step: unfinished, lock still held; --resume takes it back, skips what is in place, completes',
    async () => {
      const started = Date.now();
      dirty = true;
      const before = await runIds();
      let pid = 0;
      const running = cli(gradual, OP_TIMEOUT_MS, (p) => (pid = p));
      const { runId } = await newRun(before, (records) => records.some(isDialDone));
      process.kill(pid, 'SIGKILL');
      const killed = await running;
      expect(killed.signal).toBe('SIGKILL');

      // The journal says exactly what was done, and the dials say the same.
      const records = await journal(runId);
      expect(records.some((r) => r.type === 'finish')).toBe(false);
      const live = await expectJournalMatchesDials(records);
      expect(live[WEST]).toBeLessThan(100);
      expect(live[WEST]).toBeGreaterThan(0);
      const unfinished = await expectOutcome(runId, undefined);
      expect(unfinished.finishedAt).toBeUndefined();
      expect(unfinished.steps.some((s) => s.status === 'done')).toBe(true);
      expect(unfinished.steps.some((s) => s.status === 'pending')).toBe(true);

      // Its lock outlives it (it expires on its own) ...
      const lock = await lockShow();
      expect(lock.held).toBe(true);
      expect(lock.holder?.runId).toBe(runId);
      expect(lock.holder!.expiresAt).toBeGreaterThan(Date.now());

      // ... and the resumed run, being the same run, takes it back.
      const resumed = await operation(['failover', '--resume', '--yes']);
      expect(resumed.runId).toBe(runId);
      const skipped = resumed.steps?.filter((s) => s.status === 'skipped').map((s) => s.id) ?? [];
      expect(skipped).toContain(`dial:${EAST}:100`);
      expect(resumed.steps?.find((s) => s.id === `dial:${WEST}:0`)?.status).toBe('done');
      expect(resumed.steps?.find((s) => s.id === `observe:${EAST}`)?.status).toBe('done');
      const all = await journal(runId);
      const second = all.filter((r) => r.type === 'start')[1];
      expect(second).toMatchObject({ type: 'start', runId, resumed: true });
      const skips = all.slice(all.indexOf(second!)).filter((r) => r.type === 'step-skip');
      expect(skips).toContainEqual(
        expect.objectContaining({ stepId: `dial:${EAST}:100`, reason: 'already in place' }),
      );
      expect(all[all.length - 1]).toMatchObject({ type: 'finish', outcome: 'completed' });
      expect(await expectJournalMatchesDials(all)).toEqual({ [WEST]: 0, [EAST]: 100 });
      expect(journaledDials(all)).toEqual({ [EAST]: [100], [WEST]: [0] });
      await expectOutcome(runId, 'completed');
      expect((await lockShow()).held).toBe(false);
      expect(await landsIn(EAST)).toBeLessThan(60_000);
      timed('4 kill -9 and resume', started);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'SIGTERM after the first dial step: exit 130 with the exact state, journaled interrupted, lock released; --resume completes',
    async () => {
      const started = Date.now();
      dirty = true;
      const before = await runIds();
      let pid = 0;
      const running = cli(gradual, OP_TIMEOUT_MS, (p) => (pid = p));
      const { runId } = await newRun(before, (records) => records.some(isDialDone));
      const signalled = Date.now();
      process.kill(pid, 'SIGTERM');
      const stopped = await running;
      timings.push(`5 SIGTERM → exit ${Date.now() - signalled} ms`);
      expect(stopped.code, show(stopped)).toBe(130);
      const { error } = errorDocumentSchema.parse(JSON.parse(stopped.stdout));
      expect(error.code).toBe('INTERRUPTED');
      expect(error.exitCode).toBe(130);

      const records = await journal(runId);
      const finish = records[records.length - 1];
      expect(finish).toMatchObject({ type: 'finish', outcome: 'interrupted' });
      const live = await expectJournalMatchesDials(records);
      expect(live[WEST]).toBeLessThan(100);
      // The error states the exact state: the dials as they are, the run to resume.
      expect(error.state).toContain(`dials us-west-2 ${live[WEST]}%, us-east-1 ${live[EAST]}%`);
      const left = finish?.type === 'finish' ? finish.state : undefined;
      expect(left).toMatch(/^dials /);
      expect(error.state).toContain(left);
      expect(error.state).toMatch(new RegExp(`steps done; .*run ${runId}$`));
      expect(error.hint).toContain(`--resume ${runId}`);
      await expectOutcome(runId, 'interrupted');
      expect((await lockShow()).held).toBe(false);

      const resumed = await operation(['failover', '--resume', '--yes']);
      expect(resumed.runId).toBe(runId);
      expect(resumed.steps?.filter((s) => s.status === 'skipped').length).toBeGreaterThan(0);
      expect(await expectJournalMatchesDials(await journal(runId))).toEqual({
        [WEST]: 0,
        [EAST]: 100,
      });
      await expectOutcome(runId, 'completed');
      expect((await lockShow()).held).toBe(false);
      timed('5 SIGTERM and resume', started);
    },
    CASE_TIMEOUT_MS,
  );
});
