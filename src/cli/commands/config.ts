/**
 * `mysfits-dr config validate` and `config show`: load the config file, validate it with
 * the schema and report every problem with its JSON path, the value and what is expected.
 */
import type { Command } from 'commander';
import { DrError } from '../../core/errors.js';
import type { ConfigIssue } from '../../config/loader.js';
import type { CommandRegistrar } from '../program.js';

/** Registers the `config` command group. */
export const registerConfig: CommandRegistrar = (program: Command, run) => {
  const config = program.command('config').description('check and print the config file');

  config
    .command('validate')
    .description('validate the config file; lists every problem with its path')
    .action(
      run(async (ctx) => {
        const path = ctx.configPath();
        try {
          const loaded = await ctx.config();
          ctx.io.document({ valid: true, file: path, regions: loaded.regions.map((r) => r.name) });
          ctx.io.result(
            `${ctx.io.style.green('✔')} ${path} is valid: ${loaded.regions.length} regions (${loaded.regions
              .map((r) => (r.name === loaded.primaryRegion ? `${r.name} primary` : r.name))
              .join(', ')}), table ${loaded.globalTable.name}`,
          );
        } catch (error) {
          if (error instanceof DrError && error.code === 'CONFIG_INVALID' && ctx.io.json) {
            const issues = (error.details as { issues: ConfigIssue[] }).issues;
            ctx.io.document({ valid: false, file: path, issues });
            return error.exitCode;
          }
          throw error;
        }
      }),
    );

  config
    .command('show')
    .description('print the config with defaults applied')
    .action(
      run(async (ctx) => {
        const loaded = await ctx.config();
        ctx.io.document(loaded);
        ctx.io.result(JSON.stringify(loaded, null, 2));
      }),
    );
};
