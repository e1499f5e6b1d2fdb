/**
 * The body of `drill run` once the drill is valid and confirmed: the run folder, the progress
 * view, the run itself, then the journal's reports (Markdown, HTML, JUnit XML) and the
 * summary or `--json` document. Resolves to the run's exit code.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { usageError } from '../../core/errors.js';
import type { DrillDeps } from '../../drill/deps.js';
import { originsRefusal } from '../../drill/load-origins.js';
import { runDrill } from '../../drill/runner.js';
import type { Drill } from '../../drill/schema.js';
import { writeJunit, writeReports } from '../../drill/report/index.js';
import type { Context } from '../context.js';
import { drillProgressView } from '../output/drill-progress.js';
import { isInteractive } from '../output/io.js';
import { drillEnvironment } from './drill-deps.js';
import { runFolder, type DrillSource } from './files.js';

/** What `executeDrillRun` needs of `drill run`'s options. */
export interface DrillRunTarget {
  /** Folder for the run folders (`--out`). */
  out?: string;
  /** Where to write the JUnit XML; default `junit.xml` in the run folder. */
  junit?: string;
}

/** Runs a valid, confirmed drill and reports it; resolves to the run's exit code. */
export async function executeDrillRun(
  ctx: Context,
  drill: Drill,
  source: DrillSource,
  target: DrillRunTarget,
): Promise<number> {
  const config = await ctx.config();
  const folder = await runFolder(ctx, source.name, target.out);
  const journalPath = `${folder}/journal.json`;
  const junitPath = target.junit ? resolve(ctx.cwd, target.junit) : `${folder}/junit.xml`;
  const view = drillProgressView(ctx.io, isInteractive(process.stderr, ctx.env) && !ctx.io.json);
  ctx.io.info(`drill: ${drill.title} (${source.path})\nrun folder: ${folder}`);
  const env = await drillEnvironment(ctx, config, journalPath, (e) => view.handle(e));
  try {
    await refuseOriginsOffLab(drill, env.deps);
    const journal = await runDrill(drill, env.deps, { file: source.path });
    view.stop();
    const [reports, junit] = await Promise.all([
      writeReports(journal, folder, 'report'),
      writeJunit(journal, junitPath, { name: source.name, hostname: hostname() }),
    ]);
    if (ctx.io.json) {
      ctx.io.document({
        schemaVersion: 1,
        kind: 'drill-run',
        journal: journalPath,
        reports: { ...reports, junit },
        status: journal.status,
        exitCode: journal.exitCode,
        reason: journal.reason,
        measurements: {
          detectionMs: journal.measurements.detectionMs,
          rtoMs: journal.measurements.rtoMs,
          rpo: journal.measurements.rpo,
          requests: journal.measurements.requests,
          objectives: journal.measurements.objectives,
        },
      });
    } else {
      const { renderRunSummary } = await import('../output/drill-summary.js');
      const summary = renderRunSummary(journal, { journal: journalPath, ...reports }, ctx.io.style);
      ctx.io.result(`${summary}\njunit:   ${junit}`);
    }
    return journal.exitCode;
  } finally {
    view.stop();
    env.close();
  }
}

/**
 * Refuses, before anything runs, a drill whose load has origins but does not go to the lab:
 * on AWS the tool cannot choose where its clients sit (see load-origins.ts).
 */
async function refuseOriginsOffLab(drill: Drill, deps: DrillDeps): Promise<void> {
  if (!drill.load?.origins) return;
  const refusal = originsRefusal(drill.load.url ?? (await deps.appUrl()));
  if (refusal) throw usageError('DRILL_INVALID', refusal.message, refusal.hint);
}
