/**
 * The input shapes of the ELBv2 operations the lab serves (members as in the service model,
 * Query protocol), read by the lab's one shape decoder (src/lab/protocol/shapes.ts), with
 * ELBv2's answers to bad input: "1 validation error detected: Value 'x' at 'pageSize' failed
 * to satisfy constraint: Member must …", members named as AWS names them (first letter lower
 * case, list items as `targets.1.member.port`). Checks across members stay with each operation.
 */
import { type AwsError } from '../../protocol/aws-error.js';
import {
  constraintMessage,
  missingParameter,
  type QueryNode,
  validationError,
} from '../../protocol/query-xml.js';
import {
  type Infer,
  type InputFault,
  type InputRules,
  list,
  operationDecoder,
  struct,
} from '../../protocol/shapes.js';

const strings = list('string');
const range = (min: number, max: number) => ({ number: { min, max, integer: true } }) as const;
const paging = { Marker: 'string', PageSize: range(1, 400) } as const;
const Targets = list(
  struct({ Id: 'string', Port: range(1, 65535), AvailabilityZone: 'string' }, ['Id']),
);

/** The input of each operation. */
export const ELBV2_INPUT_SHAPES = {
  DescribeLoadBalancers: struct({ LoadBalancerArns: strings, Names: strings, ...paging }),
  DescribeTargetGroups: struct({
    LoadBalancerArn: 'string',
    TargetGroupArns: strings,
    Names: strings,
    ...paging,
  }),
  DescribeListeners: struct({ LoadBalancerArn: 'string', ListenerArns: strings, ...paging }),
  DescribeRules: struct({ ListenerArn: 'string', RuleArns: strings, ...paging }),
  DescribeLoadBalancerAttributes: struct({ LoadBalancerArn: 'string' }, ['LoadBalancerArn']),
  DescribeTargetGroupAttributes: struct({ TargetGroupArn: 'string' }, ['TargetGroupArn']),
  DescribeTargetHealth: struct({ TargetGroupArn: 'string', Targets, Include: strings }, [
    'TargetGroupArn',
  ]),
  RegisterTargets: struct({ TargetGroupArn: 'string', Targets }, ['TargetGroupArn', 'Targets']),
  DeregisterTargets: struct({ TargetGroupArn: 'string', Targets }, ['TargetGroupArn', 'Targets']),
  ModifyTargetGroup: struct(
    {
      TargetGroupArn: 'string',
      HealthCheckProtocol: 'string',
      HealthCheckPort: 'string',
      HealthCheckPath: 'string',
      HealthCheckEnabled: 'boolean',
      HealthCheckIntervalSeconds: range(5, 300),
      HealthCheckTimeoutSeconds: range(2, 120),
      HealthyThresholdCount: range(2, 10),
      UnhealthyThresholdCount: range(2, 10),
      Matcher: struct({ HttpCode: 'string', GrpcCode: 'string' }),
    },
    ['TargetGroupArn'],
  ),
} as const;

/** An operation that the lab decodes. */
export type ElbOperation = keyof typeof ELBV2_INPUT_SHAPES;

/** The decoded input of `O`. */
export type ElbInput<O extends ElbOperation> = Infer<(typeof ELBV2_INPUT_SHAPES)[O]>;

/** `Targets.1.member.Port` → `targets.1.member.port`, as ELBv2's messages name members. */
function awsPath(path: string): string {
  return path
    .split('.')
    .map((part) => part.charAt(0).toLowerCase() + part.slice(1))
    .join('.');
}

function elbError(path: string, fault: InputFault): AwsError {
  const at = awsPath(path);
  if (fault.kind === 'missing') return missingParameter(at);
  if (fault.kind === 'range') {
    const bound =
      fault.value < fault.min
        ? `greater than or equal to ${fault.min}`
        : `less than or equal to ${fault.max}`;
    return validationError(constraintMessage(String(fault.value), at, `have value ${bound}`));
  }
  if (fault.kind === 'query') {
    const want = fault.shape === 'boolean' ? 'be a boolean (true or false)' : 'be an integer';
    return validationError(constraintMessage(fault.text, at, want));
  }
  return validationError(`1 validation error detected: Value at '${at}' is not valid`);
}

/** ELBv2's answers to bad input, and its list item paths (`targets.1.member`). */
export const ELBV2_RULES: InputRules = {
  error: elbError,
  itemPath: (path, index) => `${path}.${index + 1}.member`,
};

/** Decodes the Query parameters of `operation`. */
export const decodeElbInput = operationDecoder(ELBV2_INPUT_SHAPES, 'query', ELBV2_RULES) as <
  O extends ElbOperation,
>(
  operation: O,
  params: { [key: string]: QueryNode },
) => ElbInput<O>;
