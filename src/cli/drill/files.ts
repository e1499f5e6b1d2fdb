/**
 * The files of game days: drill files (a path, or the name of a bundled drill in the
 * package's `drills/`), variable files, the bundled list, run folders, and journals.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { drError, usageError } from '../../core/errors.js';
import type { DrillJournal } from '../../drill/journal.js';
import { parseDrill } from '../../drill/parse.js';
import { parseVarAssignment, type VariableValue } from '../../drill/variables.js';
import { packageRoot } from '../../package-root.js';
import type { Context } from '../context.js';

/** The package's bundled drills folder. */
export const BUNDLED_DRILLS_DIR = join(packageRoot(), 'drills');

const DRILL_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A drill file's text and where it came from. */
export interface DrillSource {
  /** Absolute path. */
  path: string;
  /** File name without extension (names the run folder). */
  name: string;
  text: string;
}

async function tryRead(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Reads a drill by path, else by bundled name; a usage error lists the bundled names. */
export async function readDrillSource(cwd: string, name: string): Promise<DrillSource> {
  const candidates = [
    resolve(cwd, name),
    ...DRILL_EXTENSIONS.map((ext) => join(BUNDLED_DRILLS_DIR, `${name}${ext}`)),
  ];
  for (const path of candidates) {
    const text = await tryRead(path);
    if (text !== undefined) return { path, name: basename(path, extname(path)), text };
  }
  const bundled = (await listBundledDrills()).map((d) => d.name);
  throw usageError(
    'DRILL_NOT_FOUND',
    `drill "${name}" is neither a file nor a bundled drill`,
    `Pass a path to a drill file, or one of: ${bundled.join(', ')} (mysfits-dr drill list).`,
  );
}

/** `--var name=value` assignments as variables; a usage error names the one that is not name=value. */
export function parseVarFlags(assignments: readonly string[]): Record<string, VariableValue> {
  const values: Record<string, VariableValue> = {};
  for (const text of assignments) {
    const pair = parseVarAssignment(text);
    if (!pair)
      throw usageError(
        'BAD_VAR',
        `--var "${text}" is not name=value`,
        'Pass e.g. --var target=us-east-1.',
      );
    values[pair[0]] = pair[1];
  }
  return values;
}

/** Variables from `--var-file` files (in order), then `vars` (from `--var`, which win). */
export async function readVariables(
  cwd: string,
  files: readonly string[],
  vars: Readonly<Record<string, VariableValue>>,
): Promise<Record<string, VariableValue>> {
  const values: Record<string, VariableValue> = {};
  for (const file of files) {
    const text = await tryRead(resolve(cwd, file));
    if (text === undefined)
      throw usageError(
        'VAR_FILE_NOT_FOUND',
        `--var-file "${file}" cannot be read`,
        'Pass a path to a YAML or JSON file of name: value pairs.',
      );
    const parsed: unknown = parseYaml(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw usageError(
        'VAR_FILE_INVALID',
        `--var-file "${file}" is not a mapping of name: value`,
        'Write one "name: value" per line.',
      );
    }
    for (const [k, v] of Object.entries(parsed)) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) {
        throw usageError(
          'VAR_FILE_INVALID',
          `--var-file "${file}": ${k} is not a string, number or boolean`,
          `Give ${k} a plain value.`,
        );
      }
      values[k] = v as VariableValue;
    }
  }
  return { ...values, ...vars };
}

/** One bundled drill for `drill list`. */
export interface BundledDrill {
  name: string;
  file: string;
  title: string;
  description: string;
  tags: string[];
  valid: boolean;
}

/** The bundled drills, by name. */
export async function listBundledDrills(): Promise<BundledDrill[]> {
  const files = (await readdir(BUNDLED_DRILLS_DIR).catch(() => [] as string[]))
    .filter((f) => DRILL_EXTENSIONS.includes(extname(f)))
    .sort();
  return Promise.all(
    files.map(async (f) => {
      const file = join(BUNDLED_DRILLS_DIR, f);
      const parsed = parseDrill(await readFile(file, 'utf8'));
      return {
        name: basename(f, extname(f)),
        file,
        title: parsed.drill?.title ?? '(invalid)',
        description: parsed.drill?.description?.trim().split('\n')[0] ?? '',
        tags: parsed.drill?.tags ?? [],
        valid: parsed.drill !== undefined,
      };
    }),
  );
}

/** Creates `<out>/<name>-<UTC stamp>` (out: the flag, MYSFITS_DR_DRILLS_DIR, else ./drill-runs). */
export async function runFolder(ctx: Context, name: string, out?: string): Promise<string> {
  const base = resolve(ctx.cwd, out ?? ctx.env.MYSFITS_DR_DRILLS_DIR ?? 'drill-runs');
  const stamp = new Date(ctx.now()).toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const folder = join(base, `${name}-${stamp}`);
  await mkdir(folder, { recursive: true });
  return folder;
}

/** Reads a journal written by `drill run`. */
export async function readJournal(path: string): Promise<DrillJournal> {
  const text = await tryRead(path);
  if (text === undefined)
    throw usageError(
      'JOURNAL_NOT_FOUND',
      `no journal at ${path}`,
      'Pass the journal.json of a drill run folder.',
    );
  let journal: unknown;
  try {
    journal = JSON.parse(text);
  } catch (cause) {
    throw drError('JOURNAL_INVALID', `${path} is not JSON`, {
      cause,
      hint: 'Pass the journal.json written by drill run.',
    });
  }
  if ((journal as { 'mysfits-dr-journal'?: unknown })['mysfits-dr-journal'] !== 1) {
    throw usageError(
      'JOURNAL_INVALID',
      `${path} is not a mysfits-dr drill journal`,
      'Pass the journal.json written by drill run.',
    );
  }
  return journal as DrillJournal;
}
