/**
 * The app's settings, read from CDK context (`-c key=value` or cdk.json) and validated
 * before any construct is built, so a typo fails synth with one clear message.
 */

/** The only region whose endpoint serves the Global Accelerator API (and its CloudFormation). */
export const ACCELERATOR_REGION = 'us-west-2';

/** A placeholder account so `cdk synth` works offline without credentials. */
export const PLACEHOLDER_ACCOUNT = '123456789012';

/** Everything the stacks are parameterised by. */
export interface AppSettings {
  /** Prefix of every stack name (`<prefix>-<region>`, `<prefix>-global`). */
  readonly stackPrefix: string;
  /** AWS account id every stack deploys to. */
  readonly account: string;
  /** Region that normally serves traffic; holds the global table's source. */
  readonly primaryRegion: string;
  /** Region that takes over; holds the table replica. */
  readonly secondaryRegion: string;
  /** DynamoDB global table name, the same in every region. */
  readonly tableName: string;
  /** The control table (MRSC: lock, audit trail, routing switches), replicated like the app's. */
  readonly controlTableName: string;
  /** The control table's witness region (a third region of the MRSC region set). */
  readonly witnessRegion: string;
  /** The likes table (the Like service's per-region counters), a global table too. */
  readonly likesTableName: string;
  /** Who may assume the operator role; undefined means the account root. */
  readonly operatorPrincipalArn: string | undefined;
  /** Pinned AZs per region (optional); by default the first two of `Fn::GetAZs`. */
  readonly availabilityZones: Readonly<Record<string, readonly [string, string]>>;
  /** Keep the global table (RETAIN + deletion protection) when its stack is deleted. */
  readonly retainTable: boolean;
}

/** Anything that answers `tryGetContext` (an App, a Node, or a test double). */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/** Thrown for an invalid context value; the message names the key and the fix. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const PREFIX = /^[A-Za-z][A-Za-z0-9-]{0,40}$/;
const ACCOUNT = /^\d{12}$/;
const TABLE = /^[a-zA-Z0-9_.-]{3,255}$/;
const IAM_PRINCIPAL = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/;

function str(ctx: ContextSource, key: string, fallback: string, pattern: RegExp, hint: string) {
  const raw = ctx.tryGetContext(key);
  const value = raw === undefined || raw === null || raw === '' ? fallback : String(raw);
  if (!pattern.test(value)) {
    throw new SettingsError(`context "${key}"="${value}" is invalid: expected ${hint}`);
  }
  return value;
}

function bool(ctx: ContextSource, key: string, fallback: boolean): boolean {
  const raw = ctx.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new SettingsError(`context "${key}"="${String(raw)}" is invalid: expected true or false`);
}

function zones(ctx: ContextSource, regions: string[]): AppSettings['availabilityZones'] {
  const raw = ctx.tryGetContext('availabilityZones');
  let given: Record<string, unknown>;
  try {
    given = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Record<string, unknown>;
  } catch {
    throw new SettingsError(
      'context "availabilityZones" is invalid: expected JSON such as {"us-east-1":["us-east-1a","us-east-1b"]}',
    );
  }
  const result: Record<string, readonly [string, string]> = {};
  for (const region of regions) {
    const list = given[region];
    if (list === undefined) continue;
    const ok =
      Array.isArray(list) &&
      list.length === 2 &&
      list.every((az) => typeof az === 'string' && az.startsWith(region));
    if (!ok) {
      throw new SettingsError(
        `context "availabilityZones.${region}" is invalid: expected two AZ names of ${region}, e.g. ["${region}a","${region}b"]`,
      );
    }
    result[region] = [list[0] as string, list[1] as string];
  }
  return result;
}

/**
 * Reads and validates the settings. `env` supplies CDK_DEFAULT_ACCOUNT (set by the CDK CLI
 * when credentials are present); without it the placeholder account keeps synth offline.
 */
export function readSettings(ctx: ContextSource, env: NodeJS.ProcessEnv = {}): AppSettings {
  const region = 'an AWS region name such as us-west-2';
  const primaryRegion = str(ctx, 'primaryRegion', 'us-west-2', REGION, region);
  const secondaryRegion = str(ctx, 'secondaryRegion', 'us-east-1', REGION, region);
  if (primaryRegion === secondaryRegion) {
    throw new SettingsError(
      `context "secondaryRegion" must differ from "primaryRegion" (both are ${primaryRegion})`,
    );
  }
  const account = str(
    ctx,
    'account',
    env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT,
    ACCOUNT,
    'a 12-digit AWS account id',
  );
  const principal = ctx.tryGetContext('operatorPrincipalArn');
  const operatorPrincipalArn =
    principal === undefined || principal === ''
      ? undefined
      : str(ctx, 'operatorPrincipalArn', '', IAM_PRINCIPAL, 'an IAM role, user or root ARN');
  return {
    stackPrefix: str(ctx, 'stackPrefix', 'MysfitsDr', PREFIX, 'letters, digits and "-"'),
    account,
    primaryRegion,
    secondaryRegion,
    tableName: str(ctx, 'tableName', 'MysfitsTable', TABLE, 'a DynamoDB table name'),
    controlTableName: str(
      ctx,
      'controlTableName',
      'MysfitsDrControl',
      TABLE,
      'a DynamoDB table name',
    ),
    witnessRegion: witness(ctx, [primaryRegion, secondaryRegion]),
    likesTableName: str(ctx, 'likesTableName', 'MysfitsLikesTable', TABLE, 'a DynamoDB table name'),
    operatorPrincipalArn,
    availabilityZones: zones(ctx, [primaryRegion, secondaryRegion]),
    retainTable: bool(ctx, 'retainTable', true),
  };
}

/** The Region sets of MRSC tables: the replicas and the witness come from one of them. */
const MRSC_REGION_SETS = [
  ['us-east-1', 'us-east-2', 'us-west-2'],
  ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'],
  ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
];

/**
 * The control table's witness region: context "witnessRegion", by default the first region of
 * the replicas' MRSC Region set that is not a replica (us-east-2 for the workshop's regions).
 */
function witness(ctx: ContextSource, replicas: readonly string[]): string {
  const set = MRSC_REGION_SETS.find((s) => replicas.every((r) => s.includes(r)));
  if (!set) {
    throw new SettingsError(
      `the control table (multi-Region strong consistency) needs both regions in one MRSC Region set (${MRSC_REGION_SETS.map((s) => s.join(', ')).join(' | ')}); ${replicas.join(' and ')} are not`,
    );
  }
  const fallback = set.find((r) => !replicas.includes(r))!;
  const value = str(
    ctx,
    'witnessRegion',
    fallback,
    REGION,
    'an AWS region name such as "us-east-2"',
  );
  if (replicas.includes(value) || !set.includes(value)) {
    throw new SettingsError(
      `context "witnessRegion" must differ from both replica regions (${replicas.join(', ')}) and be in their MRSC Region set (${set.join(', ')}): an MRSC table has two replicas and a witness in three regions of one set`,
    );
  }
  return value;
}

/** CloudFormation stack name of a regional stack. */
export function regionalStackName(settings: AppSettings, region: string): string {
  return `${settings.stackPrefix}-${region}`;
}

/** CloudFormation stack name of the global stack (accelerator, dashboard, operator role). */
export function globalStackName(settings: AppSettings): string {
  return `${settings.stackPrefix}-global`;
}
