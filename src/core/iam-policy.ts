/**
 * The least-privilege IAM policy of the mysfits-dr operator: one statement per entry of
 * src/aws/permissions.json (the actions the CLI's adapters send), scoped to the resources
 * of one deployment. `mysfits-dr iam-policy` prints it; infra/ builds the operator role
 * from the same entries and the same `statementsFor`.
 */
import { CANARY_PREFIX } from './replication/canary.js';

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

/** The ARNs each resource kind stands for in one deployment, and what narrows them further. */
export type ResourceArns = Readonly<
  Record<Exclude<ResourceKind, '*'>, readonly string[]> & {
    tableStream: readonly string[];
    /**
     * The items (`dynamodb:LeadingKeys` patterns) the tool may touch in a table that is not
     * only its own: the app's table (its canaries), the likes table (the counters it reads),
     * and the control table when the config has none (its items then live in the app's table).
     */
    leadingKeys: Readonly<Partial<Record<'table' | 'controltable' | 'likesTable', string[]>>>;
    /** The tag a FIS experiment template must carry for the tool to start it. */
    experimentTag: { key: string; value: string };
  }
>;

/** The ids of the tool's own items in the tables it shares (`dynamodb:LeadingKeys`, StringLike). */
const OWN_ITEMS = {
  /** Replication canaries in the app's table (src/core/replication/canary.ts). */
  table: [`${CANARY_PREFIX}*`],
  /** The Like service's counters the drills read (src/drill/rpo.ts). */
  likesTable: ['__likes#*'],
  /** The lock, audit trail and switches, in the app's table without a control table. */
  controltable: ['__lock#*', '__audit#*', '__routing#*'],
} as const;

/** DynamoDB actions on one item, which `dynamodb:LeadingKeys` can narrow. */
const ITEM_ACTIONS: ReadonlySet<string> = new Set([
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:UpdateItem',
]);

/** The tag key of the FIS experiment templates a deployment's drills may start. */
export const EXPERIMENT_TAG_KEY = 'mysfits-dr:application';

/** DynamoDB actions whose resource is the table's stream, not the table. */
export const STREAM_ACTIONS: ReadonlySet<string> = new Set([
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
]);

/** IAM condition operators → condition keys → values. */
export type PolicyConditions = Record<string, Record<string, string[]>>;

/** One IAM statement (Allow). */
export interface PolicyStatement {
  actions: string[];
  resources: string[];
  conditions?: PolicyConditions;
  /** What part of its entry the statement is (`stream`, `items`, `template`), for its Sid. */
  part?: string;
}

/**
 * An entry as IAM statements: a table's item actions narrowed to the tool's own items
 * (`dynamodb:LeadingKeys`) where the table is not the tool's alone, a table's stream actions on
 * its streams, and FIS's StartExperiment on experiment templates only when they carry the
 * deployment's tag (StopExperiment and the experiment itself are not narrowed: FIS names the
 * experiment).
 */
export function statementsFor(entry: PermissionEntry, arns: ResourceArns): PolicyStatement[] {
  if (entry.resource === '*') return [{ actions: [...entry.actions], resources: ['*'] }];
  if (entry.resource === 'experiment') return experimentStatements(entry, arns);
  const kind = entry.resource;
  const base =
    kind === 'table' ? entry.actions.filter((a) => !STREAM_ACTIONS.has(a)) : entry.actions;
  const leadingKeys =
    kind === 'table' || kind === 'controltable' || kind === 'likesTable'
      ? arns.leadingKeys[kind]
      : undefined;
  const items = leadingKeys ? base.filter((a) => ITEM_ACTIONS.has(a)) : [];
  const statements: PolicyStatement[] = [
    { actions: base.filter((a) => !items.includes(a)), resources: [...arns[kind]] },
    {
      actions: items,
      resources: [...arns[kind]],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...(leadingKeys ?? [])] },
      },
      part: 'items',
    },
  ];
  if (kind === 'table') {
    const stream = entry.actions.filter((a) => STREAM_ACTIONS.has(a));
    statements.push({ actions: stream, resources: [...arns.tableStream], part: 'stream' });
  }
  return statements.filter((s) => s.actions.length > 0);
}

/** FIS: StartExperiment on tagged templates; both actions on the experiments FIS creates. */
function experimentStatements(entry: PermissionEntry, arns: ResourceArns): PolicyStatement[] {
  const templates = arns.experiment.filter((a) => a.includes(':experiment-template/'));
  const experiments = arns.experiment.filter((a) => !a.includes(':experiment-template/'));
  const start = entry.actions.filter((a) => a === 'fis:StartExperiment');
  const { key, value } = arns.experimentTag;
  return [
    {
      actions: start,
      resources: templates,
      conditions: { StringEquals: { [`aws:ResourceTag/${key}`]: [value] } },
      part: 'template',
    },
    { actions: [...entry.actions], resources: experiments },
  ].filter((s) => s.actions.length > 0);
}

/** An IAM policy document as AWS expects it. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: {
    Sid: string;
    Effect: 'Allow';
    Action: string[];
    Resource: string[];
    Condition?: PolicyConditions;
  }[];
}

/** The whole policy for a set of entries and resources; statement ids name service and kind. */
export function policyDocument(
  entries: readonly PermissionEntry[],
  arns: ResourceArns,
): PolicyDocument {
  const statements = entries.flatMap((entry) =>
    statementsFor(entry, arns).map((s) => ({
      Sid: [entry.service, entry.resource === '*' ? 'any' : entry.resource, s.part ?? '']
        .map((part) => part.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toUpperCase()))
        .join(''),
      Effect: 'Allow' as const,
      Action: [...s.actions].sort(),
      Resource: s.resources,
      ...(s.conditions ? { Condition: s.conditions } : {}),
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
  /** The application's name: FIS templates a drill may start carry it as EXPERIMENT_TAG_KEY. */
  application: string;
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
    leadingKeys: {
      table: [...OWN_ITEMS.table],
      likesTable: [...OWN_ITEMS.likesTable],
      // The control table is the tool's alone; without one, its items are in the app's table.
      ...(t.controlTable ? {} : { controltable: [...OWN_ITEMS.controltable] }),
    },
    experimentTag: { key: EXPERIMENT_TAG_KEY, value: t.application },
  };
}
