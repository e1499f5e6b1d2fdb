/**
 * CloudWatch state: per region, the metric store, the metric alarms and the alarm history;
 * account-wide, the dashboards (on AWS a dashboard is global: its ARN has no region and
 * every regional endpoint lists it). History is kept two weeks, as CloudWatch keeps it.
 */
import type {
  AlarmStateValue,
  TreatMissingData,
  ThresholdComparison,
} from './engine/alarm-eval.js';
import type { LabClock } from '../../dataplane/contracts.js';
import { type MetricDimension, MetricStore } from './engine/store.js';
import type { InputOf } from './shapes.js';

/** A MetricDataQuery as an alarm keeps it (decoded input). */
export type AlarmMetricQuery = NonNullable<InputOf<'PutMetricAlarm'>['Metrics']>[number];

/** The state part of an alarm. */
export interface AlarmState {
  value: AlarmStateValue;
  reason: string;
  reasonData?: string;
  /** Last change of value (or reason). */
  updatedMs: number;
  /** Last change of value. */
  transitionedMs: number;
}

/** A metric alarm. */
export interface AlarmRecord {
  name: string;
  arn: string;
  description?: string;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  namespace?: string;
  metricName?: string;
  dimensions: MetricDimension[];
  statistic?: string;
  extendedStatistic?: string;
  period?: number;
  unit?: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparisonOperator: ThresholdComparison;
  treatMissingData?: TreatMissingData;
  evaluateLowSampleCountPercentile?: 'evaluate' | 'ignore';
  metrics?: AlarmMetricQuery[];
  tags: { Key: string; Value: string }[];
  configurationUpdatedMs: number;
  state: AlarmState;
}

/** One DescribeAlarmHistory item. */
export interface HistoryItem {
  alarmName: string;
  timestampMs: number;
  type: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  summary: string;
  data: string;
}

/** A dashboard. */
export interface Dashboard {
  name: string;
  arn: string;
  body: string;
  lastModifiedMs: number;
}

const HISTORY_RETENTION_MS = 14 * 86_400_000;

/** The CloudWatch state of one lab region. */
export class CloudWatchRegion {
  readonly name: string;
  readonly store: MetricStore;
  readonly alarms = new Map<string, AlarmRecord>();
  readonly #history: HistoryItem[] = [];
  readonly #clock: LabClock;

  constructor(name: string, clock: LabClock) {
    this.name = name;
    this.#clock = clock;
    this.store = new MetricStore(() => clock.now());
  }

  /** Appends a history item and drops items older than two weeks. */
  record(item: HistoryItem): void {
    this.#history.push(item);
    const horizon = this.#clock.now() - HISTORY_RETENTION_MS;
    let drop = 0;
    while (drop < this.#history.length && this.#history[drop]!.timestampMs < horizon) drop++;
    if (drop > 0) this.#history.splice(0, drop);
  }

  /** History items, oldest first. */
  history(): readonly HistoryItem[] {
    return this.#history;
  }

  /** Alarms by state value (for the health report). */
  alarmCounts(): Record<AlarmStateValue, number> {
    const counts: Record<AlarmStateValue, number> = { OK: 0, ALARM: 0, INSUFFICIENT_DATA: 0 };
    for (const alarm of this.alarms.values()) counts[alarm.state.value] += 1;
    return counts;
  }
}

/** What every operation gets. */
export interface CloudWatchContext {
  region: CloudWatchRegion;
  /** Account-wide dashboards by name. */
  dashboards: Map<string, Dashboard>;
  clock: LabClock;
  accountId: string;
  /** Called after an alarm is created or changed (the evaluator evaluates it soon). */
  alarmChanged(alarm: AlarmRecord): void;
  /** Called after SetAlarmState: the state holds until the alarm's next regular evaluation. */
  alarmStateSet(alarm: AlarmRecord): void;
}
