/**
 * Building DrErrors by code: exit code, source and (where the catalogue has one) the hint
 * come from the catalogue, so call sites say only what is particular to them. Factories for
 * the codes built in many places.
 */
import { catalogueEntry, type ErrorCode } from './catalogue.js';
import { CONFIRM_HINT } from './catalogue-operations.js';
import { DrError, type DrErrorOptions } from './dr-error.js';

/** What a call site may add to a catalogue error: everything but the code. */
export type DrErrorExtra = Omit<DrErrorOptions, 'code'>;

/**
 * A DrError for `code`: exit and source from the catalogue unless `extra` overrides them;
 * the catalogue's default hint when `extra` gives none.
 * `throw drError('LOCK_HELD', 'the lock is held by run r1', { hint: '…' })`.
 */
export function drError(code: ErrorCode, message: string, extra: DrErrorExtra = {}): DrError {
  const hint = extra.hint ?? catalogueEntry(code).hint;
  return new DrError(message, { ...extra, code, ...(hint === undefined ? {} : { hint }) });
}

/** Bad input from the user: flags, arguments or files. Exit code 2, source user. */
export function usageError(
  code: ErrorCode,
  message: string,
  hint?: string,
  details?: unknown,
): DrError {
  return new DrError(message, { code, exit: 'usage', hint, details, source: 'user' });
}

/**
 * Ctrl-C or SIGTERM stopped the command (`INTERRUPTED`, exit 130, source user).
 * `message` says where (`interrupted while waiting for the accelerator`); `extra.state`
 * what the system was left in.
 */
export function interrupted(message = 'interrupted', extra: DrErrorExtra = {}): DrError {
  return drError('INTERRUPTED', message, extra);
}

/**
 * The user did not confirm a change (`NOT_CONFIRMED`, exit 3): the message is
 * `not confirmed: <what>`, e.g. `notConfirmed('nothing was changed')`.
 */
export function notConfirmed(what: string, hint: string = CONFIRM_HINT): DrError {
  return drError('NOT_CONFIRMED', `not confirmed: ${what}`, { hint });
}

/** Something did not converge in time (`NOT_CONVERGED`, exit 8, source aws). */
export function notConverged(message: string, extra: DrErrorExtra = {}): DrError {
  return drError('NOT_CONVERGED', message, extra);
}

/** An error we did not expect: a bug (`INTERNAL`, exit 1, source internal), keeping the cause. */
export function internalError(error: unknown): DrError {
  return drError('INTERNAL', `unexpected error: ${(error as Error)?.message ?? String(error)}`, {
    cause: error,
  });
}

/**
 * A region named by the user is not one of the config's (`UNKNOWN_REGION`, exit 2).
 * With `flag`: `--to: "eu-west-3" is not a configured region`, hint `Pass one of … (e.g. --to …).`;
 * without: `region "eu-west-3" is not a configured region`, hint `Use one of ….`
 */
export function unknownRegion(value: string, regions: readonly string[], flag?: string): DrError {
  const list = regions.join(', ');
  return flag
    ? usageError(
        'UNKNOWN_REGION',
        `${flag}: "${value}" is not a configured region`,
        `Pass one of ${list} (e.g. ${flag} ${regions[0] ?? 'us-east-1'}).`,
      )
    : usageError(
        'UNKNOWN_REGION',
        `region "${value}" is not a configured region`,
        `Use one of ${list}.`,
      );
}
