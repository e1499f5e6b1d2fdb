/**
 * The lab's active faults: validated, listed, cleared (by hand or when they expire), and
 * read by the rest of the lab through the FaultView contract. Kinds: see schema.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FaultView, OutageMode } from '../dataplane/contracts.js';
import {
  labTargetGroupArn,
  LAB_SERVICES,
  LAB_WITNESS_REGIONS,
  type LabRegion,
} from '../topology.js';
import {
  FAULT_KINDS,
  faultInputSchema,
  regionFields,
  sameFault,
  type Fault,
  type FaultInput,
} from './schema.js';

export { FAULT_KINDS, faultInputSchema, type Fault, type FaultInput } from './schema.js';

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

/** The active faults of a lab; also the lab's FaultView. */
export class FaultStore implements FaultView {
  readonly #regions: readonly string[];
  readonly #faults = new Map<string, Fault>();
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #listeners = new Set<(fault: Fault) => void>();
  readonly #clearListeners = new Set<(fault: Fault) => void>();

  constructor(regions: readonly string[], now: () => number = Date.now, random = Math.random) {
    this.#regions = regions;
    this.#now = now;
    this.#random = random;
  }

  /** Validates a fault request; throws FaultValidationError naming field, value and fix. */
  parse(input: unknown): FaultInput {
    const kind = (input as { kind?: unknown } | null)?.kind;
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new FaultValidationError([
        {
          path: '(body)',
          message: 'expected a JSON object such as {"kind":"region-outage","region":"us-west-2"}',
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
              ? `unknown field(s) ${issue.keys.join(', ')} for a ${String(kind)} fault`
              : issue.message,
        })),
      );
    }
    const fault = parsed.data;
    const issues: FaultIssue[] = [];
    const regions = this.#regions.join(', ');
    const record = fault as Record<string, unknown>;
    for (const field of regionFields(fault)) {
      if (!this.#regions.includes(record[field] as string)) {
        issues.push({
          path: field,
          value: record[field],
          message: `expected one of the lab's regions: ${regions}`,
        });
      }
    }
    const witnesses: readonly string[] = LAB_WITNESS_REGIONS;
    if (fault.kind === 'witness-outage' && !witnesses.includes(fault.region)) {
      issues.push({
        path: 'region',
        value: fault.region,
        message: `expected a region where the lab holds MRSC witnesses: ${witnesses.join(', ')} (for a replica region, use region-outage)`,
      });
    }
    if (fault.kind === 'replication-pause' && fault.from === fault.to) {
      issues.push({
        path: 'to',
        value: fault.to,
        message:
          'expected a different region than "from": a direction goes from one region to another',
      });
    }
    const services = LAB_SERVICES.map((x) => x.name) as string[];
    if ('service' in fault && fault.service !== undefined && !services.includes(fault.service)) {
      issues.push({
        path: 'service',
        value: fault.service,
        message: `expected one of the ECS services: ${services.join(', ')}`,
      });
    }
    if (issues.length > 0) throw new FaultValidationError(issues);
    return fault;
  }

  /** Adds a fault (validated by `parse`); an identical active fault is returned instead. */
  add(input: unknown): { fault: Fault; created: boolean } {
    const fault = this.parse(input);
    const existing = this.list().find((f) => sameFault(f, fault));
    if (existing) return { fault: existing, created: false };
    const now = this.#now();
    const created = {
      ...fault,
      id: `fault-${randomUUID().slice(0, 8)}`,
      createdAt: new Date(now).toISOString(),
      expiresAt:
        fault.durationMs === undefined ? null : new Date(now + fault.durationMs).toISOString(),
    } as Fault;
    this.#faults.set(created.id, created);
    for (const listener of this.#listeners) listener(created);
    return { fault: created, created: true };
  }

  /** Calls `listener` with every fault added from now on (kill-tasks acts through this). */
  onAdded(listener: (fault: Fault) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` with every fault cleared or expired from now on. */
  onCleared(listener: (fault: Fault) => void): () => void {
    this.#clearListeners.add(listener);
    return () => this.#clearListeners.delete(listener);
  }

  #remove(fault: Fault): void {
    this.#faults.delete(fault.id);
    for (const listener of this.#clearListeners) listener(fault);
  }

  /** Active faults, oldest first (expired ones are dropped). */
  list(): Fault[] {
    const now = this.#now();
    for (const fault of [...this.#faults.values()]) {
      if (fault.expiresAt !== null && Date.parse(fault.expiresAt) <= now) this.#remove(fault);
    }
    return [...this.#faults.values()];
  }

  /** Clears one fault by id (false if unknown), or all of them; returns the cleared faults. */
  clear(id?: string): Fault[] {
    const active = this.list();
    const cleared = id === undefined ? active : active.filter((f) => f.id === id);
    for (const fault of cleared) this.#remove(fault);
    return cleared;
  }

  /** True while a chaos-mode fault is active in the region. */
  chaosMode(region: string): boolean {
    return this.#find('chaos-mode', (f) => f.region === region) !== undefined;
  }

  #find<K extends Fault['kind']>(kind: K, match: (f: Extract<Fault, { kind: K }>) => boolean) {
    return this.list().find(
      (f): f is Extract<Fault, { kind: K }> =>
        f.kind === kind && match(f as Extract<Fault, { kind: K }>),
    );
  }

  /** The fault stopping replication from `from` to `to`, if any: a pause, or an outage of either region. */
  replicationPause(from: string, to: string): Fault | undefined {
    return (
      this.#find('replication-pause', (f) => f.from === from && f.to === to) ??
      this.#find('region-outage', (f) => f.region === from || f.region === to)
    );
  }

  regionOutage(region: string): OutageMode | undefined {
    return this.#find('region-outage', (f) => f.region === region)?.mode;
  }

  /** True while a witness-outage fault holds the MRSC witnesses in `region`. */
  witnessOutage(region: string): boolean {
    return this.#find('witness-outage', (f) => f.region === region) !== undefined;
  }

  controlPlaneOutage(region: string): OutageMode | undefined {
    return this.#find('control-plane-outage', (f) => f.region === region)?.mode;
  }

  latencyMs(region: string, plane: 'api' | 'data'): number {
    return this.list()
      .filter(
        (f) =>
          f.kind === 'latency' && f.region === region && (f.plane === plane || f.plane === 'both'),
      )
      .reduce((sum, f) => sum + (f as Extract<Fault, { kind: 'latency' }>).ms, 0);
  }

  throttleShare(region: string): number {
    return Math.min(
      1,
      this.list()
        .filter((f) => f.kind === 'throttling' && f.region === region)
        .reduce((max, f) => Math.max(max, (f as Extract<Fault, { kind: 'throttling' }>).share), 0),
    );
  }

  /** True for this call when it falls in the throttled share of the region's calls. */
  throttleNow(region: string): boolean {
    const share = this.throttleShare(region);
    return share > 0 && this.#random() < share;
  }

  healthChecksFailing(region: string, targetGroupArn: string): boolean {
    if (this.regionOutage(region)) return true;
    return this.list().some(
      (f) =>
        f.kind === 'failing-health-checks' &&
        f.region === region &&
        (f.service === undefined || targetGroupFor(region, f.service) === targetGroupArn),
    );
  }
}

function targetGroupFor(region: string, service: string): string | undefined {
  const role = LAB_SERVICES.find((s) => s.name === service)?.role;
  return role ? labTargetGroupArn(region as LabRegion, role) : undefined;
}
