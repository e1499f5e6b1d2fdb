/**
 * Documents about runs and the operations lock: `lock show`, `lock break`, `history` and
 * `history <run>`.
 */
import { z } from 'zod';
import { figureSchema } from './operation.js';

/** How a run ended. */
export const runOutcomeSchema = z.enum(['completed', 'no-op', 'failed', 'interrupted', 'refused']);

/** The lock's holder as stored in the global table. */
export const lockHolderSchema = z.strictObject({
  runId: z.string(),
  owner: z.string(),
  operation: z.string(),
  acquiredAt: z.number(),
  expiresAt: z.number(),
  region: z.string(),
  /** The holding's fencing token (raised on every acquire and break; 0 on a lock from an older version). */
  fence: z.number(),
  /** The lock's home region, when it was taken elsewhere with --force lock-region. */
  movedFrom: z.string().optional(),
});

/** `lock show`: `held` is false when free or expired (`holder` then shows the expired one). */
export const lockDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('lock'),
  held: z.boolean(),
  holder: lockHolderSchema.nullable(),
});

/** `lock break --run <id>`: `broken` is false when the run did not hold the lock. */
export const lockBreakDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('lock-break'),
  run: z.string(),
  broken: z.boolean(),
});

/** One run rebuilt from its journal; no `outcome` while it is unfinished. */
export const runSummarySchema = z.strictObject({
  runId: z.string(),
  kind: z.string(),
  /** The operator's request (flags), as journaled for `--resume`. */
  request: z.record(z.string(), z.unknown()),
  summary: z.string(),
  operator: z.string(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  outcome: runOutcomeSchema.optional(),
  state: z.string().optional(),
  /** The deployment the run acted on (accelerator ARN, ` via <endpoint>` for a lab); absent in older journals. */
  deployment: z.string().optional(),
  steps: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      status: z.enum(['pending', 'running', 'done', 'skipped', 'failed']),
      durationMs: z.number().optional(),
      error: z.string().optional(),
    }),
  ),
  measurements: z.record(z.string(), figureSchema).optional(),
  notes: z.array(z.string()),
});

/** One run in `history`: from this machine's journals, the shared audit trail, or both. */
export const runListingSchema = runSummarySchema
  .pick({
    runId: true,
    kind: true,
    summary: true,
    operator: true,
    startedAt: true,
    finishedAt: true,
    outcome: true,
    deployment: true,
  })
  .extend({ where: z.enum(['local', 'shared', 'local+shared']) });

/** `history`: runs, newest first. */
export const historyDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('history'),
  /** The configured deployment whose runs are listed; null when the config could not be read. */
  deployment: z.string().nullable(),
  /** True with `--all` (or without a readable config): every deployment's runs. */
  all: z.boolean(),
  /** How many runs of other deployments (or of none recorded) were left out. */
  hidden: z.number().int().nonnegative(),
  runs: z.array(runListingSchema),
});

/** `history <run>`: one run in full. */
export const runDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('run'),
  run: runSummarySchema,
});

/** The `lock show` document. */
export type LockDocument = z.infer<typeof lockDocumentSchema>;
/** The `history` document. */
export type HistoryDocument = z.infer<typeof historyDocumentSchema>;
/** The `history <run>` document. */
export type RunDocument = z.infer<typeof runDocumentSchema>;
