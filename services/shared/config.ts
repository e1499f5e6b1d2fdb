/**
 * Environment configuration shared by the Mysfits and Like services. Everything is read
 * once at start-up and validated; a bad or missing value stops the process with one clear
 * message listing every problem (fail fast, before the port is opened).
 */

/** Which of the two workshop services a process is. */
export type ServiceKind = 'mysfits' | 'like';

/** Validated settings every service needs. */
export interface ServiceConfig {
  /** Which service this process is; also the `X-Mysfits-Service` header value. */
  kind: ServiceKind;
  /** AWS region the service runs in and reads DynamoDB from (`AWS_REGION`). */
  region: string;
  /** DynamoDB table holding the mysfits (`DDB_TABLE_NAME`): the workshop's items only. */
  tableName: string;
  /** DynamoDB table holding the per-region like counters (`LIKES_TABLE_NAME`). */
  likesTableName: string;
  /**
   * Every region of the global tables (`MYSFITS_REGIONS`, comma separated, default
   * DEFAULT_MYSFITS_REGIONS); always includes `region`. A mysfit's likes count the like
   * counter of each of these regions (like-counters.ts).
   */
  regions: string[];
  /** TCP port to listen on (`PORT`, default 8080; 0 picks a free port). */
  port: number;
  /** Interface to bind (`HOST`, default 0.0.0.0). */
  host: string;
  /** Name in the `service` field of every log line (`SERVICE_NAME`, default the kind). */
  serviceName: string;
  /** How long a SIGTERM/SIGINT waits for in-flight requests (`SHUTDOWN_GRACE_MS`, default 10000). */
  shutdownGraceMs: number;
}

/** Thrown when the environment does not describe a runnable service; `problems` lists each issue. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** MYSFITS_REGIONS when unset: the workshop's two regions, primary first. */
export const DEFAULT_MYSFITS_REGIONS: readonly string[] = ['us-west-2', 'us-east-1'];
const TABLE_NAME_PATTERN = /^[a-zA-Z0-9_.-]{3,255}$/;

/** Reads an optional integer variable; records a problem when it is not in [min, max]. */
export function readIntEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}="${raw}" must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

/**
 * Reads and validates the common environment of a service. Throws ConfigError naming every
 * missing or malformed variable; never returns a half-valid config.
 */
export function loadServiceConfig(
  kind: ServiceKind,
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const problems: string[] = [];
  const region = env.AWS_REGION?.trim() ?? '';
  if (region === '') {
    problems.push('AWS_REGION is required (the region this service runs in, e.g. us-west-2)');
  } else if (!REGION_PATTERN.test(region)) {
    problems.push(`AWS_REGION="${region}" is not an AWS region name such as us-west-2`);
  }
  const tableName = readTableName(env, 'DDB_TABLE_NAME', 'holding the mysfits', problems);
  const likesTableName = readTableName(
    env,
    'LIKES_TABLE_NAME',
    'holding the like counters',
    problems,
  );
  if (tableName !== '' && tableName === likesTableName) {
    problems.push(
      `LIKES_TABLE_NAME="${likesTableName}" must differ from DDB_TABLE_NAME: the app's table keeps the workshop's items only`,
    );
  }
  const port = readIntEnv(env, 'PORT', 8080, 0, 65535, problems);
  const shutdownGraceMs = readIntEnv(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 120_000, problems);
  const host = env.HOST?.trim() || '0.0.0.0';
  const serviceName = env.SERVICE_NAME?.trim() || kind;
  const regions = loadRegions(env, REGION_PATTERN.test(region) ? region : undefined, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    kind,
    region,
    tableName,
    likesTableName,
    regions,
    port,
    host,
    serviceName,
    shutdownGraceMs,
  };
}

/** Reads a required table name variable; records a problem when it is missing or malformed. */
function readTableName(
  env: NodeJS.ProcessEnv,
  name: string,
  what: string,
  problems: string[],
): string {
  const value = env[name]?.trim() ?? '';
  if (value === '') {
    problems.push(`${name} is required (the DynamoDB table ${what})`);
  } else if (!TABLE_NAME_PATTERN.test(value)) {
    problems.push(`${name}="${value}" is not a DynamoDB table name (3-255 of a-zA-Z0-9_.-)`);
  }
  return value;
}

/**
 * Reads MYSFITS_REGIONS (comma separated region names, default DEFAULT_MYSFITS_REGIONS);
 * records a problem for a malformed or repeated name (an empty one too), or a list without
 * `ownRegion` (its likes would not count), the default list included.
 */
export function loadRegions(
  env: NodeJS.ProcessEnv,
  ownRegion: string | undefined,
  problems: string[],
): string[] {
  const given = env.MYSFITS_REGIONS;
  const raw =
    given === undefined || given.trim() === '' ? DEFAULT_MYSFITS_REGIONS.join(',') : given;
  const regions = raw.split(',').map((r) => r.trim());
  const bad = regions.filter((r) => !REGION_PATTERN.test(r));
  const repeated = [...new Set(regions.filter((r, i) => regions.indexOf(r) !== i))];
  if (bad.length > 0) {
    const names = bad.map((r) => `"${r}"`).join(', ');
    problems.push(`MYSFITS_REGIONS="${raw}" has ${names}: expected region names such as us-west-2`);
  } else if (repeated.length > 0) {
    problems.push(`MYSFITS_REGIONS="${raw}" names ${repeated.join(', ')} more than once`);
  } else if (ownRegion !== undefined && !regions.includes(ownRegion)) {
    const what = given === raw ? `MYSFITS_REGIONS="${raw}"` : `MYSFITS_REGIONS (default ${raw})`;
    problems.push(`${what} must include this task's region (${ownRegion})`);
  }
  return regions;
}
