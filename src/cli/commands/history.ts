/**
 * `mysfits-dr history [run]`: the operations run so far — from this machine's journals and
 * the shared audit trail in the global table — or one run's journal in full.
 */
import type { Command } from 'commander';
import type { RunListing } from '../../core/ops/journal.js';
import type { Context } from '../context.js';
import type { CommandRegistrar, Runner } from '../program.js';

/** The shared audit trail, from the first replica that answers (the primary first). */
async function shared(ctx: Context): Promise<{ runs: RunListing[]; warning?: string }> {
  const config = await ctx.config();
  const [{ awsPortFactory }, { listRuns }, { tableHashKey, tableReplicas }] = await Promise.all([
    import('../../aws/ports.js'),
    import('../../core/ops/audit.js'),
    import('../ops/table-access.js'),
  ]);
  const ports = awsPortFactory(ctx.aws(), { requestTimeoutMs: 3_000, maxAttempts: 2 });
  try {
    const hashKey = await tableHashKey(config, ports);
    const regions = tableReplicas(config, ports);
    return { runs: await listRuns({ regions, table: config.globalTable.name, hashKey }) };
  } catch (error) {
    return {
      runs: [],
      warning: `the shared audit trail could not be read (${(error as Error).message}); showing this machine’s journals only`,
    };
  } finally {
    ports.destroy();
  }
}

/** Registers `history`. */
export const registerHistory: CommandRegistrar = (program: Command, run: Runner) => {
  program
    .command('history [run]')
    .description(
      'operations run so far (local journals and the shared audit trail), or one run in full',
    )
    .option('--local', 'only this machine’s journals (no AWS call)')
    .action(
      run(async (ctx, runId: string | undefined, flags: { local?: boolean }) => {
        const [{ fileJournal, runsDir }, { summarizeRun }, { renderHistory, renderRun }] =
          await Promise.all([
            import('../ops/journal-file.js'),
            import('../../core/ops/journal.js'),
            import('../output/history-view.js'),
          ]);
        const journal = fileJournal(runsDir(ctx.env));
        if (runId) {
          const run = summarizeRun(await journal.read(runId));
          if (!run) {
            const { usageError } = await import('../../core/errors.js');
            throw usageError(
              'UNKNOWN_RUN',
              `no journal of run ${runId} on this machine`,
              'List runs with `mysfits-dr history`.',
            );
          }
          ctx.io.document({ schemaVersion: 1, kind: 'run', run });
          ctx.io.result(renderRun(run, ctx.io.style));
          return 0;
        }
        const local = await journal.list();
        const remote = flags.local ? { runs: [] } : await shared(ctx);
        if ('warning' in remote && remote.warning) ctx.io.warn(remote.warning);
        const byId = new Map<string, RunListing & { where: string }>();
        for (const r of remote.runs) byId.set(r.runId, { ...r, where: 'shared' });
        for (const r of local)
          byId.set(r.runId, { ...r, where: byId.has(r.runId) ? 'local+shared' : 'local' });
        const runs = [...byId.values()].sort((a, b) => b.startedAt - a.startedAt);
        ctx.io.document({ schemaVersion: 1, kind: 'history', runs });
        ctx.io.result(renderHistory(runs, ctx.io.style));
        return 0;
      }),
    );
};
