/**
 * The metric-alarm operations (API reference pages of the same names): PutMetricAlarm,
 * DescribeAlarms, DescribeAlarmsForMetric, DescribeAlarmHistory, SetAlarmState and
 * DeleteAlarms, over the region's alarms and history. State changes made by evaluations
 * go through `transitionAlarm`, which SetAlarmState shares.
 */
import type { AlarmStateValue } from './engine/alarm-eval.js';
import { metricKey } from './engine/store.js';
import { readAlarmInput } from './alarm-input.js';
import { configurationHistory, stateHistory } from './alarm-reason.js';
import {
  alarmNotFound,
  invalidFormat,
  invalidParameterCombination,
  invalidParameterValue,
  limitExceeded,
  validationError,
} from './errors.js';
import { fingerprint, page } from './pagination.js';
import type { InputOf } from './shapes.js';
import type { AlarmRecord, CloudWatchContext, CloudWatchRegion } from './state.js';
import { checkDimensions, required } from './validate.js';

/** Alarms a region may hold (CloudWatch's quota per account and Region). */
export const MAX_ALARMS = 5000;
const STATES: readonly AlarmStateValue[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/** The MetricAlarm structure of an alarm. */
export function alarmOutput(alarm: AlarmRecord): Record<string, unknown> {
  return {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    AlarmDescription: alarm.description,
    AlarmConfigurationUpdatedTimestamp: new Date(alarm.configurationUpdatedMs),
    ActionsEnabled: alarm.actionsEnabled,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: alarm.insufficientDataActions,
    StateValue: alarm.state.value,
    StateReason: alarm.state.reason,
    StateReasonData: alarm.state.reasonData,
    StateUpdatedTimestamp: new Date(alarm.state.updatedMs),
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    Statistic: alarm.statistic,
    ExtendedStatistic: alarm.extendedStatistic,
    Dimensions: alarm.metrics ? undefined : alarm.dimensions,
    Period: alarm.period,
    Unit: alarm.unit,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.threshold,
    ComparisonOperator: alarm.comparisonOperator,
    TreatMissingData: alarm.treatMissingData,
    EvaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile,
    Metrics: alarm.metrics,
    StateTransitionedTimestamp: new Date(alarm.state.transitionedMs),
  };
}

/** Sets an alarm's state and records the StateUpdate history item. */
export function transitionAlarm(
  region: CloudWatchRegion,
  alarm: AlarmRecord,
  value: AlarmStateValue,
  reason: string,
  reasonData: string | undefined,
  atMs: number,
): void {
  const previous = alarm.state;
  alarm.state = {
    value,
    reason,
    reasonData,
    updatedMs: atMs,
    transitionedMs: value === previous.value ? previous.transitionedMs : atMs,
  };
  region.record(stateHistory(alarm, previous));
}

/** PutMetricAlarm: creates the alarm (INSUFFICIENT_DATA) or replaces its configuration (state kept). */
export function putMetricAlarm(
  context: CloudWatchContext,
  input: InputOf<'PutMetricAlarm'>,
): undefined {
  const { name, config } = readAlarmInput(input);
  const { region, clock } = context;
  const existing = region.alarms.get(name);
  if (!existing && region.alarms.size >= MAX_ALARMS)
    throw limitExceeded(
      `The maximum number of alarms (${MAX_ALARMS}) for this account and Region has been reached.`,
    );
  const now = clock.now();
  const alarm: AlarmRecord = {
    ...config,
    name,
    arn: `arn:aws:cloudwatch:${region.name}:${context.accountId}:alarm:${name}`,
    configurationUpdatedMs: now,
    state: existing?.state ?? {
      value: 'INSUFFICIENT_DATA',
      reason: 'Unchecked: Initial alarm creation',
      updatedMs: now,
      transitionedMs: now,
    },
  };
  region.alarms.set(name, alarm);
  region.record(configurationHistory(existing ? 'Update' : 'Create', alarm, now, existing));
  context.alarmChanged(alarm);
  return undefined;
}

function byName(alarms: Iterable<AlarmRecord>): AlarmRecord[] {
  return [...alarms].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function checkState(value: string | undefined, member: string): AlarmStateValue | undefined {
  if (value !== undefined && !(STATES as readonly string[]).includes(value))
    throw validationError(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${STATES.join(', ')}]`,
    );
  return value as AlarmStateValue | undefined;
}

function checkMaxRecords(value: number | undefined, fallback: number): number {
  if (value !== undefined && !(value >= 1 && value <= 100))
    throw validationError(
      `1 validation error detected: Value '${value}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  return value ?? fallback;
}

/** DescribeAlarms: by names, name prefix, action prefix and state; metric alarms only. */
export function describeAlarms(
  context: CloudWatchContext,
  input: InputOf<'DescribeAlarms'>,
): Record<string, unknown> {
  if (input.AlarmNames !== undefined && input.AlarmNamePrefix !== undefined)
    throw invalidParameterCombination(
      'The parameters AlarmNames and AlarmNamePrefix are mutually exclusive and you have specified both.',
    );
  if ((input.AlarmNames?.length ?? 0) > 100)
    throw invalidParameterValue('The collection AlarmNames must not have a size greater than 100.');
  const state = checkState(input.StateValue, 'stateValue');
  const max = checkMaxRecords(input.MaxRecords, 50);
  const types = input.AlarmTypes ?? ['MetricAlarm'];
  const related = input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined;
  const alarms = byName(context.region.alarms.values()).filter(
    (a) =>
      types.includes('MetricAlarm') &&
      !related &&
      (input.AlarmNames === undefined || input.AlarmNames.includes(a.name)) &&
      (input.AlarmNamePrefix === undefined || a.name.startsWith(input.AlarmNamePrefix)) &&
      (state === undefined || a.state.value === state) &&
      (input.ActionPrefix === undefined ||
        [...a.alarmActions, ...a.okActions, ...a.insufficientDataActions].some((x) =>
          x.startsWith(input.ActionPrefix!),
        )),
  );
  const { items, nextToken } = page(alarms, input.NextToken, max, fingerprint(input));
  return { MetricAlarms: items.map(alarmOutput), CompositeAlarms: [], NextToken: nextToken };
}

/** DescribeAlarmsForMetric: alarms on exactly this metric (and statistic, period, unit if given). */
export function describeAlarmsForMetric(
  context: CloudWatchContext,
  input: InputOf<'DescribeAlarmsForMetric'>,
): Record<string, unknown> {
  const identity = {
    namespace: required(input.Namespace, 'Namespace'),
    metricName: required(input.MetricName, 'MetricName'),
    dimensions: checkDimensions(input.Dimensions, 'Dimensions'),
  };
  const key = metricKey(identity);
  const alarms = byName(context.region.alarms.values()).filter(
    (a) =>
      a.namespace !== undefined &&
      metricKey({
        namespace: a.namespace,
        metricName: a.metricName ?? '',
        dimensions: a.dimensions,
      }) === key &&
      (input.Statistic === undefined || a.statistic === input.Statistic) &&
      (input.ExtendedStatistic === undefined || a.extendedStatistic === input.ExtendedStatistic) &&
      (input.Period === undefined || a.period === input.Period) &&
      (input.Unit === undefined || a.unit === input.Unit),
  );
  return { MetricAlarms: alarms.map(alarmOutput) };
}

/** DescribeAlarmHistory: the region's history (two weeks), newest first by default. */
export function describeAlarmHistory(
  context: CloudWatchContext,
  input: InputOf<'DescribeAlarmHistory'>,
): Record<string, unknown> {
  const types = [
    'ConfigurationUpdate',
    'StateUpdate',
    'Action',
    'AlarmContributorStateUpdate',
    'AlarmContributorAction',
  ];
  if (input.HistoryItemType !== undefined && !types.includes(input.HistoryItemType))
    throw validationError(
      `1 validation error detected: Value '${input.HistoryItemType}' at 'historyItemType' failed to satisfy constraint: Member must satisfy enum value set: [${types.join(', ')}]`,
    );
  const scanBy = input.ScanBy ?? 'TimestampDescending';
  const max = checkMaxRecords(input.MaxRecords, 100);
  const metricAlarms = input.AlarmTypes === undefined || input.AlarmTypes.includes('MetricAlarm');
  const items = context.region
    .history()
    .filter(
      (h) =>
        metricAlarms &&
        (input.AlarmName === undefined || h.alarmName === input.AlarmName) &&
        (input.HistoryItemType === undefined || h.type === input.HistoryItemType) &&
        (input.StartDate === undefined || h.timestampMs >= input.StartDate) &&
        (input.EndDate === undefined || h.timestampMs <= input.EndDate),
    );
  if (scanBy === 'TimestampDescending') items.reverse();
  const paged = page(items, input.NextToken, max, fingerprint(input));
  return {
    AlarmHistoryItems: paged.items.map((h) => ({
      AlarmName: h.alarmName,
      AlarmType: 'MetricAlarm',
      Timestamp: new Date(h.timestampMs),
      HistoryItemType: h.type,
      HistorySummary: h.summary,
      HistoryData: h.data,
    })),
    NextToken: paged.nextToken,
  };
}

/** SetAlarmState: sets the state until the next evaluation. */
export function setAlarmState(
  context: CloudWatchContext,
  input: InputOf<'SetAlarmState'>,
): undefined {
  const name = required(input.AlarmName, 'AlarmName');
  const value = checkState(required(input.StateValue, 'StateValue'), 'stateValue')!;
  const reason = required(input.StateReason, 'StateReason');
  if (reason.length > 1023)
    throw invalidParameterValue(
      'The parameter StateReason must not be longer than 1023 characters.',
    );
  if (input.StateReasonData !== undefined) {
    try {
      JSON.parse(input.StateReasonData);
    } catch {
      throw invalidFormat('StateReasonData is not valid JSON.');
    }
  }
  const alarm = context.region.alarms.get(name);
  if (!alarm) throw alarmNotFound(`Alarm ${name} not found`);
  transitionAlarm(context.region, alarm, value, reason, input.StateReasonData, context.clock.now());
  context.alarmStateSet(alarm);
  return undefined;
}

/** DeleteAlarms: all named alarms must exist (ResourceNotFound otherwise, nothing deleted). */
export function deleteAlarms(
  context: CloudWatchContext,
  input: InputOf<'DeleteAlarms'>,
): undefined {
  const names = required(input.AlarmNames, 'AlarmNames');
  if (names.length > 100)
    throw invalidParameterValue('The collection AlarmNames must not have a size greater than 100.');
  const missing = names.filter((n) => !context.region.alarms.has(n));
  if (missing.length > 0)
    throw alarmNotFound(
      `${missing.length} of ${names.length} alarms not found: [${missing.join(', ')}]`,
    );
  const now = context.clock.now();
  for (const name of names) {
    const alarm = context.region.alarms.get(name)!;
    context.region.alarms.delete(name);
    context.region.record(configurationHistory('Delete', alarm, now));
  }
  return undefined;
}
