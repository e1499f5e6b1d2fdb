/**
 * The one error class of mysfits-dr and its `--json` document. A DrError has a stable
 * catalogue `code`; its exit code and source default to the catalogue's, so call sites
 * name only the code (and override exit or source only where one code has several).
 */
import { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';
import type { ErrorSource } from './catalogue-entry.js';
import { EXIT_CODES, type ExitCodeName } from './exit-codes.js';

/** Options accepted by DrError. */
export interface DrErrorOptions {
  /** Stable machine-readable name from the catalogue, e.g. `CONFIG_INVALID`. */
  code: ErrorCode;
  /** Which exit code the CLI returns for this error. Defaults to the catalogue's. */
  exit?: ExitCodeName;
  /** What to do about it, one sentence. */
  hint?: string;
  /** The state the system was left in, for commands that change things. */
  state?: string;
  /** Whose fault it is. Defaults to the catalogue's. */
  source?: ErrorSource;
  /** The underlying error. */
  cause?: unknown;
  /** Structured details (for --json output), e.g. the list of validation issues. */
  details?: unknown;
}

/** Base class of every error mysfits-dr reports on purpose. */
export class DrError extends Error {
  readonly code: ErrorCode;
  readonly exit: ExitCodeName;
  readonly hint: string | undefined;
  readonly state: string | undefined;
  readonly source: ErrorSource;
  readonly details: unknown;

  constructor(message: string, options: DrErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const entry = ERROR_CATALOGUE[options.code];
    this.name = 'DrError';
    this.code = options.code;
    this.exit = options.exit ?? entry.exit;
    this.hint = options.hint;
    this.state = options.state;
    this.source = options.source ?? entry.source;
    this.details = options.details;
  }

  /** The numeric exit code for this error. */
  get exitCode(): number {
    return EXIT_CODES[this.exit];
  }
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
