/**
 * GetMetricData (API reference page of that name): MetricStat and metric-math queries over
 * [StartTime, EndTime), periods placed from the rounded start, ScanBy order, MaxDatapoints
 * pages with NextToken (a result whose points continue on the next page is `PartialData`),
 * Labels, and the ArithmeticError message when non-numeric values were dropped.
 */
import { invalidNextToken, validationError } from './errors.js';
import { decodeToken, encodeToken, fingerprint } from './pagination.js';
import { parseQueries, runQueries } from './query-engine.js';
import type { InputOf } from './shapes.js';
import type { CloudWatchContext } from './state.js';
import { checkTimeRange, required, roundStart } from './validate.js';

/** Most datapoints GetMetricData returns in one call (its default MaxDatapoints). */
export const MAX_DATAPOINTS = 100_800;

const ARITHMETIC_ERROR = {
  Code: 'ArithmeticError',
  Value:
    'One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)',
};

/** GetMetricData. */
export function getMetricData(
  context: CloudWatchContext,
  input: InputOf<'GetMetricData'>,
): Record<string, unknown> {
  const queries = required(input.MetricDataQueries, 'MetricDataQueries');
  if (queries.length === 0)
    throw validationError('The collection MetricDataQueries must not be empty.');
  const startMs = required(input.StartTime, 'StartTime');
  const endMs = required(input.EndTime, 'EndTime');
  checkTimeRange(startMs, endMs);
  const scanBy = input.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending')
    throw validationError(
      `1 validation error detected: Value '${scanBy}' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]`,
    );
  const maxDatapoints = input.MaxDatapoints ?? MAX_DATAPOINTS;
  if (!(maxDatapoints >= 1))
    throw validationError(`The value ${maxDatapoints} for parameter MaxDatapoints is not valid.`);
  const parsed = parseQueries(queries, 'MetricDataQueries');
  const now = context.clock.now();
  const results = runQueries(context.region.store, parsed, (periodSeconds) => {
    const start = roundStart(startMs, periodSeconds, now);
    const periodMs = periodSeconds * 1000;
    return { startMs: start, periodMs, count: Math.max(0, Math.ceil((endMs - start) / periodMs)) };
  }).filter((r) => r.returnData);

  const series = results.map((result) => {
    const points: [number, number][] = [];
    result.values.forEach((value, k) => {
      if (!Number.isNaN(value))
        points.push([result.grid.startMs + k * result.grid.periodMs, value]);
    });
    if (scanBy === 'TimestampDescending') points.reverse();
    return { result, points };
  });

  const print = fingerprint({ ...input, MaxDatapoints: maxDatapoints });
  const offset = decodeToken(input.NextToken, print);
  const total = series.reduce((n, s) => n + s.points.length, 0);
  if (offset > total) throw invalidNextToken();
  const end = offset + maxDatapoints;
  let before = 0;
  const metricDataResults = series.map(({ result, points }) => {
    const from = Math.min(points.length, Math.max(0, offset - before));
    const to = Math.min(points.length, Math.max(0, end - before));
    before += points.length;
    const slice = points.slice(from, to);
    return {
      Id: result.id,
      Label: result.label,
      Timestamps: slice.map(([t]) => new Date(t)),
      Values: slice.map(([, v]) => v),
      StatusCode: to < points.length ? 'PartialData' : 'Complete',
      Messages: result.arithmeticError ? [ARITHMETIC_ERROR] : [],
    };
  });
  return {
    MetricDataResults: metricDataResults,
    NextToken: end < total ? encodeToken(end, print) : undefined,
    Messages: [],
  };
}
