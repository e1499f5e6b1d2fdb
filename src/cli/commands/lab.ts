/**
 * `mysfits-dr lab …`: the local two-region lab. `up` starts it in the background (or
 * attached with --foreground) and returns once healthy; `status` shows every component;
 * `down` stops everything it started; `env` prints the variables that point any AWS client
 * at it; `fault` injects and clears the lab's faults.
 */
import { Option, type Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { drError, EXIT_CODES, usageError } from '../../core/errors.js';
import type { Context } from '../context.js';
import type { LabStatus } from '../lab/control.js';
import type { ActionResult, CommandRegistrar } from '../program.js';
import { registerLabFault } from './lab-fault.js';

/** Default port of the lab endpoint. */
export const DEFAULT_LAB_PORT = 4580;

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw usageError(
      'BAD_PORT',
      `--port: "${value}" is not a TCP port`,
      'Pass an integer from 1 to 65535, e.g. --port 4580.',
    );
  }
  return port;
}

async function labDir(ctx: Context, flag: string | undefined): Promise<string> {
  const { labFolder } = await import('../lab/client.js');
  return labFolder(ctx.env, flag, ctx.cwd);
}

/** Options every `lab` subcommand takes. */
export interface LabDirOptions {
  /** The lab state folder; absent: MYSFITS_DR_LAB_DIR's, else ~/.mysfits-dr/lab. */
  dir?: string;
}

/** Options of `lab up`. */
export interface LabUpOptions extends LabDirOptions {
  port: number;
  /** Port of the accelerator's data plane; absent: port + 1. */
  acceleratorPort?: number;
  timing: 'realistic' | 'fast';
  /** Stay attached until interrupted instead of starting in the background. */
  foreground: boolean;
  /** How long to wait for the lab to be healthy, in ms. */
  timeout: number;
}

/** Options of `lab status` and `lab down`. */
export type LabStatusOptions = LabDirOptions;

/** Options of `lab env`. */
export interface LabEnvOptions extends LabDirOptions {
  /** Default region for the clients. */
  region: string;
}

/** Runs `lab up`: starts the lab (or attaches with `foreground`) and returns once healthy. */
export async function runLabUp(ctx: Context, opts: LabUpOptions): Promise<ActionResult> {
  const dir = await labDir(ctx, opts.dir);
  if (opts.foreground) {
    return labForeground(ctx, dir, opts.port, opts.acceleratorPort, opts.timing);
  }
  const { labUp } = await import('../lab/control.js');
  const progress = ctx.io.progress('starting the lab');
  try {
    const { state, alreadyRunning } = await labUp({
      dir,
      port: opts.port,
      ...(opts.acceleratorPort ? { acceleratorPort: opts.acceleratorPort } : {}),
      profile: opts.timing,
      timeoutMs: opts.timeout,
      onProgress: (line) => progress.update(line),
    });
    progress.succeed(alreadyRunning ? 'the lab was already running' : 'the lab is up');
    ctx.io.document({
      endpoint: state.endpoint,
      acceleratorUrl: state.acceleratorUrl,
      pid: state.pid,
      profile: state.profile,
      dir,
      alreadyRunning,
    });
    ctx.io.result(
      `lab endpoint ${state.endpoint} (timing ${state.profile}, pid ${state.pid})\n` +
        `the app, through the accelerator: ${state.acceleratorUrl ?? '(not started)'}\n` +
        `point AWS clients at it with: eval "$(mysfits-dr lab env)"`,
    );
  } catch (error) {
    progress.fail('the lab did not start');
    throw error;
  }
}

/** Runs `lab status`: exit 0 when the lab runs and is healthy, else 1. */
export async function runLabStatus(ctx: Context, opts: LabStatusOptions): Promise<number> {
  const { labStatus } = await import('../lab/control.js');
  return showLabStatus(ctx, await labStatus(await labDir(ctx, opts.dir)));
}

/** Shows a lab status (JSON or one line per component); 0 when running and healthy, else 1. */
export async function showLabStatus(ctx: Context, status: LabStatus): Promise<number> {
  const { renderLabStatus } = await import('../output/lab-status.js');
  ctx.io.document(status);
  ctx.io.result(renderLabStatus(status, ctx.io.style));
  return status.running && status.health?.healthy ? EXIT_CODES.ok : EXIT_CODES.failed;
}

/** Runs `lab down`: stops the lab and every process it started. */
export async function runLabDown(ctx: Context, opts: LabStatusOptions): Promise<void> {
  const { labDown } = await import('../lab/control.js');
  const result = await labDown(await labDir(ctx, opts.dir), 40_000);
  ctx.io.document(result);
  ctx.io.result(
    result.wasRunning
      ? `the lab is stopped (${result.signalled.length} processes signalled)`
      : 'the lab was not running',
  );
}

/** Runs `lab env`: export lines (or one JSON document) pointing AWS clients at the lab. */
export async function runLabEnv(ctx: Context, opts: LabEnvOptions): Promise<void> {
  const { labStatus } = await import('../lab/control.js');
  const { labClientEnv, labEnvScript } = await import('../../lab/env.js');
  const status = await labStatus(await labDir(ctx, opts.dir));
  if (!status.state) {
    throw drError('LAB_NOT_RUNNING', 'the lab is not running', {
      hint: 'Start it with `mysfits-dr lab up`.',
    });
  }
  const { endpoint, acceleratorUrl } = status.state;
  ctx.io.document(labClientEnv(endpoint, opts.region, acceleratorUrl));
  ctx.io.result(labEnvScript(endpoint, opts.region, acceleratorUrl));
}

const dirOf = (opts: LabDirOptions): LabDirOptions => (opts.dir ? { dir: opts.dir } : {});

/** Registers the `lab` command group. */
export const registerLab: CommandRegistrar = (program: Command, run) => {
  const lab = program
    .command('lab')
    .description('run the built-in two-region lab that speaks the AWS APIs');
  const dirOption = () =>
    new Option('--dir <path>', 'lab state folder (default ~/.mysfits-dr/lab)').env(
      'MYSFITS_DR_LAB_DIR',
    );

  lab
    .command('up')
    .description('start the lab in the background and wait until it is healthy')
    .addOption(dirOption())
    .option('--port <port>', 'port of the lab endpoint on 127.0.0.1', parsePort, DEFAULT_LAB_PORT)
    .option(
      '--accelerator-port <port>',
      "port of the accelerator's data plane (default: --port + 1)",
      parsePort,
    )
    .addOption(
      new Option('--timing <profile>', 'timing profile: AWS-realistic, or fast for tests and demos')
        .choices(['realistic', 'fast'])
        .default('realistic'),
    )
    .option('--foreground', 'stay attached; Ctrl-C stops the lab', false)
    .option(
      '--timeout <duration>',
      'how long to wait for the lab to be healthy (e.g. 180s, 5m)',
      (value: string) => parseDuration('--timeout', value),
      180_000,
    )
    .action(
      run((ctx, opts: LabUpOptions) =>
        runLabUp(ctx, {
          ...dirOf(opts),
          port: opts.port,
          ...(opts.acceleratorPort ? { acceleratorPort: opts.acceleratorPort } : {}),
          timing: opts.timing,
          foreground: opts.foreground,
          timeout: opts.timeout,
        }),
      ),
    );

  lab
    .command('status')
    .description('show the lab and each of its components')
    .addOption(dirOption())
    .action(run((ctx, opts: LabDirOptions) => runLabStatus(ctx, dirOf(opts))));

  lab
    .command('down')
    .description('stop the lab and every process it started')
    .addOption(dirOption())
    .action(run((ctx, opts: LabDirOptions) => runLabDown(ctx, dirOf(opts))));

  lab
    .command('env')
    .description(
      'print export lines that point AWS clients at the lab: eval "$(mysfits-dr lab env)"',
    )
    .addOption(dirOption())
    .option('--region <region>', 'default region for the clients', 'us-west-2')
    .action(
      run((ctx, opts: LabEnvOptions) => runLabEnv(ctx, { ...dirOf(opts), region: opts.region })),
    );

  registerLabFault(lab, run);
};

async function labForeground(
  ctx: Context,
  dir: string,
  port: number,
  acceleratorPort: number | undefined,
  profile: 'realistic' | 'fast',
): Promise<number> {
  const { runLab } = await import('../../lab/supervisor.js');
  const { removeState } = await import('../../lab/state.js');
  const lab = await runLab({
    dir,
    port,
    ...(acceleratorPort ? { acceleratorPort } : {}),
    profile,
    groupLeader: false,
    log: (line) => ctx.io.info(line),
  });
  ctx.io.result(
    `lab endpoint ${lab.endpoint}, accelerator ${lab.acceleratorUrl}; press Ctrl-C to stop`,
  );
  // A signal may have come while the lab was starting: then stop at once.
  if (!ctx.signal.aborted) {
    await new Promise<void>((resolve) =>
      ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  ctx.io.info('stopping the lab');
  await lab.stop();
  await removeState(dir);
  return EXIT_CODES.ok;
}
