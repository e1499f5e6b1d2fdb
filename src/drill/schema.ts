/**
 * The drill file format (`drills/*.yaml`, JSON accepted), close to Chaos Toolkit's
 * experiments: title, description, variables, a steady-state hypothesis, a method of
 * actions and probes, rollbacks; plus retrying probes, background load, stop conditions,
 * step outputs and RTO/RPO objectives. Validated with zod before anything runs; every
 * rule's message says what is expected. The format is documented in docs/drills.md.
 */
import { z } from 'zod';
import { originsSchema } from './load-origins.js';
import { durationField, providerSchema, regionField } from './providers.js';

/** A tolerance condition on a probe's output (or on `path` inside it). */
export const toleranceConditionSchema = z
  .strictObject({
    /** Dot path into the output (`verdict.overall`, `regions.0.name`); the whole output when omitted. */
    path: z.string().min(1).optional(),
    equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    in: z
      .array(z.union([z.string(), z.number(), z.boolean()]))
      .min(1)
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** A regular expression the value (as a string) must match. */
    matches: z.string().min(1).optional(),
    /** true: the path must hold a value; false: it must not. */
    exists: z.boolean().optional(),
  })
  .refine(
    (t) =>
      ['equals', 'in', 'min', 'max', 'matches', 'exists'].some(
        (k) => (t as Record<string, unknown>)[k] !== undefined,
      ),
    { message: 'a tolerance needs at least one of equals, in, min, max, matches, exists' },
  );

/**
 * A probe's tolerance: a value the output must equal, a `[min, max]` range, one condition,
 * or a list of conditions that must all hold.
 */
export const toleranceSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.tuple([z.number(), z.number()]),
  toleranceConditionSchema,
  z.array(toleranceConditionSchema).min(1),
]);

const pausesSchema = z.strictObject({
  before: durationField.optional(),
  after: durationField.optional(),
});

const common = {
  /** Unique within the drill; later steps read this step's output as `${steps.<name>.<path>}`. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    message:
      'expected a name of letters, digits, ".", "_" or "-" (it is used in ${steps.<name>...})',
  }),
  description: z.string().optional(),
  provider: providerSchema,
  pauses: pausesSchema.optional(),
};

/** A probe: reads something and checks it against a tolerance, retrying until it holds when asked. */
export const probeSchema = z.strictObject({
  type: z.literal('probe'),
  ...common,
  tolerance: toleranceSchema.optional(),
  /** Retry until the tolerance holds or `timeout` passes (Chaos Toolkit users' most asked-for feature). */
  retry: z.strictObject({ timeout: durationField, interval: durationField.optional() }).optional(),
});

/** An action: changes something (a fault, a traffic change, a failover, a wait). */
export const actionSchema = z.strictObject({
  type: z.literal('action'),
  ...common,
  /** What the action must end with; a command ending otherwise fails the step. Default: exit code 0. */
  expect: z
    .strictObject({
      exitCode: z.union([z.number().int(), z.array(z.number().int()).min(1)]).optional(),
    })
    .optional(),
});

/** A method step: an action or a probe. */
export const activitySchema = z.discriminatedUnion('type', [probeSchema, actionSchema], {
  message: 'expected type: action or type: probe',
});

/** The drill's objectives; each is checked against what the run measured. */
export const objectivesSchema = z.strictObject({
  /** Recovery time: first failed request → start of a sustained success window. */
  rto: durationField.optional(),
  /** Recovery point: earliest lost acknowledged write → the fault (0s: nothing may be lost). */
  rpo: durationField.optional(),
  /** Acknowledged writes missing in the surviving region. */
  lostWrites: z.number().int().min(0).optional(),
  /** Fault → the system noticed it. */
  detection: durationField.optional(),
  /** Share of the load's requests that succeeded, 0–1. */
  successRate: z.number().min(0).max(1).optional(),
});

/** Steady traffic through the accelerator for the whole run. */
export const loadSchema = z.strictObject({
  /** Requests per second (open loop). */
  rate: z.number().positive().max(500).default(20),
  /** Share of requests that are likes (writes); the rest read. */
  likeShare: z.number().min(0).max(1).default(0.5),
  /** Most requests outstanding at once. */
  maxInFlight: z.number().int().positive().max(1000).default(16),
  /** Per-request timeout. */
  timeout: durationField.default(5000),
  /** Base URL; default: MYSFITS_DR_APP_URL, else the accelerator's address. */
  url: z.url().optional(),
  /** Warm-up before the steady-state hypothesis. */
  warmup: durationField.default(2000),
  /** Where the clients sit, origin → share (lab only; see load-origins.ts). */
  origins: originsSchema.optional(),
});

/** Conditions checked continuously; one that trips aborts the run (rollbacks still run). */
export const stopConditionsSchema = z.strictObject({
  /** Longest the whole run may take. */
  maxDuration: durationField.optional(),
  /** Alarm names (in any configured region) that abort the run when in ALARM. */
  alarms: z.array(z.string().min(1)).min(1).optional(),
  /** Abort when the load's error rate over `window` is above `above` (0–1). */
  errorRate: z
    .strictObject({
      above: z.number().min(0).max(1),
      window: durationField.default(10_000),
      /** Only after the run has been going this long (faults make errors on purpose). */
      after: durationField.optional(),
    })
    .optional(),
});

/** The whole drill file. */
export const drillSchema = z
  .strictObject({
    version: z.literal(1, { message: 'expected version: 1' }).default(1),
    title: z.string().min(1),
    description: z.string().optional(),
    tags: z.array(z.string()).optional(),
    /** Defaults of `${name}` references; `--var name=value` and `--var-file` override them. */
    variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    objectives: objectivesSchema.optional(),
    load: loadSchema.optional(),
    'stop-conditions': stopConditionsSchema.optional(),
    'steady-state-hypothesis': z
      .strictObject({ title: z.string().min(1), probes: z.array(probeSchema).min(1) })
      .optional(),
    method: z.array(activitySchema).min(1, { message: 'a drill needs at least one step' }),
    rollbacks: z.array(actionSchema).optional(),
    /** When rollbacks run: always (default), or only when the run did not pass. */
    'rollback-strategy': z.enum(['always', 'on-failure']).default('always'),
    /**
     * After rollbacks: wait this long for replication to settle, then check every
     * acknowledged write in every region (unless an `rpo` probe already measured it).
     */
    settle: durationField.default(5000),
  })
  .superRefine((drill, ctx) => {
    const seen = new Map<string, string>();
    const all = [
      ...(drill['steady-state-hypothesis']?.probes ?? []).map((a, i) => ({
        a,
        path: ['steady-state-hypothesis', 'probes', i],
      })),
      ...drill.method.map((a, i) => ({ a, path: ['method', i] })),
      ...(drill.rollbacks ?? []).map((a, i) => ({ a, path: ['rollbacks', i] })),
    ];
    for (const { a, path } of all) {
      const first = seen.get(a.name);
      if (first) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'name'],
          message: `name "${a.name}" is already used at ${first}; step names must be unique`,
        });
      } else seen.set(a.name, path.join('.'));
    }
  });

/** A validated drill (defaults filled in). */
export type Drill = z.infer<typeof drillSchema>;
/** A validated method step. */
export type Activity = z.infer<typeof activitySchema>;
/** A validated probe. */
export type Probe = z.infer<typeof probeSchema>;
/** A validated action. */
export type Action = z.infer<typeof actionSchema>;
/** A validated tolerance. */
export type Tolerance = z.infer<typeof toleranceSchema>;
/** A validated objectives block. */
export type Objectives = z.infer<typeof objectivesSchema>;

export { regionField };
