/**
 * Whether a probe's output meets its tolerance: a value it must equal, a `[min, max]` range,
 * or conditions (`path`, then equals / in / min / max / matches / exists) that must all hold.
 * A scalar or range applies to the output itself, or to its `value` field when the output is
 * an object that has one.
 */
import type { Tolerance } from './schema.js';
import { readPath } from './variables.js';

/** The verdict, with a sentence saying what was compared. */
export interface ToleranceResult {
  met: boolean;
  detail: string;
}

type Condition = Exclude<Tolerance, string | number | boolean | [number, number] | unknown[]>;

function subject(output: unknown): unknown {
  if (output && typeof output === 'object' && !Array.isArray(output) && 'value' in output) {
    return (output as { value: unknown }).value;
  }
  return output;
}

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

function checkCondition(output: unknown, c: Condition): ToleranceResult {
  const where = c.path ?? 'output';
  const value = c.path ? readPath(output, c.path) : subject(output);
  const fail = (expected: string) => ({
    met: false,
    detail: `${where} is ${show(value)}; expected ${expected}`,
  });
  if (c.exists !== undefined && (value !== undefined && value !== null) !== c.exists) {
    return fail(c.exists ? 'a value' : 'no value');
  }
  if (c.equals !== undefined && value !== c.equals) return fail(show(c.equals));
  if (c.in !== undefined && !c.in.includes(value as never)) return fail(`one of ${show(c.in)}`);
  if (c.min !== undefined || c.max !== undefined) {
    const range = `between ${c.min ?? '-∞'} and ${c.max ?? '∞'}`;
    if (typeof value !== 'number') return fail(`a number ${range}`);
    if ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max))
      return fail(range);
  }
  if (c.matches !== undefined && !new RegExp(c.matches).test(String(value ?? ''))) {
    return fail(`to match /${c.matches}/`);
  }
  return { met: true, detail: `${where} is ${show(value)}` };
}

/** Checks `output` against `tolerance`; no tolerance always holds. */
export function checkTolerance(output: unknown, tolerance: Tolerance | undefined): ToleranceResult {
  if (tolerance === undefined) return { met: true, detail: 'no tolerance' };
  if (Array.isArray(tolerance)) {
    if (tolerance.length === 2 && tolerance.every((t) => typeof t === 'number')) {
      const [min, max] = tolerance as [number, number];
      return checkCondition(output, { min, max });
    }
    const results = (tolerance as Condition[]).map((c) => checkCondition(output, c));
    const failed = results.find((r) => !r.met);
    return failed ?? { met: true, detail: results.map((r) => r.detail).join('; ') };
  }
  if (typeof tolerance === 'object') return checkCondition(output, tolerance);
  return checkCondition(output, { equals: tolerance });
}
