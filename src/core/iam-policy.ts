/**
 * The least-privilege IAM policy of the mysfits-dr operator: one statement per entry of
 * src/aws/permissions.json (the actions the CLI's adapters send), scoped to the resources
 * of one deployment. `mysfits-dr iam-policy` prints it; infra/ builds the operator role
 * from the same entries and the same `statementsFor`.
 */

/** Kinds of resource a permission entry applies to; `*` only for actions without resource-level permissions. */
export type ResourceKind =
  | 'table'
  | 'controltable'
  | 'likesTable'
  | 'accelerator'
  | 'cluster'
  | 'service'
  | 'task'
  | 'loadbalancer'
  | 'targetgroup'
  | 'alarm'
  | 'stack'
  | 'xraygroup'
  | 'experiment'
  | '*';

/** One entry of permissions.json. */
export interface PermissionEntry {
  readonly service: string;
  readonly actions: readonly string[];
  readonly resource: ResourceKind;
}

/** The ARNs each resource kind stands for in one deployment. */
export type ResourceArns = Readonly<
  Record<Exclude<ResourceKind, '*'>, readonly string[]> & { tableStream: readonly string[] }
>;

/** DynamoDB actions whose resource is the table's stream, not the table. */
export const STREAM_ACTIONS: ReadonlySet<string> = new Set([
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
]);

/** One IAM statement (Allow). */
export interface PolicyStatement {
  actions: string[];
  resources: string[];
}

/** An entry as IAM statements: `table` entries split into table and stream parts. */
export function statementsFor(entry: PermissionEntry, arns: ResourceArns): PolicyStatement[] {
  if (entry.resource === '*') return [{ actions: [...entry.actions], resources: ['*'] }];
  if (entry.resource !== 'table') {
    return [{ actions: [...entry.actions], resources: [...arns[entry.resource]] }];
  }
  const stream = entry.actions.filter((a) => STREAM_ACTIONS.has(a));
  const table = entry.actions.filter((a) => !STREAM_ACTIONS.has(a));
  return [
    { actions: table, resources: [...arns.table] },
    { actions: stream, resources: [...arns.tableStream] },
  ].filter((s) => s.actions.length > 0);
}

/** An IAM policy document as AWS expects it. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string[] }[];
}

/** The whole policy for a set of entries and resources; statement ids name service and kind. */
export function policyDocument(
  entries: readonly PermissionEntry[],
  arns: ResourceArns,
): PolicyDocument {
  const statements = entries.flatMap((entry) =>
    statementsFor(entry, arns).map((s, i) => ({
      Sid: [entry.service, entry.resource === '*' ? 'any' : entry.resource, i ? 'stream' : '']
        .map((part) => part.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toUpperCase()))
        .join(''),
      Effect: 'Allow' as const,
      Action: [...s.actions].sort(),
      Resource: s.resources,
    })),
  );
  return { Version: '2012-10-17', Statement: statements };
}

/** What `resourceArnsForConfig` needs from a config. */
export interface PolicyTopology {
  account: string;
  partition: string;
  tableName: string;
  /** The control table and its replica regions; without one, its items are in `tableName`. */
  controlTable?: { name: string; regions: readonly string[] };
  /** The likes table (drills read the Like service's counters there). */
  likesTableName: string;
  acceleratorArns: readonly string[];
  stackNames: readonly { region: string; name: string }[];
  regions: readonly {
    name: string;
    cluster: string;
    services: readonly string[];
    loadBalancerArn: string;
    targetGroupArns: readonly string[];
    alarms: readonly string[];
    xrayGroups: readonly string[];
  }[];
}

/** The ARNs of each kind for a deployment described by a topology. */
export function resourceArns(t: PolicyTopology): ResourceArns {
  const arn = (region: string, service: string, resource: string) =>
    `arn:${t.partition}:${service}:${region}:${t.account}:${resource}`;
  const each = <T>(fn: (r: PolicyTopology['regions'][number]) => T[]) => t.regions.flatMap(fn);
  return {
    table: each((r) => [arn(r.name, 'dynamodb', `table/${t.tableName}`)]),
    tableStream: each((r) => [arn(r.name, 'dynamodb', `table/${t.tableName}/stream/*`)]),
    controltable: t.controlTable
      ? t.controlTable.regions.map((r) => arn(r, 'dynamodb', `table/${t.controlTable!.name}`))
      : each((r) => [arn(r.name, 'dynamodb', `table/${t.tableName}`)]),
    likesTable: each((r) => [arn(r.name, 'dynamodb', `table/${t.likesTableName}`)]),
    accelerator: [...t.acceleratorArns],
    cluster: each((r) => [arn(r.name, 'ecs', `cluster/${r.cluster}`)]),
    service: each((r) => r.services.map((s) => arn(r.name, 'ecs', `service/${r.cluster}/${s}`))),
    task: each((r) => [arn(r.name, 'ecs', `task/${r.cluster}/*`)]),
    loadbalancer: each((r) => [r.loadBalancerArn]),
    targetgroup: each((r) => [...r.targetGroupArns]),
    alarm: each((r) => r.alarms.map((a) => arn(r.name, 'cloudwatch', `alarm:${a}`))),
    stack: t.stackNames.map((s) => arn(s.region, 'cloudformation', `stack/${s.name}/*`)),
    xraygroup: each((r) => r.xrayGroups.map((g) => arn(r.name, 'xray', `group/${g}/*`))),
    // Drills name FIS templates at run time and FIS assigns experiment ids: any template and
    // experiment of the account, in the deployment's regions only.
    experiment: each((r) => [
      arn(r.name, 'fis', 'experiment-template/*'),
      arn(r.name, 'fis', 'experiment/*'),
    ]),
  };
}
