/**
 * The `--json` document of an operation (kind `operation`), and the figures measured while it
 * ran: where the background probe's requests landed, when traffic landed in the target, how
 * long each step took.
 */
import type { ProbeTally } from './background-probe.js';
import type { RunReport } from './executor.js';
import type { RunOutcome } from './journal.js';
import type { Plan } from './step.js';

/** Figures kept with a run (journal, report, document). */
export type Figures = Record<string, string | number | boolean | null>;

/** How an operation ended, in its document: a run's outcome, or `planned` for a dry run. */
export type DocumentOutcome = RunOutcome | 'planned';

/** What the document adds to the plan once the run has ended. */
export interface OperationEnd {
  outcome: DocumentOutcome;
  state: string;
  steps?: RunReport['steps'];
  measurements?: Figures;
  durationMs?: number;
}

/** The operation document: the plan (summary, checks, steps with their undo) and how it ended. */
export function operationDocument(plan: Plan, runId: string, dryRun: boolean, end: OperationEnd) {
  const { outcome, state, steps, measurements, durationMs } = end;
  return {
    schemaVersion: 1,
    kind: 'operation',
    operation: plan.kind,
    runId,
    dryRun,
    plan: {
      summary: plan.summary,
      checks: plan.checks,
      steps: plan.steps.map((s) => ({ id: s.id, title: s.title, undoHint: s.undoHint ?? null })),
    },
    outcome,
    ...(steps ? { steps } : {}),
    ...(measurements ? { measurements } : {}),
    state,
    ...(durationMs === undefined ? {} : { durationMs }),
  };
}

/** An operation document. */
export type OperationDocument = ReturnType<typeof operationDocument>;

/** What the background probe saw, as journaled with the run's end. */
export function probeFigures(tally: ProbeTally): Figures {
  return {
    probeRequests: tally.requests,
    probeFailures: tally.failures,
    probeByRegion:
      Object.entries(tally.byRegion)
        .map(([r, n]) => `${r}:${n}`)
        .join(' ') || null,
  };
}

/** The figures printed at the end: landing time, probe errors, each step's duration. */
export function measurements(report: RunReport, tally: ProbeTally): Figures {
  const landing = report.steps.find((s) => s.id.startsWith('observe:'))?.result;
  return {
    landedAfterMs: (landing?.landedAfterMs as number | undefined) ?? null,
    ...probeFigures(tally),
    ...Object.fromEntries(report.steps.map((s) => [`step:${s.id}`, s.durationMs])),
  };
}
