/**
 * Loads `mysfits-dr.config.json` and validates it. Every problem is reported with its JSON
 * path, the value found there and what was expected, so the fix is obvious.
 */
import type { z } from 'zod';
import { drError } from '../core/errors.js';
import { readConfigText } from './read.js';
import { configSchema, type Config } from './schema.js';

/** One validation problem in a config file. */
export interface ConfigIssue {
  /** JSONPath-style location, e.g. `$.regions[1].ecs.cluster`. */
  path: string;
  /** The value found there (`undefined` when the field is missing). */
  value: unknown;
  /** What is expected there. */
  expected: string;
}

/** Formats a path of keys as `$.a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    '$',
  );
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = data;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

/** Turns zod issues into ConfigIssues (unknown keys become one issue per key). */
export function toConfigIssues(data: unknown, issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        value: valueAt(data, [...issue.path, key]),
        expected: 'no such field here: remove it or check its spelling',
      }));
    }
    const value = valueAt(data, issue.path);
    const missing = issue.code === 'invalid_type' && value === undefined;
    return [
      {
        path: formatPath(issue.path),
        value,
        expected: missing ? `required: add this field (a ${issue.expected})` : issue.message,
      },
    ];
  });
}

/** Renders one issue on one line: `$.x: found "y"; expected …`. */
export function describeIssue(issue: ConfigIssue): string {
  const found = issue.value === undefined ? 'nothing (missing)' : JSON.stringify(issue.value);
  return `${issue.path}: found ${found}; ${issue.expected}`;
}

/** Validates already-parsed JSON; throws CONFIG_INVALID (exit 2) listing every issue. */
export function parseConfig(data: unknown, source: string): Config {
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = toConfigIssues(data, result.error.issues);
  throw drError(
    'CONFIG_INVALID',
    `${source} is not a valid mysfits-dr config (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
      issues.map((i) => `  - ${describeIssue(i)}`).join('\n'),
    {
      hint: 'Fix the fields listed above; `mysfits-dr config validate` checks the file again.',
      details: { file: source, issues },
    },
  );
}

/** Parses and validates a config file's text; throws CONFIG_NOT_JSON / CONFIG_INVALID. */
export function parseConfigText(text: string, path: string): Config {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw drError('CONFIG_NOT_JSON', `${path} is not valid JSON: ${(cause as Error).message}`, {
      cause,
      hint: 'Fix the JSON syntax at the position given.',
    });
  }
  return parseConfig(data, path);
}

/** Reads and validates a config file. Throws CONFIG_NOT_FOUND / CONFIG_NOT_JSON / CONFIG_INVALID. */
export async function loadConfig(path: string): Promise<Config> {
  return parseConfigText(await readConfigText(path), path);
}
