/**
 * The `drill` documents: `drill list`, `drill validate`, `drill run` and `drill report`. The
 * run's full journal is a file (its path is in the document), not part of it.
 */
import { z } from 'zod';

/** A problem found in a file: where, what was there, what is expected. */
export const issueSchema = z.strictObject({
  /** JSONPath-style location, e.g. `$.method[0].provider`. */
  path: z.string(),
  /** The value found there (absent when the field is missing). */
  value: z.unknown().optional(),
  expected: z.string(),
});

/** `drill list`: the bundled drills. */
export const drillListDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('drill-list'),
  drills: z.array(
    z.strictObject({
      name: z.string(),
      file: z.string(),
      title: z.string(),
      description: z.string(),
      tags: z.array(z.string()),
      valid: z.boolean(),
    }),
  ),
});

/** `drill validate <drill>`: `title` and `steps` only when valid. */
export const drillValidationDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('drill-validation'),
  file: z.string(),
  valid: z.boolean(),
  title: z.string().optional(),
  /** Number of steps in the method. */
  steps: z.number().int().optional(),
  issues: z.array(issueSchema),
});

/** Where the reports were written. */
export const reportPathsSchema = z.strictObject({ markdown: z.string(), html: z.string() });

/** An objective and how the run measured against it. */
export const objectiveSchema = z.strictObject({
  name: z.enum(['rto', 'rpo', 'lostWrites', 'detection', 'successRate']),
  target: z.number(),
  measured: z.number().nullable(),
  unit: z.enum(['ms', 'writes', 'ratio']),
  met: z.boolean(),
});

/** `drill run <drill>`: how it ended and the headline measurements. */
export const drillRunDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('drill-run'),
  /** The journal file (Chaos Toolkit's format plus measurements). */
  journal: z.string(),
  /** The Markdown and HTML reports, and the JUnit XML (`--junit`, or `junit.xml` in the run folder). */
  reports: reportPathsSchema.extend({ junit: z.string() }),
  status: z.enum(['completed', 'failed', 'aborted', 'interrupted']),
  exitCode: z.number().int(),
  reason: z.string(),
  measurements: z.strictObject({
    detectionMs: z.number().nullable(),
    rtoMs: z.number().nullable(),
    rpo: z
      .strictObject({
        lostWrites: z.number(),
        windowMs: z.number(),
        checkedIn: z.array(z.string()),
        checkedAt: z.number().nullable(),
      })
      .nullable(),
    requests: z.strictObject({
      sent: z.number(),
      ok: z.number(),
      failed: z.number(),
      byRegion: z.record(z.string(), z.number()),
    }),
    objectives: z.array(objectiveSchema),
  }),
});

/** `drill report <journal>`: where the reports were written. */
export const drillReportDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('drill-report'),
  journal: z.string(),
  reports: reportPathsSchema,
});
