/**
 * The commander program: global options, the command tree, and the one place where a
 * command's outcome becomes an exit code. Command modules register themselves through
 * `CommandRegistrar`; their heavy dependencies are imported lazily inside actions so that
 * start-up stays fast.
 */
import { Command, CommanderError, Option } from 'commander';
import {
  DrError,
  EXIT_CODES,
  drError,
  internalError,
  interrupted,
  toErrorDocument,
  usageError,
} from '../core/errors.js';
import {
  createContext,
  type Context,
  type ContextOverrides,
  type GlobalOptions,
} from './context.js';
import {
  colorAllowed,
  createIo,
  isInteractive,
  type Io,
  type SpinnerFactory,
} from './output/io.js';

/** What a command's action returns: nothing (exit 0) or an explicit exit code. */
export type ActionResult = void | number;

/** Wraps a command body so it gets a Context and its errors become exit codes. */
export type Runner = <A extends unknown[]>(
  body: (ctx: Context, ...args: A) => Promise<ActionResult>,
) => (...args: unknown[]) => Promise<void>;

/** A module that adds commands to the program. */
export type CommandRegistrar = (program: Command, run: Runner) => void;

/** The process-level pieces the program needs; tests pass their own. */
export interface ProgramDeps {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  signal: AbortSignal;
  version: string;
  /** Receives the exit code once the command is done. */
  setExitCode(code: number): void;
  /** What the commands' context takes instead of the process's own pieces (tests). */
  context?: ContextOverrides;
  /** The spinner to animate with on an interactive stderr (default: ora, loaded lazily). */
  spinner?: SpinnerFactory;
}

function globalsOf(program: Command): GlobalOptions {
  const o = program.opts<Record<string, unknown>>();
  return {
    config: o.config as string | undefined,
    profile: o.profile as string | undefined,
    endpointUrl: o.endpointUrl as string | undefined,
    json: o.json === true,
    yes: o.yes === true,
    verbose: o.verbose === true,
    color: o.color !== false,
  };
}

function ioFor(globals: GlobalOptions, deps: ProgramDeps, spinner?: SpinnerFactory): Io {
  return createIo({
    json: globals.json,
    verbose: globals.verbose,
    color: colorAllowed(globals.color, deps.env, globals.json, deps.stderr),
    interactive: isInteractive(deps.stderr, deps.env),
    ...(spinner ? { spinner } : {}),
    stdout: deps.stdout,
    stderr: deps.stderr,
  });
}

/**
 * `--endpoint-url`: an http(s) URL with a host, else INVALID_ENDPOINT_URL (exit 2) before any
 * call (the SDK would otherwise fail each call with its own message, or not at all).
 */
export function endpointUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return value;
  throw usageError(
    'INVALID_ENDPOINT_URL',
    `--endpoint-url "${value}" is not an http or https URL`,
    "Pass a full URL such as http://127.0.0.1:4580 (`mysfits-dr lab env` prints the lab's).",
  );
}

/** Prints an error the way the user asked for (JSON document or text) and returns its exit code. */
export function reportError(error: unknown, io: Io, signal?: AbortSignal): number {
  const dr =
    error instanceof DrError ? error : signal?.aborted ? interrupted() : internalError(error);
  if (io.json) {
    io.document(toErrorDocument(dr));
  } else {
    const lines = [`${io.style.red('error:')} ${dr.message}`];
    if (dr.state) lines.push(`${io.style.bold('state:')} ${dr.state}`);
    if (dr.hint) lines.push(`${io.style.cyan('hint:')} ${dr.hint}`);
    io.error(lines.join('\n'));
  }
  if (io.verbose) io.error(String((dr.cause as Error | undefined)?.stack ?? dr.stack));
  return dr.exitCode;
}

/** Adds the options every command takes (before or after the command's name). */
function addGlobalOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-c, --config <path>', 'config file (default ./mysfits-dr.config.json)').env(
        'MYSFITS_DR_CONFIG',
      ),
    )
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE)')
    .addOption(
      new Option(
        '--endpoint-url <url>',
        'send every AWS call to this endpoint (e.g. the lab)',
      ).argParser(endpointUrl),
    )
    .option('--json', 'print one JSON document on stdout', false)
    .option('-y, --yes', 'do not ask for confirmation of changes', false)
    .option('-v, --verbose', 'print debug details and stack traces', false)
    .option('--no-color', 'no colours (also NO_COLOR=1)');
}

/**
 * The top-level command `argv` names: its first operand, read past the global options and
 * their values as the program reads them; undefined when there is none, or when an unknown
 * option or a bad value comes first (the program then reports it).
 */
export function commandNameOf(argv: readonly string[]): string | undefined {
  try {
    const sniffer = addGlobalOptions(new Command().exitOverride());
    return sniffer.parseOptions([...argv]).operands[0];
  } catch {
    return undefined;
  }
}

/** Builds the program with the commands of `registrars`. */
export function buildProgram(deps: ProgramDeps, registrars: readonly CommandRegistrar[]): Command {
  const program = addGlobalOptions(
    new Command('mysfits-dr')
      .description(
        'Regional failover and disaster-recovery drills for the Mythical Mysfits app on AWS.',
      )
      .version(deps.version, '-V, --version', 'print the version'),
  )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
    });

  const run: Runner =
    (body) =>
    async (...args) => {
      const command = args[args.length - 1] as Command;
      const root = rootOf(command);
      const globals = globalsOf(root);
      // ora is only loaded when a spinner can be shown (keeps start-up fast).
      const spinner =
        isInteractive(deps.stderr, deps.env) && !globals.json
          ? (deps.spinner ?? (await import('ora')).default)
          : undefined;
      const io = ioFor(globals, deps, spinner);
      try {
        if (globals.profile) {
          const { assertProfileExists } = await import('../aws/credentials.js');
          await assertProfileExists(globals.profile, deps.env);
        }
        const ctx = createContext(globals, io, deps.env, deps.signal, undefined, deps.context);
        const code = await (body as (ctx: Context, ...a: unknown[]) => Promise<ActionResult>)(
          ctx,
          ...args.slice(0, -1),
        );
        deps.setExitCode(deps.signal.aborted ? EXIT_CODES.interrupted : (code ?? EXIT_CODES.ok));
      } catch (error) {
        deps.setExitCode(reportError(error, io, deps.signal));
      }
    };

  for (const register of registrars) register(program, run);
  return program;
}

function rootOf(command: Command): Command {
  let c = command;
  while (c.parent) c = c.parent;
  return c;
}

/** Runs argv through the program; usage errors from commander become exit code 2. */
export async function runProgram(
  program: Command,
  argv: readonly string[],
  deps: ProgramDeps,
): Promise<void> {
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(
        error.code,
      );
      if (ok) return deps.setExitCode(EXIT_CODES.ok);
      const globals = globalsOf(program);
      if (globals.json) {
        const io = ioFor(globals, deps);
        io.document(toErrorDocument(drError('USAGE', error.message.replace(/^error: /, ''))));
      }
      return deps.setExitCode(EXIT_CODES.usage);
    }
    // Errors thrown while parsing option values (custom parsers) never reach a runner.
    deps.setExitCode(reportError(error, ioFor(globalsOf(program), deps), deps.signal));
  }
}
