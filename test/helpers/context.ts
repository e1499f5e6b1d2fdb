/**
 * In-process command tests: a real `Context` over fake streams.
 *
 *   const t = createTestContext({ config, tty: true, answers: [false] });
 *   const code = await runLockBreak(t.ctx, { run: 'abc' });
 *   expect(t.stderr()).toContain('…');
 *
 * Options (all optional):
 * - `config`: the validated config `ctx.config()` returns (no file is read); `configPath`: the
 *   path `ctx.configPath()` reports (as `--config`; with no config given, the file loaded).
 * - `env`: the environment the command sees (default `{}`: no CI, no NO_COLOR).
 * - `json`, `yes`, `verbose`, `endpointUrl`: the global flags; `color: false` is `--no-color`.
 * - `tty`: stdout and stderr pass for a terminal (isTTY, columns, cursor methods). Colour and
 *   the spinner (the real ora) then follow the same rules as in the CLI: colour unless
 *   `--no-color`/NO_COLOR/--json, a spinner unless `--json` or CI.
 * - `answers`: scripted confirmation answers, taken in order; a question with none left
 *   fails the test. Without answers, confirmation behaves as in the CLI: yes with `--yes`,
 *   else a refusal (no terminal to ask on). `questions` lists what was asked.
 * - `now`: a fixed clock (ms) or a function; `signal`: the abort signal (Ctrl-C).
 * Returns `{ ctx, stdout(), stderr(), questions }`: the bytes each stream received so far.
 */
import ora from 'ora';
import type { Config } from '../../src/config/schema.js';
import { createContext, type Context, type GlobalOptions } from '../../src/cli/context.js';
import {
  colorAllowed,
  createIo,
  isInteractive,
  type SpinnerFactory,
} from '../../src/cli/output/io.js';
import { captureStream } from './streams.js';

/** What a test context is built from; see the file comment. */
export interface TestContextOptions {
  config?: Config;
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  json?: boolean;
  tty?: boolean;
  yes?: boolean;
  verbose?: boolean;
  answers?: readonly boolean[];
  color?: boolean;
  endpointUrl?: string;
  now?: number | (() => number);
  signal?: AbortSignal;
  cwd?: string;
}

/** A context and what it wrote. */
export interface TestContext {
  ctx: Context;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The confirmation questions asked so far (scripted answers only). */
  readonly questions: string[];
}

/** The real ora, enabled on the fake terminal whatever the test process's own env says. */
export const testSpinner: SpinnerFactory = (options) =>
  ora({ ...options, isEnabled: true, discardStdin: false });

/** Builds a context over in-memory streams with scripted confirmation. */
export function createTestContext(options: TestContextOptions = {}): TestContext {
  const env = options.env ?? {};
  const tty = options.tty === true;
  const stdout = captureStream({ tty });
  const stderr = captureStream({ tty });
  const globals: GlobalOptions = {
    ...(options.configPath ? { config: options.configPath } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    json: options.json === true,
    yes: options.yes === true,
    verbose: options.verbose === true,
    color: options.color !== false,
  };
  const interactive = isInteractive(stderr, env);
  const io = createIo({
    json: globals.json,
    verbose: globals.verbose,
    color: colorAllowed(globals.color, env, globals.json, stderr),
    interactive,
    ...(interactive && !globals.json ? { spinner: testSpinner } : {}),
    stdout,
    stderr,
  });
  const questions: string[] = [];
  const answers = options.answers ? [...options.answers] : undefined;
  const now = options.now;
  const ctx = createContext(
    globals,
    io,
    env,
    options.signal ?? new AbortController().signal,
    options.cwd ?? process.cwd(),
    {
      ...(options.config ? { config: options.config } : {}),
      ...(now === undefined ? {} : { now: typeof now === 'number' ? () => now : now }),
      prompt: async (question) => {
        if (!answers) return false;
        questions.push(question);
        const answer = answers.shift();
        if (answer === undefined) throw new Error(`unexpected question: ${question}`);
        return answer;
      },
    },
  );
  return { ctx, stdout: () => stdout.text(), stderr: () => stderr.text(), questions };
}
