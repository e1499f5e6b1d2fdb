/**
 * The texts CloudWatch writes about alarm states: StateReason ("Threshold Crossed: 3
 * datapoints [7.0 (28/11/26 14:31:00), …] were greater than the threshold (5.0)."),
 * StateReasonData (JSON with Java-style doubles: `"threshold":5.0`) and the history items of
 * DescribeAlarmHistory. Wording follows alarms and alarm history records AWS produces (see
 * SPEC.md for the phrases the lab invents: the premature-alarm reason).
 */
import type { AlarmStateValue, EvaluationOutcome, EvaluationPoint } from './engine/alarm-eval.js';
import type { AlarmRecord, AlarmState, HistoryItem } from './state.js';

/** A number as Java's Double.toString writes it (3.0, 0.25, 1.0E-4, 1.5E7). */
export function javaDouble(value: number): string {
  if (!Number.isFinite(value))
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  const magnitude = Math.abs(value);
  if (magnitude === 0 || (magnitude >= 1e-3 && magnitude < 1e7))
    return Number.isInteger(value) ? `${value}.0` : String(value);
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `dd/MM/yy HH:mm:ss` in UTC, as datapoints appear in StateReason. */
export function reasonDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `yyyy-MM-ddTHH:mm:ss.SSS+0000`, as dates appear in StateReasonData and HistoryData. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const WORDS: Record<AlarmRecord['comparisonOperator'], string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

const s = (n: number) => (n === 1 ? '' : 's');
const was = (n: number) => (n === 1 ? 'was' : 'were');
const point = (p: EvaluationPoint) => `${javaDouble(p.value!)} (${reasonDate(p.timestampMs)})`;

/** StateReason for a transition decided by an evaluation. */
export function stateReason(
  alarm: AlarmRecord,
  outcome: EvaluationOutcome,
  from: AlarmStateValue,
): string {
  const n = alarm.evaluationPeriods;
  const m = alarm.datapointsToAlarm ?? n;
  const to = outcome.state;
  const threshold = javaDouble(alarm.threshold);
  const treatment = alarm.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching';
  const fills =
    alarm.treatMissingData === 'breaching' || alarm.treatMissingData === 'notBreaching'
      ? outcome.filled
      : 0;
  if (outcome.kind === 'all-missing') {
    if (to === 'INSUFFICIENT_DATA')
      return `Insufficient Data: ${n} datapoint${s(n)} ${was(n)} unknown.`;
    return `Threshold Crossed: no datapoints were received for ${n} period${s(n)} and ${n} missing datapoint${s(n)} ${was(n)} treated as [${treatment}].`;
  }
  const real = outcome.evaluated.filter((p) => p.value !== undefined);
  if (outcome.kind === 'premature') {
    return `Threshold Crossed: ${real.length} datapoint${s(real.length)} [${real.map(point).join(', ')}] ${was(real.length)} ${WORDS[alarm.comparisonOperator]} the threshold (${threshold}) and the ${n - real.length} most recent period${s(n - real.length)} had no data (an alarm does not wait for more data once its oldest breaching datapoint is ${m} periods old).`;
  }
  const supporters = real.filter((p) => breachesOf(alarm, p) === (to === 'ALARM'));
  const k = supporters.length;
  const negation = to === 'ALARM' ? '' : 'not ';
  let text =
    k === 0 && fills > 0
      ? `Threshold Crossed: ${real.length} datapoint${s(real.length)} ${was(real.length)} received for ${n} period${s(n)}`
      : `Threshold Crossed: ${m === n ? `${k} datapoint${s(k)}` : `${k} out of the last ${n} datapoints`} [${supporters.map(point).join(', ')}] ${was(k)} ${negation}${WORDS[alarm.comparisonOperator]} the threshold (${threshold})`;
  if (fills > 0)
    text += ` and ${fills} missing datapoint${s(fills)} ${was(fills)} treated as [${treatment}]`;
  if (m < n) {
    const minimum = to === 'ALARM' ? m : n - m + 1;
    text += ` (minimum ${minimum} datapoint${s(minimum)} for ${from} -> ${to} transition)`;
  }
  return `${text}.`;
}

function breachesOf(alarm: AlarmRecord, p: EvaluationPoint): boolean {
  const v = p.value!;
  const t = alarm.threshold;
  switch (alarm.comparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return v >= t;
    case 'GreaterThanThreshold':
      return v > t;
    case 'LessThanThreshold':
      return v < t;
    case 'LessThanOrEqualToThreshold':
      return v <= t;
  }
}

/** StateReasonData: the JSON document CloudWatch attaches to an evaluated state. */
export function stateReasonData(
  alarm: AlarmRecord,
  outcome: EvaluationOutcome,
  queryDateMs: number,
): string {
  const parts = [`"version":"1.0"`, `"queryDate":"${isoMillis(queryDateMs)}"`];
  const oldest = outcome.evaluated[outcome.evaluated.length - 1];
  if (oldest && outcome.kind !== 'all-missing')
    parts.push(`"startDate":"${isoMillis(oldest.timestampMs)}"`);
  if (alarm.unit) parts.push(`"unit":${JSON.stringify(alarm.unit)}`);
  if (alarm.statistic) parts.push(`"statistic":${JSON.stringify(alarm.statistic)}`);
  if (alarm.extendedStatistic)
    parts.push(`"extendedStatistic":${JSON.stringify(alarm.extendedStatistic)}`);
  const period = alarm.period ?? alarm.metrics?.find((q) => q.MetricStat)?.MetricStat?.Period;
  if (period !== undefined) parts.push(`"period":${period}`);
  const real = outcome.evaluated.filter((p) => p.value !== undefined).reverse();
  parts.push(`"recentDatapoints":[${real.map((p) => javaDouble(p.value!)).join(',')}]`);
  parts.push(`"threshold":${javaDouble(alarm.threshold)}`);
  if (outcome.evaluated.length > 0 && outcome.kind !== 'retained') {
    const items = outcome.evaluated.map((p) =>
      p.value === undefined
        ? `{"timestamp":"${isoMillis(p.timestampMs)}"}`
        : `{"timestamp":"${isoMillis(p.timestampMs)}"${p.sampleCount !== undefined ? `,"sampleCount":${javaDouble(p.sampleCount)}` : ''},"value":${javaDouble(p.value)}}`,
    );
    parts.push(`"evaluatedDatapoints":[${items.join(',')}]`);
  }
  return `{${parts.join(',')}}`;
}

function stateJson(state: AlarmState): string {
  const parts = [`"stateValue":"${state.value}"`, `"stateReason":${JSON.stringify(state.reason)}`];
  if (state.reasonData) {
    let data: string = JSON.stringify(state.reasonData);
    try {
      JSON.parse(state.reasonData);
      data = state.reasonData;
    } catch {
      // not JSON: keep it as a string
    }
    parts.push(`"stateReasonData":${data}`);
  }
  return `{${parts.join(',')}}`;
}

/** The StateUpdate history item of a state change. */
export function stateHistory(alarm: AlarmRecord, previous: AlarmState): HistoryItem {
  return {
    alarmName: alarm.name,
    timestampMs: alarm.state.updatedMs,
    type: 'StateUpdate',
    summary: `Alarm updated from ${previous.value} to ${alarm.state.value}`,
    data: `{"version":"1.0","oldState":${stateJson(previous)},"newState":${stateJson(alarm.state)}}`,
  };
}

function configuration(alarm: AlarmRecord): Record<string, unknown> {
  return {
    alarmName: alarm.name,
    alarmArn: alarm.arn,
    alarmDescription: alarm.description,
    actionsEnabled: alarm.actionsEnabled,
    namespace: alarm.namespace,
    metricName: alarm.metricName,
    dimensions: alarm.dimensions.map((d) => ({ name: d.Name, value: d.Value })),
    statistic: alarm.statistic,
    extendedStatistic: alarm.extendedStatistic,
    period: alarm.period,
    unit: alarm.unit,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    threshold: alarm.threshold,
    comparisonOperator: alarm.comparisonOperator,
    treatMissingData: alarm.treatMissingData,
    timestamp: isoMillis(alarm.configurationUpdatedMs),
  };
}

/** The ConfigurationUpdate history item of a create, update or delete. */
export function configurationHistory(
  type: 'Create' | 'Update' | 'Delete',
  alarm: AlarmRecord,
  atMs: number,
  previous?: AlarmRecord,
): HistoryItem {
  const verb = type === 'Create' ? 'created' : type === 'Update' ? 'updated' : 'deleted';
  const body =
    type === 'Create'
      ? { type, version: '1.0', createdAlarm: configuration(alarm) }
      : type === 'Delete'
        ? { type, version: '1.0', deletedAlarm: configuration(alarm) }
        : {
            type,
            version: '1.0',
            originalAlarm: configuration(previous!),
            updatedAlarm: configuration(alarm),
          };
  return {
    alarmName: alarm.name,
    timestampMs: atMs,
    type: 'ConfigurationUpdate',
    summary: `Alarm "${alarm.name}" ${verb}`,
    data: JSON.stringify(body),
  };
}
