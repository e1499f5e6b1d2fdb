/**
 * The state of ELBv2 in one lab region: load balancers (each with its running data plane),
 * listeners with their rules, and target groups (with their targets and health checkers).
 * Nothing is shared between regions, as on AWS.
 */
import { createHash } from 'node:crypto';
import type { AlbHealthChecker } from '../../dataplane/alb-health-checks.js';
import { matchesPathPattern } from '../../dataplane/alb-http.js';
import type { LambdaInvoker } from '../../dataplane/alb-lambda.js';
import type { AlbProxy } from '../../dataplane/alb-proxy.js';
import type { AlbTargetGroup } from '../../dataplane/alb-target-group.js';

/** A load balancer as DescribeLoadBalancers shows it, plus its data plane. */
export interface LoadBalancerModel {
  arn: string;
  name: string;
  region: string;
  dnsName: string;
  canonicalHostedZoneId: string;
  createdTime: Date;
  scheme: 'internet-facing' | 'internal';
  type: 'application';
  vpcId: string;
  zones: { zoneName: string; subnetId: string }[];
  securityGroups: string[];
  /** Attribute `idle_timeout.timeout_seconds`. */
  idleTimeoutSeconds: number;
  proxy: AlbProxy;
}

/** A listener rule: forward requests that match its conditions to one target group. */
export interface RuleModel {
  arn: string;
  /** 1–50000, or `default` for the listener's default action. */
  priority: number | 'default';
  /** `path-pattern` condition values (empty: no path condition). */
  pathPatterns: string[];
  /** `host-header` condition values, matched case-insensitively (absent: no host condition). */
  hostHeaders?: string[];
  targetGroupArn: string;
}

/** A listener and its rules (priority order, the default rule last). */
export interface ListenerModel {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: 'HTTP';
  rules: RuleModel[];
}

/** Sixteen hex digits derived from a text: stable ids for lab resources. */
export function stableHexId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** ELBv2 state of one region. */
export class ElbRegion {
  readonly region: string;
  readonly loadBalancers = new Map<string, LoadBalancerModel>();
  readonly listeners = new Map<string, ListenerModel>();
  readonly targetGroups = new Map<string, AlbTargetGroup>();
  readonly checkers = new Map<string, AlbHealthChecker>();
  /** Functions that can be Lambda targets here, by ARN. */
  readonly functions = new Map<string, LambdaInvoker>();

  constructor(region: string) {
    this.region = region;
  }

  /** Listeners of a load balancer, by port. */
  listenersOf(loadBalancerArn: string): ListenerModel[] {
    return [...this.listeners.values()]
      .filter((l) => l.loadBalancerArn === loadBalancerArn)
      .sort((a, b) => a.port - b.port);
  }

  /**
   * The target group a listener forwards a request to: the first rule whose conditions all
   * match (path pattern; host header without its port, case-insensitive), else the default.
   */
  route(listener: ListenerModel, path: string, host = ''): AlbTargetGroup | undefined {
    const hostName = host.replace(/:\d+$/, '').toLowerCase();
    const rule = listener.rules.find(
      (r) =>
        r.priority === 'default' ||
        ((r.pathPatterns.length === 0 || r.pathPatterns.some((p) => matchesPathPattern(p, path))) &&
          (r.hostHeaders === undefined || r.hostHeaders.some((h) => h.toLowerCase() === hostName))),
    );
    return rule ? this.targetGroups.get(rule.targetGroupArn) : undefined;
  }

  /** The distinct target groups a load balancer's listeners forward to, in rule order. */
  targetGroupsOf(loadBalancerArn: string): AlbTargetGroup[] {
    const arns = new Set<string>();
    for (const listener of this.listenersOf(loadBalancerArn)) {
      for (const rule of listener.rules) arns.add(rule.targetGroupArn);
    }
    return [...arns]
      .map((arn) => this.targetGroups.get(arn))
      .filter((g): g is AlbTargetGroup => g !== undefined);
  }

  /** Every rule of every listener, with its listener. */
  rules(): { listener: ListenerModel; rule: RuleModel }[] {
    return [...this.listeners.values()].flatMap((listener) =>
      listener.rules.map((rule) => ({ listener, rule })),
    );
  }
}
