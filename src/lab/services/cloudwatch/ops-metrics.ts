/**
 * PutMetricData, ListMetrics and GetMetricStatistics (API reference pages of the same
 * names): validation and messages as AWS's, data into and out of the region's metric store.
 */
import {
  computeStatistic,
  needsDistribution,
  parseStatistic,
  STANDARD_STATISTICS,
  type Statistic,
} from './engine/stats.js';
import type { MetricSample } from './engine/tier.js';
import type { StoredDatum } from './engine/store.js';
import {
  invalidParameterCombination,
  invalidParameterValue,
  invalidValue,
  missingParameter,
} from './errors.js';
import { fingerprint, page } from './pagination.js';
import type { InputOf } from './shapes.js';
import type { CloudWatchContext } from './state.js';
import {
  checkDimensions,
  checkNamespace,
  checkPeriod,
  checkUnit,
  required,
  roundStart,
} from './validate.js';
import { WireMap } from './wire.js';

const MIN_MAGNITUDE = 8.51592e-109;
const MAX_MAGNITUDE = 1.174271e108;
const HOUR = 3_600_000;

function checkValue(value: number, parameter: string): number {
  const magnitude = Math.abs(value);
  if (
    !Number.isFinite(value) ||
    (magnitude !== 0 && (magnitude < MIN_MAGNITUDE || magnitude > MAX_MAGNITUDE))
  )
    throw invalidValue(value, parameter);
  return value;
}

type Datum = NonNullable<InputOf<'PutMetricData'>['MetricData']>[number];

function sampleOf(datum: Datum, at: string): MetricSample {
  const { Value, Values, StatisticValues: set } = datum;
  const given = [
    Value !== undefined && 'Value',
    Values !== undefined && 'Values',
    set && 'StatisticValues',
  ].filter(Boolean);
  if (given.length > 1)
    throw invalidParameterCombination(
      `The parameters ${at}.${given[0]} and ${at}.${given[1]} are mutually exclusive and you have specified both.`,
    );
  if (set) {
    const field = (name: 'SampleCount' | 'Sum' | 'Minimum' | 'Maximum') =>
      checkValue(
        required(set[name], `${at}.StatisticValues.${name}`),
        `${at}.StatisticValues.${name}`,
      );
    const count = field('SampleCount');
    const [sum, min, max] = [field('Sum'), field('Minimum'), field('Maximum')];
    if (!(count > 0)) throw invalidValue(count, `${at}.StatisticValues.SampleCount`);
    if (min > max)
      throw invalidParameterValue(
        `The parameter ${at}.StatisticValues.Minimum must be less than or equal to ${at}.StatisticValues.Maximum.`,
      );
    return { kind: 'set', count, sum, min, max };
  }
  if (Values !== undefined) {
    if (Values.length > 150)
      throw invalidParameterValue(
        `The collection ${at}.Values must not have a size greater than 150.`,
      );
    const counts = datum.Counts ?? Values.map(() => 1);
    if (counts.length !== Values.length)
      throw invalidParameterValue(
        `The parameters ${at}.Values and ${at}.Counts must be of the same size.`,
      );
    Values.forEach((v, i) => checkValue(v, `${at}.Values.member.${i + 1}`));
    counts.forEach((c, i) => {
      if (!Number.isFinite(c) || c < 0) throw invalidValue(c, `${at}.Counts.member.${i + 1}`);
    });
    return { kind: 'values', values: Values, counts };
  }
  return { kind: 'values', values: [checkValue(Value ?? 0, `${at}.Value`)], counts: [1] };
}

/** PutMetricData: validates every datum first, then stores them all. */
export function putMetricData(
  context: CloudWatchContext,
  input: InputOf<'PutMetricData'>,
): undefined {
  const namespace = checkNamespace(input.Namespace, 'Namespace', true);
  const data = input.MetricData;
  if (!data || data.length === 0) throw missingParameter('MetricData');
  if (data.length > 1000)
    throw invalidParameterValue(
      'The collection MetricData must not have a size greater than 1000.',
    );
  const now = context.clock.now();
  const stored: StoredDatum[] = data.map((datum, i) => {
    const at = `MetricData.member.${i + 1}`;
    const timestampMs = datum.Timestamp ?? now;
    if (timestampMs < now - 14 * 24 * HOUR)
      throw invalidParameterValue(
        `The parameter ${at}.Timestamp must specify a time no more than two weeks in the past.`,
      );
    if (timestampMs > now + 2 * HOUR)
      throw invalidParameterValue(
        `The parameter ${at}.Timestamp must specify a time no more than two hours in the future.`,
      );
    const resolution = datum.StorageResolution ?? 60;
    if (resolution !== 1 && resolution !== 60)
      throw invalidValue(resolution, `${at}.StorageResolution`);
    return {
      namespace,
      metricName: required(datum.MetricName, `${at}.MetricName`),
      dimensions: checkDimensions(datum.Dimensions, `${at}.Dimensions`),
      timestampMs,
      unit: checkUnit(datum.Unit, `${at}.Unit`),
      storageResolution: resolution,
      sample: sampleOf(datum, at),
    };
  });
  for (const datum of stored) context.region.store.put(datum);
  return undefined;
}

/** ListMetrics: filters, RecentlyActive (PT3H), 500 metrics a page. */
export function listMetrics(
  context: CloudWatchContext,
  input: InputOf<'ListMetrics'>,
): Record<string, unknown> {
  const filters = input.Dimensions ?? [];
  if (filters.length > 10)
    throw invalidParameterValue('The collection Dimensions must not have a size greater than 10.');
  filters.forEach((f, i) => required(f.Name, `Dimensions.member.${i + 1}.Name`));
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H')
    throw invalidValue(input.RecentlyActive, 'RecentlyActive');
  const since = context.clock.now() - 3 * HOUR;
  const metrics = context.region.store
    .list()
    .filter(
      (m) =>
        (input.Namespace === undefined || m.namespace === input.Namespace) &&
        (input.MetricName === undefined || m.metricName === input.MetricName) &&
        (input.RecentlyActive === undefined || m.lastPutMs >= since) &&
        filters.every((f) =>
          m.dimensions.some(
            (d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value),
          ),
        ),
    );
  const { items, nextToken } = page(metrics, input.NextToken, 500, fingerprint(input));
  return {
    Metrics: items.map((m) => ({
      Namespace: m.namespace,
      MetricName: m.metricName,
      Dimensions: m.dimensions,
    })),
    NextToken: nextToken,
  };
}

/** GetMetricStatistics: one datapoint per period with data, at most 1,440. */
export function getMetricStatistics(
  context: CloudWatchContext,
  input: InputOf<'GetMetricStatistics'>,
): Record<string, unknown> {
  const namespace = checkNamespace(input.Namespace, 'Namespace');
  const metricName = required(input.MetricName, 'MetricName');
  const startMs = required(input.StartTime, 'StartTime');
  const endMs = required(input.EndTime, 'EndTime');
  const period = checkPeriod(input.Period, 'Period');
  const unit = checkUnit(input.Unit, 'Unit');
  const standard = input.Statistics ?? [];
  const extended = input.ExtendedStatistics ?? [];
  if (standard.length === 0 && extended.length === 0)
    throw invalidParameterCombination('Must specify either Statistics or ExtendedStatistics');
  if (standard.length > 0 && extended.length > 0)
    throw invalidParameterCombination(
      'The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.',
    );
  if (standard.length > 5)
    throw invalidParameterValue('The collection Statistics must not have a size greater than 5.');
  if (extended.length > 10)
    throw invalidParameterValue(
      'The collection ExtendedStatistics must not have a size greater than 10.',
    );
  const statistics: Statistic[] = standard.map((name, i) => {
    if (!(STANDARD_STATISTICS as readonly string[]).includes(name))
      throw invalidValue(name, `Statistics.member.${i + 1}`);
    return parseStatistic(name)!;
  });
  extended.forEach((name, i) => {
    const statistic = parseStatistic(name);
    if (!statistic || !needsDistribution(statistic))
      throw invalidValue(name, `ExtendedStatistics.member.${i + 1}`);
    statistics.push(statistic);
  });
  if (startMs >= endMs)
    throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
  const start = roundStart(startMs, period, context.clock.now());
  const periodMs = period * 1000;
  const windows = Math.ceil((endMs - start) / periodMs);
  if (windows > 1440)
    throw invalidParameterCombination(
      `You have requested up to ${windows.toLocaleString('en-US')} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  const identity = {
    namespace,
    metricName,
    dimensions: checkDimensions(input.Dimensions, 'Dimensions'),
  };
  const store = context.region.store;
  const units = store.units(identity);
  const dataUnit = unit ?? (units.length === 1 ? units[0] : 'None');
  const aggregates = store.windows({
    identity,
    unit,
    startMs: start,
    periodMs,
    windows,
    needDist: extended.length > 0,
  });
  const datapoints = aggregates.flatMap((aggregate, k) => {
    if (!aggregate) return [];
    const point: Record<string, unknown> = { Timestamp: new Date(start + k * periodMs) };
    const percentiles: Record<string, number> = {};
    for (const statistic of statistics) {
      const value = computeStatistic(aggregate, statistic);
      if (value === undefined) continue;
      if (needsDistribution(statistic)) percentiles[statistic.name] = value;
      else point[statistic.name] = value;
    }
    if (extended.length > 0) point.ExtendedStatistics = new WireMap(percentiles);
    point.Unit = dataUnit;
    return [point];
  });
  return { Label: metricName, Datapoints: datapoints };
}
