/**
 * What the replication use cases are handed: the ports, a clock and timer, an optional
 * abort signal, and a way to describe the errors ports throw. Nothing else reaches the
 * outside world, so both use cases run unchanged against AWS, the lab, or fakes in tests.
 */
import type { PortFactory } from '../ports.js';
import type { ReadFailure } from './schema.js';

/** The clock and timer a use case is handed (the same contract as core's `Timer`). */
export interface ReplicationClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Turns an error thrown by a port into a failure kind and a short message (the CLI passes `classifyAwsError`). */
export type DescribeError = (error: unknown) => { kind: ReadFailure['kind']; message: string };

/** Ports for `readReplicationLag`: CloudWatch in each source region. */
export interface LagDeps {
  ports: Pick<PortFactory, 'region'>;
  /** Defaults to the error's name and message with kind `error`. */
  describeError?: DescribeError;
}

/** Ports, clock and signal for `probeReplication`: DynamoDB in each region. */
export interface ProbeDeps {
  ports: Pick<PortFactory, 'region'>;
  clock: ReplicationClock;
  /** Aborting stops the probe at the next poll; canaries are still cleaned up. */
  signal?: AbortSignal;
  /** Defaults to the error's name and message with kind `error`. */
  describeError?: DescribeError;
}

/** The part of the config both use cases read (a full `Config` fits). */
export interface ReplicationConfig {
  globalTable: { name: string };
  regions: readonly { name: string }[];
  thresholds: { maxReplicationLagSeconds: number; staleAfterSeconds: number };
}

/** One replication direction: changes written in `from` and applied in `to`. */
export interface Direction {
  from: string;
  to: string;
}

/** The fallback DescribeError: kind `error`, the error's name and message. */
export function describeErrorPlainly(error: unknown): { kind: 'error'; message: string } {
  const e = error as { name?: unknown; message?: unknown } | null | undefined;
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return { kind: 'error', message: `${name}: ${message}` };
}

/** Every ordered pair of distinct regions, in config order (`a→b`, `a→c`, `b→a`…). */
export function allDirections(regions: readonly string[]): Direction[] {
  return regions.flatMap((from) => regions.filter((to) => to !== from).map((to) => ({ from, to })));
}

/** The directions matching optional `from` / `to` filters. */
export function selectDirections(
  regions: readonly string[],
  filter: { from?: string; to?: string } = {},
): Direction[] {
  return allDirections(regions).filter(
    (d) =>
      (filter.from === undefined || d.from === filter.from) &&
      (filter.to === undefined || d.to === filter.to),
  );
}
