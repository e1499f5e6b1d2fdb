/**
 * `mysfits-dr status` end to end: the built CLI as a process, against a lab of this file's
 * own, through each fault an on-call engineer meets. Each case checks the verdict, the exit
 * code (0 healthy, 1 degraded, 7 unknown) and that the answer came within the time budget.
 */
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { statusDocumentSchema, type StatusDocument } from '../../src/core/status/schema.js';
import { REPO_ROOT, runCli, type CliRun } from '../helpers/cli.js';
import { labEnv, sleep, waitFor } from '../helpers/lab.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';
import { watchStatusUntil } from '../helpers/status-watch.js';

let lab: OwnLab;
let env: NodeJS.ProcessEnv;
const WEST = 'us-west-2';
const EAST = 'us-east-1';
/** The default budget of `status` plus process start-up (generous: CI machines are shared). */
const WALL_LIMIT_MS = 10_000 + 10_000;

beforeAll(async () => {
  lab = await startOwnLab();
  env = labEnv({ AWS_ENDPOINT_URL: lab.endpoint, AWS_REGION: WEST, ...lab.env });
});

afterAll(async () => {
  await lab?.stop();
});

/** Set by a case that injected a fault; the next case starts from a healthy lab. */
let faulted = false;
afterEach(async () => {
  if (faulted) await recover();
  faulted = false;
}, 150_000);

async function status(
  ...args: string[]
): Promise<{ run: CliRun; doc: StatusDocument; wallMs: number }> {
  const started = Date.now();
  const run = await runCli(['--json', 'status', ...args], { env, timeoutMs: 30_000 });
  const wallMs = Date.now() - started;
  const doc = statusDocumentSchema.parse(JSON.parse(run.stdout));
  expect(run.code, run.stderr).toBe(doc.exitCode);
  // The reads themselves stay inside the budget (10 s unless the case passes --budget).
  const budgetArg = args.indexOf('--budget');
  const budgetMs = budgetArg >= 0 ? Number.parseFloat(args[budgetArg + 1]!) * 1000 : 10_000;
  expect(doc.durationMs).toBeLessThanOrEqual(budgetMs + 1_000);
  return { run, doc, wallMs };
}

const fault = (...args: string[]) => {
  faulted = args[0] !== 'clear';
  return runCli(['lab', 'fault', ...args], { env });
};
const region = (doc: StatusDocument, name: string) => doc.regions.find((r) => r.name === name)!;
const failoverTo = (doc: StatusDocument, name: string) =>
  doc.verdict.failover.find((f) => f.to === name);

/**
 * Clears every fault and waits until status is healthy again, with the canary probe: after a
 * pause, CloudWatch keeps the last (high) lag datapoint until something replicates again; the
 * canary both measures replication live and gives CloudWatch fresh datapoints.
 */
async function recover(): Promise<void> {
  await fault('clear');
  await watchStatusUntil('the lab to recover', (doc) => doc.overall === 'healthy', {
    env,
    timeoutMs: 100_000,
  });
}

describe('status against the lab', () => {
  it('healthy lab: exit 0, us-west-2 active, failover to us-east-1 safe, both regions shown', async () => {
    const { doc, wallMs } = await status();
    expect(doc.overall, JSON.stringify([doc.regions.map((r) => r.reasons), doc.replication])).toBe(
      'healthy',
    );
    expect(doc.exitCode).toBe(0);
    expect(doc.verdict.activeRegion).toBe(WEST);
    expect(region(doc, WEST).traffic.sharePercent).toBe(100);
    expect(region(doc, EAST).traffic.sharePercent).toBe(0);
    expect(failoverTo(doc, EAST)?.safe).toBe('yes');
    expect(doc.replication.filter((r) => r.source === 'probe' && r.verdict === 'ok')).toHaveLength(
      2,
    );
    expect(wallMs).toBeLessThan(WALL_LIMIT_MS);

    const text = await runCli(['status'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/us-west-2 \(primary\)\s+us-east-1/);
    expect(text.stdout).toMatch(/failover to us-east-1: safe/);
  });

  it('refuses bad flags with exit 2, naming the flag, the value and the fix', async () => {
    const bad = await runCli(['status', '--timeout', 'soon'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--timeout: "soon" is not a duration/);
    const budget = await runCli(['status', '--budget', '1s', '--timeout', '3s'], { env });
    expect(budget.code).toBe(2);
    expect(budget.stderr).toMatch(/--budget 1s is shorter than --timeout 3s/);
  });

  it('--watch --json prints one document per line until interrupted', async () => {
    let pid = 0;
    let lines = 0;
    const watching = runCli(['--json', 'status', '--watch', '1', '--no-probe'], {
      env,
      onSpawn: (p) => (pid = p),
      onStdout: (text) => (lines = text.split('\n').length - 1),
    });
    await waitFor('two status documents', async () => lines >= 2, 20_000);
    process.kill(pid, 'SIGTERM');
    const run = await watching;
    const docs = run.stdout.trim().split('\n');
    expect(docs.length).toBeGreaterThanOrEqual(2);
    for (const line of docs)
      expect(statusDocumentSchema.parse(JSON.parse(line)).kind).toBe('status');
    expect(run.code).toBe(130);
  });

  it('--watch ends by itself, quietly, when its reader goes away (as with `| head -1`)', async () => {
    const child = spawn(
      process.execPath,
      [`${REPO_ROOT}/bin/mysfits-dr.js`, '--json', 'status', '--watch', '1', '--no-probe'],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy(); // the reader is gone: the next refresh hits a closed pipe
    const code = await Promise.race([exited, sleep(20_000).then(() => 'still running')]);
    if (code === 'still running') child.kill('SIGKILL');
    expect(code).toBe(0); // the lab is healthy: the last read's code
    expect(stderr).not.toMatch(/EPIPE|Error/);
  });

  it('replication paused into us-east-1: degraded (exit 1), failover to us-east-1 not safe', async () => {
    await fault('replication-pause', '--from', WEST, '--to', EAST);
    const { doc, wallMs } = await status();
    expect(doc.overall).toBe('degraded');
    expect(failoverTo(doc, EAST)?.safe).toBe('no');
    expect(failoverTo(doc, EAST)?.reasons.join('\n')).toMatch(
      /replication us-west-2 → us-east-1 stalled/,
    );
    expect(wallMs).toBeLessThan(WALL_LIMIT_MS);
  });

  it('throttling in us-east-1: its reads are UNKNOWN (throttled), the rest renders, exit 1', async () => {
    await fault('throttling', '--region', EAST, '--share', '1');
    // The SDK retries throttled calls with backoff: the per-call timeout leaves room for the
    // retries to end in ThrottlingException, not in the timeout, on a busy machine too.
    const { doc, wallMs } = await status('--timeout', '8s', '--budget', '15s');
    expect(doc.overall).toBe('degraded');
    expect(region(doc, WEST).state).toBe('healthy');
    expect(region(doc, EAST).ecs.failure?.kind).toBe('throttled');
    expect(region(doc, EAST).canTakeAllTraffic).toBe('unknown');
    expect(failoverTo(doc, EAST)?.safe).toBe('unknown');
    expect(wallMs).toBeLessThan(WALL_LIMIT_MS);
  });

  it('us-west-2 control plane down: exit 7, the accelerator API called out, us-east-1 still assessed', async () => {
    await fault('control-plane-outage', '--region', WEST);
    const { doc, wallMs } = await status();
    expect(doc.overall).toBe('unknown');
    expect(doc.exitCode).toBe(7);
    expect(doc.accelerator.reachable).toBe(false);
    expect(doc.warnings.join('\n')).toMatch(/answers only in us-west-2/);
    expect(region(doc, WEST).ecs.failure?.kind).toBe('unreachable');
    expect(region(doc, EAST).canTakeAllTraffic).toBe('yes');
    // DynamoDB's item calls still work there, so the canaries still measure replication.
    const probe = doc.replication.find(
      (r) => r.source === 'probe' && r.from === WEST && r.to === EAST,
    );
    expect(probe?.verdict).toBe('ok');
    expect(failoverTo(doc, EAST)?.safe).toBe('yes');
    expect(wallMs).toBeLessThan(WALL_LIMIT_MS);
  });

  it('a gating alarm in ALARM in us-east-1: exit 1, failover to us-east-1 not safe, the alarm named', async () => {
    await fault('failing-health-checks', '--region', EAST, '--service', 'mysfits-like');
    const { doc } = await watchStatusUntil(
      'the unhealthy-hosts alarm in ALARM',
      (d) =>
        region(d, EAST).alarms.alarms?.find((a) => a.name === 'mysfits-like-unhealthy-hosts')
          ?.state === 'ALARM',
      { env, timeoutMs: 60_000, args: ['--no-probe'] },
    );
    expect(doc.exitCode).toBe(1);
    expect(doc.verdict.activeRegion).toBe(WEST);
    expect(failoverTo(doc, EAST)?.safe).toBe('no');
    expect(failoverTo(doc, EAST)?.reasons.join('\n')).toMatch(
      /alarm mysfits-like-unhealthy-hosts is in ALARM/,
    );
  });

  it('us-east-1 down: us-west-2 stays active, failover to us-east-1 not safe, exit 1', async () => {
    await fault('region-outage', '--region', EAST);
    const { doc, wallMs } = await status();
    expect(doc.overall).toBe('degraded');
    expect(doc.verdict.activeRegion).toBe(WEST);
    expect(region(doc, WEST).state).toBe('healthy');
    expect(region(doc, EAST).ecs.failure?.kind).toBe('unreachable');
    expect(failoverTo(doc, EAST)?.safe).not.toBe('yes');
    expect(wallMs).toBeLessThan(WALL_LIMIT_MS);
  });

  it('us-west-2 down (never answering): exit 7 within the budget, us-east-1 could take all traffic', async () => {
    await fault('region-outage', '--region', WEST, '--mode', 'timeout');
    const { doc, wallMs } = await status('--timeout', '2s', '--budget', '6s');
    expect(doc.overall).toBe('unknown');
    expect(doc.accelerator.failure?.kind).toBe('timeout');
    expect(region(doc, WEST).state).toBe('unknown');
    expect(region(doc, EAST).canTakeAllTraffic).toBe('yes');
    expect(doc.durationMs).toBeLessThanOrEqual(6_000 + 500);
    // The reads keep the budget (above); the process around them needs start-up time too.
    expect(wallMs).toBeLessThan(6_000 + 6_000);
  });
});
