/**
 * The lab's CloudWatch API handler (signing name `monitoring`): reads the call in whichever
 * of the three protocols it came (wire.ts), decodes its input (shapes.ts), runs the
 * operation against the region's state and answers in the same protocol. Behaviour: SPEC.md.
 */
import { AwsError } from '../../protocol/aws-error.js';
import type { LabRequest, LabResponse } from '../../protocol/lab-request.js';
import { invalidAction } from '../../protocol/query-xml.js';
import type { AwsRequestContext, ServiceHandler } from '../../protocol/registry.js';
import {
  deleteAlarms,
  describeAlarmHistory,
  describeAlarms,
  describeAlarmsForMetric,
  putMetricAlarm,
  setAlarmState,
} from './ops-alarms.js';
import { deleteDashboards, getDashboard, listDashboards, putDashboard } from './ops-dashboards.js';
import { getMetricData } from './ops-metric-data.js';
import { getMetricStatistics, listMetrics, putMetricData } from './ops-metrics.js';
import { decodeInput, type InputOf, type OperationName } from './shapes.js';
import type { CloudWatchContext } from './state.js';
import { CLOUDWATCH_TARGET_PREFIX, encodeError, encodeOutput, readWireCall } from './wire.js';

type Operation<O extends OperationName> = (
  context: CloudWatchContext,
  input: InputOf<O>,
) => Record<string, unknown> | undefined;

/** The operations the lab serves. */
export const CLOUDWATCH_OPERATIONS: { [O in OperationName]: Operation<O> } = {
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  ListMetrics: listMetrics,
  PutMetricData: putMetricData,
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DescribeAlarmsForMetric: describeAlarmsForMetric,
  DescribeAlarmHistory: describeAlarmHistory,
  SetAlarmState: setAlarmState,
  DeleteAlarms: deleteAlarms,
  PutDashboard: putDashboard,
  GetDashboard: getDashboard,
  ListDashboards: listDashboards,
  DeleteDashboards: deleteDashboards,
};

/** Operations of AWS's CloudWatch API that the lab does not implement (named in its error). */
const NOT_IMPLEMENTED = new Set(
  (
    'DeleteAlarmMuteRule DeleteAnomalyDetector DeleteInsightRules DeleteMetricStream DescribeAlarmContributors ' +
    'DescribeAnomalyDetectors DescribeInsightRules DisableAlarmActions DisableInsightRules EnableAlarmActions ' +
    'EnableInsightRules GetAlarmMuteRule GetInsightRuleReport GetMetricStream GetMetricWidgetImage ' +
    'GetOTelEnrichment ListAlarmMuteRules ListManagedInsightRules ListMetricStreams ListTagsForResource ' +
    'PutAlarmMuteRule PutAnomalyDetector PutCompositeAlarm PutInsightRule PutManagedInsightRules ' +
    'PutMetricStream StartMetricStreams StartOTelEnrichment StopMetricStreams StopOTelEnrichment TagResource ' +
    'UntagResource'
  ).split(' '),
);

/** What the handler needs. */
export interface CloudWatchHandlerOptions {
  /** The operation context of a region (throws for a region the lab does not serve). */
  context(region: string): CloudWatchContext;
  health: NonNullable<ServiceHandler['health']>;
  close(): Promise<void>;
}

/** Creates the CloudWatch service handler (register it as `monitoring`). */
export function createCloudWatchHandler(options: CloudWatchHandlerOptions): ServiceHandler {
  return {
    displayName: 'CloudWatch',
    targetPrefixes: [CLOUDWATCH_TARGET_PREFIX],
    async handle({ request, region }: AwsRequestContext): Promise<LabResponse> {
      const call = readWireCall(request);
      const operation = Object.hasOwn(CLOUDWATCH_OPERATIONS, call.operation)
        ? (call.operation as OperationName)
        : undefined;
      if (!operation) {
        const message = NOT_IMPLEMENTED.has(call.operation)
          ? `The mysfits-dr lab does not implement the CloudWatch operation ${call.operation}; it serves ${Object.keys(CLOUDWATCH_OPERATIONS).join(', ')}.`
          : undefined;
        if (call.format === 'query') {
          if (message) throw new AwsError('InvalidAction', message);
          throw invalidAction(call.operation, 'CloudWatch');
        }
        throw new AwsError(
          'UnknownOperationException',
          message ?? 'An unknown operation was requested.',
          {
            namespace: 'com.amazon.coral.service',
          },
        );
      }
      const input = decodeInput(operation, call.raw, call.format);
      const run = CLOUDWATCH_OPERATIONS[operation] as Operation<typeof operation>;
      const output = run(options.context(region), input as never);
      return encodeOutput(call, output, request.requestId);
    },
    errorResponse(error: AwsError, request: LabRequest): LabResponse {
      return encodeError(error, request);
    },
    health: () => options.health(),
    close: () => options.close(),
  };
}
