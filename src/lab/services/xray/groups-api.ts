/**
 * The group operations of the X-Ray API: CreateGroup, GetGroup, GetGroups, UpdateGroup and
 * DeleteGroup, over one region's groups. Filter expressions are checked with the same parser
 * as GetTraceSummaries. Tags are accepted (shape-checked) and not kept.
 */
import { invalidRequest } from './errors.js';
import { groupShape, type XRayGroupStore } from './groups.js';
import type { XRayInput } from './input.js';

type Ref = { GroupName?: string; GroupARN?: string };

/** The most user-applied tags a resource may have (X-Ray API Reference, TagResource). */
const MAX_TAGS = 50;

function groupRef(input: Ref): { name?: string; arn?: string } {
  return { name: input.GroupName, arn: input.GroupARN };
}

/** CreateGroup. */
export function createGroup(
  groups: XRayGroupStore,
  input: XRayInput<'CreateGroup'>,
): Record<string, unknown> {
  if ((input.Tags?.length ?? 0) > MAX_TAGS)
    throw invalidRequest(`Tags can hold at most ${MAX_TAGS} tags, the most a resource may have.`);
  const group = groups.create({
    name: input.GroupName,
    filterExpression: input.FilterExpression,
    insights: input.InsightsConfiguration,
  });
  return { Group: groupShape(group) };
}

/** GetGroup. */
export function getGroup(groups: XRayGroupStore, input: Ref): Record<string, unknown> {
  return { Group: groupShape(groups.find(groupRef(input))) };
}

/** GetGroups: every group of the region, Default first, in one page (NextToken is checked only). */
export function getGroups(groups: XRayGroupStore): Record<string, unknown> {
  return { Groups: groups.list().map(groupShape) };
}

/** UpdateGroup. */
export function updateGroup(
  groups: XRayGroupStore,
  input: XRayInput<'UpdateGroup'>,
): Record<string, unknown> {
  const group = groups.update(groupRef(input), {
    filterExpression: input.FilterExpression,
    insights: input.InsightsConfiguration,
  });
  return { Group: groupShape(group) };
}

/** DeleteGroup. */
export function deleteGroup(groups: XRayGroupStore, input: Ref): Record<string, unknown> {
  groups.delete(groupRef(input));
  return {};
}
