/**
 * The rules of multi-Region strong consistency (MRSC) that need no I/O: which UpdateTable
 * requests create or dissolve an MRSC global table, with DynamoDB's messages for the ones
 * it refuses, and the features an MRSC table does not support. Sources: SPEC.md, section
 * "Multi-Region strong consistency".
 */
import { AwsError } from '../../protocol/aws-error.js';
import { validation } from './global-table-rules.js';
import type { GlobalTableRecord } from './global-table-store.js';

/** The Region sets an MRSC table's three Regions must come from (CreateGlobalTableWitnessGroupMemberAction). */
export const MRSC_REGION_SETS: readonly (readonly string[])[] = [
  ['us-east-1', 'us-east-2', 'us-west-2'],
  ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'],
  ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
];

const STRONG_SUFFIX = 'for global tables with MultiRegionConsistency set to STRONG';
const UPDATE_FIELDS = new Set([
  'TableName',
  'ReplicaUpdates',
  'GlobalTableWitnessUpdates',
  'MultiRegionConsistency',
]);
const NOTHING_TO_UPDATE =
  'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates or TableClass is required';

/** An UpdateTable that makes a regional table an MRSC global table. */
export interface StrongCreatePlan {
  /** Regions that get a replica (the request's region excluded). */
  replicas: string[];
  /** The witness region, when the third Region is a witness. */
  witness?: string;
}

type Action = 'Create' | 'Delete';
type RegionAction = { action: Action; region: string };

function actions(list: unknown, field: string): RegionAction[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw validation(`${field} must be a list.`);
  return list.map((entry: Record<string, { RegionName?: unknown } | undefined>) => {
    const keys = Object.keys(entry ?? {});
    const action = keys[0];
    if (keys.length !== 1 || (action !== 'Create' && action !== 'Delete')) {
      throw validation(`Each ${field} entry must hold exactly one of Create or Delete.`);
    }
    const region = entry[action]?.RegionName;
    if (typeof region !== 'string' || region === '') {
      throw validation(`${field} ${action} needs a RegionName.`);
    }
    return { action, region };
  });
}

/** True when an UpdateTable asks for MRSC (STRONG, a witness, or an invalid consistency mode). */
export function asksForStrong(input: Record<string, unknown>): boolean {
  const mode = input.MultiRegionConsistency;
  return (
    input.GlobalTableWitnessUpdates !== undefined || (mode !== undefined && mode !== 'EVENTUAL')
  );
}

function checkShape(input: Record<string, unknown>): void {
  const others = Object.keys(input).filter((k) => !UPDATE_FIELDS.has(k));
  if (others.length > 0) {
    throw validation(
      'Requests that modify replicas or witnesses must not also modify other fields',
    );
  }
  const mode = input.MultiRegionConsistency;
  if (mode !== undefined && mode !== 'STRONG' && mode !== 'EVENTUAL') {
    throw validation(
      `1 validation error detected: Value '${String(mode)}' at 'multiRegionConsistency' failed to satisfy constraint: Member must satisfy enum value set: [EVENTUAL, STRONG]`,
    );
  }
  const witnesses = input.GlobalTableWitnessUpdates;
  if (witnesses !== undefined && mode !== 'STRONG') {
    throw validation(
      'MultiRegionConsistency must be set as STRONG when GlobalTableWitnessUpdates parameter is present.',
    );
  }
  if (Array.isArray(witnesses) && witnesses.length > 1) {
    throw validation(
      `1 validation error detected: Value '${JSON.stringify(witnesses)}' at 'globalTableWitnessUpdates' failed to satisfy constraint: Member must have length less than or equal to 1`,
    );
  }
  if (input.ReplicaUpdates === undefined) throw validation(NOTHING_TO_UPDATE);
}

function regionSetOf(region: string): readonly string[] | undefined {
  return MRSC_REGION_SETS.find((set) => set.includes(region));
}

/**
 * Reads an UpdateTable that creates an MRSC global table from the regional table of
 * `region`: exactly three Regions in one request (this one, one replica Create and a
 * witness, or two replica Creates), all in one Region set. Throws DynamoDB's ValidationException.
 */
export function parseStrongCreate(
  region: string,
  input: Record<string, unknown>,
  existing: GlobalTableRecord | undefined,
): StrongCreatePlan {
  checkShape(input);
  if (existing) {
    throw validation('MultiRegionConsistency parameter is unsupported on existing global table');
  }
  const replicas = actions(input.ReplicaUpdates, 'ReplicaUpdates');
  const witnesses = actions(input.GlobalTableWitnessUpdates, 'GlobalTableWitnessUpdates');
  if (replicas.some((r) => r.action !== 'Create') || witnesses.some((w) => w.action !== 'Create')) {
    throw validation(
      'Only Replica Create actions are supported when MultiRegionConsistency parameter is provided.',
    );
  }
  const targets = [...replicas, ...witnesses].map((a) => a.region);
  if (new Set(targets).size !== targets.length) {
    throw validation('Cannot target multiple regions with the same action');
  }
  const witness = witnesses[0]?.region;
  if (witness === region || replicas.some((r) => r.region === region)) {
    throw validation(
      `Cannot add a witness in the same region as an existing replica when creating a global table with MultiRegionConsistency set to STRONG.`,
    );
  }
  const unsupported = [region, ...targets].filter((r) => !regionSetOf(r));
  if (unsupported.length > 0) {
    throw validation(
      `Unsupported Region(s) specified ${STRONG_SUFFIX}: [${unsupported.join(', ')}].`,
    );
  }
  if (targets.length !== 2) throw validation(`Unsupported replica count ${STRONG_SUFFIX}.`);
  const set = regionSetOf(region)!;
  const outside = targets.filter((r) => !set.includes(r));
  if (outside.length > 0) {
    throw validation(
      `The Regions of a global table with MultiRegionConsistency set to STRONG must be in the same Region set as ${region} (${set.join(', ')}); not in it: [${outside.join(', ')}].`,
    );
  }
  return { replicas: replicas.map((r) => r.region), ...(witness ? { witness } : {}) };
}

/**
 * Reads an UpdateTable on an existing MRSC table: only its dissolution is accepted, one
 * request deleting every other replica and the witness. Returns the replica regions to delete.
 */
export function parseStrongDelete(
  region: string,
  input: Record<string, unknown>,
  record: GlobalTableRecord,
): string[] {
  const replicas = actions(input.ReplicaUpdates, 'ReplicaUpdates');
  const witnesses = actions(input.GlobalTableWitnessUpdates, 'GlobalTableWitnessUpdates');
  if (input.MultiRegionConsistency !== undefined) {
    throw validation(
      replicas.some((r) => r.action === 'Delete')
        ? 'Only Replica Create actions are supported when MultiRegionConsistency parameter is provided.'
        : 'MultiRegionConsistency parameter is unsupported on existing global table',
    );
  }
  if (input.ReplicaUpdates === undefined) throw validation(NOTHING_TO_UPDATE);
  const others = Object.keys(input).filter((k) => !UPDATE_FIELDS.has(k));
  if (others.length > 0) {
    throw validation(
      'Requests that modify replicas or witnesses must not also modify other fields',
    );
  }
  if (replicas.some((r) => r.action === 'Create') || witnesses.some((w) => w.action === 'Create')) {
    throw validation('Cannot add replicas to a global table with strong MultiRegionConsistency');
  }
  const strangers = witnesses.map((w) => w.region).filter((w) => w !== record.witness?.region);
  if (strangers.length > 0) {
    throw validation(
      `One or more parameter values were invalid: one or more witnesses were not part of the global table. Please retry the request without these witnesses: [${strangers.join(', ')}].`,
    );
  }
  if (record.witness && witnesses.length === 0) {
    throw validation('Update table delete operation does not include all witnesses.');
  }
  const deleted = replicas.map((r) => r.region).sort();
  const expected = record.replicas
    .map((r) => r.region)
    .filter((r) => r !== region)
    .sort();
  if (deleted.join() !== expected.join()) {
    throw validation(`Deletion of only one table replica is not supported ${STRONG_SUFFIX}.`);
  }
  return deleted;
}

/** DeleteTable of one MRSC replica: refused (the whole table is dissolved with UpdateTable). */
export function strongTableDeleteRefused(): AwsError {
  return validation(`Deletion of only one table replica is not supported ${STRONG_SUFFIX}.`);
}

/** A feature MRSC tables do not support, refused for `table`. */
export function strongUnsupported(feature: string, table: string): AwsError {
  return validation(`${feature} is not supported ${STRONG_SUFFIX} (table: ${table}).`);
}

/** Adds `MultiRegionConsistency` and `GlobalTableWitnesses` to an MRSC table's description. */
export function overlayStrong(record: GlobalTableRecord, table: Record<string, unknown>): void {
  if (record.consistency !== 'STRONG') return;
  table.MultiRegionConsistency = 'STRONG';
  if (record.witness) {
    table.GlobalTableWitnesses = [
      { RegionName: record.witness.region, WitnessStatus: record.witness.status },
    ];
  }
}
