/**
 * `mysfits-dr init`: write a validated mysfits-dr.config.json, either the lab's built-in
 * topology (`--lab`) or one read from the outputs of stacks deployed by infra/
 * (`--from-stacks`). Never overwrites an existing file without --force.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { drError, usageError } from '../../core/errors.js';
import type { Context } from '../context.js';
import type { CommandRegistrar } from '../program.js';

/** Flags of `init`, as commander hands them over. */
interface InitFlags {
  lab?: boolean;
  fromStacks?: boolean;
  stackPrefix: string;
  output?: string;
  force: boolean;
}

/** Options of `init`: where the topology comes from and where it is written. */
export interface InitOptions {
  /** `lab`: the lab's built-in topology; `stacks`: the outputs of infra/'s stacks. */
  source: 'lab' | 'stacks';
  stackPrefix: string;
  /** The file to write (absolute); absent: the config path in use. */
  output?: string;
  /** Overwrite an existing file. */
  force: boolean;
}

/** Turns the flags into options; exactly one of --lab and --from-stacks, else a usage error. */
export function initOptions(flags: InitFlags, cwd: string): InitOptions {
  if (Boolean(flags.lab) === Boolean(flags.fromStacks)) {
    throw usageError(
      'INIT_SOURCE',
      'init needs exactly one of --lab or --from-stacks',
      'Run `mysfits-dr init --lab` for the lab, or `mysfits-dr init --from-stacks` after `cdk deploy`.',
    );
  }
  return {
    source: flags.lab ? 'lab' : 'stacks',
    stackPrefix: flags.stackPrefix,
    ...(flags.output ? { output: resolve(cwd, flags.output) } : {}),
    force: flags.force,
  };
}

/** Registers `init`. */
export const registerInit: CommandRegistrar = (program: Command, run) => {
  program
    .command('init')
    .description(
      'write mysfits-dr.config.json for the lab (--lab) or from deployed stacks (--from-stacks)',
    )
    .option('--lab', "write the lab's built-in topology")
    .option('--from-stacks', 'read the outputs of the stacks deployed from infra/')
    .option('--stack-prefix <prefix>', 'stack name prefix used at deploy time', 'MysfitsDr')
    .option(
      '-o, --output <path>',
      'where to write (default: --config, else ./mysfits-dr.config.json)',
    )
    .option('--force', 'overwrite an existing file', false)
    .action(run((ctx, flags: InitFlags) => runInit(ctx, initOptions(flags, ctx.cwd))));
};

/** Runs `init`: writes a validated config; refuses (exit 3) to overwrite without `force`. */
export async function runInit(ctx: Context, opts: InitOptions): Promise<void> {
  const { existsSync } = await import('node:fs');
  const target = opts.output ?? ctx.configPath();
  if (existsSync(target) && !opts.force) {
    throw drError('CONFIG_EXISTS', `${target} already exists; nothing was written`, {
      hint: 'Pass --force to overwrite it, or --output <path> to write elsewhere.',
    });
  }
  let data: Record<string, unknown>;
  const lab = opts.source === 'lab';
  if (lab) {
    data = (await import('../../config/lab-config.js')).labConfig();
  } else {
    const { describeStackOutputs } = await import('../../aws/cloudformation.js');
    const { configFromStacks, need } = await import('../../config/from-stacks.js');
    // The global stack lives where the accelerator's API does and names the regional stacks.
    const global = await describeStackOutputs(ctx.aws(), 'us-west-2', `${opts.stackPrefix}-global`);
    const regional = (role: 'Primary' | 'Secondary') =>
      describeStackOutputs(
        ctx.aws(),
        need(global, `${role}Region`),
        need(global, `${role}StackName`),
      );
    const [primary, secondary] = await Promise.all([regional('Primary'), regional('Secondary')]);
    data = configFromStacks(global, primary, secondary);
  }
  const { parseConfig } = await import('../../config/loader.js');
  parseConfig(data, lab ? 'the lab topology' : 'the stack outputs');
  const { writeFile, rename } = await import('node:fs/promises');
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`);
  await rename(tmp, target);
  ctx.io.document({ written: target, source: opts.source });
  ctx.io.result(`wrote ${target}; check it with \`mysfits-dr config validate\``);
}
