/**
 * `--resume`: finds the run to continue in the journal (the one named, or the latest
 * unfinished run of the same kind) and re-reads its journaled request with the operation's
 * schema, so the plan is rebuilt from exactly what the first run was asked.
 */
import type { z } from 'zod';
import { drError, usageError } from '../errors.js';
import { isResumable, summarizeRun, type JournalStore } from './journal.js';

/** A run to continue: its id and its typed request. */
export interface ResumedRun<R> {
  runId: string;
  request: R;
}

/** The run `resume` names (true: the latest unfinished run of `kind`), with its request. */
export async function resolveResume<R>(
  journal: JournalStore,
  kind: string,
  resume: string | true,
  schema: z.ZodType<R>,
): Promise<ResumedRun<R>> {
  const runs = await journal.list();
  const id =
    resume === true
      ? runs.find(
          (r) =>
            r.kind === kind &&
            (r.outcome === undefined || r.outcome === 'interrupted' || r.outcome === 'failed'),
        )?.runId
      : resume;
  const run = id ? summarizeRun(await journal.read(id)) : undefined;
  if (!run) {
    throw usageError(
      'NO_RUN_TO_RESUME',
      resume === true
        ? `there is no interrupted ${kind} run to resume`
        : `there is no run ${resume} in the runs folder`,
      'List runs with `mysfits-dr history`.',
    );
  }
  if (run.kind !== kind)
    throw usageError(
      'RUN_KIND_MISMATCH',
      `run ${run.runId} is a ${run.kind}, not a ${kind}`,
      `Resume it with \`mysfits-dr ${run.kind.replace('traffic-', 'traffic ')} --resume ${run.runId}\`.`,
    );
  if (!isResumable(run)) {
    throw drError(
      'RUN_FINISHED',
      `run ${run.runId} already ${run.outcome}; there is nothing to resume`,
    );
  }
  const request = schema.safeParse(run.request);
  if (!request.success) {
    throw usageError(
      'RUN_REQUEST_INVALID',
      `the journaled request of run ${run.runId} is not a valid ${kind} request (${request.error.issues
        .map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
        .join('; ')})`,
      `Start a new ${kind} instead of resuming this run.`,
    );
  }
  return { runId: run.runId, request: request.data };
}
