/** The document every command prints with `--json` when it fails (src/core/errors.ts). */
import { z } from 'zod';

/** The error document: `{ error: { code, message, hint?, state?, source, exitCode, details? } }`. */
export const errorDocumentSchema = z.strictObject({
  error: z.strictObject({
    /** Stable code, e.g. `PREFLIGHT_FAILED`, `INTERRUPTED`. */
    code: z.string(),
    message: z.string(),
    /** What to do about it. */
    hint: z.string().optional(),
    /** The state the system is left in, for commands that change things. */
    state: z.string().optional(),
    /** Whose problem it is. */
    source: z.enum(['user', 'aws', 'internal']),
    /** The process's exit code. */
    exitCode: z.number().int(),
    /** Machine-readable details (a refused operation: the operation document). */
    details: z.unknown().optional(),
  }),
});

/** The error document. */
export type ErrorDocumentShape = z.infer<typeof errorDocumentSchema>;
