/**
 * What the operation use case (operation.ts) is handed and returns: the command's spec, the
 * ports of the system one run works on (lock, audit trail, live state, probe, plan builder),
 * the operator's side, and the result.
 */
import type { z } from 'zod';
import type { AppProbe } from '../ports.js';
import type { Timer } from '../read-budget.js';
import type { ProgressEvent, RunReport } from './executor.js';
import type { JournalStore, RunListing } from './journal.js';
import type { Figures, OperationDocument } from './operation-document.js';
import type { Plan } from './step.js';

/** One operation as a command asks for it. */
export interface OperationSpec<R extends Record<string, unknown>> {
  /** `failover`, `failback`, `traffic-set`… (the journal's kind). */
  kind: string;
  /** The operator's validated request, journaled so `--resume` can rebuild the plan. */
  request: R;
  /** The request's schema: re-reads the journaled request on `--resume`. */
  schema: z.ZodType<R>;
  dryRun: boolean;
  /** A run id to resume, or true for the latest resumable run of this kind. */
  resume?: string | true;
  /** Failed preflight checks the operator overrides, by name. */
  force: readonly string[];
  /** Command line that resumes a run. */
  resumeCommand(runId: string): string;
  /** `--wait`: wait this long for an earlier accelerator change to deploy instead of refusing. */
  waitDeployedMs?: number;
}

/** The operations lock, as the use case needs it (core/ops/lock.ts's OperationLock). */
export interface LockPort {
  /** Takes the lock; `movedFrom` names the home region when it was taken elsewhere. */
  acquire(
    runId: string,
    owner: string,
    operation: string,
    ttlMs: number,
  ): Promise<{ region: string; movedFrom?: string }>;
  renew(runId: string, ttlMs: number): Promise<boolean>;
  release(runId: string): Promise<boolean>;
}

/** A run as the shared audit trail keeps it. */
export type AuditedRun = RunListing & { state?: string };

/** The system one run works on, connected once its run id is known. */
export interface OperationSession<R> {
  lock: LockPort;
  /** Throws FENCED_OUT unless the run still holds the lock: checked before every step. */
  guard(): Promise<void>;
  /** Writes the run's audit record (best effort: a failure is only warned about). */
  audit(run: AuditedRun): Promise<unknown>;
  /** The live traffic state in words. */
  describeState(): Promise<string>;
  /** The accelerator's status (`DEPLOYED`, `IN_PROGRESS`); throws when its API does not answer. */
  acceleratorStatus(): Promise<string>;
  /** Requests through the accelerator, for the background probe. */
  probe: AppProbe;
  /** Reads live state and builds the plan of `request`. */
  build(request: R): Promise<Plan>;
}

/** The spinner line of a running plan. */
export interface OperationProgress {
  event(event: ProgressEvent): void;
  succeed(text: string): void;
  fail(text: string): void;
}

/** The operator's side: the plan shown, the question asked, progress and warnings. */
export interface OperationUi {
  showPlan(plan: Plan, runId: string): void;
  /** True when the operator confirms (or passed --yes). */
  confirm(question: string): Promise<boolean>;
  progress(title: string): OperationProgress;
  info(text: string): void;
  warn(text: string): void;
}

/** What the use case is handed. */
export interface OperationDeps<R> {
  journal: JournalStore;
  timer: Timer;
  /** Raised on Ctrl-C: the run stops at the next safe boundary. */
  signal: AbortSignal;
  /** Who runs it (`user@host`). */
  operator: string;
  /** A fresh run id for an operation of `kind` started at `now`. */
  newRunId(kind: string, now: number): string;
  /** Connects to the system for run `runId` (after `--resume` is resolved). */
  connect(runId: string): Promise<OperationSession<R>>;
  ui: OperationUi;
}

/** How an operation ended when it did not throw. */
export type OperationResult =
  | { type: 'planned'; refused: boolean; document: OperationDocument }
  | { type: 'already-done'; plan: Plan; runId: string; state: string; document: OperationDocument }
  | { type: 'ran'; report: RunReport; measured: Figures; document: OperationDocument };
