import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { REPO_ROOT, runCli, type CliRun } from '../helpers/cli.js';

// Journals of two deployments (and one written before deployments were recorded) in one
// runs folder, as every lab and AWS deployment a user operates shares it.

const historySchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('history'),
  deployment: z.string().nullable(),
  all: z.boolean(),
  hidden: z.number(),
  runs: z.array(
    z.object({
      runId: z.string(),
      kind: z.string(),
      where: z.string(),
      deployment: z.string().optional(),
    }),
  ),
});

const ARN_A =
  'arn:aws:globalaccelerator::111111111111:accelerator/aaaaaaaa-0000-4000-8000-00000000000a';
const ARN_B =
  'arn:aws:globalaccelerator::222222222222:accelerator/bbbbbbbb-0000-4000-8000-00000000000b';
const LAB = 'http://127.0.0.1:4566';

let dir: string;
let env: NodeJS.ProcessEnv;
let configA: string;

/** A journal with a start and a finish record, optionally stamped with a deployment. */
async function journal(runId: string, at: number, deployment?: string): Promise<void> {
  const start = {
    type: 'start',
    at,
    runId,
    kind: 'failover',
    request: {},
    summary: `failover: run ${runId}`,
    operator: 'tester',
    checks: [],
    steps: [],
    ...(deployment ? { deployment } : {}),
  };
  const finish = { type: 'finish', at: at + 1000, outcome: 'completed', state: 'ok' };
  await writeFile(
    join(env.MYSFITS_DR_RUNS_DIR!, `${runId}.jsonl`),
    `${JSON.stringify(start)}\n${JSON.stringify(finish)}\n`,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mysfits-history-'));
  env = {
    MYSFITS_DR_RUNS_DIR: dir,
    AWS_ENDPOINT_URL: '',
    AWS_ENDPOINT_URL_GLOBAL_ACCELERATOR: '',
  };
  // The lab's config moved to accelerator A: its listener and endpoint groups with it.
  const lab = await readFile(join(REPO_ROOT, 'mysfits-dr.config.json'), 'utf8');
  const labArn = (JSON.parse(lab) as { accelerator: { arn: string } }).accelerator.arn;
  configA = join(dir, 'a.config.json');
  await writeFile(configA, lab.replaceAll(labArn, ARN_A));
  await journal('run-a-1', 1_000_000);
  await journal('run-a-2', 2_000_000, ARN_A);
  await journal('run-b-1', 3_000_000, ARN_B);
  await journal('run-a-lab', 4_000_000, `${ARN_A} via ${LAB}`);
  await journal('run-a-3', 5_000_000, ARN_A);
});

const history = async (...args: string[]) => {
  const run: CliRun = await runCli(['--json', '--config', configA, ...args], { env });
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  return historySchema.parse(JSON.parse(run.stdout));
};

describe('history across deployments', () => {
  it('lists only the configured deployment’s journals and says which one it is', async () => {
    const shown = await history('history', '--local');
    expect(shown).toMatchObject({ deployment: ARN_A, all: false, hidden: 3 });
    expect(shown.runs.map((r) => r.runId)).toEqual(['run-a-3', 'run-a-2']);
    expect(shown.runs.every((r) => r.deployment === ARN_A && r.where === 'local')).toBe(true);

    const text = await runCli(['--config', configA, 'history', '--local'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`deployment: ${ARN_A}`);
    expect(text.stdout).toMatch(/3 runs of other or unrecorded deployments not shown \(--all/);
    expect(text.stdout).toContain('run-a-3');
    expect(text.stdout).not.toContain('run-b-1');
  });

  it('tells a lab from the deployment by its endpoint', async () => {
    const shown = await history('--endpoint-url', LAB, 'history', '--local');
    expect(shown.deployment).toBe(`${ARN_A} via ${LAB}`);
    expect(shown.runs.map((r) => r.runId)).toEqual(['run-a-lab']);
  });

  it('lists every deployment with --all, each run naming its deployment', async () => {
    const shown = await history('history', '--local', '--all');
    expect(shown).toMatchObject({ deployment: ARN_A, all: true, hidden: 0 });
    expect(shown.runs.map((r) => [r.runId, r.deployment])).toEqual([
      ['run-a-3', ARN_A],
      ['run-a-lab', `${ARN_A} via ${LAB}`],
      ['run-b-1', ARN_B],
      ['run-a-2', ARN_A],
      ['run-a-1', undefined],
    ]);
    const text = await runCli(['--config', configA, 'history', '--local', '--all'], { env });
    expect(text.stdout).toContain('every deployment run from this machine');
    expect(text.stdout).toMatch(/run-a-1 .*unrecorded/);
  });

  it('shows any one run in full, whatever its deployment', async () => {
    const run = await runCli(['--json', '--config', configA, 'history', 'run-b-1'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).run).toMatchObject({ runId: 'run-b-1', deployment: ARN_B });
  });
});
