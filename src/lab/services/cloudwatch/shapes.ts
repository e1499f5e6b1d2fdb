/**
 * The input shapes of the CloudWatch operations the lab serves (members as in the service
 * model), and one decoder that reads them from any of the three wire formats into the same
 * typed input: JSON (numbers, epoch-second timestamps), CBOR (tag-1 timestamps, bigints) or
 * Query parameters (strings, `Name.member.N` lists, ISO 8601 timestamps). Timestamps
 * decode to epoch milliseconds. Members the lab does not model are ignored.
 */
import { serializationError } from '../../protocol/aws-error.js';
import { type QueryNode, queryList } from '../../protocol/query-xml.js';
import { cborTimestampMs } from '../../protocol/rpcv2-cbor.js';
import { invalidValue } from './errors.js';

/** A member's shape. */
export type Shape =
  | 'string'
  | 'double'
  | 'integer'
  | 'boolean'
  | 'timestamp'
  | { readonly list: Shape }
  | { readonly struct: { readonly [member: string]: Shape } };

/** The decoded type of a shape (structure members are optional). */
export type Infer<S> = S extends 'string'
  ? string
  : S extends 'double' | 'integer' | 'timestamp'
    ? number
    : S extends 'boolean'
      ? boolean
      : S extends { readonly list: infer E }
        ? Infer<E>[]
        : S extends { readonly struct: infer M }
          ? { -readonly [K in keyof M]?: Infer<M[K]> }
          : never;

const list = <S extends Shape>(of: S) => ({ list: of }) as const;
const struct = <M extends { [member: string]: Shape }>(members: M) =>
  ({ struct: members }) as const;

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
    MetricName: 'string',
    Namespace: 'string',
    Statistic: 'string',
    ExtendedStatistic: 'string',
    Dimensions,
    Period: 'integer',
    Unit: 'string',
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
    MetricName: 'string',
    Namespace: 'string',
    Statistic: 'string',
    ExtendedStatistic: 'string',
    Dimensions,
    Period: 'integer',
    Unit: 'string',
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

/** The wire format a request came in. */
export type WireFormat = 'json' | 'cbor' | 'query';

function leaf(shape: string, value: unknown, format: WireFormat, path: string): unknown {
  if (format === 'query') {
    const text = String(value);
    if (shape === 'string') return text;
    if (shape === 'boolean') {
      if (text !== 'true' && text !== 'false') throw invalidValue(text, path);
      return text === 'true';
    }
    if (shape === 'timestamp') {
      const ms = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
      if (Number.isNaN(ms)) throw invalidValue(text, path);
      return ms;
    }
    const number = Number(text);
    if (text.trim() === '' || (Number.isNaN(number) && text !== 'NaN'))
      throw invalidValue(text, path);
    if (shape === 'integer' && !Number.isInteger(number)) throw invalidValue(text, path);
    return number;
  }
  const wrong = (): never => {
    throw serializationError(
      `Member ${path} must be a ${shape}, got ${JSON.stringify(String(value))}.`,
    );
  };
  if (shape === 'string') return typeof value === 'string' ? value : wrong();
  if (shape === 'boolean') return typeof value === 'boolean' ? value : wrong();
  if (shape === 'timestamp') {
    if (format === 'cbor') return cborTimestampMs(value) ?? wrong();
    if (typeof value === 'number') return value * 1000;
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    return Number.isNaN(ms) ? wrong() : ms;
  }
  const number =
    typeof value === 'bigint'
      ? Number(value)
      : typeof value === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(value)
        ? Number(value)
        : value;
  if (typeof number !== 'number') return wrong();
  if (shape === 'integer' && !Number.isInteger(number)) return wrong();
  return number;
}

function decode(shape: Shape, value: unknown, format: WireFormat, path: string): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof shape === 'string') return leaf(shape, value, format, path);
  if ('list' in shape) {
    if (format === 'query') return [];
    if (!Array.isArray(value)) throw serializationError(`Member ${path} must be a list.`);
    return value.map((item, i) => decode(shape.list, item, format, `${path}.member.${i + 1}`));
  }
  if (typeof value !== 'object' || Array.isArray(value))
    throw serializationError(`Member ${path || 'input'} must be a structure.`);
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [member, memberShape] of Object.entries(shape.struct)) {
    const name = path ? `${path}.${member}` : member;
    const raw = record[member];
    if (format === 'query' && typeof memberShape !== 'string' && 'list' in memberShape) {
      const members = queryList(record as { [key: string]: QueryNode }, member);
      if (members !== undefined)
        out[member] = members.map((item, i) =>
          decode(memberShape.list, item, format, `${name}.member.${i + 1}`),
        );
      continue;
    }
    const decoded = decode(memberShape, raw, format, name);
    if (decoded !== undefined) out[member] = decoded;
  }
  return out;
}

/** Decodes an operation's input from a parsed body (JSON, CBOR) or Query parameter tree. */
export function decodeInput<O extends OperationName>(
  operation: O,
  raw: unknown,
  format: WireFormat,
): InputOf<O> {
  return decode(INPUT_SHAPES[operation], raw ?? {}, format, '') as InputOf<O>;
}
