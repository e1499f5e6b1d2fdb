/**
 * Runs a set of MetricDataQueries over a region's metric store: each MetricStat becomes a
 * dense time series over its period grid (NaN where a period has no data), each Expression
 * is evaluated over the grid of the metrics it uses. Shared by GetMetricData and by the
 * evaluation of alarms on metric math (which run it with scaled periods).
 */
import {
  computeStatistic,
  needsDistribution,
  parseStatistic,
  type Statistic,
} from './engine/stats.js';
import type { MetricIdentity, MetricStore } from './engine/store.js';
import { validationError } from './errors.js';
import {
  evaluateExpression,
  expressionError,
  type MathNode,
  type MathValue,
  parseExpression,
  referencedIds,
} from './metric-math.js';
import type { AlarmMetricQuery } from './state.js';
import { checkDimensions, checkNamespace, checkPeriod, checkUnit, required } from './validate.js';

/** A validated query. */
export interface ParsedQuery {
  id: string;
  label?: string;
  returnData: boolean;
  metric?: { identity: MetricIdentity; periodSeconds: number; statistic: Statistic; unit?: string };
  expression?: MathNode;
}

/** Where a query's periods lie. */
export interface Grid {
  startMs: number;
  periodMs: number;
  count: number;
}

/** The series of one query. */
export interface SeriesResult {
  id: string;
  label: string;
  returnData: boolean;
  grid: Grid;
  values: Float64Array;
  /** Sample count per period (MetricStat queries only). */
  sampleCounts?: Float64Array;
  /** Non-finite values were dropped (division by zero…). */
  arithmeticError: boolean;
}

const ID = /^[a-z][a-zA-Z0-9_]*$/;
const MAX_WINDOWS = 2_000_000;

/** Validates MetricDataQueries (GetMetricData, or an alarm's Metrics). */
export function parseQueries(queries: AlarmMetricQuery[], parameter: string): ParsedQuery[] {
  if (queries.length > 500)
    throw validationError(`The collection ${parameter} must not have a size greater than 500.`);
  const ids = new Set<string>();
  const parsed = queries.map((query, i): ParsedQuery => {
    const at = `${parameter}.member.${i + 1}`;
    const id = required(query.Id, `${at}.Id`);
    if (!ID.test(id))
      throw validationError(
        `The value ${id} for parameter ${at}.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
      );
    if (ids.has(id)) throw validationError(`The value ${id} for parameter ${at}.Id is not unique.`);
    ids.add(id);
    if ((query.MetricStat === undefined) === (query.Expression === undefined))
      throw validationError(
        `Exactly one of ${at}.MetricStat and ${at}.Expression must be specified.`,
      );
    const returnData = query.ReturnData ?? true;
    if (query.Expression !== undefined)
      return {
        id,
        label: query.Label,
        returnData,
        expression: parseExpression(id, query.Expression),
      };
    const stat = query.MetricStat!;
    const metric = stat.Metric ?? {};
    const statistic = parseStatistic(required(stat.Stat, `${at}.MetricStat.Stat`));
    if (!statistic)
      throw validationError(
        `The value for parameter ${at}.MetricStat.Stat is not a valid statistic.`,
      );
    return {
      id,
      label: query.Label,
      returnData,
      metric: {
        identity: {
          namespace: checkNamespace(metric.Namespace, `${at}.MetricStat.Metric.Namespace`),
          metricName: required(metric.MetricName, `${at}.MetricStat.Metric.MetricName`),
          dimensions: checkDimensions(metric.Dimensions, `${at}.MetricStat.Metric.Dimensions`),
        },
        periodSeconds: checkPeriod(stat.Period, `${at}.MetricStat.Period`),
        statistic,
        unit: checkUnit(stat.Unit, `${at}.MetricStat.Unit`),
      },
    };
  });
  for (const query of parsed) {
    for (const ref of query.expression ? referencedIds(query.expression) : []) {
      if (!ids.has(ref))
        throw expressionError(query.id, `Unrecognized metric or expression id '${ref}'`);
    }
  }
  return parsed;
}

/** Runs every query; `gridFor` places the periods of a MetricStat of the given period. */
export function runQueries(
  store: MetricStore,
  queries: ParsedQuery[],
  gridFor: (periodSeconds: number) => Grid,
): SeriesResult[] {
  const byId = new Map(queries.map((q) => [q.id, q]));
  const results = new Map<string, SeriesResult>();
  const visiting = new Set<string>();

  const run = (query: ParsedQuery): SeriesResult => {
    const done = results.get(query.id);
    if (done) return done;
    if (visiting.has(query.id))
      throw expressionError(query.id, 'circular reference between expressions');
    visiting.add(query.id);
    const result = query.metric
      ? metricSeries(store, query, gridFor)
      : expressionSeries(query, byId, run, results, gridFor);
    visiting.delete(query.id);
    results.set(query.id, result);
    return result;
  };
  return queries.map(run);
}

function metricSeries(
  store: MetricStore,
  query: ParsedQuery,
  gridFor: (p: number) => Grid,
): SeriesResult {
  const metric = query.metric!;
  const grid = gridFor(metric.periodSeconds);
  if (grid.count > MAX_WINDOWS)
    throw validationError(
      `Query ${query.id} asks for ${grid.count} datapoints; use a longer Period or a shorter time range.`,
    );
  const values = new Float64Array(grid.count).fill(NaN);
  const sampleCounts = new Float64Array(grid.count);
  const windows = store.windows({
    identity: metric.identity,
    unit: metric.unit,
    startMs: grid.startMs,
    periodMs: grid.periodMs,
    windows: grid.count,
    needDist: needsDistribution(metric.statistic),
  });
  windows.forEach((aggregate, k) => {
    if (!aggregate) return;
    sampleCounts[k] = aggregate.count;
    values[k] = computeStatistic(aggregate, metric.statistic) ?? NaN;
  });
  const label = query.label ?? metric.identity.metricName;
  return {
    id: query.id,
    label,
    returnData: query.returnData,
    grid,
    values,
    sampleCounts,
    arithmeticError: false,
  };
}

function expressionSeries(
  query: ParsedQuery,
  byId: Map<string, ParsedQuery>,
  run: (q: ParsedQuery) => SeriesResult,
  results: Map<string, SeriesResult>,
  gridFor: (p: number) => Grid,
): SeriesResult {
  const refs = [...new Set(referencedIds(query.expression!))].map((id) => run(byId.get(id)!));
  const metricQueries = [...byId.values()].filter((q) => q.metric);
  const grid =
    refs[0]?.grid ?? gridFor(Math.min(60, ...metricQueries.map((q) => q.metric!.periodSeconds)));
  for (const ref of refs) {
    if (ref.grid.periodMs !== grid.periodMs || ref.grid.startMs !== grid.startMs)
      throw expressionError(
        query.id,
        'all metrics and expressions it uses must have the same period',
      );
  }
  const value: MathValue = evaluateExpression(query.id, query.expression!, {
    length: grid.count,
    resolve: (id) => ({
      type: 'series',
      values: results.get(id)?.values ?? run(byId.get(id)!).values,
    }),
    metrics: () => metricQueries.map((q) => run(q).values),
  });
  if (value.type === 'array')
    throw expressionError(
      query.id,
      'the expression must return a single time series (the lab does not return arrays)',
    );
  let values: Float64Array;
  if (value.type === 'series') values = value.values;
  else {
    values = new Float64Array(grid.count).fill(NaN);
    for (let k = 0; k < grid.count; k++) {
      if (refs.length === 0 || refs.some((r) => !Number.isNaN(r.values[k]!)))
        values[k] = value.value;
    }
  }
  let arithmeticError = false;
  values = values.map((v) => {
    if (Number.isNaN(v) || Number.isFinite(v)) return v;
    arithmeticError = true;
    return NaN;
  });
  return {
    id: query.id,
    label: query.label ?? query.id,
    returnData: query.returnData,
    grid,
    values,
    arithmeticError,
  };
}
