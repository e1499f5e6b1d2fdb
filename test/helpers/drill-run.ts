/**
 * Running `mysfits-dr drill run` as a process against a lab of the test file's own, and
 * reading back what it wrote (journal, reports).
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { DrillJournal } from '../../src/drill/journal.js';
import { readState } from '../../src/lab/state.js';
import { runCli, type CliRun } from './cli.js';
import { labEnv } from './lab.js';
import { startOwnLab, type OwnLab } from './own-lab.js';

/** A finished drill run. */
export interface DrillRun {
  cli: CliRun;
  folder: string;
  journal: DrillJournal;
  markdown: string;
  html: string;
}

/** The environment that points the CLI at `lab` (AWS endpoint, lab folder, app URL, runs dir). */
export async function drillEnv(lab: OwnLab): Promise<NodeJS.ProcessEnv> {
  const state = await readState(lab.dir);
  if (!state?.acceleratorUrl) throw new Error(`the lab in ${lab.dir} has no accelerator address`);
  return labEnv({
    AWS_ENDPOINT_URL: lab.endpoint,
    AWS_REGION: 'us-west-2',
    ...lab.env,
    MYSFITS_DR_APP_URL: state.acceleratorUrl,
    MYSFITS_DR_RUNS_DIR: await mkdtemp(join(tmpdir(), 'mysfits-drill-ops-')),
  });
}

/** Runs `drill run <drill> [...args]` into a fresh folder and reads what it wrote. */
export async function runDrillCli(
  env: NodeJS.ProcessEnv,
  drill: string,
  args: readonly string[] = [],
  options: { timeoutMs?: number; onSpawn?: (pid: number) => void } = {},
): Promise<DrillRun> {
  const out = await mkdtemp(join(tmpdir(), 'mysfits-drill-runs-'));
  const cli = await runCli(['drill', 'run', drill, '--yes', '--out', out, ...args], {
    env,
    timeoutMs: options.timeoutMs ?? 300_000,
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });
  const [name] = await readdir(out);
  if (!name) throw new Error(`drill run wrote no run folder (exit ${cli.code}):\n${cli.stderr}`);
  const folder = join(out, name);
  const read = (file: string) => readFile(join(folder, file), 'utf8').catch(() => '');
  const journal = JSON.parse(await read('journal.json')) as DrillJournal;
  return {
    cli,
    folder,
    journal,
    markdown: await read('report.md'),
    html: await read('report.html'),
  };
}

/** One line per run for the test log: exit, reason and the measurements. */
export function describeRun(name: string, run: DrillRun): string {
  const m = run.journal.measurements;
  return `${name}: exit ${run.cli.code} (${run.journal.reason}); detection ${m.detectionMs} ms, RTO ${m.rtoMs} ms, RPO ${JSON.stringify(m.rpo)}, requests ${JSON.stringify(m.requests)}, ${run.journal.duration.toFixed(1)} s`;
}

/** What `useDrillLab` gives a test file: its lab, the CLI's environment, and a log printed at the end. */
export interface DrillLab {
  lab: OwnLab;
  env: NodeJS.ProcessEnv;
  log: string[];
}

/**
 * Registers the hooks of a drill test file: a lab of the file's own started before its cases
 * (with the drill environment), and after them the collected log printed and the lab stopped.
 * The returned object is filled in once `beforeAll` has run.
 */
export function useDrillLab(): DrillLab {
  const ctx = { log: [] as string[] } as unknown as DrillLab;
  beforeAll(async () => {
    ctx.lab = await startOwnLab({ timeoutMs: 240_000 });
    ctx.env = await drillEnv(ctx.lab);
  }, 300_000);
  afterAll(async () => {
    if (ctx.log.length) console.log(ctx.log.join('\n'));
    await ctx.lab?.stop();
  });
  return ctx;
}
