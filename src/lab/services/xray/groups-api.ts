/**
 * The group operations of the X-Ray API: CreateGroup, GetGroup, GetGroups, UpdateGroup and
 * DeleteGroup, over one region's groups. Filter expressions are checked with the same parser
 * as GetTraceSummaries. Tags are accepted (shape-checked) and not kept.
 */
import { invalidRequest } from './errors.js';
import { groupShape, type InsightsConfiguration, type XRayGroupStore } from './groups.js';
import {
  type Input,
  optionalBoolean,
  optionalString,
  optionalStruct,
  requiredString,
} from './input.js';

function groupRef(input: Input): { name?: string; arn?: string } {
  return {
    name: optionalString(input, 'GroupName', { min: 1, max: 32 }),
    arn: optionalString(input, 'GroupARN', { min: 1, max: 400 }),
  };
}

function insightsInput(input: Input): Partial<InsightsConfiguration> | undefined {
  const struct = optionalStruct(input, 'InsightsConfiguration');
  if (struct === undefined) return undefined;
  return {
    InsightsEnabled: optionalBoolean(struct, 'InsightsEnabled'),
    NotificationsEnabled: optionalBoolean(struct, 'NotificationsEnabled'),
  };
}

function checkTags(input: Input): void {
  const tags = input.Tags;
  if (tags === undefined || tags === null) return;
  const valid =
    Array.isArray(tags) &&
    tags.length <= 50 &&
    tags.every(
      (t) =>
        t !== null &&
        typeof t === 'object' &&
        typeof (t as Input).Key === 'string' &&
        typeof (t as Input).Value === 'string',
    );
  if (!valid) throw invalidRequest('Tags must be a list of at most 50 {Key, Value} strings.');
}

/** CreateGroup. */
export function createGroup(groups: XRayGroupStore, input: Input): Record<string, unknown> {
  checkTags(input);
  const group = groups.create({
    name: requiredString(input, 'GroupName', { min: 1, max: 32 }),
    filterExpression: optionalString(input, 'FilterExpression'),
    insights: insightsInput(input),
  });
  return { Group: groupShape(group) };
}

/** GetGroup. */
export function getGroup(groups: XRayGroupStore, input: Input): Record<string, unknown> {
  return { Group: groupShape(groups.find(groupRef(input))) };
}

/** GetGroups: every group of the region, Default first, in one page. */
export function getGroups(groups: XRayGroupStore, input: Input): Record<string, unknown> {
  optionalString(input, 'NextToken', { min: 1, max: 100 });
  return { Groups: groups.list().map(groupShape) };
}

/** UpdateGroup. */
export function updateGroup(groups: XRayGroupStore, input: Input): Record<string, unknown> {
  const group = groups.update(groupRef(input), {
    filterExpression: optionalString(input, 'FilterExpression'),
    insights: insightsInput(input),
  });
  return { Group: groupShape(group) };
}

/** DeleteGroup. */
export function deleteGroup(groups: XRayGroupStore, input: Input): Record<string, unknown> {
  groups.delete(groupRef(input));
  return {};
}
