/**
 * The `lab` documents: `lab up`, `lab status`, `lab down`, `lab env` and `lab fault`. Parts
 * the lab itself reports (health components, a fault's parameters) are open objects: the lab
 * may add fields.
 */
import { z } from 'zod';

/** `lab up`: where the lab listens. */
export const labUpDocumentSchema = z.strictObject({
  endpoint: z.string(),
  /** The application's address through the accelerator, once started. */
  acceleratorUrl: z.string().optional(),
  pid: z.number().int(),
  profile: z.string(),
  dir: z.string(),
  alreadyRunning: z.boolean(),
});

/** The lab's state file (`lab.json`). */
export const labStateSchema = z.strictObject({
  version: z.literal(1),
  pid: z.number().int(),
  groupLeader: z.boolean(),
  port: z.number().int(),
  endpoint: z.string(),
  acceleratorUrl: z.string().optional(),
  profile: z.string(),
  startedAt: z.string(),
  status: z.enum(['starting', 'ready', 'stopping']),
  processes: z.array(
    z.strictObject({ name: z.string(), pid: z.number().int(), url: z.string().optional() }),
  ),
});

/** An active fault: its id, kind and expiry, plus the parameters of its kind. */
export const labFaultSchema = z.looseObject({
  id: z.string(),
  kind: z.string(),
  expiresAt: z.string().nullable(),
});

/** `lab status`: whether it runs, its state file, health and active faults. */
export const labStatusDocumentSchema = z.strictObject({
  running: z.boolean(),
  state: labStateSchema.optional(),
  health: z
    .looseObject({
      healthy: z.boolean(),
      components: z.record(
        z.string(),
        z.looseObject({
          healthy: z.boolean(),
          detail: z.string().optional(),
          url: z.string().optional(),
        }),
      ),
    })
    .optional(),
  faults: z.array(labFaultSchema).optional(),
  /** Why the lab is not usable, when it is not. */
  problem: z.string().optional(),
});

/** `lab down`: the processes signalled. */
export const labDownDocumentSchema = z.strictObject({
  wasRunning: z.boolean(),
  signalled: z.array(z.number().int()),
});

/** `lab env`: the variables that point AWS clients (and mysfits-dr) at the lab. */
export const labEnvDocumentSchema = z.record(z.string(), z.string());

/** `lab fault <kind>`: the fault now active. */
export const labFaultDocumentSchema = z.strictObject({ fault: labFaultSchema });

/** `lab fault list`: the active faults. */
export const labFaultListDocumentSchema = z.strictObject({ faults: z.array(labFaultSchema) });

/** `lab fault clear [id]`: the faults cleared. */
export const labFaultClearDocumentSchema = z.strictObject({ cleared: z.array(labFaultSchema) });
