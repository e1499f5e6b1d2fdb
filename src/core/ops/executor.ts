/**
 * Runs a plan's steps in order, journaling each transition durably before moving on:
 * `step-start` before a step touches anything, `step-done`/`step-skip`/`step-failed` after.
 * Ctrl-C is honoured only between steps (a step in flight finishes or fails on its own), and
 * the run then ends `interrupted` with the exact state. A failed or interrupted run says what
 * was applied, what the system looks like now, and how to continue or undo.
 */
import { DrError, drError, interrupted } from '../errors.js';
import type { Timer } from '../read-budget.js';
import type { JournalRecord, JournalStore, RunOutcome } from './journal.js';
import type { Plan, Step, StepContext, StepResult } from './step.js';

/** What the executor needs. */
export interface ExecutorDeps {
  journal: JournalStore;
  timer: Timer;
  signal: AbortSignal;
  /** Who runs it (`user@host`), kept in the journal. */
  operator: string;
  /** Progress for the operator. */
  onProgress(event: ProgressEvent): void;
  /** Reads the live state in words, for the report after a failure or interruption. */
  describeState(): Promise<string>;
  /**
   * Checked before each step that changes something (the operations lock's fencing token):
   * a throw fails the step before it touches anything, journaled with its code.
   */
  beforeApply?(): Promise<void>;
}

/** What the executor tells the operator as it goes. */
export type ProgressEvent =
  | { type: 'step-start'; index: number; total: number; step: Step }
  | { type: 'step-skip'; index: number; total: number; step: Step }
  | {
      type: 'step-done';
      index: number;
      total: number;
      step: Step;
      durationMs: number;
      result?: StepResult;
    }
  | { type: 'note'; text: string };

/** The outcome of a run. */
export interface RunReport {
  runId: string;
  outcome: RunOutcome;
  steps: {
    id: string;
    title: string;
    status: 'done' | 'skipped';
    durationMs: number;
    result?: StepResult;
  }[];
  durationMs: number;
  state: string;
}

/** How to continue, for messages. */
export interface ResumeHint {
  /** The command that resumes this run, e.g. `mysfits-dr failover --resume <id>`. */
  resumeCommand: string;
}

/** Runs `plan` as run `runId` (a fresh id, or the id of the run being resumed). */
export async function executePlan(
  plan: Plan,
  runId: string,
  deps: ExecutorDeps,
  hint: ResumeHint,
  options: {
    resumed?: boolean;
    measure?: () => Promise<Record<string, string | number | boolean | null>>;
  } = {},
): Promise<RunReport> {
  const started = deps.timer.now();
  const write = (record: JournalRecord) => deps.journal.append(runId, record);
  await write({
    type: 'start',
    at: started,
    runId,
    kind: plan.kind,
    request: plan.request,
    summary: plan.summary,
    operator: deps.operator,
    checks: plan.checks,
    steps: plan.steps.map((s) => ({
      id: s.id,
      title: s.title,
      ...(s.undoHint ? { undoHint: s.undoHint } : {}),
    })),
    ...(options.resumed ? { resumed: true } : {}),
  });
  const finished: RunReport['steps'] = [];
  let current: Step | undefined;
  const ctx = (step: Step): StepContext => ({
    timer: deps.timer,
    signal: deps.signal,
    note: (text) => {
      deps.onProgress({ type: 'note', text });
      void write({ type: 'note', at: deps.timer.now(), stepId: step.id, text });
    },
  });
  try {
    for (const [index, step] of plan.steps.entries()) {
      if (deps.signal.aborted) throw interrupted(`interrupted before "${step.title}"`);
      current = step;
      const total = plan.steps.length;
      const stepStarted = deps.timer.now();
      await write({ type: 'step-start', at: stepStarted, stepId: step.id });
      if (await step.done(ctx(step))) {
        await write({
          type: 'step-skip',
          at: deps.timer.now(),
          stepId: step.id,
          reason: 'already in place',
        });
        deps.onProgress({ type: 'step-skip', index, total, step });
        finished.push({ id: step.id, title: step.title, status: 'skipped', durationMs: 0 });
        continue;
      }
      deps.onProgress({ type: 'step-start', index, total, step });
      await deps.beforeApply?.();
      const result = (await step.apply(ctx(step))) ?? undefined;
      await step.verify?.(ctx(step));
      const durationMs = deps.timer.now() - stepStarted;
      await write({
        type: 'step-done',
        at: deps.timer.now(),
        stepId: step.id,
        durationMs,
        ...(result ? { result } : {}),
      });
      deps.onProgress({
        type: 'step-done',
        index,
        total,
        step,
        durationMs,
        ...(result ? { result } : {}),
      });
      finished.push({
        id: step.id,
        title: step.title,
        status: 'done',
        durationMs,
        ...(result ? { result } : {}),
      });
    }
  } catch (error) {
    const at = deps.timer.now();
    const dr = toStepError(error, deps.signal);
    const outcome: RunOutcome = dr.exit === 'interrupted' ? 'interrupted' : 'failed';
    if (current && outcome === 'failed') {
      await write({
        type: 'step-failed',
        at,
        stepId: current.id,
        durationMs: 0,
        error: { code: dr.code, message: dr.message },
      });
    }
    const state = await safeState(deps);
    await write({ type: 'finish', at, outcome, state });
    const applied = finished.length;
    // The step's own exit and source, which its site may have set apart from the catalogue's.
    throw drError(dr.code, dr.message, {
      exit: dr.exit,
      source: dr.source,
      cause: dr,
      state: `${applied}/${plan.steps.length} steps done${current && outcome === 'failed' ? `; "${current.title}" failed` : ''}; ${state}; run ${runId}`,
      hint:
        dr.hint ??
        `Continue with \`${hint.resumeCommand}\`, or undo what was done: ${undoHints(
          plan,
          finished.map((f) => f.id),
        )}.`,
      details: { runId, outcome, steps: finished },
    });
  }
  const measurements = options.measure ? await options.measure() : undefined;
  const state = await safeState(deps);
  const outcome: RunOutcome = finished.every((f) => f.status === 'skipped') ? 'no-op' : 'completed';
  await write({
    type: 'finish',
    at: deps.timer.now(),
    outcome,
    state,
    ...(measurements ? { measurements } : {}),
  });
  return { runId, outcome, steps: finished, durationMs: deps.timer.now() - started, state };
}

/** A run that ended before any step ran (`refused`, or a `no-op` whose end state holds). */
export interface UnexecutedRun {
  plan: Plan;
  runId: string;
  operator: string;
  startedAt: number;
  finishedAt: number;
  outcome: 'refused' | 'no-op';
  /** The live state in words when it ended. */
  state: string;
}

/** Journals a run that changed nothing: its start (the plan, no steps) and its finish. */
export async function journalUnexecuted(journal: JournalStore, run: UnexecutedRun): Promise<void> {
  const { plan, runId } = run;
  await journal.append(runId, {
    type: 'start',
    at: run.startedAt,
    runId,
    kind: plan.kind,
    request: plan.request,
    summary: plan.summary,
    operator: run.operator,
    checks: plan.checks,
    steps: [],
  });
  await journal.append(runId, {
    type: 'finish',
    at: run.finishedAt,
    outcome: run.outcome,
    state: run.state,
  });
}

function toStepError(error: unknown, signal: AbortSignal): DrError {
  if (error instanceof DrError) return error;
  if (signal.aborted) return interrupted();
  return drError('STEP_FAILED', `unexpected error: ${(error as Error)?.message ?? String(error)}`, {
    cause: error,
  });
}

async function safeState(deps: ExecutorDeps): Promise<string> {
  try {
    return await deps.describeState();
  } catch (error) {
    return `the current state could not be read (${(error as Error)?.message ?? String(error)})`;
  }
}

function undoHints(plan: Plan, doneIds: readonly string[]): string {
  const hints = plan.steps
    .filter((s) => doneIds.includes(s.id) && s.undoHint)
    .map((s) => s.undoHint!);
  return hints.length ? hints.reverse().join('; then ') : 'nothing was changed';
}
