/**
 * Runs `mysfits-dr <argv>` in this process: the real commander program built as the CLI builds
 * it (the named command's tree, or every command), over fake streams (a terminal or a pipe),
 * with scripted confirmation. For flag parsing and rendering tests; the spawned CLI (helpers/cli.ts) stays for the
 * end-to-end paths.
 */
import type { ContextOverrides } from '../../src/cli/context.js';
import { registrarsFor } from '../../src/cli/commands/by-name.js';
import {
  buildProgram,
  commandNameOf,
  runProgram,
  type ProgramDeps,
} from '../../src/cli/program.js';
import { testSpinner } from './context.js';
import { captureStream } from './streams.js';

/** What one in-process run produced (as helpers/cli.ts's CliRun, without a signal). */
export interface ProgramRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of one in-process run. */
export interface ProgramRunOptions {
  /** The environment the program sees (default `{}`). */
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr pass for a terminal. */
  tty?: boolean;
  /** Scripted confirmation answers, in order (see helpers/context.ts). */
  answers?: readonly boolean[];
  /** Context overrides (a config, a clock). */
  context?: Omit<ContextOverrides, 'prompt'>;
  signal?: AbortSignal;
}

/** Runs argv (without the program name) through the real program. */
export async function runInProcess(
  argv: readonly string[],
  options: ProgramRunOptions = {},
): Promise<ProgramRun> {
  const tty = options.tty === true;
  const stdout = captureStream({ tty });
  const stderr = captureStream({ tty });
  let code = -1;
  const answers = options.answers ? [...options.answers] : undefined;
  const deps: ProgramDeps = {
    env: options.env ?? {},
    stdout,
    stderr,
    signal: options.signal ?? new AbortController().signal,
    version: '0.0.0-test',
    setExitCode: (c) => (code = c),
    spinner: testSpinner,
    context: {
      ...options.context,
      prompt: async (question) => {
        const answer = answers?.shift();
        if (answers && answer === undefined) throw new Error(`unexpected question: ${question}`);
        return answer ?? false;
      },
    },
  };
  await runProgram(buildProgram(deps, await registrarsFor(commandNameOf(argv))), argv, deps);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
