/**
 * X-Ray's request input: one declarative shape per operation (members and limits as in the
 * service model, `xray/2016-04-12`), read from a parsed REST-JSON body. A member of the
 * wrong type, a required one that is missing, or one outside its limits is an
 * InvalidRequestException naming the member. Timestamps are epoch seconds (what the SDKs
 * and the AWS CLI send); ISO 8601 strings are accepted too.
 */
import {
  type Infer,
  type InputRules,
  list,
  operationDecoder,
  oneOf,
  struct,
  text,
} from '../../protocol/shapes.js';
import { invalidRequest } from './errors.js';

const xrayError: InputRules['error'] = (name, fault) => {
  switch (fault.kind) {
    case 'missing':
      return invalidRequest(`${name} is required.`);
    case 'length':
      return invalidRequest(
        `${name} must be between ${fault.min} and ${fault.max} characters long; it has ${fault.length}.`,
      );
    case 'type':
      return invalidRequest(
        fault.shape === 'timestamp'
          ? `${name} must be a timestamp (epoch seconds).`
          : `${name} must be ${fault.expected}.`,
      );
    case 'enum':
      return invalidRequest(`${name} must be one of ${fault.values.join(', ')}.`);
    default:
      return invalidRequest(`${name} is not valid.`);
  }
};

/** X-Ray's answers to bad input. */
export const XRAY_RULES: InputRules = {
  error: xrayError,
  itemPath: (path, index) => `${path}[${index}]`,
  wholeListType: true,
  numericTimestampStrings: true,
};

const GroupName = text(1, 32);
const GroupARN = text(1, 400);
const window = { StartTime: 'timestamp', EndTime: 'timestamp' } as const;
const InsightsConfiguration = struct({
  InsightsEnabled: 'boolean',
  NotificationsEnabled: 'boolean',
});
/** Tags are checked and not kept (the lab has no tagging API); CreateGroup limits their number. */
const Tags = list(struct({ Key: text(1, 128), Value: text(0, 256) }, ['Key', 'Value']));

/** Input shapes by operation. */
export const XRAY_INPUT = {
  GetServiceGraph: struct({ ...window, GroupName, GroupARN, NextToken: 'string' }, [
    'StartTime',
    'EndTime',
  ]),
  GetTraceSummaries: struct(
    {
      ...window,
      TimeRangeType: oneOf(['TraceId', 'Event', 'Service']),
      Sampling: 'boolean',
      SamplingStrategy: struct({ Name: oneOf(['PartialScan', 'FixedRate']), Value: 'double' }),
      FilterExpression: 'string',
      NextToken: 'string',
    },
    ['StartTime', 'EndTime'],
  ),
  BatchGetTraces: struct({ TraceIds: list('string'), NextToken: 'string' }, ['TraceIds']),
  PutTraceSegments: struct({ TraceSegmentDocuments: list('string') }, ['TraceSegmentDocuments']),
  CreateGroup: struct({ GroupName, FilterExpression: 'string', InsightsConfiguration, Tags }, [
    'GroupName',
  ]),
  GetGroups: struct({ NextToken: text(1, 100) }),
  GetGroup: struct({ GroupName, GroupARN }),
  UpdateGroup: struct({ GroupName, GroupARN, FilterExpression: 'string', InsightsConfiguration }),
  DeleteGroup: struct({ GroupName, GroupARN }),
} as const;

/** Name of an operation the lab serves, and its decoded input. */
export type XRayOperation = keyof typeof XRAY_INPUT;
export type XRayInput<O extends XRayOperation> = Infer<(typeof XRAY_INPUT)[O]>;

/** Decodes an operation's input from its parsed JSON body. */
export const decodeXRayInput = operationDecoder(XRAY_INPUT, 'json', XRAY_RULES);

/** The time window of a request, EndTime not before StartTime. */
export function timeWindow(input: { StartTime: number; EndTime: number }): {
  startMs: number;
  endMs: number;
} {
  const { StartTime: startMs, EndTime: endMs } = input;
  if (endMs < startMs) throw invalidRequest('EndTime must not be before StartTime.');
  return { startMs, endMs };
}
