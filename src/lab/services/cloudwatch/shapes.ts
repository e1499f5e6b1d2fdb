/**
 * The input shapes of the CloudWatch operations the lab serves (members as in the service
 * model), and one decoder that reads them from any of the three wire formats into the same
 * typed input: JSON (numbers, epoch-second timestamps), CBOR (tag-1 timestamps, bigints) or
 * Query parameters (strings, `Name.member.N` lists, ISO 8601 timestamps). Timestamps
 * decode to epoch milliseconds. Members the lab does not model are ignored.
 */
import { type AwsError, serializationError } from '../../protocol/aws-error.js';
import {
  decodeShape,
  type Infer,
  type InputFault,
  type InputRules,
  list,
  type Shape,
  struct,
  type WireFormat,
} from '../../protocol/shapes.js';
import { invalidValue } from './errors.js';

export type { Shape, WireFormat };

const Dimensions = list(struct({ Name: 'string', Value: 'string' }));
const Metric = struct({ Namespace: 'string', MetricName: 'string', Dimensions });
const MetricDataQuery = struct({
  Id: 'string',
  MetricStat: struct({ Metric, Period: 'integer', Stat: 'string', Unit: 'string' }),
  Expression: 'string',
  Label: 'string',
  ReturnData: 'boolean',
  Period: 'integer',
  AccountId: 'string',
});
const Tags = list(struct({ Key: 'string', Value: 'string' }));
const strings = list('string');
/** The metric an alarm watches (PutMetricAlarm, DescribeAlarmsForMetric). */
const alarmMetric = {
  MetricName: 'string',
  Namespace: 'string',
  Statistic: 'string',
  ExtendedStatistic: 'string',
  Dimensions,
  Period: 'integer',
  Unit: 'string',
} as const;

/** Input shapes by operation. */
export const INPUT_SHAPES = {
  GetMetricData: struct({
    MetricDataQueries: list(MetricDataQuery),
    StartTime: 'timestamp',
    EndTime: 'timestamp',
    NextToken: 'string',
    ScanBy: 'string',
    MaxDatapoints: 'integer',
    LabelOptions: struct({ Timezone: 'string' }),
  }),
  GetMetricStatistics: struct({
    Namespace: 'string',
    MetricName: 'string',
    Dimensions,
    StartTime: 'timestamp',
    EndTime: 'timestamp',
    Period: 'integer',
    Statistics: strings,
    ExtendedStatistics: strings,
    Unit: 'string',
  }),
  ListMetrics: struct({
    Namespace: 'string',
    MetricName: 'string',
    Dimensions,
    NextToken: 'string',
    RecentlyActive: 'string',
    IncludeLinkedAccounts: 'boolean',
    OwningAccount: 'string',
  }),
  PutMetricData: struct({
    Namespace: 'string',
    MetricData: list(
      struct({
        MetricName: 'string',
        Dimensions,
        Timestamp: 'timestamp',
        Value: 'double',
        StatisticValues: struct({
          SampleCount: 'double',
          Sum: 'double',
          Minimum: 'double',
          Maximum: 'double',
        }),
        Values: list('double'),
        Counts: list('double'),
        Unit: 'string',
        StorageResolution: 'integer',
      }),
    ),
  }),
  PutMetricAlarm: struct({
    AlarmName: 'string',
    AlarmDescription: 'string',
    ActionsEnabled: 'boolean',
    OKActions: strings,
    AlarmActions: strings,
    InsufficientDataActions: strings,
    ...alarmMetric,
    EvaluationPeriods: 'integer',
    DatapointsToAlarm: 'integer',
    Threshold: 'double',
    ComparisonOperator: 'string',
    TreatMissingData: 'string',
    EvaluateLowSampleCountPercentile: 'string',
    Metrics: list(MetricDataQuery),
    Tags,
    ThresholdMetricId: 'string',
  }),
  DescribeAlarms: struct({
    AlarmNames: strings,
    AlarmNamePrefix: 'string',
    AlarmTypes: strings,
    ChildrenOfAlarmName: 'string',
    ParentsOfAlarmName: 'string',
    StateValue: 'string',
    ActionPrefix: 'string',
    MaxRecords: 'integer',
    NextToken: 'string',
  }),
  DescribeAlarmsForMetric: struct({
    ...alarmMetric,
  }),
  DescribeAlarmHistory: struct({
    AlarmName: 'string',
    AlarmTypes: strings,
    HistoryItemType: 'string',
    StartDate: 'timestamp',
    EndDate: 'timestamp',
    MaxRecords: 'integer',
    NextToken: 'string',
    ScanBy: 'string',
  }),
  SetAlarmState: struct({
    AlarmName: 'string',
    StateValue: 'string',
    StateReason: 'string',
    StateReasonData: 'string',
  }),
  DeleteAlarms: struct({ AlarmNames: strings }),
  PutDashboard: struct({ DashboardName: 'string', DashboardBody: 'string', Tags }),
  GetDashboard: struct({ DashboardName: 'string' }),
  ListDashboards: struct({ DashboardNamePrefix: 'string', NextToken: 'string' }),
  DeleteDashboards: struct({ DashboardNames: strings }),
} as const;

/** Name of an operation the lab serves. */
export type OperationName = keyof typeof INPUT_SHAPES;

/** The decoded input of an operation. */
export type InputOf<O extends OperationName> = Infer<(typeof INPUT_SHAPES)[O]>;

function cloudWatchError(path: string, fault: InputFault): AwsError {
  if (fault.kind === 'query') return invalidValue(fault.text, path);
  if (fault.kind !== 'type') return invalidValue('', path);
  if (fault.shape === 'list') return serializationError(`Member ${path} must be a list.`);
  if (fault.shape === 'structure') return serializationError(`Member ${path} must be a structure.`);
  return serializationError(
    `Member ${path} must be a ${fault.shape}, got ${JSON.stringify(String(fault.value))}.`,
  );
}

/** CloudWatch's answers to bad input in each of its wire formats. */
export const CLOUDWATCH_RULES: InputRules = { error: cloudWatchError, specialFloats: true };

/** Decodes an operation's input from a parsed body (JSON, CBOR) or Query parameter tree. */
export function decodeInput<O extends OperationName>(
  operation: O,
  raw: unknown,
  format: WireFormat,
): InputOf<O> {
  return decodeShape(
    INPUT_SHAPES[operation],
    raw ?? {},
    format,
    '',
    CLOUDWATCH_RULES,
  ) as InputOf<O>;
}
