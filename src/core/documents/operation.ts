/**
 * The document every traffic-changing command prints with `--json` (`failover`, `failback`,
 * `traffic set|drain|shift|switch`): the plan with its preflight checks, then what happened.
 * A refused run prints the error document instead, with this document as `error.details`.
 */
import { z } from 'zod';

/** A figure in a step's result or in the measurements: a scalar or null. */
export const figureSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A preflight check's outcome; `forced` when the operator overrode it with `--force`. */
export const checkSchema = z.strictObject({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  forced: z.boolean().optional(),
});

/** The plan as shown before anything runs. */
export const planSchema = z.strictObject({
  summary: z.string(),
  checks: z.array(checkSchema),
  steps: z.array(
    z.strictObject({ id: z.string(), title: z.string(), undoHint: z.string().nullable() }),
  ),
});

/** One executed step of a run: applied (`done`) or found already in place (`skipped`). */
export const executedStepSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  status: z.enum(['done', 'skipped']),
  durationMs: z.number(),
  result: z.record(z.string(), figureSchema).optional(),
});

/**
 * The operation document. `planned` and `refused` (dry run) and `no-op` carry the plan and
 * the state; a run that executed (`completed`, or `no-op` when every step was already in
 * place on resume) adds its steps, measurements and duration.
 */
export const operationDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('operation'),
  /** `failover`, `failback`, `traffic-set`, `traffic-drain`, `traffic-shift`, `traffic-switch`. */
  operation: z.string(),
  runId: z.string(),
  dryRun: z.boolean(),
  plan: planSchema,
  outcome: z.enum(['planned', 'refused', 'no-op', 'completed']),
  steps: z.array(executedStepSchema).optional(),
  /** Landing time, probe tallies and each step's duration (`step:<id>`). */
  measurements: z.record(z.string(), figureSchema).optional(),
  /** The traffic state afterwards, one line. */
  state: z.string(),
  durationMs: z.number().optional(),
});

/** The operation document. */
export type OperationDocument = z.infer<typeof operationDocumentSchema>;
/** A preflight check in it. */
export type CheckDocument = z.infer<typeof checkSchema>;
