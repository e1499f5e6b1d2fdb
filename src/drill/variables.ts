/**
 * `${name}` references in drill files: variables (the drill's defaults, overridden by
 * `--var-file` and then `--var`) are substituted before validation; `${steps.<name>.<path>}`
 * references to earlier steps' outputs are substituted when the step runs. A string that is
 * exactly one reference takes the referenced value's type (so `rate: ${rate}` stays a number).
 */

/** A variable's value. */
export type VariableValue = string | number | boolean;

/** A reference that could not be resolved, with where it was. */
export interface UnresolvedReference {
  path: (string | number)[];
  name: string;
}

const REFERENCE = /\$\{([^}]+)\}/g;
const WHOLE = /^\$\{([^}]+)\}$/;

/** Parses `name=value` from `--var`; numbers and true/false keep their type. */
export function parseVarAssignment(text: string): [string, VariableValue] | undefined {
  const at = text.indexOf('=');
  if (at <= 0) return undefined;
  const name = text.slice(0, at).trim();
  const raw = text.slice(at + 1);
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return undefined;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return [name, Number(raw)];
  if (raw === 'true' || raw === 'false') return [name, raw === 'true'];
  return [name, raw];
}

/**
 * Substitutes references throughout a parsed document. `lookup` returns the value of a
 * name or undefined; names for which `keep` is true are left as they are (resolved later).
 */
export function substitute(
  document: unknown,
  lookup: (name: string) => unknown,
  keep: (name: string) => boolean,
  unresolved: UnresolvedReference[] = [],
  path: (string | number)[] = [],
): unknown {
  if (typeof document === 'string')
    return substituteString(document, lookup, keep, unresolved, path);
  if (Array.isArray(document))
    return document.map((v, i) => substitute(v, lookup, keep, unresolved, [...path, i]));
  if (document && typeof document === 'object') {
    return Object.fromEntries(
      Object.entries(document).map(([k, v]) => [
        k,
        substitute(v, lookup, keep, unresolved, [...path, k]),
      ]),
    );
  }
  return document;
}

function substituteString(
  text: string,
  lookup: (name: string) => unknown,
  keep: (name: string) => boolean,
  unresolved: UnresolvedReference[],
  path: (string | number)[],
): unknown {
  const whole = WHOLE.exec(text);
  if (whole) {
    const name = whole[1]!.trim();
    if (keep(name)) return text;
    const value = lookup(name);
    if (value === undefined) unresolved.push({ path, name });
    return value === undefined ? text : value;
  }
  return text.replace(REFERENCE, (match, raw: string) => {
    const name = raw.trim();
    if (keep(name)) return match;
    const value = lookup(name);
    if (value === undefined) {
      unresolved.push({ path, name });
      return match;
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/** True for `steps.<name>…` references (resolved at run time). */
export function isStepReference(name: string): boolean {
  return name.startsWith('steps.');
}

/** Reads a dot path (`a.b.0.c`) inside a value; undefined when any part is missing. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (typeof current === 'object') current = (current as Record<string, unknown>)[part];
    else return undefined;
  }
  return current;
}

/** The value of `steps.<name>.<path>` from the outputs recorded so far. */
export function stepOutputLookup(outputs: ReadonlyMap<string, unknown>) {
  return (name: string): unknown => {
    const [, step, ...rest] = name.split('.');
    if (!step || !outputs.has(step)) return undefined;
    const output = outputs.get(step);
    return rest.length ? readPath(output, rest.join('.')) : output;
  };
}
