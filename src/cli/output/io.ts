/**
 * The CLI's output port. Results go to stdout, everything else (progress, warnings,
 * diagnostics) to stderr. In `--json` mode a command emits exactly one JSON document on
 * stdout (or one per line when watching) and nothing decorative. Spinners appear only
 * when stderr is an interactive terminal outside CI; while one turns, every line written to
 * either stream first clears the spinner's line and redraws the spinner after it, so a line
 * never lands on the spinner's.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Ora, Options as OraOptions } from 'ora';

/** Creates a spinner (the `ora` default export); loaded only for interactive terminals. */
export type SpinnerFactory = (options: OraOptions) => Ora;

/** Where output goes and how it looks; built once per invocation from flags and env. */
export interface IoOptions {
  json: boolean;
  color: boolean;
  verbose: boolean;
  interactive: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Present when progress may animate. */
  spinner?: SpinnerFactory;
}

/** A running progress indicator; a no-op when progress is not shown. */
export interface Progress {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

/** The output port every command writes through. */
export interface Io {
  readonly json: boolean;
  readonly verbose: boolean;
  /** Colour functions; identity functions when colour is off. */
  readonly style: ChalkInstance;
  /** Writes human-readable result text to stdout (ignored in --json mode). */
  result(text: string): void;
  /** Writes the command's one JSON document to stdout (only in --json mode). */
  document(value: unknown): void;
  /**
   * Shows a refreshed screen of result text: redraws in place when stdout is a terminal,
   * otherwise appends it (ignored in --json mode, where each refresh is a `document`).
   */
  screen(text: string): void;
  /** A progress/diagnostic line to stderr (suppressed in --json mode unless verbose). */
  info(text: string): void;
  /** A warning to stderr, always shown. */
  warn(text: string): void;
  /** An error report to stderr, always shown. */
  error(text: string): void;
  /** A debug line to stderr, only with --verbose. */
  debug(text: string): void;
  /** Starts a spinner on an interactive stderr; plain lines otherwise. */
  progress(text: string): Progress;
  /**
   * True once stdout's reader went away (EPIPE, e.g. `status --watch | head -1`): later
   * output is dropped. A refreshing command stops; an operation carries on to a journaled end.
   */
  readonly stdoutClosed: boolean;
}

/** Decides whether colour is allowed: `--no-color`, NO_COLOR, FORCE_COLOR=0 and --json turn it off. */
export function colorAllowed(
  flag: boolean,
  env: NodeJS.ProcessEnv,
  json: boolean,
  stream: { isTTY?: boolean },
): boolean {
  if (!flag || json) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Builds the output port. */
export function createIo(options: IoOptions): Io {
  const style = new Chalk({ level: options.color ? 1 : 0 });
  const closed = new Set<NodeJS.WritableStream>();
  // A reader that goes away must not crash the CLI mid-operation: note it and drop output.
  for (const stream of [options.stdout, options.stderr]) {
    stream.on?.('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed.add(stream);
    });
  }
  // The spinner that is turning, if any: a line written meanwhile goes above it.
  let turning: Ora | undefined;
  const write = (stream: NodeJS.WritableStream, text: string) => {
    if (closed.has(stream)) return;
    const line = text.endsWith('\n') ? text : `${text}\n`;
    const s = turning?.isSpinning ? turning : undefined;
    s?.clear();
    stream.write(line);
    s?.render();
  };
  const io: Io = {
    get stdoutClosed() {
      return closed.has(options.stdout);
    },
    json: options.json,
    verbose: options.verbose,
    style,
    result(text) {
      if (!options.json) write(options.stdout, text);
    },
    document(value) {
      if (options.json) write(options.stdout, JSON.stringify(value));
    },
    screen(text) {
      if (options.json) return;
      const tty = (options.stdout as { isTTY?: boolean }).isTTY === true;
      write(options.stdout, tty ? `\u001b[H\u001b[2J${text}` : `${text}\n`);
    },
    info(text) {
      if (!options.json || options.verbose) write(options.stderr, text);
    },
    warn(text) {
      write(options.stderr, `${style.yellow('warning:')} ${text}`);
    },
    error(text) {
      write(options.stderr, text);
    },
    debug(text) {
      if (options.verbose) write(options.stderr, style.dim(text));
    },
    progress(text) {
      if (options.interactive && options.spinner && !options.json) {
        turning?.stop();
        const s = options.spinner({ text, stream: options.stderr as NodeJS.WriteStream }).start();
        turning = s;
        const done = (end: () => void) => {
          if (turning === s) turning = undefined;
          end();
        };
        return {
          update: (t) => void (s.text = t),
          succeed: (t) => done(() => s.succeed(t)),
          fail: (t) => done(() => s.fail(t)),
          stop: () => done(() => s.stop()),
        };
      }
      io.info(text);
      return plainProgress(io);
    },
  };
  return io;
}

function plainProgress(io: Io): Progress {
  return {
    update: (t) => io.info(t),
    succeed: (t) => t && io.info(t),
    fail: (t) => t && io.warn(t),
    stop: () => undefined,
  };
}

/** True when progress may animate: stderr is a TTY and this is not a CI run. */
export function isInteractive(stderr: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stderr.isTTY === true && !env.CI;
}
