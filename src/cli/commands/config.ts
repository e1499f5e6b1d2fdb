/**
 * `mysfits-dr config validate` and `config show`: load the config file, validate it with
 * the schema and report every problem with its JSON path, the value and what is expected.
 * `--live` also reads the accelerator's endpoint groups and compares them with the config.
 */
import type { Command } from 'commander';
import { DrError, drError } from '../../core/errors.js';
import type { ConfigIssue } from '../../config/loader.js';
import type { Config } from '../../config/schema.js';
import type { EndpointGroupRead } from '../../core/config/live-issues.js';
import type { Context } from '../context.js';
import type { ActionResult, CommandRegistrar } from '../program.js';

/** Options of `config show`: none (the file is `--config`'s). */
export type ConfigOptions = Record<string, never>;

/** Options of `config validate`. */
export interface ConfigValidateOptions {
  /** Also compare the config with the deployment (DescribeEndpointGroup for each region). */
  live?: boolean;
}

/**
 * Reads each region's endpoint group (Global Accelerator's API, in its one API region) and
 * throws CONFIG_MISMATCH listing every difference; AWS errors other than "no such group"
 * stop it with their own exit code (credentials 4, unreachable 6).
 */
async function checkLive(ctx: Context, config: Config): Promise<void> {
  const [{ awsPortFactory }, { toDrError, classifyAwsError }, { liveConfigIssues }, loader] =
    await Promise.all([
      import('../../aws/ports.js'),
      import('../../aws/errors.js'),
      import('../../core/config/live-issues.js'),
      import('../../config/loader.js'),
    ]);
  const ports = awsPortFactory(ctx.aws(), { acceleratorRegion: config.accelerator.apiRegion });
  try {
    const reads = await Promise.all(
      config.regions.map(async (region) => {
        try {
          return [
            region.endpointGroupArn,
            await ports.accelerator().describeEndpointGroup(region.endpointGroupArn),
          ] as const;
        } catch (error) {
          if (classifyAwsError(error).kind === 'not-found')
            return [region.endpointGroupArn, 'missing'] as const;
          throw toDrError(error, `reading the endpoint group of ${region.name}`);
        }
      }),
    );
    const issues = liveConfigIssues(config, new Map<string, EndpointGroupRead>(reads));
    if (issues.length === 0) return;
    throw drError(
      'CONFIG_MISMATCH',
      `${ctx.configPath()} does not match the deployment (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${loader.describeIssue(i)}`).join('\n'),
      {
        hint: 'Fix the fields listed above, or write the config again with `mysfits-dr init --from-stacks`.',
        details: { file: ctx.configPath(), issues },
      },
    );
  } finally {
    ports.destroy();
  }
}

/** Runs `config validate`: exit 0 when valid; with --json an invalid file is a document too. */
export async function runConfigValidate(
  ctx: Context,
  opts: ConfigValidateOptions = {},
): Promise<ActionResult> {
  const path = ctx.configPath();
  const live = opts.live === true ? { live: true } : {};
  try {
    const loaded = await ctx.config();
    if (opts.live) await checkLive(ctx, loaded);
    ctx.io.document({
      valid: true,
      file: path,
      regions: loaded.regions.map((r) => r.name),
      ...live,
    });
    ctx.io.result(
      `${ctx.io.style.green('✔')} ${path} is valid: ${loaded.regions.length} regions (${loaded.regions
        .map((r) => (r.name === loaded.primaryRegion ? `${r.name} primary` : r.name))
        .join(
          ', ',
        )}), table ${loaded.globalTable.name}${opts.live ? '; the endpoint groups match the deployment' : ''}`,
    );
    const control = loaded.controlTable;
    ctx.io.result(
      control
        ? `  lock, audit trail and routing switches: control table ${control.name} (multi-Region strong consistency: replicas ${control.replicaRegions.join(', ')}, witness ${control.witnessRegion}); the lock is taken in the first replica with quorum`
        : `  lock, audit trail and routing switches: table ${loaded.globalTable.name} (no controlTable); the lock is taken only in ${loaded.primaryRegion} and fails closed when it does not answer (--force lock-region to take it elsewhere)`,
    );
  } catch (error) {
    const invalid =
      error instanceof DrError && ['CONFIG_INVALID', 'CONFIG_MISMATCH'].includes(error.code);
    if (invalid && ctx.io.json) {
      const issues = (error.details as { issues: ConfigIssue[] }).issues;
      ctx.io.document({ valid: false, file: path, issues, ...live });
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
    .option('--live', 'also compare the endpoint groups with the deployment (reads AWS)')
    .action(
      run((ctx, opts: ConfigValidateOptions) =>
        runConfigValidate(ctx, { live: opts.live === true }),
      ),
    );
  config
    .command('show')
    .description('print the config with defaults applied')
    .action(run((ctx) => runConfigShow(ctx, {})));
};
