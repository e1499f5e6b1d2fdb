/**
 * The one error model of mysfits-dr. Every failure the CLI reports is a DrError with a
 * stable `code` from the error catalogue, a `hint` that says what to do, an optional `state`
 * that says what the system was left in, and an exit code from EXIT_CODES. The exit codes
 * are an API for shell runbooks: the README's table and docs/errors.md are generated from
 * EXIT_CODES and the catalogue (scripts/generate-error-docs.mjs) and must not change meaning.
 */
export {
  EXIT_CODES,
  EXIT_CODE_MEANINGS,
  exitCode,
  type ExitCodeName,
} from './errors/exit-codes.js';
export type { CatalogueEntry, ErrorSource } from './errors/catalogue-entry.js';
export {
  ERROR_CATALOGUE,
  ERROR_CODES,
  catalogueEntry,
  isErrorCode,
  type ErrorCode,
} from './errors/catalogue.js';
export {
  DrError,
  toErrorDocument,
  type DrErrorOptions,
  type ErrorDocument,
} from './errors/dr-error.js';
export {
  drError,
  internalError,
  interrupted,
  notConfirmed,
  notConverged,
  unknownRegion,
  usageError,
  type DrErrorExtra,
} from './errors/factories.js';
