/**
 * The operator role's permission list: what `mysfits-dr` calls, per AWS service, and which
 * kind of resource each group of actions applies to. The list lives beside the adapters in
 * `src/aws/permissions.json` and nowhere else: without it, synth stops (no built-in fallback
 * that would silently grant a stale list).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Kinds of resource a statement can be scoped to; `*` only for actions without resource-level support. */
export const RESOURCE_KINDS = [
  'table',
  'controltable',
  'likesTable',
  'accelerator',
  'cluster',
  'service',
  'task',
  'loadbalancer',
  'targetgroup',
  'alarm',
  'stack',
  'xraygroup',
  'experiment',
  '*',
] as const;

/** One of {@link RESOURCE_KINDS}. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** One entry of `permissions.json`. */
export interface PermissionStatement {
  /** IAM service prefix, e.g. `dynamodb`. */
  readonly service: string;
  /** Fully named actions of that service (no wildcards). */
  readonly actions: readonly string[];
  /** What the actions apply to. */
  readonly resource: ResourceKind;
}

/** Where the permission list lives (read at synth time; it is inside this repository). */
export const PERMISSIONS_FILE = fileURLToPath(
  new URL('../../src/aws/permissions.json', import.meta.url),
);

const SERVICE = /^[a-z0-9-]+$/;
const ACTION = /^([a-z0-9-]+):([A-Za-z0-9]+)$/;

/**
 * Validates a parsed `permissions.json`. Throws naming the file, the entry and the fix for:
 * a non-array, an unknown resource kind, an action of another service, and any wildcard
 * action (`*`, `svc:*`, `svc:Describe*`): least privilege means naming every action.
 */
export function parsePermissions(json: unknown, source: string): PermissionStatement[] {
  if (!Array.isArray(json) || json.length === 0) {
    throw new Error(`${source}: expected a non-empty JSON array of { service, actions, resource }`);
  }
  return json.map((entry: unknown, i) => {
    const where = `${source}[${i}]`;
    const e = (entry ?? {}) as Record<string, unknown>;
    if (typeof e.service !== 'string' || !SERVICE.test(e.service)) {
      throw new Error(`${where}.service: expected an IAM service prefix such as "dynamodb"`);
    }
    if (!RESOURCE_KINDS.includes(e.resource as ResourceKind)) {
      throw new Error(`${where}.resource: expected one of ${RESOURCE_KINDS.join(', ')}`);
    }
    if (!Array.isArray(e.actions) || e.actions.length === 0) {
      throw new Error(`${where}.actions: expected a non-empty array of action names`);
    }
    for (const action of e.actions) {
      const match = typeof action === 'string' ? ACTION.exec(action) : null;
      if (!match) {
        throw new Error(
          `${where}.actions: "${String(action)}" is not a fully named action such as ` +
            `"${e.service}:DescribeTable" (wildcards are refused: list each action)`,
        );
      }
      if (match[1] !== e.service) {
        throw new Error(`${where}.actions: "${action}" does not belong to service "${e.service}"`);
      }
    }
    return {
      service: e.service,
      actions: [...(e.actions as string[])],
      resource: e.resource as ResourceKind,
    };
  });
}

/**
 * The statements to grant, from `file` (default `src/aws/permissions.json`). Throws naming the
 * file and the fix when it is missing or is not JSON; see {@link parsePermissions} for the rest.
 */
export function loadOperatorPermissions(file: string = PERMISSIONS_FILE): {
  statements: PermissionStatement[];
  source: string;
} {
  if (!existsSync(file)) {
    throw new Error(
      `${file}: the operator role's permission list is missing. It is part of the repository ` +
        '(src/aws/permissions.json, what mysfits-dr calls): restore it with ' +
        '`git checkout -- src/aws/permissions.json`, or synthesize from a complete checkout.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return { statements: parsePermissions(json, file), source: file };
}
