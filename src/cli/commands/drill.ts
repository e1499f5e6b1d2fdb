/**
 * `mysfits-dr drill list|validate|run|report`: scripted game days from drill files. A drill
 * is named by path, or by the name of a bundled drill (`drills/<name>.yaml`). `run` writes a
 * journal and a report (Markdown and HTML) into its own folder and exits 0 passed, 1
 * deviated or objectives missed, 2 invalid drill, 9 aborted, 130 interrupted.
 */
import type { Command } from 'commander';
import { EXIT_CODES, notConfirmed, usageError } from '../../core/errors.js';
import type { VariableValue } from '../../drill/variables.js';
import type { ActionResult, CommandRegistrar } from '../program.js';
import type { Context } from '../context.js';

/** `--var` (already parsed) and `--var-file` of a command that loads a drill. */
export interface DrillVariableOptions {
  /** A bundled drill's name or a path to a drill file. */
  drill: string;
  /** `--var name=value`, parsed (numbers and true/false keep their type); they win. */
  vars: Record<string, VariableValue>;
  /** `--var-file` paths, read in order. */
  varFiles: string[];
}

/** Options of `drill list` (none). */
export type DrillListOptions = Record<string, never>;

/** Options of `drill validate`. */
export type DrillValidateOptions = DrillVariableOptions;

/** Options of `drill run`. */
export interface DrillRunOptions extends DrillVariableOptions {
  /** Folder for the run folders (`--out`). */
  out?: string;
  /** Where to write the JUnit XML (`--junit`); default `junit.xml` in the run folder. */
  junit?: string;
}

/** Options of `drill report`. */
export interface DrillReportOptions {
  /** The journal.json to render. */
  journal: string;
  /** Where to write the reports (default: beside the journal). */
  out?: string;
}

/** The flags as commander hands them over. */
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

/** The drill and its variables from commander's argument and flags; a bad --var is a usage error. */
async function variableOptions(drill: string, flags: VarFlags): Promise<DrillVariableOptions> {
  const { parseVarFlags } = await import('../drill/files.js');
  return { drill, vars: parseVarFlags(flags.var), varFiles: flags.varFile };
}

/** A path flag's value, refused when empty. */
function pathFlag(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '')
    throw usageError(
      'USAGE',
      `${flag} "${value}" is empty`,
      `Pass a file path to ${flag}, or leave the flag out.`,
    );
  return value;
}

/** Loads and validates a drill with its variables; throws a usage error listing every problem. */
async function loadDrill(ctx: Context, opts: DrillVariableOptions) {
  const [{ readDrillSource, readVariables }, { parseDrill }] = await Promise.all([
    import('../drill/files.js'),
    import('../../drill/parse.js'),
  ]);
  const source = await readDrillSource(ctx.cwd, opts.drill);
  const variables = await readVariables(ctx.cwd, opts.varFiles, opts.vars);
  const parsed = parseDrill(source.text, variables);
  return { source, parsed };
}

/** `drill validate`: prints every problem of a drill; exit 2 when it is invalid. */
export async function runDrillValidate(
  ctx: Context,
  opts: DrillValidateOptions,
): Promise<ActionResult> {
  const { describeIssue } = await import('../../config/loader.js');
  const { source, parsed } = await loadDrill(ctx, opts);
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

/** `drill list`: the bundled drills. */
export async function runDrillList(
  ctx: Context,
  _opts: DrillListOptions = {},
): Promise<ActionResult> {
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

/**
 * `drill run`: asks first (a drill injects faults), runs it, writes the journal, the reports
 * and the JUnit XML, prints the summary; the exit code is the run's.
 */
export async function runDrillRun(ctx: Context, opts: DrillRunOptions): Promise<ActionResult> {
  const { source, parsed } = await loadDrill(ctx, opts);
  if (!parsed.drill) {
    const { describeIssue } = await import('../../config/loader.js');
    throw usageError(
      'DRILL_INVALID',
      `${source.path} is not a valid drill:\n${parsed.issues.map((i) => `  ${describeIssue(i)}`).join('\n')}`,
      `Fix it (mysfits-dr drill validate ${opts.drill}); nothing was run.`,
      parsed.issues,
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
    throw notConfirmed(
      'the drill was not run and nothing was changed',
      'Pass --yes to run it without asking (required when there is no terminal).',
    );
  }
  const { executeDrillRun } = await import('../drill/run-command.js');
  return executeDrillRun(ctx, drill, source, opts);
}

/** `drill report`: renders a journal's Markdown and HTML reports again. */
export async function runDrillReport(
  ctx: Context,
  opts: DrillReportOptions,
): Promise<ActionResult> {
  const [{ readJournal }, { writeReports }, { dirname, resolve }] = await Promise.all([
    import('../drill/files.js'),
    import('../../drill/report/index.js'),
    import('node:path'),
  ]);
  const path = resolve(ctx.cwd, opts.journal);
  const journal = await readJournal(path);
  const reports = await writeReports(
    journal,
    opts.out ? resolve(ctx.cwd, opts.out) : dirname(path),
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
    .action(runner((ctx) => runDrillList(ctx, {})));
  addVarFlags(
    drill
      .command('validate')
      .description(
        'check a drill file and report every problem with its path (exit 2 when invalid)',
      )
      .argument('<drill>', 'a drill file, or the name of a bundled drill'),
  ).action(
    runner(async (ctx, name: string, flags: VarFlags) =>
      runDrillValidate(ctx, await variableOptions(name, flags)),
    ),
  );
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
      )
      .option(
        '--junit <file>',
        'write the JUnit XML results there (default: junit.xml in the run folder)',
      ),
  ).action(
    runner(async (ctx, name: string, flags: VarFlags & { out?: string; junit?: string }) => {
      const out = pathFlag('--out', flags.out);
      const junit = pathFlag('--junit', flags.junit);
      return runDrillRun(ctx, {
        ...(await variableOptions(name, flags)),
        ...(out !== undefined ? { out } : {}),
        ...(junit !== undefined ? { junit } : {}),
      });
    }),
  );
  drill
    .command('report')
    .description('render the Markdown and HTML report of a drill journal again')
    .argument('<journal>', 'a journal.json written by drill run')
    .option('--out <dir>', 'where to write the reports (default: beside the journal)')
    .action(
      runner((ctx, journal: string, flags: { out?: string }) => {
        const out = pathFlag('--out', flags.out);
        return runDrillReport(ctx, { journal, ...(out !== undefined ? { out } : {}) });
      }),
    );
};
