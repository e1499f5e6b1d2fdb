/**
 * CloudWatch metric math (user guide, "Using math expressions with CloudWatch metrics"),
 * the part the lab needs: numbers, query ids, + − * / ^, unary minus, parentheses, arrays
 * `[m1, m2]`, and the functions SUM, AVG, MIN, MAX (time series → scalar, array → time
 * series), ABS, CEIL, FLOOR, FILL(x, value | REPEAT | LINEAR) and METRICS(). Time series
 * are dense arrays over the query's period grid with NaN for a missing period; arithmetic
 * with a missing period gives a missing period.
 */
import { AwsError } from '../../protocol/aws-error.js';

/** A parsed expression. */
export type MathNode =
  | { type: 'number'; value: number }
  | { type: 'id'; name: string }
  | { type: 'word'; name: string }
  | { type: 'unary'; operand: MathNode }
  | { type: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: MathNode; right: MathNode }
  | { type: 'array'; items: MathNode[] }
  | { type: 'call'; name: string; args: MathNode[] };

/** The value of an expression: a scalar, a time series, or an array of time series. */
export type MathValue =
  | { type: 'scalar'; value: number }
  | { type: 'series'; values: Float64Array }
  | { type: 'array'; items: Float64Array[] };

/** What evaluation needs: the grid length and the series of other queries. */
export interface MathContext {
  length: number;
  /** The value of the query with this id (throws for unknown ids). */
  resolve(id: string): MathValue;
  /** Every MetricStat query's series, for METRICS(). */
  metrics(): Float64Array[];
}

/** An error in an expression, reported as AWS reports one (ValidationError, 400). */
export function expressionError(id: string, detail: string): AwsError {
  return new AwsError('ValidationError', `Error in expression ${id}: ${detail}`);
}

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(.))/y;

/** Parses an expression; throws expressionError on a syntax error. */
export function parseExpression(id: string, text: string): MathNode {
  const tokens: { kind: 'num' | 'word' | 'sym'; text: string }[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match && match[0].trim() !== ''; match = TOKEN.exec(text)) {
    if (match[1] !== undefined) tokens.push({ kind: 'num', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'word', text: match[2] });
    else tokens.push({ kind: 'sym', text: match[3]! });
  }
  let at = 0;
  const peek = () => tokens[at];
  const fail = (what: string): never => {
    throw expressionError(id, `${what} at token ${at + 1} of '${text}'`);
  };
  const expect = (symbol: string) => {
    if (peek()?.text !== symbol) fail(`expected '${symbol}'`);
    at++;
  };
  const list = (close: string): MathNode[] => {
    const items: MathNode[] = [];
    if (peek()?.text === close) {
      at++;
      return items;
    }
    for (;;) {
      items.push(sum());
      if (peek()?.text === ',') at++;
      else break;
    }
    expect(close);
    return items;
  };
  const primary = (): MathNode => {
    const token = tokens[at++];
    if (!token) return fail('unexpected end of expression');
    if (token.kind === 'num') return { type: 'number', value: Number(token.text) };
    if (token.text === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    if (token.text === '[') return { type: 'array', items: list(']') };
    if (token.kind === 'word') {
      if (peek()?.text === '(') {
        at++;
        return { type: 'call', name: token.text.toUpperCase(), args: list(')') };
      }
      if (/^[A-Z]+$/.test(token.text)) return { type: 'word', name: token.text };
      return { type: 'id', name: token.text };
    }
    return fail(`unexpected '${token.text}'`);
  };
  const unary = (): MathNode => {
    if (peek()?.text === '-') {
      at++;
      return { type: 'unary', operand: unary() };
    }
    return primary();
  };
  const power = (): MathNode => {
    const left = unary();
    if (peek()?.text !== '^') return left;
    at++;
    return { type: 'binary', op: '^', left, right: power() };
  };
  const binary = (next: () => MathNode, ops: string[]) => (): MathNode => {
    let left = next();
    while (peek() && ops.includes(peek()!.text)) {
      const op = tokens[at++]!.text as '+' | '-' | '*' | '/';
      left = { type: 'binary', op, left, right: next() };
    }
    return left;
  };
  const product = binary(power, ['*', '/']);
  const sum = binary(product, ['+', '-']);
  const node = sum();
  if (at < tokens.length) fail(`unexpected '${tokens[at]!.text}'`);
  return node;
}

/** Ids of other queries an expression refers to. */
export function referencedIds(node: MathNode): string[] {
  switch (node.type) {
    case 'id':
      return [node.name];
    case 'unary':
      return referencedIds(node.operand);
    case 'binary':
      return [...referencedIds(node.left), ...referencedIds(node.right)];
    case 'array':
    case 'call':
      return (node.type === 'array' ? node.items : node.args).flatMap(referencedIds);
    default:
      return [];
  }
}

function apply(op: string, a: number, b: number): number {
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  if (op === '/') return a / b;
  return Math.pow(a, b);
}

function map(value: MathValue, f: (x: number) => number): MathValue {
  if (value.type === 'scalar') return { type: 'scalar', value: f(value.value) };
  if (value.type === 'series') return { type: 'series', values: value.values.map(f) };
  return { type: 'array', items: value.items.map((s) => s.map(f)) };
}

function combine(op: string, left: MathValue, right: MathValue, length: number): MathValue {
  if (left.type === 'scalar' && right.type === 'scalar')
    return { type: 'scalar', value: apply(op, left.value, right.value) };
  if (left.type === 'array') {
    return {
      type: 'array',
      items: left.items.map(
        (s) =>
          (combine(op, { type: 'series', values: s }, right, length) as { values: Float64Array })
            .values,
      ),
    };
  }
  if (right.type === 'array') {
    return {
      type: 'array',
      items: right.items.map(
        (s) =>
          (combine(op, left, { type: 'series', values: s }, length) as { values: Float64Array })
            .values,
      ),
    };
  }
  const at = (v: MathValue, i: number) =>
    v.type === 'scalar' ? v.value : (v as { values: Float64Array }).values[i]!;
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) values[i] = apply(op, at(left, i), at(right, i));
  return { type: 'series', values };
}

function reduceSeries(name: string, values: number[]): number {
  if (values.length === 0) return NaN;
  if (name === 'SUM') return values.reduce((a, b) => a + b, 0);
  if (name === 'AVG') return values.reduce((a, b) => a + b, 0) / values.length;
  if (name === 'MIN') return Math.min(...values);
  return Math.max(...values);
}

function fill(series: Float64Array, how: MathValue | 'REPEAT' | 'LINEAR'): Float64Array {
  const out = series.slice();
  const known = [...out.keys()].filter((i) => !Number.isNaN(out[i]!));
  for (let i = 0; i < out.length; i++) {
    if (!Number.isNaN(out[i]!)) continue;
    if (typeof how !== 'string') {
      out[i] = how.type === 'scalar' ? how.value : (how as { values: Float64Array }).values[i]!;
      continue;
    }
    const before = known.filter((k) => k < i).pop();
    const after = known.find((k) => k > i);
    if (how === 'REPEAT')
      out[i] = before !== undefined ? series[before]! : after !== undefined ? series[after]! : NaN;
    else if (before !== undefined && after !== undefined)
      out[i] =
        series[before]! + ((series[after]! - series[before]!) * (i - before)) / (after - before);
  }
  return out;
}

/** Evaluates a parsed expression. */
export function evaluateExpression(id: string, node: MathNode, context: MathContext): MathValue {
  const evaluate = (n: MathNode): MathValue => evaluateExpression(id, n, context);
  switch (node.type) {
    case 'number':
      return { type: 'scalar', value: node.value };
    case 'id':
      return context.resolve(node.name);
    case 'word':
      throw expressionError(id, `unknown identifier '${node.name}'`);
    case 'unary':
      return map(evaluate(node.operand), (x) => -x);
    case 'binary':
      return combine(node.op, evaluate(node.left), evaluate(node.right), context.length);
    case 'array': {
      const items = node.items
        .map(evaluate)
        .flatMap((v) =>
          v.type === 'array'
            ? v.items
            : v.type === 'series'
              ? [v.values]
              : [new Float64Array(context.length).fill(v.value)],
        );
      return { type: 'array', items };
    }
    case 'call':
      return call(id, node, context, evaluate);
  }
}

function call(
  id: string,
  node: Extract<MathNode, { type: 'call' }>,
  context: MathContext,
  evaluate: (n: MathNode) => MathValue,
): MathValue {
  const { name, args } = node;
  const arity = (count: number) => {
    if (args.length !== count)
      throw expressionError(id, `${name} takes ${count} argument(s), got ${args.length}`);
  };
  if (name === 'METRICS') return { type: 'array', items: context.metrics() };
  if (['SUM', 'AVG', 'MIN', 'MAX'].includes(name)) {
    arity(1);
    const value = evaluate(args[0]!);
    if (value.type === 'scalar') return value;
    if (value.type === 'series')
      return {
        type: 'scalar',
        value: reduceSeries(
          name,
          [...value.values].filter((x) => !Number.isNaN(x)),
        ),
      };
    const values = new Float64Array(context.length);
    for (let i = 0; i < context.length; i++)
      values[i] = reduceSeries(
        name,
        value.items.map((s) => s[i]!).filter((x) => !Number.isNaN(x)),
      );
    return { type: 'series', values };
  }
  if (name === 'ABS' || name === 'CEIL' || name === 'FLOOR') {
    arity(1);
    return map(
      evaluate(args[0]!),
      name === 'ABS' ? Math.abs : name === 'CEIL' ? Math.ceil : Math.floor,
    );
  }
  if (name === 'FILL') {
    arity(2);
    const target = evaluate(args[0]!);
    const how = args[1]!;
    const with_ =
      how.type === 'word' && (how.name === 'REPEAT' || how.name === 'LINEAR')
        ? how.name
        : evaluate(how);
    if (target.type === 'scalar') return target;
    if (target.type === 'series') return { type: 'series', values: fill(target.values, with_) };
    return { type: 'array', items: target.items.map((s) => fill(s, with_)) };
  }
  throw expressionError(id, `the lab does not implement the function ${name}`);
}
