/**
 * From a drill file's text to a validated drill: parse YAML (JSON is YAML too), substitute
 * variables, validate with the schema, then check what the schema cannot: probes name probe
 * providers, actions name action providers, and `${steps.<name>…}` references name a step
 * that runs earlier. Every problem is reported with its path, the value and what is expected.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { toConfigIssues, type ConfigIssue } from '../config/loader.js';
import { PROBE_PROVIDERS, PROVIDER_TYPES } from './providers.js';
import { drillSchema, type Drill } from './schema.js';
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
      issues: [
        { path: '$', value: undefined, expected: `expected valid YAML or JSON: ${message}` },
      ],
    };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      issues: [{ path: '$', value: raw, expected: 'expected a mapping with title and method' }],
    };
  }
  const declared = (raw as { variables?: unknown }).variables;
  const defaults =
    declared && typeof declared === 'object' ? (declared as Record<string, unknown>) : {};
  const values: Record<string, unknown> = { ...defaults, ...overrides };
  const unresolved: UnresolvedReference[] = [];
  const { variables, ...rest } = raw as Record<string, unknown>;
  const substituted: Record<string, unknown> = {
    ...(substitute(rest, (name) => values[name], isStepReference, unresolved) as object),
    ...(variables === undefined ? {} : { variables }),
  };
  const issues: ConfigIssue[] = unresolved.map((u) => ({
    path: toPath(u.path),
    value: `\${${u.name}}`,
    expected: `expected a defined variable: add "${u.name}" under variables, or pass --var ${u.name}=<value>`,
  }));
  const result = drillSchema.safeParse(substituted);
  if (!result.success) issues.push(...toConfigIssues(substituted, result.error.issues));
  issues.push(...crossChecks(substituted));
  return issues.length || !result.success ? { issues } : { drill: result.data, issues: [] };
}

function toPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${key}`),
    '$',
  );
}

/** A step as written, before validation (every field may be missing or of the wrong type). */
interface RawStep {
  type?: unknown;
  name?: unknown;
  provider?: { type?: unknown };
}

function stepsOf(value: unknown): RawStep[] {
  return Array.isArray(value) ? (value as RawStep[]).filter((s) => s && typeof s === 'object') : [];
}

/**
 * Checks that need the whole drill, made on the document as written so that they are
 * reported together with the schema's problems: probes name probe providers, actions
 * name action providers, and step references name a step that runs earlier.
 */
function crossChecks(document: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const known = new Set<string>();
  const visit = (step: RawStep, path: string) => {
    const provider = step.provider?.type;
    if (typeof provider === 'string' && PROVIDER_TYPES.includes(provider)) {
      const isProbe = PROBE_PROVIDERS.includes(provider as never);
      if (step.type === 'probe' && !isProbe) {
        issues.push({
          path: `${path}.provider.type`,
          value: provider,
          expected: `expected a probe provider (${PROBE_PROVIDERS.join(', ')}); or make this step type: action`,
        });
      }
      if (step.type === 'action' && isProbe) {
        issues.push({
          path: `${path}.provider.type`,
          value: provider,
          expected: 'expected an action provider; or make this step type: probe',
        });
      }
    }
    for (const name of stepReferences(step)) {
      if (!known.has(name)) {
        issues.push({
          path,
          value: `\${steps.${name}…}`,
          expected: `expected a step that runs before this one; "${name}" is not one`,
        });
      }
    }
    if (typeof step.name === 'string') known.add(step.name);
  };
  const hypothesis = document['steady-state-hypothesis'] as { probes?: unknown } | undefined;
  stepsOf(hypothesis?.probes).forEach((p, i) =>
    visit(p, `$['steady-state-hypothesis'].probes[${i}]`),
  );
  stepsOf(document.method).forEach((a, i) => visit(a, `$.method[${i}]`));
  stepsOf(document.rollbacks).forEach((a, i) => visit(a, `$.rollbacks[${i}]`));
  return issues;
}

function stepReferences(step: RawStep): string[] {
  const names: string[] = [];
  JSON.stringify(step, (_key, value: unknown) => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/\$\{steps\.([^.}]+)/g)) names.push(m[1]!);
    }
    return value;
  });
  return names;
}
