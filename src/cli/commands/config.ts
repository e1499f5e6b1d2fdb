/**
 * `mysfits-dr config validate` and `config show`: load the config file, validate it with
 * the schema and report every problem with its JSON path, the value and what is expected.
 */
import type { Command } from 'commander';
import { DrError } from '../../core/errors.js';
import type { ConfigIssue } from '../../config/loader.js';
import type { Context } from '../context.js';
import type { ActionResult, CommandRegistrar } from '../program.js';

/** Options of `config validate` and `config show`: none (the file is `--config`'s). */
export type ConfigOptions = Record<string, never>;

/** Runs `config validate`: exit 0 when valid; with --json an invalid file is a document too. */
export async function runConfigValidate(
  ctx: Context,
  _opts: ConfigOptions = {},
): Promise<ActionResult> {
  const path = ctx.configPath();
  try {
    const loaded = await ctx.config();
    ctx.io.document({ valid: true, file: path, regions: loaded.regions.map((r) => r.name) });
    ctx.io.result(
      `${ctx.io.style.green('✔')} ${path} is valid: ${loaded.regions.length} regions (${loaded.regions
        .map((r) => (r.name === loaded.primaryRegion ? `${r.name} primary` : r.name))
        .join(', ')}), table ${loaded.globalTable.name}`,
    );
    const control = loaded.controlTable;
    ctx.io.result(
      control
        ? `  lock, audit trail and routing switches: control table ${control.name} (multi-Region strong consistency: replicas ${control.replicaRegions.join(', ')}, witness ${control.witnessRegion}); the lock is taken in the first replica with quorum`
        : `  lock, audit trail and routing switches: table ${loaded.globalTable.name} (no controlTable); the lock is taken only in ${loaded.primaryRegion} and fails closed when it does not answer (--force lock-region to take it elsewhere)`,
    );
  } catch (error) {
    if (error instanceof DrError && error.code === 'CONFIG_INVALID' && ctx.io.json) {
      const issues = (error.details as { issues: ConfigIssue[] }).issues;
      ctx.io.document({ valid: false, file: path, issues });
      return error.exitCode;
    }
    throw error;
  }
}

/** Runs `config show`: the config with defaults applied. */
export async function runConfigShow(ctx: Context, _opts: ConfigOptions = {}): Promise<void> {
  const loaded = await ctx.config();
  ctx.io.document(loaded);
  ctx.io.result(JSON.stringify(loaded, null, 2));
}

/** Registers the `config` command group. */
export const registerConfig: CommandRegistrar = (program: Command, run) => {
  const config = program.command('config').description('check and print the config file');
  config
    .command('validate')
    .description('validate the config file; lists every problem with its path')
    .action(run((ctx) => runConfigValidate(ctx, {})));
  config
    .command('show')
    .description('print the config with defaults applied')
    .action(run((ctx) => runConfigShow(ctx, {})));
};
