/**
 * The ELBv2 read operations: DescribeLoadBalancers, DescribeTargetGroups, DescribeListeners,
 * DescribeRules (each with Marker/PageSize paging), DescribeLoadBalancerAttributes and
 * DescribeTargetGroupAttributes.
 */
import { validationError, type XmlValue } from '../../protocol/query-xml.js';
import { paginate as paginateList, prefixTokens } from '../../protocol/paginate.js';
import {
  checkArn,
  listenerNotFound,
  loadBalancerNotFound,
  ruleNotFound,
  targetGroupNotFound,
} from './errors.js';
import type { ElbInput } from './input.js';
import type { ElbRegion } from './model.js';
import {
  listenerShape,
  loadBalancerAttributes,
  loadBalancerShape,
  ruleShape,
  targetGroupAttributes,
  targetGroupShape,
} from './serialize.js';

type Result = { [key: string]: XmlValue };

const ELB_MARKERS = prefixTokens('lab:');

/** Cuts a list into pages: `PageSize` 1–400 (default 400), `Marker` from the previous page. */
export function paginate<T>(
  items: T[],
  input: { Marker?: string; PageSize?: number },
): { page: T[]; nextMarker?: string } {
  const { items: page, nextToken } = paginateList(items, {
    size: input.PageSize ?? 400,
    token: input.Marker,
    codec: ELB_MARKERS,
    invalidToken: (marker) => validationError(`The marker '${marker}' is not valid.`),
  });
  return nextToken === undefined ? { page } : { page, nextMarker: nextToken };
}

/** DescribeLoadBalancers: all, or by LoadBalancerArns or Names. */
export function describeLoadBalancers(
  state: ElbRegion,
  input: ElbInput<'DescribeLoadBalancers'>,
): Result {
  const arns = input.LoadBalancerArns;
  const names = input.Names;
  if (arns?.length && names?.length) {
    throw validationError(
      'Load balancer names and load balancer ARNs cannot be specified at the same time',
    );
  }
  let lbs = [...state.loadBalancers.values()];
  if (arns?.length) {
    arns.forEach((arn) => checkArn('load balancer', arn));
    const missing = arns.filter((arn) => !state.loadBalancers.has(arn));
    if (missing.length) throw loadBalancerNotFound(missing);
    lbs = lbs.filter((lb) => arns.includes(lb.arn));
  } else if (names?.length) {
    if (names.some((name) => !lbs.some((lb) => lb.name === name))) throw loadBalancerNotFound();
    lbs = lbs.filter((lb) => names.includes(lb.name));
  }
  const { page, nextMarker } = paginate(lbs, input);
  return { LoadBalancers: page.map(loadBalancerShape), NextMarker: nextMarker };
}

/** DescribeTargetGroups: all, or by LoadBalancerArn, TargetGroupArns or Names. */
export function describeTargetGroups(
  state: ElbRegion,
  input: ElbInput<'DescribeTargetGroups'>,
): Result {
  const lbArn = input.LoadBalancerArn;
  const arns = input.TargetGroupArns;
  const names = input.Names;
  let groups = [...state.targetGroups.values()];
  if (lbArn !== undefined) {
    checkArn('load balancer', lbArn);
    if (!state.loadBalancers.has(lbArn)) throw loadBalancerNotFound([lbArn]);
    groups = groups.filter((g) => g.config.loadBalancerArns.includes(lbArn));
  }
  if (arns?.length) {
    arns.forEach((arn) => checkArn('target group', arn));
    if (arns.some((arn) => !state.targetGroups.has(arn))) throw targetGroupNotFound();
    groups = groups.filter((g) => arns.includes(g.config.arn));
  }
  if (names?.length) {
    if (names.some((name) => !groups.some((g) => g.config.name === name)))
      throw targetGroupNotFound();
    groups = groups.filter((g) => names.includes(g.config.name));
  }
  const { page, nextMarker } = paginate(groups, input);
  return { TargetGroups: page.map(targetGroupShape), NextMarker: nextMarker };
}

/** DescribeListeners: by LoadBalancerArn or ListenerArns. */
export function describeListeners(state: ElbRegion, input: ElbInput<'DescribeListeners'>): Result {
  const lbArn = input.LoadBalancerArn;
  const arns = input.ListenerArns;
  let listeners;
  if (arns?.length) {
    arns.forEach((arn) => checkArn('listener', arn));
    if (arns.some((arn) => !state.listeners.has(arn))) throw listenerNotFound();
    listeners = arns.map((arn) => state.listeners.get(arn)!);
  } else if (lbArn !== undefined) {
    checkArn('load balancer', lbArn);
    if (!state.loadBalancers.has(lbArn)) throw loadBalancerNotFound([lbArn]);
    listeners = state.listenersOf(lbArn);
  } else {
    throw validationError('You must specify either listener ARNs or a load balancer ARN');
  }
  const { page, nextMarker } = paginate(listeners, input);
  return { Listeners: page.map(listenerShape), NextMarker: nextMarker };
}

/** DescribeRules: by ListenerArn or RuleArns (priority order, the default rule last). */
export function describeRules(state: ElbRegion, input: ElbInput<'DescribeRules'>): Result {
  const listenerArn = input.ListenerArn;
  const arns = input.RuleArns;
  let rules;
  if (arns?.length) {
    arns.forEach((arn) => checkArn('rule', arn));
    const all = state.rules().map((r) => r.rule);
    if (arns.some((arn) => !all.some((r) => r.arn === arn))) throw ruleNotFound();
    rules = all.filter((r) => arns.includes(r.arn));
  } else if (listenerArn !== undefined) {
    checkArn('listener', listenerArn);
    const listener = state.listeners.get(listenerArn);
    if (!listener) throw listenerNotFound(listenerArn);
    rules = listener.rules;
  } else {
    throw validationError('You must specify either listener rule ARNs or a listener ARN');
  }
  const { page, nextMarker } = paginate(rules, input);
  return { Rules: page.map(ruleShape), NextMarker: nextMarker };
}

/** DescribeLoadBalancerAttributes. */
export function describeLoadBalancerAttributes(
  state: ElbRegion,
  input: ElbInput<'DescribeLoadBalancerAttributes'>,
): Result {
  const arn = input.LoadBalancerArn;
  checkArn('load balancer', arn);
  const lb = state.loadBalancers.get(arn);
  if (!lb) throw loadBalancerNotFound([arn]);
  return { Attributes: loadBalancerAttributes(lb) };
}

/** DescribeTargetGroupAttributes. */
export function describeTargetGroupAttributes(
  state: ElbRegion,
  input: ElbInput<'DescribeTargetGroupAttributes'>,
): Result {
  const arn = input.TargetGroupArn;
  checkArn('target group', arn);
  const group = state.targetGroups.get(arn);
  if (!group) throw targetGroupNotFound(arn);
  return { Attributes: targetGroupAttributes(group) };
}
