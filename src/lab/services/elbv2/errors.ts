/**
 * ELBv2's error codes (the `awsQueryError` codes of the service model, all HTTP 400) with the
 * messages AWS gives, and the ARN checks that produce ValidationError for malformed ARNs.
 */
import { AwsError } from '../../protocol/aws-error.js';
import { validationError } from '../../protocol/query-xml.js';

/** `LoadBalancerNotFound` for load balancers that do not exist in the region. */
export function loadBalancerNotFound(arns?: string[]): AwsError {
  return new AwsError(
    'LoadBalancerNotFound',
    arns?.length
      ? `Load balancers '[${arns.join(', ')}]' not found`
      : 'One or more load balancers not found',
  );
}

/** `TargetGroupNotFound`: one named group (`Target groups '<arn>' not found`) or several. */
export function targetGroupNotFound(arn?: string): AwsError {
  return new AwsError(
    'TargetGroupNotFound',
    arn ? `Target groups '${arn}' not found` : 'One or more target groups not found',
  );
}

/** `ListenerNotFound`. */
export function listenerNotFound(arn?: string): AwsError {
  return new AwsError(
    'ListenerNotFound',
    arn ? `Listener '${arn}' not found` : 'One or more listeners not found',
  );
}

/** `RuleNotFound`. */
export function ruleNotFound(): AwsError {
  return new AwsError('RuleNotFound', 'One or more rules not found');
}

/** `InvalidTarget`: the lab's targets are task processes on 127.0.0.1. */
export function invalidTarget(id: string): AwsError {
  return new AwsError(
    'InvalidTarget',
    `The IP address '${id}' is not a valid target for this target group: in the mysfits-dr lab every target of an 'ip' target group listens on 127.0.0.1.`,
  );
}

/** `InvalidConfigurationRequest`. */
export function invalidConfiguration(message: string): AwsError {
  return new AwsError('InvalidConfigurationRequest', message);
}

const ARN_PATTERNS = {
  'load balancer':
    /^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:loadbalancer\/app\/[\w-]+\/[0-9a-f]+$/,
  'target group':
    /^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:targetgroup\/[\w-]+\/[0-9a-f]+$/,
  listener:
    /^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:listener\/app\/[\w-]+\/[0-9a-f]+\/[0-9a-f]+$/,
  rule: /^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:listener-rule\/app\/[\w-]+\/[0-9a-f]+\/[0-9a-f]+\/[0-9a-f]+$/,
} as const;

/** Throws ValidationError (`'x' is not a valid target group ARN`) for a malformed ARN. */
export function checkArn(kind: keyof typeof ARN_PATTERNS, arn: string): string {
  if (!ARN_PATTERNS[kind].test(arn)) throw validationError(`'${arn}' is not a valid ${kind} ARN`);
  return arn;
}
