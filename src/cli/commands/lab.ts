/**
 * `mysfits-dr lab …`: the local two-region lab. `up` starts it in the background (or
 * attached with --foreground) and returns once healthy; `status` shows every component;
 * `down` stops everything it started; `env` prints the variables that point any AWS client
 * at it; `fault` injects and clears the lab's faults.
 */
import { Option, type Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import type { Context } from '../context.js';
import type { CommandRegistrar } from '../program.js';
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
  const { defaultLabDir } = await import('../../lab/paths.js');
  const { resolve } = await import('node:path');
  return flag ? resolve(flag) : defaultLabDir(ctx.env);
}

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
      run(
        async (
          ctx,
          opts: {
            dir?: string;
            port: number;
            acceleratorPort?: number;
            timing: 'realistic' | 'fast';
            foreground: boolean;
            timeout: number;
          },
        ) => {
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
        },
      ),
    );

  lab
    .command('status')
    .description('show the lab and each of its components')
    .addOption(dirOption())
    .action(
      run(async (ctx, opts: { dir?: string }) => {
        const { labStatus } = await import('../lab/control.js');
        const { renderLabStatus } = await import('../output/lab-status.js');
        const status = await labStatus(await labDir(ctx, opts.dir));
        ctx.io.document(status);
        ctx.io.result(renderLabStatus(status, ctx.io.style));
        return status.running && status.health?.healthy ? 0 : 1;
      }),
    );

  lab
    .command('down')
    .description('stop the lab and every process it started')
    .addOption(dirOption())
    .action(
      run(async (ctx, opts: { dir?: string }) => {
        const { labDown } = await import('../lab/control.js');
        const result = await labDown(await labDir(ctx, opts.dir), 40_000);
        ctx.io.document(result);
        ctx.io.result(
          result.wasRunning
            ? `the lab is stopped (${result.signalled.length} processes signalled)`
            : 'the lab was not running',
        );
      }),
    );

  lab
    .command('env')
    .description(
      'print export lines that point AWS clients at the lab: eval "$(mysfits-dr lab env)"',
    )
    .addOption(dirOption())
    .option('--region <region>', 'default region for the clients', 'us-west-2')
    .action(
      run(async (ctx, opts: { dir?: string; region: string }) => {
        const { labStatus } = await import('../lab/control.js');
        const { labClientEnv, labEnvScript } = await import('../../lab/env.js');
        const status = await labStatus(await labDir(ctx, opts.dir));
        if (!status.state) {
          const { DrError } = await import('../../core/errors.js');
          throw new DrError('the lab is not running', {
            code: 'LAB_NOT_RUNNING',
            exit: 'failed',
            hint: 'Start it with `mysfits-dr lab up`.',
          });
        }
        const { endpoint, acceleratorUrl } = status.state;
        ctx.io.document(labClientEnv(endpoint, opts.region, acceleratorUrl));
        ctx.io.result(labEnvScript(endpoint, opts.region, acceleratorUrl));
      }),
    );

  registerLabFault(lab, run, labDir);
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
  return 0;
}
