/**
 * The ELBv2 target operations: DescribeTargetHealth, RegisterTargets, DeregisterTargets.
 * Registration goes through the same AlbTargetGroup as ECS's TargetRegistry calls, so targets
 * registered by an operator are health-checked and served like task targets.
 */
import type { AlbTargetGroup } from '../../dataplane/alb-target-group.js';
import type { TargetAddress } from '../../dataplane/contracts.js';
import type { XmlValue } from '../../protocol/query-xml.js';
import { checkArn, invalidTarget, targetGroupNotFound } from './errors.js';
import type { ElbInput } from './input.js';
import type { ElbRegion } from './model.js';
import { targetHealthShape } from './serialize.js';

type Result = { [key: string]: XmlValue };

/** The target group named by `TargetGroupArn` (required: the decoder refuses its absence). */
export function requireTargetGroup(
  state: ElbRegion,
  input: { TargetGroupArn: string },
): AlbTargetGroup {
  const arn = input.TargetGroupArn;
  checkArn('target group', arn);
  const group = state.targetGroups.get(arn);
  if (!group) throw targetGroupNotFound(arn);
  return group;
}

/** DescribeTargetHealth: every registered target, or the ones asked for (unused when not registered). */
export function describeTargetHealth(
  state: ElbRegion,
  input: ElbInput<'DescribeTargetHealth'>,
): Result {
  const group = requireTargetGroup(state, input);
  const asked = input.Targets?.map((t) => ({ id: t.Id, port: t.Port }));
  const descriptions: XmlValue[] = [];
  if (!asked?.length) {
    for (const target of group.targets())
      descriptions.push(targetHealthShape(group, target, group.healthOf(target)));
  } else {
    for (const { id, port } of asked) {
      const matches = group
        .targets()
        .filter((t) => t.id === id && (port === undefined || t.port === port));
      if (matches.length === 0) {
        const address = { id, port: port ?? group.config.port };
        descriptions.push(targetHealthShape(group, address, group.healthOf(address)));
      }
      for (const target of matches)
        descriptions.push(targetHealthShape(group, target, group.healthOf(target)));
    }
  }
  return { TargetHealthDescriptions: descriptions };
}

function addresses(
  group: AlbTargetGroup,
  targets: { Id: string; Port?: number }[],
): TargetAddress[] {
  return targets.map(({ Id, Port }) => ({ id: Id, port: Port ?? group.config.port }));
}

/**
 * RegisterTargets: each target starts `initial`; health checks decide from then on. Targets
 * are `127.0.0.1` in an `ip` group and a function the lab knows (its ARN) in a `lambda` group.
 */
export function registerTargets(state: ElbRegion, input: ElbInput<'RegisterTargets'>): Result {
  const group = requireTargetGroup(state, input);
  const targets = addresses(group, input.Targets);
  const lambda = group.config.targetType === 'lambda';
  // An ip target is a task on 127.0.0.1; a lambda target is a function the lab runs there.
  const known = (id: string) => (lambda ? state.functions.has(id) : id === '127.0.0.1');
  for (const target of targets) if (!known(target.id)) throw invalidTarget(target.id);
  for (const target of targets) group.register(target);
  return {};
}

/** DeregisterTargets: each registered target drains for the group's deregistration delay. */
export function deregisterTargets(state: ElbRegion, input: ElbInput<'DeregisterTargets'>): Result {
  const group = requireTargetGroup(state, input);
  for (const target of addresses(group, input.Targets)) void group.deregister(target);
  return {};
}
