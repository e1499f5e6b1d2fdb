/**
 * From a drill file's text to a validated drill: parse YAML (JSON is YAML too), substitute
 * variables, validate with the schema, then check what the schema cannot: probes name probe
 * providers, actions name action providers, and `${steps.<name>…}` references name a step
 * that runs earlier. Every problem is reported with its path, the value and what is expected.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { toConfigIssues, type ConfigIssue } from '../config/loader.js';
import { PROBE_PROVIDERS } from './providers.js';
import { drillSchema, type Activity, type Drill } from './schema.js';
import {
  isStepReference,
  substitute,
  type UnresolvedReference,
  type VariableValue,
} from './variables.js';

/** The outcome of parsing: a drill, or every problem found. */
export type ParsedDrill =
  | { drill: Drill; issues: [] }
  | { drill?: undefined; issues: ConfigIssue[] };

/** Parses and validates a drill; `overrides` are `--var-file` then `--var` values. */
export function parseDrill(
  text: string,
  overrides: Record<string, VariableValue> = {},
): ParsedDrill {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message : String(error);
    return {
      issues: [{ path: '$', value: undefined, expected: `valid YAML or JSON: ${message}` }],
    };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { issues: [{ path: '$', value: raw, expected: 'a mapping with title and method' }] };
  }
  const declared = (raw as { variables?: unknown }).variables;
  const defaults =
    declared && typeof declared === 'object' ? (declared as Record<string, unknown>) : {};
  const values: Record<string, unknown> = { ...defaults, ...overrides };
  const unresolved: UnresolvedReference[] = [];
  const { variables, ...rest } = raw as Record<string, unknown>;
  const substituted = {
    ...(substitute(rest, (name) => values[name], isStepReference, unresolved) as object),
    ...(variables === undefined ? {} : { variables }),
  };
  const issues: ConfigIssue[] = unresolved.map((u) => ({
    path: toPath(u.path),
    value: `\${${u.name}}`,
    expected: `a defined variable: add "${u.name}" under variables, or pass --var ${u.name}=<value>`,
  }));
  const result = drillSchema.safeParse(substituted);
  if (!result.success) issues.push(...toConfigIssues(substituted, result.error.issues));
  if (result.success) issues.push(...crossChecks(result.data));
  return issues.length || !result.success ? { issues } : { drill: result.data, issues: [] };
}

function toPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${key}`),
    '$',
  );
}

/** Checks that need the whole drill: provider kinds per step type, and step references. */
function crossChecks(drill: Drill): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const known = new Set<string>();
  const visit = (activity: Activity, path: string) => {
    const isProbe = PROBE_PROVIDERS.includes(activity.provider.type);
    if (activity.type === 'probe' && !isProbe) {
      issues.push({
        path: `${path}.provider.type`,
        value: activity.provider.type,
        expected: `a probe provider (${PROBE_PROVIDERS.join(', ')}); or make this step type: action`,
      });
    }
    if (activity.type === 'action' && isProbe) {
      issues.push({
        path: `${path}.provider.type`,
        value: activity.provider.type,
        expected: 'an action provider; or make this step type: probe',
      });
    }
    for (const name of stepReferences(activity)) {
      if (!known.has(name)) {
        issues.push({
          path,
          value: `\${steps.${name}…}`,
          expected: `a step that runs before this one; "${name}" is not one`,
        });
      }
    }
    known.add(activity.name);
  };
  drill['steady-state-hypothesis']?.probes.forEach((p, i) =>
    visit(p, `$['steady-state-hypothesis'].probes[${i}]`),
  );
  drill.method.forEach((a, i) => visit(a, `$.method[${i}]`));
  drill.rollbacks?.forEach((a, i) => visit(a, `$.rollbacks[${i}]`));
  return issues;
}

function stepReferences(activity: Activity): string[] {
  const names: string[] = [];
  JSON.stringify(activity, (_key, value: unknown) => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/\$\{steps\.([^.}]+)/g)) names.push(m[1]!);
    }
    return value;
  });
  return names;
}
