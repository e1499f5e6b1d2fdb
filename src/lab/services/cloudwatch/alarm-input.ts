/**
 * Validation of PutMetricAlarm (API reference page of that name): an alarm watches either
 * one metric (Namespace, MetricName, Dimensions, Statistic or ExtendedStatistic, Period) or
 * a set of metric-math Metrics with exactly one ReturnData; static thresholds only.
 */
import type { ThresholdComparison, TreatMissingData } from './engine/alarm-eval.js';
import { needsDistribution, parseStatistic, STANDARD_STATISTICS } from './engine/stats.js';
import {
  invalidParameterCombination,
  invalidParameterValue,
  invalidValue,
  missingParameter,
  validationError,
} from './errors.js';
import { parseQueries } from './query-engine.js';
import type { InputOf } from './shapes.js';
import type { AlarmRecord } from './state.js';
import { checkDimensions, checkNamespace, checkUnit, required } from './validate.js';

const STATIC_COMPARISONS: readonly ThresholdComparison[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];
const BAND_COMPARISONS = [
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
];
const TREATMENTS: readonly TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

/** The configuration part of an alarm (everything but name, ARN, state and timestamps). */
export type AlarmConfiguration = Omit<
  AlarmRecord,
  'name' | 'arn' | 'state' | 'configurationUpdatedMs'
>;

function checkAlarmPeriod(period: number | undefined, parameter: string): number {
  const value = required(period, parameter);
  if (!(value === 10 || value === 30 || (value >= 60 && value % 60 === 0)))
    throw invalidParameterValue(`The parameter ${parameter} must be 10, 30 or a multiple of 60.`);
  return value;
}

function actions(list: string[] | undefined, parameter: string): string[] {
  const value = list ?? [];
  if (value.length > 5)
    throw invalidParameterValue(`The collection ${parameter} must not have a size greater than 5.`);
  return value;
}

/** Validates a PutMetricAlarm input; returns the alarm's name and configuration. */
export function readAlarmInput(input: InputOf<'PutMetricAlarm'>): {
  name: string;
  config: AlarmConfiguration;
} {
  const name = required(input.AlarmName, 'AlarmName');
  if (name.length > 255 || !/^[\x20-\x7e]+$/.test(name)) throw invalidValue(name, 'AlarmName');
  const evaluationPeriods = required(input.EvaluationPeriods, 'EvaluationPeriods');
  if (!(evaluationPeriods >= 1)) throw invalidValue(evaluationPeriods, 'EvaluationPeriods');
  const datapointsToAlarm = input.DatapointsToAlarm;
  if (
    datapointsToAlarm !== undefined &&
    !(datapointsToAlarm >= 1 && datapointsToAlarm <= evaluationPeriods)
  )
    throw validationError(
      'DatapointsToAlarm must be greater than 0 and less than or equal to EvaluationPeriods.',
    );
  const comparison = required(input.ComparisonOperator, 'ComparisonOperator');
  if (BAND_COMPARISONS.includes(comparison) || input.ThresholdMetricId !== undefined)
    throw validationError(
      `The mysfits-dr lab does not implement anomaly detection alarms (ComparisonOperator ${comparison}, ThresholdMetricId); use a static Threshold with GreaterThan…/LessThan… operators.`,
    );
  if (!(STATIC_COMPARISONS as readonly string[]).includes(comparison))
    throw validationError(
      `1 validation error detected: Value '${comparison}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [${[...STATIC_COMPARISONS, ...BAND_COMPARISONS].join(', ')}]`,
    );
  const threshold = input.Threshold;
  if (threshold === undefined) throw missingParameter('Threshold');
  const treat = input.TreatMissingData;
  if (treat !== undefined && !(TREATMENTS as readonly string[]).includes(treat))
    throw validationError(
      `Option ${treat} is not supported. Supported options for parameter TreatMissingData are missing, ignore, breaching and notBreaching.`,
    );
  const lowSample = input.EvaluateLowSampleCountPercentile;
  if (lowSample !== undefined && lowSample !== 'evaluate' && lowSample !== 'ignore')
    throw validationError(
      `Option ${lowSample} is not supported. Supported options for parameter EvaluateLowSampleCountPercentile are evaluate and ignore.`,
    );
  const common = {
    description: input.AlarmDescription,
    actionsEnabled: input.ActionsEnabled ?? true,
    okActions: actions(input.OKActions, 'OKActions'),
    alarmActions: actions(input.AlarmActions, 'AlarmActions'),
    insufficientDataActions: actions(input.InsufficientDataActions, 'InsufficientDataActions'),
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator: comparison as ThresholdComparison,
    treatMissingData: treat as TreatMissingData | undefined,
    evaluateLowSampleCountPercentile: lowSample as 'evaluate' | 'ignore' | undefined,
    tags: (input.Tags ?? []).map((t, i) => ({
      Key: required(t.Key, `Tags.member.${i + 1}.Key`),
      Value: t.Value ?? '',
    })),
  };
  if (input.Metrics !== undefined) {
    const single = [
      'MetricName',
      'Namespace',
      'Statistic',
      'ExtendedStatistic',
      'Dimensions',
      'Period',
      'Unit',
    ] as const;
    const given = single.find((member) => input[member] !== undefined);
    if (given)
      throw invalidParameterCombination(
        `The parameters Metrics and ${given} are mutually exclusive and you have specified both.`,
      );
    const parsed = parseQueries(input.Metrics, 'Metrics');
    if (parsed.filter((q) => q.returnData).length !== 1)
      throw validationError(
        'Exactly one element of the Metrics list must have ReturnData set to true.',
      );
    const periods = new Set(parsed.flatMap((q) => (q.metric ? [q.metric.periodSeconds] : [])));
    if (periods.size === 0)
      throw validationError('The Metrics list must contain at least one MetricStat.');
    if (periods.size > 1)
      throw validationError('All metrics in the Metrics list must have the same Period.');
    if (parsed.filter((q) => q.metric).length > 10)
      throw validationError('The Metrics list can contain at most 10 metrics.');
    input.Metrics.forEach(
      (q, i) =>
        q.MetricStat &&
        checkAlarmPeriod(q.MetricStat.Period, `Metrics.member.${i + 1}.MetricStat.Period`),
    );
    const period = [...periods][0]!;
    if (period * evaluationPeriods > 86_400 && period >= 60)
      throw validationError(
        'The product of EvaluationPeriods and the metrics’ Period must not exceed one day (86400 seconds).',
      );
    return { name, config: { ...common, dimensions: [], metrics: input.Metrics } };
  }
  const namespace = checkNamespace(input.Namespace, 'Namespace');
  const metricName = required(input.MetricName, 'MetricName');
  if ((input.Statistic === undefined) === (input.ExtendedStatistic === undefined))
    throw invalidParameterCombination(
      'Exactly one of the parameters Statistic and ExtendedStatistic must be specified.',
    );
  if (
    input.Statistic !== undefined &&
    !(STANDARD_STATISTICS as readonly string[]).includes(input.Statistic)
  )
    throw invalidValue(input.Statistic, 'Statistic');
  if (input.ExtendedStatistic !== undefined) {
    const statistic = parseStatistic(input.ExtendedStatistic);
    if (!statistic || !needsDistribution(statistic))
      throw invalidParameterValue(
        `The value ${input.ExtendedStatistic} for parameter ExtendedStatistic is not supported.`,
      );
  }
  const period = checkAlarmPeriod(input.Period, 'Period');
  if (period * evaluationPeriods > 86_400 && period >= 60)
    throw validationError(
      'The product of EvaluationPeriods and Period must not exceed one day (86400 seconds).',
    );
  return {
    name,
    config: {
      ...common,
      namespace,
      metricName,
      dimensions: checkDimensions(input.Dimensions, 'Dimensions'),
      statistic: input.Statistic,
      extendedStatistic: input.ExtendedStatistic,
      period,
      unit: checkUnit(input.Unit, 'Unit'),
    },
  };
}
