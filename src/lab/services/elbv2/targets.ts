/**
 * The ELBv2 target operations: DescribeTargetHealth, RegisterTargets, DeregisterTargets.
 * Registration goes through the same AlbTargetGroup as ECS's TargetRegistry calls, so targets
 * registered by an operator are health-checked and served like task targets.
 */
import type { AlbTargetGroup } from '../../dataplane/alb-target-group.js';
import type { TargetAddress } from '../../dataplane/contracts.js';
import {
  constraintMessage,
  missingParameter,
  type QueryNode,
  queryInteger,
  queryList,
  queryString,
  validationError,
  type XmlValue,
} from '../../protocol/query-xml.js';
import { checkArn, invalidTarget, targetGroupNotFound } from './errors.js';
import type { ElbRegion } from './model.js';
import { targetHealthShape } from './serialize.js';

type Params = { [key: string]: QueryNode };
type Result = { [key: string]: XmlValue };

/** The target group named by `TargetGroupArn` (required). */
export function requireTargetGroup(state: ElbRegion, params: Params): AlbTargetGroup {
  const arn = queryString(params, 'TargetGroupArn');
  if (arn === undefined) throw missingParameter('targetGroupArn');
  checkArn('target group', arn);
  const group = state.targetGroups.get(arn);
  if (!group) throw targetGroupNotFound(arn);
  return group;
}

/** `Targets.member.N.{Id,Port}`; Port undefined when not given. */
function readTargets(
  params: Params,
  required: boolean,
): { id: string; port?: number }[] | undefined {
  const members = queryList(params, 'Targets');
  if (members === undefined) {
    if (required) throw missingParameter('targets');
    return undefined;
  }
  return members.map((member, index) => {
    const id = queryString(member, 'Id');
    if (id === undefined) throw missingParameter(`targets.${index + 1}.member.id`);
    const port = queryInteger(member, 'Port', `targets.${index + 1}.member.port`);
    if (port !== undefined && (port < 1 || port > 65535)) {
      const bound = port < 1 ? 'greater than or equal to 1' : 'less than or equal to 65535';
      throw validationError(
        constraintMessage(String(port), `targets.${index + 1}.member.port`, `have value ${bound}`),
      );
    }
    return { id, port };
  });
}

/** DescribeTargetHealth: every registered target, or the ones asked for (unused when not registered). */
export function describeTargetHealth(state: ElbRegion, params: Params): Result {
  const group = requireTargetGroup(state, params);
  const asked = readTargets(params, false);
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

function addresses(group: AlbTargetGroup, params: Params): TargetAddress[] {
  return readTargets(params, true)!.map(({ id, port }) => ({
    id,
    port: port ?? group.config.port,
  }));
}

/**
 * RegisterTargets: each target starts `initial`; health checks decide from then on. Targets
 * are `127.0.0.1` in an `ip` group and a function the lab knows (its ARN) in a `lambda` group.
 */
export function registerTargets(state: ElbRegion, params: Params): Result {
  const group = requireTargetGroup(state, params);
  const targets = addresses(group, params);
  const lambda = group.config.targetType === 'lambda';
  // An ip target is a task on 127.0.0.1; a lambda target is a function the lab runs there.
  const known = (id: string) => (lambda ? state.functions.has(id) : id === '127.0.0.1');
  for (const target of targets) if (!known(target.id)) throw invalidTarget(target.id);
  for (const target of targets) group.register(target);
  return {};
}

/** DeregisterTargets: each registered target drains for the group's deregistration delay. */
export function deregisterTargets(state: ElbRegion, params: Params): Result {
  const group = requireTargetGroup(state, params);
  for (const target of addresses(group, params)) void group.deregister(target);
  return {};
}
