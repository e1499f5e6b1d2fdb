/**
 * The exit codes of every command, by name. They are an API for shell runbooks: documented
 * in the README (generated from this table by scripts/generate-error-docs.mjs) and they must
 * not change meaning. Commands return them by name, never as bare numbers.
 */

/** Exit codes of every command. Documented in README.md and docs/errors.md; tested in test/e2e. */
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

/** What each exit code means, in the words of the README's "Exit codes" table. */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCodeName, string>> = {
  ok: 'success; for read commands, the verdict is healthy',
  failed: 'the command failed, or a verdict was not met',
  usage: 'usage error: bad flags or arguments, a config that does not validate',
  refused: 'refused by a safety check (for example: it would drain the last healthy region)',
  credentials: 'credentials missing or refused (including real AWS keys sent to the lab)',
  lockHeld: 'another operation holds the lock',
  unreachable: 'an AWS or lab endpoint could not be reached',
  unknown: 'a read command could not establish the state: facts it needs are UNKNOWN',
  notConverged: 'something did not converge in time',
  aborted: 'a drill was aborted: a stop condition tripped, or a step could not be run',
  interrupted: 'interrupted (Ctrl-C / SIGTERM)',
};

/**
 * The number of a named exit code, for a command's numeric result:
 * `return held ? exitCode('lockHeld') : exitCode('ok')`.
 */
export function exitCode(name: ExitCodeName): number {
  return EXIT_CODES[name];
}
