/**
 * The one error model of mysfits-dr. Every failure the CLI reports is a DrError with a
 * stable `code`, a `hint` that says what to do, an optional `state` that says what the
 * system was left in, and an exit code from EXIT_CODES. The exit codes are an API for
 * shell runbooks: they are documented in the README and must not change meaning.
 */

/** Exit codes of every command. Documented in README.md; tested in test/e2e. */
export const EXIT_CODES = {
  /** The command did what was asked; for read commands, the verdict is healthy. */
  ok: 0,
  /** The command failed, or a verdict was not met. */
  failed: 1,
  /** Bad usage, a config file that does not validate, or otherwise invalid input. */
  usage: 2,
  /** Refused by a safety check (for example: would drain the last healthy region). */
  refused: 3,
  /** No usable AWS credentials, or credentials refused (including real keys sent to the lab). */
  credentials: 4,
  /** Another operation holds the lock. */
  lockHeld: 5,
  /** An AWS or lab endpoint could not be reached. */
  unreachable: 6,
  /** A read command could not establish the state: facts it needs are UNKNOWN. */
  unknown: 7,
  /** Something did not converge within its time limit. */
  notConverged: 8,
  /** A drill was aborted: a stop condition tripped, or the tool could not run a step. */
  aborted: 9,
  /** Interrupted by SIGINT/SIGTERM. */
  interrupted: 130,
} as const;

/** Name of an exit code in EXIT_CODES. */
export type ExitCodeName = keyof typeof EXIT_CODES;

/** Whose fault an error is: the user's input, AWS (or the lab) answering badly, or a bug of ours. */
export type ErrorSource = 'user' | 'aws' | 'internal';

/** Options accepted by DrError. */
export interface DrErrorOptions {
  /** Stable machine-readable name, e.g. `CONFIG_INVALID`. */
  code: string;
  /** Which exit code the CLI returns for this error. */
  exit: ExitCodeName;
  /** What to do about it, one sentence. */
  hint?: string;
  /** The state the system was left in, for commands that change things. */
  state?: string;
  /** Whose fault it is. Defaults to `user` for usage errors and `internal` otherwise. */
  source?: ErrorSource;
  /** The underlying error. */
  cause?: unknown;
  /** Structured details (for --json output), e.g. the list of validation issues. */
  details?: unknown;
}

/** Base class of every error mysfits-dr reports on purpose. */
export class DrError extends Error {
  readonly code: string;
  readonly exit: ExitCodeName;
  readonly hint: string | undefined;
  readonly state: string | undefined;
  readonly source: ErrorSource;
  readonly details: unknown;

  constructor(message: string, options: DrErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DrError';
    this.code = options.code;
    this.exit = options.exit;
    this.hint = options.hint;
    this.state = options.state;
    this.source = options.source ?? (options.exit === 'usage' ? 'user' : 'internal');
    this.details = options.details;
  }

  /** The numeric exit code for this error. */
  get exitCode(): number {
    return EXIT_CODES[this.exit];
  }
}

/** Bad input from the user: flags, arguments or files. Exit code 2. */
export function usageError(
  code: string,
  message: string,
  hint?: string,
  details?: unknown,
): DrError {
  return new DrError(message, { code, exit: 'usage', hint, details, source: 'user' });
}

/** The JSON shape of an error in `--json` output. */
export interface ErrorDocument {
  error: {
    code: string;
    message: string;
    hint?: string;
    state?: string;
    source: ErrorSource;
    exitCode: number;
    details?: unknown;
  };
}

/** Turns a DrError into the document printed by `--json`. */
export function toErrorDocument(error: DrError): ErrorDocument {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.state === undefined ? {} : { state: error.state }),
      source: error.source,
      exitCode: error.exitCode,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}
