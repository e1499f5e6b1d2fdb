/**
 * The lab's ELBv2 resources in the shapes of the API reference (LoadBalancer, TargetGroup,
 * Listener, Rule, Action, TargetHealthDescription), ready for the Query XML writer.
 */
import type { AlbTargetGroup, TargetHealthView } from '../../dataplane/alb-target-group.js';
import type { XmlValue } from '../../protocol/query-xml.js';
import type { ListenerModel, LoadBalancerModel, RuleModel } from './model.js';

type Shape = { [key: string]: XmlValue };

/** `LoadBalancer`. */
export function loadBalancerShape(lb: LoadBalancerModel): Shape {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.canonicalHostedZoneId,
    CreatedTime: lb.createdTime,
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: 'active' },
    Type: lb.type,
    AvailabilityZones: lb.zones.map((z) => ({
      ZoneName: z.zoneName,
      SubnetId: z.subnetId,
      LoadBalancerAddresses: [],
    })),
    SecurityGroups: lb.securityGroups,
    IpAddressType: 'ipv4',
  };
}

/** `TargetGroup`. */
export function targetGroupShape(group: AlbTargetGroup): Shape {
  const { config } = group;
  const hc = config.healthCheck;
  const common: Shape = {
    TargetGroupArn: config.arn,
    TargetGroupName: config.name,
    HealthCheckEnabled: hc.enabled,
    HealthCheckIntervalSeconds: hc.intervalSeconds,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds,
    HealthyThresholdCount: hc.healthyThreshold,
    UnhealthyThresholdCount: hc.unhealthyThreshold,
    HealthCheckPath: hc.path,
    Matcher: { HttpCode: hc.httpCode },
    LoadBalancerArns: config.loadBalancerArns,
    TargetType: config.targetType,
  };
  // A Lambda group has no protocol, port, VPC or health-check port/protocol of its own.
  if (config.targetType === 'lambda') return common;
  return {
    ...common,
    Protocol: config.protocol,
    Port: config.port,
    VpcId: config.vpcId,
    HealthCheckProtocol: hc.protocol,
    HealthCheckPort: hc.port,
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}

/** `Action` of type forward, as DescribeListeners and DescribeRules show it. */
export function forwardActionShape(targetGroupArn: string): Shape {
  return {
    Type: 'forward',
    TargetGroupArn: targetGroupArn,
    Order: 1,
    ForwardConfig: {
      TargetGroups: [{ TargetGroupArn: targetGroupArn, Weight: 1 }],
      TargetGroupStickinessConfig: { Enabled: false },
    },
  };
}

/** `Listener`. */
export function listenerShape(listener: ListenerModel): Shape {
  const defaultRule = listener.rules.find((r) => r.priority === 'default');
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    DefaultActions: defaultRule ? [forwardActionShape(defaultRule.targetGroupArn)] : [],
  };
}

/** The `RuleCondition`s of a rule: its path patterns and host headers, when it has them. */
function conditionShapes(rule: RuleModel): Shape[] {
  if (rule.priority === 'default') return [];
  const conditions: Shape[] = [];
  if (rule.pathPatterns.length > 0) {
    conditions.push({
      Field: 'path-pattern',
      Values: rule.pathPatterns,
      PathPatternConfig: { Values: rule.pathPatterns },
    });
  }
  if (rule.hostHeaders) {
    conditions.push({
      Field: 'host-header',
      Values: rule.hostHeaders,
      HostHeaderConfig: { Values: rule.hostHeaders },
    });
  }
  return conditions;
}

/** `Rule`. */
export function ruleShape(rule: RuleModel): Shape {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions: conditionShapes(rule),
    Actions: [forwardActionShape(rule.targetGroupArn)],
    IsDefault: rule.priority === 'default',
  };
}

/** `TargetHealthDescription`. */
export function targetHealthShape(
  group: AlbTargetGroup,
  target: { id: string; port: number },
  health: TargetHealthView,
): Shape {
  if (group.config.targetType === 'lambda') {
    // A function target has no port, and its group no health-check port.
    return {
      Target: { Id: target.id },
      TargetHealth: { State: health.state, Reason: health.reason, Description: health.description },
    };
  }
  const hcPort = group.config.healthCheck.port;
  return {
    Target: { Id: target.id, Port: target.port },
    HealthCheckPort: hcPort === 'traffic-port' ? String(target.port) : hcPort,
    TargetHealth: { State: health.state, Reason: health.reason, Description: health.description },
  };
}

/** `TargetGroup` attributes (DescribeTargetGroupAttributes). */
export function targetGroupAttributes(group: AlbTargetGroup): Shape[] {
  return [
    ['deregistration_delay.timeout_seconds', String(group.config.deregistrationDelaySeconds)],
    ['stickiness.enabled', 'false'],
    ['stickiness.type', 'lb_cookie'],
    ['load_balancing.algorithm.type', 'round_robin'],
    ['slow_start.duration_seconds', '0'],
  ].map(([Key, Value]) => ({ Key, Value }));
}

/** Load balancer attributes (DescribeLoadBalancerAttributes). */
export function loadBalancerAttributes(lb: LoadBalancerModel): Shape[] {
  return [
    ['idle_timeout.timeout_seconds', String(lb.idleTimeoutSeconds)],
    ['deletion_protection.enabled', 'false'],
    ['routing.http2.enabled', 'true'],
    ['access_logs.s3.enabled', 'false'],
  ].map(([Key, Value]) => ({ Key, Value }));
}
