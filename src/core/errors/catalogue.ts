/**
 * The error catalogue: every stable error code mysfits-dr reports, with its exit code,
 * source, what happened and what to do. docs/errors.md and the README's exit-code table
 * are generated from it (scripts/generate-error-docs.mjs); a unit test checks that every
 * code used in src is here.
 */
import type { CatalogueEntry } from './catalogue-entry.js';
import { INPUT_ERRORS } from './catalogue-input.js';
import { LAB_ERRORS } from './catalogue-lab.js';
import { OPERATION_ERRORS } from './catalogue-operations.js';

/** Every error code, by name. */
export const ERROR_CATALOGUE = {
  ...INPUT_ERRORS,
  ...OPERATION_ERRORS,
  ...LAB_ERRORS,
} as const satisfies Record<string, CatalogueEntry>;

/** A stable error code: a key of the catalogue. An unknown code does not compile. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Every error code, in catalogue order. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** True when `code` is a catalogue code (for codes that arrive over the wire, e.g. from the lab). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CATALOGUE, code);
}

/** The catalogue entry of a code. */
export function catalogueEntry(code: ErrorCode): CatalogueEntry {
  return ERROR_CATALOGUE[code];
}
