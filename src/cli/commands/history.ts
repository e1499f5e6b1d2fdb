/**
 * `mysfits-dr history [run]`: the operations run so far on the configured deployment — from
 * this machine's journals and the shared audit trail in the global table — or one run's
 * journal in full. The runs folder is shared by every lab and deployment the user ever
 * operated: only the configured deployment's journals are listed, unless `--all`.
 */
import type { Command } from 'commander';
import { EXIT_CODES } from '../../core/errors.js';
import type { RunListing } from '../../core/ops/journal.js';
import type { HistoryDocument, RunDocument } from '../../core/documents/runs.js';
import type { Context } from '../context.js';
import type { HistoryRun } from '../output/history-view.js';
import type { ActionResult, CommandRegistrar, Runner } from '../program.js';

/** Parsed options of `history`. */
export interface HistoryOptions {
  /** One run to show in full; every run when absent. */
  runId?: string;
  /** Only this machine's journals (no AWS call). */
  local: boolean;
  /** Every deployment's journals, not only the configured deployment's. */
  all: boolean;
}

/** The shared audit trail, from the first replica that answers (the primary first). */
async function shared(ctx: Context): Promise<{ runs: RunListing[]; warning?: string }> {
  const config = await ctx.config();
  const [{ awsPortFactory }, { listRuns }, { openControlStore }] = await Promise.all([
    import('../../aws/ports.js'),
    import('../../core/ops/audit.js'),
    import('../ops/table-access.js'),
  ]);
  const ports = awsPortFactory(ctx.aws(), { requestTimeoutMs: 3_000, maxAttempts: 2 });
  try {
    return { runs: await listRuns({ store: await openControlStore(config, ports) }) };
  } catch (error) {
    return {
      runs: [],
      warning: `the shared audit trail could not be read (${(error as Error).message}); showing this machine’s journals only`,
    };
  } finally {
    ports.destroy();
  }
}

/**
 * The configured deployment's identity, or undefined when the config cannot be read (with a
 * warning unless `quiet`: every deployment is then listed, and the output says so).
 */
async function configuredDeployment(ctx: Context, quiet: boolean): Promise<string | undefined> {
  const { deploymentIdentity } = await import('../ops/deployment-identity.js');
  try {
    return deploymentIdentity(await ctx.config(), ctx.aws());
  } catch (error) {
    if (!quiet) {
      ctx.io.warn(
        `the config could not be read (${(error as Error).message}); listing the journals of every deployment`,
      );
    }
    return undefined;
  }
}

/** Shows one run in full. */
async function showRun(ctx: Context, runId: string): Promise<ActionResult> {
  const [{ fileJournal, runsDir }, { summarizeRun }, { renderRun }] = await Promise.all([
    import('../ops/journal-file.js'),
    import('../../core/ops/journal.js'),
    import('../output/history-view.js'),
  ]);
  const run = summarizeRun(await fileJournal(runsDir(ctx.env)).read(runId));
  if (!run) {
    const { usageError } = await import('../../core/errors.js');
    throw usageError(
      'UNKNOWN_RUN',
      `no journal of run ${runId} on this machine`,
      'List runs with `mysfits-dr history` (or `mysfits-dr history --all` for every deployment).',
    );
  }
  ctx.io.document({ schemaVersion: 1, kind: 'run', run } satisfies RunDocument);
  ctx.io.result(renderRun(run, ctx.io.style));
  return EXIT_CODES.ok;
}

/**
 * `history`: the configured deployment's runs (or every deployment's with `all`), newest
 * first, each marked local, shared or both; or one run in full with `runId`.
 */
export async function runHistory(ctx: Context, opts: HistoryOptions): Promise<ActionResult> {
  if (opts.runId) return showRun(ctx, opts.runId);
  const [{ fileJournal, runsDir }, { renderHistory }] = await Promise.all([
    import('../ops/journal-file.js'),
    import('../output/history-view.js'),
  ]);
  const configured = await configuredDeployment(ctx, opts.all);
  const scoped = !opts.all && configured !== undefined;
  const journals = await fileJournal(runsDir(ctx.env)).list();
  const local = scoped ? journals.filter((r) => r.deployment === configured) : journals;
  // The shared trail lives in the configured deployment's own table: it is that deployment's.
  const remote = opts.local || !configured ? { runs: [] } : await shared(ctx);
  if ('warning' in remote && remote.warning) ctx.io.warn(remote.warning);
  const byId = new Map<string, HistoryRun>();
  for (const r of remote.runs) byId.set(r.runId, { ...r, deployment: configured, where: 'shared' });
  for (const r of local) {
    const known = byId.get(r.runId);
    byId.set(r.runId, { ...known, ...r, where: known ? 'local+shared' : 'local' });
  }
  const runs = [...byId.values()].sort((a, b) => b.startedAt - a.startedAt);
  const hidden = journals.length - local.length;
  ctx.io.document({
    schemaVersion: 1,
    kind: 'history',
    deployment: configured ?? null,
    all: !scoped,
    hidden,
    runs,
  } satisfies HistoryDocument);
  ctx.io.result(
    renderHistory(runs, ctx.io.style, { deployment: configured, all: !scoped, hidden }),
  );
  return EXIT_CODES.ok;
}

/** Registers `history`. */
export const registerHistory: CommandRegistrar = (program: Command, run: Runner) => {
  program
    .command('history [run]')
    .description(
      'operations run so far on the configured deployment (local journals and the shared audit trail), or one run in full',
    )
    .option('--local', 'only this machine’s journals (no AWS call)')
    .option('--all', 'the journals of every deployment and lab run from this machine')
    .action(
      run((ctx, runId: string | undefined, flags: { local?: boolean; all?: boolean }) =>
        runHistory(ctx, {
          ...(runId ? { runId } : {}),
          local: Boolean(flags.local),
          all: Boolean(flags.all),
        }),
      ),
    );
};
