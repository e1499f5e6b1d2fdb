/**
 * `mysfits-dr drill list|validate|run|report`: scripted game days from drill files. A drill
 * is named by path, or by the name of a bundled drill (`drills/<name>.yaml`). `run` writes a
 * journal and a report (Markdown and HTML) into its own folder and exits 0 passed, 1
 * deviated or objectives missed, 2 invalid drill, 9 aborted, 130 interrupted.
 */
import type { Command } from 'commander';
import { DrError, EXIT_CODES } from '../../core/errors.js';
import type { CommandRegistrar } from '../program.js';
import type { Context } from '../context.js';

interface VarFlags {
  var: string[];
  varFile: string[];
}

const collect = (value: string, all: string[]) => [...all, value];

function addVarFlags(command: Command): Command {
  return command
    .option(
      '--var <name=value>',
      'set a variable (repeatable; numbers and true/false keep their type)',
      collect,
      [] as string[],
    )
    .option(
      '--var-file <path>',
      'variables from a YAML or JSON file (repeatable; --var wins)',
      collect,
      [] as string[],
    );
}

/** Loads and validates a drill with its variables; throws a usage error listing every problem. */
async function loadDrill(ctx: Context, name: string, flags: VarFlags) {
  const [{ readDrillSource, readVariables }, { parseDrill }] = await Promise.all([
    import('../drill/files.js'),
    import('../../drill/parse.js'),
  ]);
  const source = await readDrillSource(ctx.cwd, name);
  const variables = await readVariables(ctx.cwd, flags.varFile, flags.var);
  const parsed = parseDrill(source.text, variables);
  return { source, parsed };
}

async function validate(ctx: Context, name: string, flags: VarFlags): Promise<number> {
  const { describeIssue } = await import('../../config/loader.js');
  const { source, parsed } = await loadDrill(ctx, name, flags);
  ctx.io.document({
    schemaVersion: 1,
    kind: 'drill-validation',
    file: source.path,
    valid: parsed.drill !== undefined,
    ...(parsed.drill ? { title: parsed.drill.title, steps: parsed.drill.method.length } : {}),
    issues: parsed.issues,
  });
  if (parsed.drill) {
    ctx.io.result(
      `${source.path}: valid (${parsed.drill.title}; ${parsed.drill.method.length} steps, ${parsed.drill.rollbacks?.length ?? 0} rollbacks)`,
    );
    return EXIT_CODES.ok;
  }
  if (ctx.io.json) return EXIT_CODES.usage;
  ctx.io.error(
    `${source.path}: ${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'}`,
  );
  for (const issue of parsed.issues) ctx.io.error(`  ${describeIssue(issue)}`);
  return EXIT_CODES.usage;
}

async function list(ctx: Context): Promise<void> {
  const { listBundledDrills } = await import('../drill/files.js');
  const drills = await listBundledDrills();
  if (ctx.io.json) return ctx.io.document({ schemaVersion: 1, kind: 'drill-list', drills });
  const width = Math.max(...drills.map((d) => d.name.length), 4);
  ctx.io.result(
    drills
      .map(
        (d) =>
          `${d.name.padEnd(width)}  ${d.title}${d.valid ? '' : '  (invalid: run drill validate)'}`,
      )
      .join('\n'),
  );
}

async function run(
  ctx: Context,
  name: string,
  flags: VarFlags & { out?: string },
): Promise<number> {
  const { source, parsed } = await loadDrill(ctx, name, flags);
  if (!parsed.drill) {
    const { describeIssue } = await import('../../config/loader.js');
    throw new DrError(
      `${source.path} is not a valid drill:\n${parsed.issues.map((i) => `  ${describeIssue(i)}`).join('\n')}`,
      {
        code: 'DRILL_INVALID',
        exit: 'usage',
        source: 'user',
        details: parsed.issues,
        hint: `Fix it (mysfits-dr drill validate ${name}); nothing was run.`,
      },
    );
  }
  const drill = parsed.drill;
  // A drill injects faults and moves traffic: like every change, it runs only when confirmed.
  const changes = [...drill.method, ...(drill.rollbacks ?? [])].filter(
    (a) => a.type === 'action' && a.provider.type !== 'wait',
  ).length;
  if (
    changes &&
    !(await ctx.confirm(
      `Run drill "${drill.title}" (${changes} actions that inject faults or move traffic)?`,
    ))
  ) {
    throw new DrError('not confirmed: the drill was not run and nothing was changed', {
      code: 'NOT_CONFIRMED',
      exit: 'refused',
      source: 'user',
      hint: 'Pass --yes to run it without asking (required when there is no terminal).',
    });
  }
  const [
    { runDrill },
    { drillEnvironment },
    { runFolder },
    { writeReports },
    { drillProgressView },
    { isInteractive },
  ] = await Promise.all([
    import('../../drill/runner.js'),
    import('../drill/drill-deps.js'),
    import('../drill/files.js'),
    import('../../drill/report/index.js'),
    import('../output/drill-progress.js'),
    import('../output/io.js'),
  ]);
  const config = await ctx.config();
  const folder = await runFolder(ctx, source.name, flags.out);
  const journalPath = `${folder}/journal.json`;
  const view = drillProgressView(ctx.io, isInteractive(process.stderr, ctx.env) && !ctx.io.json);
  ctx.io.info(`drill: ${drill.title} (${source.path})\nrun folder: ${folder}`);
  const env = await drillEnvironment(ctx, config, journalPath, (e) => view.handle(e));
  try {
    const journal = await runDrill(drill, env.deps, { file: source.path });
    view.stop();
    const reports = await writeReports(journal, folder, 'report');
    if (ctx.io.json) {
      ctx.io.document({
        schemaVersion: 1,
        kind: 'drill-run',
        journal: journalPath,
        reports,
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
      ctx.io.result(renderRunSummary(journal, { journal: journalPath, ...reports }, ctx.io.style));
    }
    return journal.exitCode;
  } finally {
    view.stop();
    env.close();
  }
}

async function report(ctx: Context, journalPath: string, flags: { out?: string }): Promise<void> {
  const [{ readJournal }, { writeReports }, { dirname, resolve }] = await Promise.all([
    import('../drill/files.js'),
    import('../../drill/report/index.js'),
    import('node:path'),
  ]);
  const path = resolve(ctx.cwd, journalPath);
  const journal = await readJournal(path);
  const reports = await writeReports(
    journal,
    flags.out ? resolve(ctx.cwd, flags.out) : dirname(path),
    'report',
  );
  if (ctx.io.json)
    ctx.io.document({ schemaVersion: 1, kind: 'drill-report', journal: path, reports });
  else ctx.io.result(`report written:\n  ${reports.markdown}\n  ${reports.html}`);
}

/** Registers `drill` and its subcommands. */
export const registerDrill: CommandRegistrar = (program, runner) => {
  const drill = program
    .command('drill')
    .description('scripted game days: drill files, faults, load, RTO/RPO, evidence reports');
  drill
    .command('list')
    .description('list the bundled drills')
    .action(runner((ctx) => list(ctx)));
  addVarFlags(
    drill
      .command('validate')
      .description(
        'check a drill file and report every problem with its path (exit 2 when invalid)',
      )
      .argument('<drill>', 'a drill file, or the name of a bundled drill'),
  ).action(runner((ctx, name: string, flags: VarFlags) => validate(ctx, name, flags)));
  addVarFlags(
    drill
      .command('run')
      .description(
        'run a drill (asks first; --yes): exit 0 passed, 1 deviated or objectives missed, 2 invalid, 3 not confirmed, 9 aborted, 130 interrupted',
      )
      .argument('<drill>', 'a drill file, or the name of a bundled drill')
      .option(
        '--out <dir>',
        'folder for the run folders (default: MYSFITS_DR_DRILLS_DIR, else ./drill-runs)',
      ),
  ).action(
    runner((ctx, name: string, flags: VarFlags & { out?: string }) => run(ctx, name, flags)),
  );
  drill
    .command('report')
    .description('render the Markdown and HTML report of a drill journal again')
    .argument('<journal>', 'a journal.json written by drill run')
    .option('--out <dir>', 'where to write the reports (default: beside the journal)')
    .action(runner((ctx, journal: string, flags: { out?: string }) => report(ctx, journal, flags)));
};
