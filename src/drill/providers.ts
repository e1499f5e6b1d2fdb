/**
 * What a drill step can do (`provider.type`) and the fields each kind takes. Actions:
 * the lab's faults, the same kinds of fault on real AWS through the AWS APIs, traffic,
 * failover and failback operations, any other mysfits-dr command, and waits. Probes:
 * everything `status`, `metrics` and `replication` read, HTTP requests through the
 * accelerator, the background load's recent figures, and the RPO check.
 */
import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration: a number of seconds (as Chaos Toolkit's pauses) or `500ms`, `30s`, `5m`, `1h`; parsed to ms. */
export const durationField = z
  .union([z.number().nonnegative(), z.string()], {
    message: 'expected a duration such as 30s, 500ms or 5m (a bare number means seconds)',
  })
  .transform((value, ctx) => {
    if (typeof value === 'number') return Math.round(value * 1000);
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
    if (!match) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a duration such as 30s, 500ms or 5m (a bare number means seconds)',
      });
      return z.NEVER;
    }
    return Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000));
  });

/** A reference to an earlier step's output, resolved when the step runs. */
export const STEP_REFERENCE = /\$\{steps\.[^}]+\}/;

/** An AWS region name, or a reference to an earlier step's output. */
export const regionField = z.string().regex(/^([a-z]{2}(-gov)?-[a-z]+-\d|.*\$\{steps\..+\}.*)$/, {
  message: 'expected an AWS region name such as "us-west-2"',
});

const percent = z.number().int().min(0).max(100);
const force = z.array(z.string().min(1)).optional();

/** Kinds of fault the lab injects (docs/lab.md). */
export const LAB_FAULT_KINDS = [
  'region-outage',
  'control-plane-outage',
  'kill-tasks',
  'failing-health-checks',
  'chaos-mode',
  'latency',
  'throttling',
  'replication-pause',
  'witness-outage',
] as const;

/** Provider kinds that inject a fault: they mark the run's fault moment. */
export const FAULT_PROVIDERS: readonly string[] = [
  'lab-fault',
  'ecs-scale',
  'break-health-check',
  'fis-experiment',
];

/** Provider kinds that move traffic: they mark a failover moment. */
export const TRAFFIC_PROVIDERS: readonly string[] = ['failover', 'failback', 'traffic'];

const labFault = z.strictObject({
  type: z.literal('lab-fault'),
  kind: z.enum(LAB_FAULT_KINDS, { message: `expected one of ${LAB_FAULT_KINDS.join(', ')}` }),
  region: regionField.optional(),
  mode: z.enum(['refuse', 'timeout']).optional(),
  service: z.string().min(1).optional(),
  count: z.number().int().positive().optional(),
  every: durationField.optional(),
  plane: z.enum(['api', 'data', 'both']).optional(),
  ms: z.number().int().positive().optional(),
  share: z.number().min(0).max(1).optional(),
  from: regionField.optional(),
  to: regionField.optional(),
  /** The fault clears itself after this long. */
  duration: durationField.optional(),
});

const PROVIDER_SCHEMAS = [
  labFault,
  z.strictObject({ type: z.literal('lab-clear'), id: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal('lab-replication-lag'), lag: durationField }),
  z.strictObject({
    type: z.literal('ecs-scale'),
    region: regionField,
    /** ECS service name (as in the config), e.g. `mysfits-like`. */
    service: z.string().min(1),
    /** A count, or `${steps.<scale step>.previousDesiredCount}` to put one back. */
    desiredCount: z.union([z.number().int().min(0), z.string().regex(STEP_REFERENCE)], {
      message: 'expected a whole number of tasks >= 0, or ${steps.<name>.previousDesiredCount}',
    }),
  }),
  z.strictObject({
    type: z.literal('break-health-check'),
    region: regionField,
    service: z.string().min(1),
    /** A path the tasks answer 404 on. */
    path: z.string().startsWith('/').default('/mysfits-dr-drill-broken'),
  }),
  z.strictObject({
    type: z.literal('restore-health-check'),
    region: regionField,
    service: z.string().min(1),
    /** The path to restore, usually `${steps.<break step>.previousPath}`. */
    path: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal('fis-experiment'),
    region: regionField,
    templateId: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal('fis-stop'),
    region: regionField,
    experimentId: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal('traffic'),
    command: z.enum(['set', 'drain', 'shift', 'switch']),
    region: regionField.optional(),
    percent: percent.optional(),
    to: regionField.optional(),
    step: percent.optional(),
    interval: durationField.optional(),
    state: z.enum(['in', 'out']).optional(),
    force,
  }),
  z.strictObject({
    type: z.literal('failover'),
    to: regionField,
    via: z.enum(['dials', 'routing-switch']).optional(),
    mode: z.enum(['all-at-once', 'gradual']).optional(),
    step: percent.optional(),
    interval: durationField.optional(),
    scaleSourceDown: z.boolean().optional(),
    timeout: durationField.optional(),
    force,
  }),
  z.strictObject({
    type: z.literal('failback'),
    via: z.enum(['dials', 'routing-switch']).optional(),
    timeout: durationField.optional(),
    force,
  }),
  z.strictObject({
    type: z.literal('command'),
    /** Any mysfits-dr command line, e.g. [lock, show]; `--json` is added. */
    args: z.array(z.string()).min(1),
  }),
  z.strictObject({ type: z.literal('wait'), duration: durationField }),
  z.strictObject({
    type: z.literal('status'),
    probe: z.boolean().default(true),
    budget: durationField.optional(),
  }),
  z.strictObject({
    type: z.literal('metrics'),
    since: z.string().optional(),
    period: z.number().int().positive().optional(),
  }),
  z.strictObject({ type: z.literal('replication-lag') }),
  z.strictObject({
    type: z.literal('replication-probe'),
    samples: z.number().int().positive().max(20).optional(),
  }),
  z.strictObject({
    type: z.literal('http'),
    path: z.string().startsWith('/').default('/mysfits'),
    method: z.enum(['GET', 'POST']).default('GET'),
    /** Base URL; default: the load's (the accelerator). */
    url: z.url().optional(),
    timeout: durationField.default(5000),
  }),
  z.strictObject({ type: z.literal('load'), window: durationField.default(5000) }),
  z.strictObject({
    type: z.literal('rpo'),
    /** The surviving region, where every acknowledged write must be. */
    region: regionField,
  }),
] as const;

/** Every provider type, in the order docs/drills.md lists them. */
export const PROVIDER_TYPES: readonly string[] = PROVIDER_SCHEMAS.map((s) => s.shape.type.value);

/** Every provider a drill step may name, discriminated by `type`. */
export const providerSchema = z.discriminatedUnion('type', PROVIDER_SCHEMAS, {
  message: `unknown provider type; expected one of ${PROVIDER_TYPES.join(', ')}`,
});

/** A validated provider. */
export type Provider = z.infer<typeof providerSchema>;
/** The provider of one kind. */
export type ProviderOf<T extends Provider['type']> = Extract<Provider, { type: T }>;

/** Provider kinds that are probes (read only); the rest are actions. */
export const PROBE_PROVIDERS: readonly Provider['type'][] = [
  'status',
  'metrics',
  'replication-lag',
  'replication-probe',
  'http',
  'load',
  'rpo',
];
