/**
 * Faults injected into the lab (`/_lab/faults`). Each fault has a kind, its parameters,
 * an id and, optionally, an expiry. Only `replication-pause` exists so far (stop one
 * direction of global-table replication, as AWS FIS `aws:dynamodb:global-table-pause-
 * replication` does; changes queue and are delivered when the fault is cleared). More
 * kinds (region outage, latency, throttling...) are added as members of `faultInputSchema`
 * and read by the parts of the lab they affect.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const durationMs = z
  .number({ message: 'expected a number of milliseconds' })
  .int({ message: 'expected a whole number of milliseconds' })
  .positive({ message: 'expected a duration > 0 ms; omit it for a fault that lasts until cleared' })
  .optional();

/** `replication-pause`: stop replicating changes from `from` to `to`. */
export const replicationPauseSchema = z.strictObject({
  kind: z.literal('replication-pause'),
  /** Region whose changes stop reaching `to`. */
  from: z.string({ message: 'expected a region name such as "us-west-2"' }),
  /** Region that stops receiving changes from `from`. */
  to: z.string({ message: 'expected a region name such as "us-east-1"' }),
  /** Clears itself after this long; lasts until cleared when omitted. */
  durationMs,
});

/** Every fault kind's input, by `kind`. */
export const faultInputSchema = z.discriminatedUnion('kind', [replicationPauseSchema]);

/** What `POST /_lab/faults` accepts. */
export type FaultInput = z.infer<typeof faultInputSchema>;

/** The fault kinds the lab knows. */
export const FAULT_KINDS = faultInputSchema.options.map((o) => o.shape.kind.value);

/** An active fault. */
export type Fault = FaultInput & { id: string; createdAt: string; expiresAt: string | null };

/** One problem with a fault request: where, what was given, and what is expected. */
export interface FaultIssue {
  path: string;
  value?: unknown;
  message: string;
}

/** A fault request that does not validate. */
export class FaultValidationError extends Error {
  readonly issues: FaultIssue[];
  constructor(issues: FaultIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'FaultValidationError';
    this.issues = issues;
  }
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

/** The active faults of a lab. */
export class FaultStore {
  readonly #regions: readonly string[];
  readonly #faults = new Map<string, Fault>();
  readonly #now: () => number;

  constructor(regions: readonly string[], now: () => number = Date.now) {
    this.#regions = regions;
    this.#now = now;
  }

  /** Validates a fault request; throws FaultValidationError naming field, value and fix. */
  parse(input: unknown): FaultInput {
    const kind = (input as { kind?: unknown } | null)?.kind;
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new FaultValidationError([
        {
          path: '(body)',
          message:
            'expected a JSON object such as {"kind":"replication-pause","from":"us-west-2","to":"us-east-1"}',
        },
      ]);
    }
    if (!FAULT_KINDS.includes(kind as never)) {
      throw new FaultValidationError([
        { path: 'kind', value: kind, message: `expected one of: ${FAULT_KINDS.join(', ')}` },
      ]);
    }
    const parsed = faultInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new FaultValidationError(
        parsed.error.issues.map((issue) => ({
          path: issue.path.join('.') || '(body)',
          value: valueAt(input, issue.path),
          message:
            issue.code === 'unrecognized_keys'
              ? `unknown field(s) ${issue.keys.join(', ')}; expected kind, from, to, durationMs`
              : issue.message,
        })),
      );
    }
    const fault = parsed.data;
    const issues: FaultIssue[] = [];
    const regions = this.#regions.join(', ');
    for (const field of ['from', 'to'] as const) {
      if (!this.#regions.includes(fault[field])) {
        issues.push({
          path: field,
          value: fault[field],
          message: `expected one of the lab's regions: ${regions}`,
        });
      }
    }
    if (fault.from === fault.to) {
      issues.push({
        path: 'to',
        value: fault.to,
        message:
          'expected a different region than "from": a direction goes from one region to another',
      });
    }
    if (issues.length > 0) throw new FaultValidationError(issues);
    return fault;
  }

  /** Adds a fault (validated by `parse`); an identical active fault is returned instead. */
  add(input: unknown): { fault: Fault; created: boolean } {
    const fault = this.parse(input);
    const existing = this.list().find(
      (f) => f.kind === fault.kind && f.from === fault.from && f.to === fault.to,
    );
    if (existing) return { fault: existing, created: false };
    const now = this.#now();
    const created: Fault = {
      ...fault,
      id: `fault-${randomUUID().slice(0, 8)}`,
      createdAt: new Date(now).toISOString(),
      expiresAt:
        fault.durationMs === undefined ? null : new Date(now + fault.durationMs).toISOString(),
    };
    this.#faults.set(created.id, created);
    return { fault: created, created: true };
  }

  /** Active faults, oldest first (expired ones are dropped). */
  list(): Fault[] {
    const now = this.#now();
    for (const [id, fault] of this.#faults) {
      if (fault.expiresAt !== null && Date.parse(fault.expiresAt) <= now) this.#faults.delete(id);
    }
    return [...this.#faults.values()];
  }

  /** Clears one fault by id (false if unknown), or all of them; returns the cleared faults. */
  clear(id?: string): Fault[] {
    const active = this.list();
    const cleared = id === undefined ? active : active.filter((f) => f.id === id);
    for (const fault of cleared) this.#faults.delete(fault.id);
    return cleared;
  }

  /** The fault pausing replication from `from` to `to`, if any. */
  replicationPause(from: string, to: string): Fault | undefined {
    return this.list().find(
      (f) => f.kind === 'replication-pause' && f.from === from && f.to === to,
    );
  }
}
