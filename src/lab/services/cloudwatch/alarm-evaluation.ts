/**
 * Evaluates one alarm of a region: reads its evaluation range from the store over the
 * scaled windows (engine/evaluator.ts), applies CloudWatch's rules
 * (engine/alarm-eval.ts) and, when the state changes, records the new state with
 * CloudWatch's reason texts. Alarms on AWS/DynamoDB metrics ignore missing data whatever
 * TreatMissingData says (PutMetricAlarm reference); with EvaluateLowSampleCountPercentile
 * `ignore`, a percentile period with fewer than 10/(1−p) samples (10/p below p50) counts as
 * missing.
 */
import { type EvaluationPoint, evaluateAlarm, evaluationRange } from './engine/alarm-eval.js';
import { alarmWindows } from './engine/evaluator.js';
import { parseStatistic } from './engine/stats.js';
import type { LabClock } from '../../dataplane/contracts.js';
import { stateReason, stateReasonData } from './alarm-reason.js';
import { transitionAlarm } from './ops-alarms.js';
import { parseQueries, runQueries, type SeriesResult } from './query-engine.js';
import type { AlarmRecord, CloudWatchRegion } from './state.js';

/** The AWS period of an alarm (its own, or its metrics'). */
export function alarmPeriod(alarm: AlarmRecord): number {
  return alarm.period ?? alarm.metrics?.find((q) => q.MetricStat)?.MetricStat?.Period ?? 60;
}

function lowSampleLimit(alarm: AlarmRecord): number | undefined {
  if (alarm.evaluateLowSampleCountPercentile !== 'ignore' || !alarm.extendedStatistic)
    return undefined;
  const statistic = parseStatistic(alarm.extendedStatistic);
  if (statistic?.kind !== 'percentile') return undefined;
  const p = statistic.p / 100;
  if (p <= 0 || p >= 1) return undefined;
  return p >= 0.5 ? 10 / (1 - p) : 10 / p;
}

/** The series an alarm watches over the given windows. */
function alarmSeries(
  region: CloudWatchRegion,
  alarm: AlarmRecord,
  startMs: number,
  windowMs: number,
  count: number,
): SeriesResult {
  const queries = alarm.metrics
    ? parseQueries(alarm.metrics, 'Metrics')
    : parseQueries(
        [
          {
            Id: 'm1',
            MetricStat: {
              Metric: {
                Namespace: alarm.namespace,
                MetricName: alarm.metricName,
                Dimensions: alarm.dimensions,
              },
              Period: alarm.period,
              Stat: alarm.statistic ?? alarm.extendedStatistic,
              Unit: alarm.unit,
            },
          },
        ],
        'Metrics',
      );
  const results = runQueries(region.store, queries, () => ({ startMs, periodMs: windowMs, count }));
  return results.find((r) => r.returnData) ?? results[0]!;
}

/** Evaluates an alarm at `nowMs`; changes its state (with history) when the outcome differs. */
export function evaluateRegionAlarm(
  region: CloudWatchRegion,
  alarm: AlarmRecord,
  clock: LabClock,
  nowMs: number,
): void {
  const range = evaluationRange(alarm.evaluationPeriods);
  const windows = alarmWindows(clock, alarmPeriod(alarm), range, nowMs);
  const series = alarmSeries(region, alarm, windows.startMs, windows.windowMs, windows.count);
  const limit = lowSampleLimit(alarm);
  const points: EvaluationPoint[] = [];
  for (let k = 0; k < windows.count; k++) {
    const value = series.values[k]!;
    const sampleCount = series.sampleCounts?.[k];
    const tooFew = limit !== undefined && (sampleCount ?? 0) < limit - 1e-9;
    points.push({
      timestampMs: windows.startMs + k * windows.windowMs,
      value: Number.isNaN(value) || tooFew ? undefined : value,
      sampleCount: sampleCount && sampleCount > 0 ? sampleCount : undefined,
    });
  }
  const treatMissingData =
    alarm.namespace === 'AWS/DynamoDB' ? 'ignore' : (alarm.treatMissingData ?? 'missing');
  const outcome = evaluateAlarm({
    points,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm ?? alarm.evaluationPeriods,
    comparison: alarm.comparisonOperator,
    threshold: alarm.threshold,
    treatMissingData,
    current: alarm.state.value,
  });
  if (outcome.state === alarm.state.value) return;
  const reason = stateReason({ ...alarm, treatMissingData }, outcome, alarm.state.value);
  transitionAlarm(
    region,
    alarm,
    outcome.state,
    reason,
    stateReasonData(alarm, outcome, nowMs),
    nowMs,
  );
}
