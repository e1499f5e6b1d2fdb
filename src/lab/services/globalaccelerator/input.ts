/**
 * Global Accelerator's request input: one declarative shape per operation (members and
 * limits as in the service model, `globalaccelerator/2018-08-08`), read the way the service
 * reads it: a member of the wrong JSON type is the front end's SerializationException, a
 * missing required member its ValidationException, a value outside the model's range or
 * enum InvalidArgumentException. Also the pagination of the List* operations (MaxResults
 * 1–100, opaque NextToken). Checks the model cannot state (a health-check path's pattern,
 * an interval of 10 or 30, known endpoints) are UpdateEndpointGroup's own.
 */
import { type Page, paginate, prefixTokens } from '../../protocol/paginate.js';
import {
  type Infer,
  type InputRules,
  list,
  operationDecoder,
  oneOf,
  range,
  struct,
  text,
} from '../../protocol/shapes.js';
import { invalidArgument, invalidNextToken, missingMember, wrongType } from './errors.js';

const acceleratorError: InputRules['error'] = (member, fault) => {
  switch (fault.kind) {
    case 'type':
      return wrongType(
        member,
        fault.shape === 'integer' && !fault.reason ? 'a number' : fault.expected,
      );
    case 'missing':
      return missingMember(member);
    case 'length':
      return invalidArgument(`${member} must be at most ${fault.max} characters long.`);
    case 'range':
      return invalidArgument(
        `${member} ${fault.value} is not valid: it must be between ${fault.min} and ${fault.max}.`,
      );
    case 'enum':
      return invalidArgument(
        `${member} '${fault.value}' is not valid: expected one of ${fault.values.join(', ')}.`,
      );
    case 'count':
      return invalidArgument(`${member} can hold at most ${fault.max} items.`);
    default:
      return invalidArgument(`${member} is not valid.`);
  }
};

/** Global Accelerator's answers to bad input. */
export const ACCELERATOR_RULES: InputRules = {
  error: acceleratorError,
  itemPath: (path, index) => `${path}[${index}]`,
};

/** GenericString: at most 255 characters. */
const Arn = text(undefined, 255);
const Port = range(1, 65535);
const paged = { MaxResults: range(1, 100), NextToken: 'string' } as const;

/** Input shapes by operation. */
export const ACCELERATOR_INPUT = {
  ListAccelerators: struct(paged),
  DescribeAccelerator: struct({ AcceleratorArn: Arn }, ['AcceleratorArn']),
  ListListeners: struct({ AcceleratorArn: Arn, ...paged }, ['AcceleratorArn']),
  DescribeListener: struct({ ListenerArn: Arn }, ['ListenerArn']),
  ListEndpointGroups: struct({ ListenerArn: Arn, ...paged }, ['ListenerArn']),
  DescribeEndpointGroup: struct({ EndpointGroupArn: Arn }, ['EndpointGroupArn']),
  UpdateEndpointGroup: struct(
    {
      EndpointGroupArn: Arn,
      EndpointConfigurations: list(
        struct({
          EndpointId: 'string',
          Weight: range(0, 255),
          ClientIPPreservationEnabled: 'boolean',
          AttachmentArn: 'string',
        }),
        10,
      ),
      TrafficDialPercentage: range(0, 100, false),
      HealthCheckPort: Port,
      HealthCheckProtocol: oneOf(['TCP', 'HTTP', 'HTTPS']),
      HealthCheckPath: 'string',
      HealthCheckIntervalSeconds: range(10, 30),
      ThresholdCount: range(1, 10),
      PortOverrides: list(struct({ ListenerPort: Port, EndpointPort: Port }), 10),
    },
    ['EndpointGroupArn'],
  ),
  ListTagsForResource: struct({ ResourceArn: text(undefined, 1011) }, ['ResourceArn']),
} as const;

/** Name of an operation the lab serves, and its decoded input. */
export type AcceleratorOperation = keyof typeof ACCELERATOR_INPUT;
export type AcceleratorInput<O extends AcceleratorOperation> = Infer<(typeof ACCELERATOR_INPUT)[O]>;

/** Decodes an operation's input from its parsed JSON body. */
export const decodeAcceleratorInput = operationDecoder(
  ACCELERATOR_INPUT,
  'json',
  ACCELERATOR_RULES,
);

const ACCELERATOR_TOKENS = prefixTokens(
  'lab-page-',
  (start, length) => start > 0 && start < length,
);

/** Pages `items` by the request's MaxResults (default 100) and NextToken. */
export function acceleratorPage<T>(
  items: readonly T[],
  input: { MaxResults?: number; NextToken?: string },
): Page<T> {
  return paginate(items, {
    size: input.MaxResults ?? 100,
    token: input.NextToken,
    codec: ACCELERATOR_TOKENS,
    invalidToken: invalidNextToken,
  });
}
