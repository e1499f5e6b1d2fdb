/**
 * Every `--json` document validates against its published schema (src/core/documents): the
 * built CLI as a process, each command that has `--json`. Read-only commands run against the
 * shared lab; the ones that change things (traffic set, lab faults, lock break, a drill run,
 * lab down) on a lab of this file's own, started in the background while the first run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { DOCUMENTS, type DocumentName } from '../../src/core/documents/registry.js';
import { labClientEnv } from '../../src/lab/env.js';
import { REPO_ROOT, runCli, type CliRun } from '../helpers/cli.js';
import { drillEnv } from '../helpers/drill-run.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';
import { watchStatusUntil } from '../helpers/status-watch.js';

const endpoint = inject('labEndpoint');
const WEST = 'us-west-2';
const EAST = 'us-east-1';
/** Longest one changing command may take on a busy host. */
const OP_TIMEOUT_MS = 180_000;

let ownLab: Promise<OwnLab>;
let work: string;
let sharedEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  // The changing cases need a lab of their own; start it now, while the read-only cases run.
  ownLab = startOwnLab();
  ownLab.catch(() => undefined);
  work = await mkdtemp(join(tmpdir(), 'mysfits-json-documents-'));
  sharedEnv = {
    ...labClientEnv(endpoint, WEST),
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    MYSFITS_DR_CONFIG: `${REPO_ROOT}/mysfits-dr.config.json`,
    MYSFITS_DR_RUNS_DIR: join(work, 'runs'),
  };
});

afterAll(async () => {
  await (await ownLab.catch(() => undefined))?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const show = (run: CliRun) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;

/**
 * Runs `--json <args>`, expects one of `codes` and exactly one JSON document on stdout, and
 * validates it against the published schema `name`; returns it.
 */
async function documentOf(
  name: DocumentName,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; codes?: readonly number[]; cwd?: string; timeoutMs?: number },
): Promise<Record<string, unknown>> {
  const run = await runCli(['--json', ...args], {
    env: options.env,
    timeoutMs: options.timeoutMs ?? 60_000,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  expect(options.codes ?? [0], show(run)).toContain(run.code);
  expect(run.stdout.trim().split('\n'), show(run)).toHaveLength(1);
  const doc = JSON.parse(run.stdout) as Record<string, unknown>;
  const parsed = DOCUMENTS[name].schema.safeParse(doc);
  expect(
    parsed.success,
    `${name}: ${parsed.error ? z.prettifyError(parsed.error) : ''}\n${show(run)}`,
  ).toBe(true);
  return doc;
}

describe('read-only commands against the shared lab', () => {
  const env = () => sharedEnv;
  const cases: { name: DocumentName; args: string[]; codes?: number[]; timeoutMs?: number }[] = [
    { name: 'status', args: ['status'], codes: [0, 1, 7] },
    { name: 'status', args: ['status', '--no-probe'], codes: [0, 1, 7] },
    { name: 'traffic', args: ['traffic', 'show'], codes: [0, 7] },
    { name: 'replication-lag', args: ['replication', 'lag'], codes: [0, 1, 7] },
    {
      name: 'replication-probe',
      args: ['replication', 'probe', '--samples', '1'],
      codes: [0, 1, 7],
    },
    { name: 'metrics', args: ['metrics', '--since', '5m'], codes: [0, 7] },
    { name: 'lock', args: ['lock', 'show'], codes: [0, 5] },
    { name: 'history', args: ['history'] },
    {
      name: 'operation',
      args: ['failover', '--to', EAST, '--dry-run'],
      codes: [0, 3],
      timeoutMs: OP_TIMEOUT_MS,
    },
    { name: 'drill-list', args: ['drill', 'list'] },
    { name: 'drill-validation', args: ['drill', 'validate', 'planned-failover'] },
    { name: 'config-validation', args: ['config', 'validate'] },
    { name: 'config', args: ['config', 'show'] },
    { name: 'iam-policy', args: ['iam-policy'] },
    { name: 'schema-list', args: ['schema'] },
    { name: 'error', args: ['history', 'no-such-run'], codes: [2] },
    { name: 'error', args: ['traffic', 'set', EAST, '150', '--yes'], codes: [2] },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.args.join(' ')}`, async () => {
      await documentOf(c.name, c.args, { env: env(), ...c });
    });
  }

  it('error: an AWS error (nothing listens at the endpoint)', async () => {
    const doc = await documentOf('error', ['lock', 'show'], {
      env: { ...sharedEnv, ...labClientEnv('http://127.0.0.1:9', WEST) },
      codes: [4, 6, 7],
    });
    expect((doc.error as { source: string }).source).toBe('aws');
  });

  it('init --lab writes a config', async () => {
    const dir = await mkdtemp(join(work, 'init-'));
    const target = join(dir, 'mysfits-dr.config.json');
    const doc = await documentOf('init', ['init', '--lab', '--output', target], {
      env: sharedEnv,
      cwd: dir,
    });
    expect(doc).toEqual({ written: target, source: 'lab' });
  });
});

describe.sequential('changing commands on a lab of its own', () => {
  let lab: OwnLab;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    lab = await ownLab;
    env = await drillEnv(lab);
    // A lab just started refuses changes until both regions pass their health checks.
    await watchStatusUntil('a healthy lab', (doc) => doc.overall === 'healthy', {
      env,
      timeoutMs: 120_000,
    });
  }, 300_000);

  it('lab up (already running), lab status, lab env', async () => {
    const up = await documentOf('lab-up', ['lab', 'up'], { env });
    expect(up.alreadyRunning).toBe(true);
    const status = await documentOf('lab-status', ['lab', 'status'], { env });
    expect(status.running).toBe(true);
    await documentOf('lab-env', ['lab', 'env'], { env });
  });

  it('lab fault, lab fault list, lab fault clear', async () => {
    const args = ['replication-pause', '--from', WEST, '--to', EAST, '--duration', '1m'];
    await documentOf('lab-fault', ['lab', 'fault', ...args], { env });
    const list = await documentOf('lab-fault-list', ['lab', 'fault', 'list'], { env });
    expect(list.faults).toHaveLength(1);
    // lab status lists the active fault with its parameters
    await documentOf('lab-status', ['lab', 'status'], { env });
    const cleared = await documentOf('lab-fault-clear', ['lab', 'fault', 'clear'], { env });
    expect(cleared.cleared).toHaveLength(1);
  });

  it(
    'traffic set (completed, then no-op), history, history <run>, lock show, lock break',
    async () => {
      const options = { env, timeoutMs: OP_TIMEOUT_MS };
      const set = await documentOf('operation', ['traffic', 'set', EAST, '90', '--yes'], options);
      expect(set.outcome).toBe('completed');
      const again = await documentOf('operation', ['traffic', 'set', EAST, '90', '--yes'], options);
      expect(again.outcome).toBe('no-op');
      const history = await documentOf('history', ['history'], { env });
      expect((history.runs as { runId: string }[]).map((r) => r.runId)).toContain(set.runId);
      await documentOf('run', ['history', String(set.runId)], { env });
      await documentOf('lock', ['lock', 'show'], { env });
      const broke = await documentOf('lock-break', ['lock', 'break', '--run', 'nothing', '--yes'], {
        env,
        codes: [1],
      });
      expect(broke.broken).toBe(false);
    },
    OP_TIMEOUT_MS * 2,
  );

  it(
    'drill run, drill report',
    async () => {
      const drill = join(work, 'short.yaml');
      await writeFile(
        drill,
        'version: 1\ntitle: One short wait\nmethod:\n  - type: action\n    name: pause\n    provider: { type: wait, duration: 1s }\n',
      );
      const out = join(work, 'drill-out');
      const run = await documentOf('drill-run', ['drill', 'run', drill, '--yes', '--out', out], {
        env,
        codes: [0, 1],
        timeoutMs: OP_TIMEOUT_MS,
      });
      await documentOf('drill-report', ['drill', 'report', String(run.journal)], { env });
    },
    OP_TIMEOUT_MS,
  );

  it('lab down', async () => {
    const down = await documentOf('lab-down', ['lab', 'down'], { env, timeoutMs: 60_000 });
    expect(down.wasRunning).toBe(true);
  });
});
