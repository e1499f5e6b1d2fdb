/**
 * The journal of an operation: an append-only list of records, each written durably before
 * the executor moves on — the plan when it starts, every step before and after it runs, and
 * how the run ended. It is what `--resume` continues from, what `history` shows, and the
 * evidence of what was done. The store is a port (a local file in the CLI).
 */

/** The error of a failed step, as journaled. */
export interface JournaledError {
  code: string;
  message: string;
}

/** How a run ended. */
export type RunOutcome = 'completed' | 'no-op' | 'failed' | 'interrupted' | 'refused';

/** One journal record. `at` is milliseconds since the epoch. */
export type JournalRecord =
  | {
      type: 'start';
      at: number;
      runId: string;
      kind: string;
      request: Record<string, unknown>;
      summary: string;
      operator: string;
      checks: { name: string; ok: boolean; detail: string; forced?: boolean }[];
      steps: { id: string; title: string; undoHint?: string }[];
      /** Set when this start continues an earlier, interrupted run of the same id. */
      resumed?: boolean;
      /** Which deployment the run acted on (see src/cli/ops/deployment-identity.ts). */
      deployment?: string;
    }
  | { type: 'step-start'; at: number; stepId: string }
  | { type: 'step-skip'; at: number; stepId: string; reason: string }
  | {
      type: 'step-done';
      at: number;
      stepId: string;
      durationMs: number;
      result?: Record<string, string | number | boolean | null>;
    }
  | { type: 'step-failed'; at: number; stepId: string; durationMs: number; error: JournaledError }
  | { type: 'note'; at: number; stepId?: string; text: string }
  | {
      type: 'finish';
      at: number;
      outcome: RunOutcome;
      /** The state the system was left in, in words. */
      state?: string;
      measurements?: Record<string, string | number | boolean | null>;
    };

/** A run as listed by `history`. */
export interface RunListing {
  runId: string;
  kind: string;
  summary: string;
  operator: string;
  startedAt: number;
  finishedAt?: number;
  outcome?: RunOutcome;
  /** The deployment the run acted on; absent in journals written before it was recorded. */
  deployment?: string;
}

/** Where journals are kept. */
export interface JournalStore {
  /** Appends one record and returns once it is durable. */
  append(runId: string, record: JournalRecord): Promise<void>;
  /** Every record of a run, in order; empty when the run is unknown. */
  read(runId: string): Promise<JournalRecord[]>;
  /** Every run, newest first. */
  list(): Promise<RunListing[]>;
}

/** Where one step of a journaled run stands. */
export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

/** A run reconstructed from its journal. */
export interface RunSummary {
  runId: string;
  kind: string;
  request: Record<string, unknown>;
  summary: string;
  operator: string;
  startedAt: number;
  finishedAt?: number;
  outcome?: RunOutcome;
  state?: string;
  steps: { id: string; title: string; status: StepStatus; durationMs?: number; error?: string }[];
  measurements?: Record<string, string | number | boolean | null>;
  notes: string[];
  /** The deployment the run acted on, when journaled. */
  deployment?: string;
}

/** Rebuilds a run from its records (the last `start` wins: a resumed run starts again). */
export function summarizeRun(records: readonly JournalRecord[]): RunSummary | undefined {
  const starts = records.filter((r) => r.type === 'start');
  const first = starts[0];
  const last = starts[starts.length - 1];
  if (!first || !last || first.type !== 'start' || last.type !== 'start') return undefined;
  const steps = new Map(
    last.steps.map((s) => [
      s.id,
      { id: s.id, title: s.title, status: 'pending' as StepStatus } as RunSummary['steps'][number],
    ]),
  );
  const summary: RunSummary = {
    runId: first.runId,
    kind: first.kind,
    request: last.request,
    summary: last.summary,
    operator: last.operator,
    startedAt: first.at,
    steps: [],
    notes: [],
    ...((last.deployment ?? first.deployment)
      ? { deployment: last.deployment ?? first.deployment }
      : {}),
  };
  for (const record of records) {
    const step = 'stepId' in record && record.stepId ? steps.get(record.stepId) : undefined;
    switch (record.type) {
      case 'start':
        summary.outcome = undefined;
        summary.finishedAt = undefined;
        break;
      case 'step-start':
        if (step) step.status = 'running';
        break;
      case 'step-skip':
        if (step) step.status = 'skipped';
        break;
      case 'step-done':
        if (step) Object.assign(step, { status: 'done', durationMs: record.durationMs });
        break;
      case 'step-failed':
        if (step)
          Object.assign(step, {
            status: 'failed',
            durationMs: record.durationMs,
            error: record.error.message,
          });
        break;
      case 'note':
        summary.notes.push(record.text);
        break;
      case 'finish':
        summary.outcome = record.outcome;
        summary.finishedAt = record.at;
        summary.state = record.state;
        summary.measurements = record.measurements;
        break;
    }
  }
  summary.steps = [...steps.values()];
  return summary;
}

/** The run as `history` lists it. */
export function listingOf(run: RunSummary): RunListing {
  const { runId, kind, summary, operator, startedAt, finishedAt, outcome, deployment } = run;
  return {
    runId,
    kind,
    summary,
    operator,
    startedAt,
    ...(finishedAt === undefined ? {} : { finishedAt }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(deployment === undefined ? {} : { deployment }),
  };
}

/** True when a run ended without completing and can be resumed. */
export function isResumable(run: RunSummary): boolean {
  return run.outcome === undefined || run.outcome === 'interrupted' || run.outcome === 'failed';
}
