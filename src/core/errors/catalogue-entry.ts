/**
 * The shape of one entry of the error catalogue: for a stable error code, the exit code it
 * ends the command with, whose fault it is, what happened and what to do.
 */
import type { ExitCodeName } from './exit-codes.js';

/** Whose fault an error is: the user's input, AWS (or the lab) answering badly, or a bug of ours. */
export type ErrorSource = 'user' | 'aws' | 'internal';

/** What the catalogue knows about one error code. */
export interface CatalogueEntry {
  /** The exit code the command ends with (a call site may override it, e.g. by HTTP status). */
  exit: ExitCodeName;
  /** Whose fault it is (a call site may override it). */
  source: ErrorSource;
  /** What happened, one sentence (docs/errors.md). */
  summary: string;
  /** What to do about it, one sentence (docs/errors.md). */
  fix: string;
  /** The hint a DrError built by `drError` gets when its call site gives none. */
  hint?: string;
}

/** An entry for bad input from the user: exit 2 (usage), the user's fault. */
export const usageEntry = (summary: string, fix: string): CatalogueEntry => ({
  exit: 'usage',
  source: 'user',
  summary,
  fix,
});
