/**
 * X-Ray groups of one region: a name (case-sensitive, 1–32 characters, unique), an ARN
 * `arn:aws:xray:<region>:<account>:group/<name>/<id>`, an optional filter expression
 * (checked with the same parser as GetTraceSummaries) and the insights settings. The
 * reserved group `Default` (every trace, no filter) always exists and is listed first; it
 * cannot be created, renamed by filter or deleted. At most 25 groups besides Default, as
 * X-Ray's quota.
 */
import { randomBytes } from 'node:crypto';
import { LAB_ACCOUNT_ID } from '../../topology.js';
import type { FilterNode } from './filter/ast.js';
import { groupNotFound, invalidRequest, parseFilterOrThrow } from './errors.js';

/** The insights settings of a group. */
export interface InsightsConfiguration {
  InsightsEnabled: boolean;
  NotificationsEnabled: boolean;
}

/** A group as held. */
export interface XRayGroup {
  name: string;
  arn: string;
  filterExpression?: string;
  filter?: FilterNode;
  insights: InsightsConfiguration;
}

/** The reserved default group's name. */
export const DEFAULT_GROUP = 'Default';
/** Groups a region holds at most, besides Default. */
export const MAX_GROUPS = 25;

const ARN_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function arnId(): string {
  return [...randomBytes(26)].map((b) => ARN_ID_ALPHABET[b % 32]).join('');
}

function insightsOf(
  given: Partial<InsightsConfiguration> | undefined,
  current: InsightsConfiguration = { InsightsEnabled: false, NotificationsEnabled: false },
): InsightsConfiguration {
  const merged = {
    InsightsEnabled: given?.InsightsEnabled ?? current.InsightsEnabled,
    NotificationsEnabled: given?.NotificationsEnabled ?? current.NotificationsEnabled,
  };
  if (merged.NotificationsEnabled && !merged.InsightsEnabled) {
    throw invalidRequest(
      'Notifications can only be enabled on a group with InsightsEnabled set to true.',
    );
  }
  return merged;
}

/** The groups of one region. */
export class XRayGroupStore {
  readonly region: string;
  readonly #groups = new Map<string, XRayGroup>();

  constructor(region: string) {
    this.region = region;
    this.#groups.set(DEFAULT_GROUP, {
      name: DEFAULT_GROUP,
      arn: `arn:aws:xray:${region}:${LAB_ACCOUNT_ID}:group/${DEFAULT_GROUP}`,
      insights: { InsightsEnabled: false, NotificationsEnabled: false },
    });
  }

  /** Creates a group; InvalidRequestException for a taken or reserved name, a bad filter, the quota. */
  create(input: {
    name: string;
    filterExpression?: string;
    insights?: Partial<InsightsConfiguration>;
  }): XRayGroup {
    if (input.name === DEFAULT_GROUP) throw invalidRequest(`${DEFAULT_GROUP} is a reserved name.`);
    if (this.#groups.has(input.name)) throw invalidRequest('Group already exists');
    if (this.#groups.size - 1 >= MAX_GROUPS) {
      throw invalidRequest(`The number of groups in ${this.region} is limited to ${MAX_GROUPS}.`);
    }
    const filter = parseFilterOrThrow(input.filterExpression);
    const group: XRayGroup = {
      name: input.name,
      arn: `arn:aws:xray:${this.region}:${LAB_ACCOUNT_ID}:group/${input.name}/${arnId()}`,
      filterExpression: input.filterExpression,
      filter,
      insights: insightsOf(input.insights),
    };
    this.#groups.set(group.name, group);
    return group;
  }

  /** The group named by ARN (preferred) or name; InvalidRequestException `Group not found`. */
  find(ref: { name?: string; arn?: string }): XRayGroup {
    if (ref.name === undefined && ref.arn === undefined) {
      throw invalidRequest('Either GroupName or GroupARN must be specified.');
    }
    const group =
      ref.arn !== undefined
        ? [...this.#groups.values()].find((g) => g.arn === ref.arn)
        : this.#groups.get(ref.name!);
    if (!group || (ref.name !== undefined && group.name !== ref.name)) throw groupNotFound();
    return group;
  }

  /** Changes a group's filter and/or insights settings. */
  update(
    ref: { name?: string; arn?: string },
    change: { filterExpression?: string; insights?: Partial<InsightsConfiguration> },
  ): XRayGroup {
    const group = this.find(ref);
    if (change.filterExpression !== undefined && group.name === DEFAULT_GROUP) {
      throw invalidRequest(
        `The filter expression of the ${DEFAULT_GROUP} group cannot be changed.`,
      );
    }
    const filter =
      change.filterExpression === undefined
        ? group.filter
        : parseFilterOrThrow(change.filterExpression);
    const insights = insightsOf(change.insights, group.insights);
    if (change.filterExpression !== undefined) {
      group.filterExpression = change.filterExpression;
      group.filter = filter;
    }
    group.insights = insights;
    return group;
  }

  /** Deletes a group. */
  delete(ref: { name?: string; arn?: string }): void {
    const group = this.find(ref);
    if (group.name === DEFAULT_GROUP)
      throw invalidRequest(`The ${DEFAULT_GROUP} group cannot be deleted.`);
    this.#groups.delete(group.name);
  }

  /** Every group, Default first, then in creation order. */
  list(): XRayGroup[] {
    return [...this.#groups.values()];
  }

  /** The group with this name, if any (no error). */
  get(name: string): XRayGroup | undefined {
    return this.#groups.get(name);
  }
}

/** A group as the API shows it (Group / GroupSummary). */
export function groupShape(group: XRayGroup): Record<string, unknown> {
  return {
    GroupName: group.name,
    GroupARN: group.arn,
    FilterExpression: group.filterExpression,
    InsightsConfiguration: group.insights,
  };
}
