/**
 * Every document a command prints with `--json`, by name: the published contract for scripts
 * (`mysfits-dr schema <name>` prints one as JSON Schema). Adding a field to a document is
 * compatible; renaming or removing one needs a new `schemaVersion`.
 */
import { z } from 'zod';
import { metricsDocumentSchema } from '../metrics/schema.js';
import {
  replicationLagDocumentSchema,
  replicationProbeDocumentSchema,
} from '../replication/schema.js';
import { statusDocumentSchema } from '../status/schema.js';
import {
  configDocumentSchema,
  configValidationDocumentSchema,
  iamPolicyDocumentSchema,
  initDocumentSchema,
} from './config.js';
import {
  drillListDocumentSchema,
  drillReportDocumentSchema,
  drillRunDocumentSchema,
  drillValidationDocumentSchema,
} from './drill.js';
import { errorDocumentSchema } from './error.js';
import {
  labDownDocumentSchema,
  labEnvDocumentSchema,
  labFaultClearDocumentSchema,
  labFaultDocumentSchema,
  labFaultListDocumentSchema,
  labStatusDocumentSchema,
  labUpDocumentSchema,
} from './lab.js';
import { operationDocumentSchema } from './operation.js';
import {
  historyDocumentSchema,
  lockBreakDocumentSchema,
  lockDocumentSchema,
  runDocumentSchema,
} from './runs.js';
import { trafficDocumentSchema } from './traffic.js';

/** One published document: what prints it, and its schema. */
export interface DocumentEntry {
  /** One line: which command prints it. */
  description: string;
  schema: z.ZodType;
}

/** `schema --json` without a name: the published documents. */
export const schemaListDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('schema-list'),
  documents: z.array(z.strictObject({ name: z.string(), description: z.string() })),
});

const entry = (description: string, schema: z.ZodType): DocumentEntry => ({ description, schema });

/** The published documents, by name. */
export const DOCUMENTS = {
  status: entry('status --json: health, traffic and replication per region', statusDocumentSchema),
  traffic: entry('traffic show --json: dials and share of new connections', trafficDocumentSchema),
  operation: entry(
    'failover, failback, traffic set|drain|shift|switch --json: plan and outcome',
    operationDocumentSchema,
  ),
  lock: entry('lock show --json: the operations lock and its holder', lockDocumentSchema),
  'lock-break': entry('lock break --json: whether the lock was broken', lockBreakDocumentSchema),
  history: entry('history --json: the runs, newest first', historyDocumentSchema),
  run: entry('history <run> --json: one run from its journal', runDocumentSchema),
  'replication-lag': entry(
    'replication lag --json: CloudWatch replication latency per direction',
    replicationLagDocumentSchema,
  ),
  'replication-probe': entry(
    'replication probe --json: canary writes timed per direction',
    replicationProbeDocumentSchema,
  ),
  metrics: entry(
    'metrics --json: request, latency, target, ECS and X-Ray figures',
    metricsDocumentSchema,
  ),
  'drill-list': entry('drill list --json: the bundled drills', drillListDocumentSchema),
  'drill-validation': entry(
    'drill validate --json: problems in a drill file',
    drillValidationDocumentSchema,
  ),
  'drill-run': entry(
    'drill run --json: how a drill ended and its measurements',
    drillRunDocumentSchema,
  ),
  'drill-report': entry(
    'drill report --json: where the reports were written',
    drillReportDocumentSchema,
  ),
  'config-validation': entry(
    'config validate --json: valid, or every problem with its path',
    configValidationDocumentSchema,
  ),
  config: entry('config show --json: the config with defaults applied', configDocumentSchema),
  init: entry('init --json: the config file written', initDocumentSchema),
  'iam-policy': entry('iam-policy --json: the least-privilege IAM policy', iamPolicyDocumentSchema),
  'lab-up': entry('lab up --json: where the lab listens', labUpDocumentSchema),
  'lab-status': entry(
    'lab status --json: the lab, its health and active faults',
    labStatusDocumentSchema,
  ),
  'lab-down': entry('lab down --json: the processes stopped', labDownDocumentSchema),
  'lab-env': entry(
    'lab env --json: variables pointing AWS clients at the lab',
    labEnvDocumentSchema,
  ),
  'lab-fault': entry('lab fault <kind> --json: the fault injected', labFaultDocumentSchema),
  'lab-fault-list': entry('lab fault list --json: the active faults', labFaultListDocumentSchema),
  'lab-fault-clear': entry(
    'lab fault clear --json: the faults cleared',
    labFaultClearDocumentSchema,
  ),
  'schema-list': entry('schema --json: the published documents', schemaListDocumentSchema),
  error: entry('any command with --json, when it fails: the error', errorDocumentSchema),
} as const satisfies Record<string, DocumentEntry>;

/** A published document's name. */
export type DocumentName = keyof typeof DOCUMENTS;

/** The names, in the registry's order. */
export const DOCUMENT_NAMES = Object.keys(DOCUMENTS) as DocumentName[];

/** True when `name` is a published document. */
export function isDocumentName(name: string): name is DocumentName {
  return Object.hasOwn(DOCUMENTS, name);
}

/** A document's JSON Schema (draft 2020-12), with its name as title and its description. */
export function documentJsonSchema(name: DocumentName): Record<string, unknown> {
  const { description, schema } = DOCUMENTS[name];
  return {
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }),
    title: `mysfits-dr ${name} document`,
    description,
  };
}
