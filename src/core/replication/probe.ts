/**
 * `probeReplication`: measures replication lag directly, without CloudWatch. For each
 * direction (in parallel) it writes a uniquely keyed canary in the source region, polls the
 * receiving region with strongly consistent GetItem until the canary appears, and records the
 * time from the PutItem acknowledgement to first sight (resolution: the poll interval plus one
 * GetItem round trip). Every canary is deleted in both regions in a `finally`, on timeout,
 * error or abort alike. Never throws for AWS errors: they become `unknown` directions.
 */
import type { TableInfo } from '../ports.js';
import { type CanaryKeyPlan, planCanaryKey } from './canary.js';
import { CanarySampler, fail } from './canary-sampler.js';
import {
  type Direction,
  type ProbeDeps,
  type ReplicationConfig,
  selectDirections,
} from './deps.js';
import type {
  ProbeDirection,
  ProbeSample,
  ReadFailure,
  ReplicationProbeDocument,
} from './schema.js';
import { probeVerdict, worstProbeVerdict } from './stats.js';

/** What to probe and how. */
export interface ProbeOptions {
  table: string;
  directions: readonly Direction[];
  /** Canaries per direction, one after the other. */
  samples: number;
  /** Pause between a direction's samples. */
  intervalMs: number;
  /** How long one canary may take to arrive before the direction is `stalled`. */
  timeoutMs: number;
  /** How often the receiving region is polled: the measurement's resolution. */
  pollIntervalMs: number;
  maxReplicationLagSeconds: number;
  /** Shared by this run's canary keys; random per run (the caller makes it). */
  runId: string;
}

/** Default samples per direction. */
export const DEFAULT_PROBE_SAMPLES = 3;
/** Default pause between samples. */
export const DEFAULT_PROBE_INTERVAL_MS = 500;
/** Default poll interval (resolution). */
export const DEFAULT_PROBE_POLL_MS = 100;

/** Default per-sample timeout: twice the lag threshold, at least 5 s. */
export function defaultProbeTimeoutMs(maxReplicationLagSeconds: number): number {
  return Math.max(5_000, 2 * maxReplicationLagSeconds * 1000);
}

/** Probe options from the config, with the defaults for anything not given. */
export function probeOptionsFor(
  config: ReplicationConfig,
  given: { runId: string; from?: string; to?: string } & Partial<
    Pick<ProbeOptions, 'samples' | 'intervalMs' | 'timeoutMs' | 'pollIntervalMs'>
  >,
): ProbeOptions {
  const max = config.thresholds.maxReplicationLagSeconds;
  return {
    table: config.globalTable.name,
    directions: selectDirections(
      config.regions.map((r) => r.name),
      given,
    ),
    samples: given.samples ?? DEFAULT_PROBE_SAMPLES,
    intervalMs: given.intervalMs ?? DEFAULT_PROBE_INTERVAL_MS,
    timeoutMs: given.timeoutMs ?? defaultProbeTimeoutMs(max),
    pollIntervalMs: given.pollIntervalMs ?? DEFAULT_PROBE_POLL_MS,
    maxReplicationLagSeconds: max,
    runId: given.runId,
  };
}

type Described = { ok: true; table: TableInfo } | { ok: false; failure: ReadFailure };

const iso = (ms: number) => new Date(ms).toISOString();

/** Runs the canaries of every direction in parallel and judges each direction. */
export async function probeReplication(
  deps: ProbeDeps,
  options: ProbeOptions,
): Promise<ReplicationProbeDocument> {
  const startedAt = deps.clock.now();
  const regions = [...new Set(options.directions.flatMap((d) => [d.from, d.to]))];
  const described = new Map(
    await Promise.all(
      regions.map(async (region): Promise<[string, Described]> => {
        try {
          const table = await deps.ports.region(region).dynamodb.describeTable(options.table);
          return [region, { ok: true, table }];
        } catch (error) {
          return [
            region,
            { ok: false, failure: fail(deps, `dynamodb:DescribeTable ${region}`, error) },
          ];
        }
      }),
    ),
  );
  const warnings: string[] = [];
  const directions = await Promise.all(
    options.directions.map((d) => probeDirection(deps, options, d, described, warnings)),
  );
  for (const d of directions) if (d.verdict !== 'ok') warnings.push(d.message);
  return {
    schemaVersion: 1,
    kind: 'replication-probe',
    table: options.table,
    runId: options.runId,
    startedAt: iso(startedAt),
    finishedAt: iso(deps.clock.now()),
    settings: {
      samples: options.samples,
      intervalMs: options.intervalMs,
      timeoutMs: options.timeoutMs,
      pollIntervalMs: options.pollIntervalMs,
      maxReplicationLagSeconds: options.maxReplicationLagSeconds,
    },
    verdict: worstProbeVerdict(directions.map((d) => d.verdict)),
    interrupted: deps.signal?.aborted ?? false,
    directions,
    warnings,
  };
}

async function probeDirection(
  deps: ProbeDeps,
  options: ProbeOptions,
  d: Direction,
  described: Map<string, Described>,
  warnings: string[],
): Promise<ProbeDirection> {
  const samples: ProbeSample[] = [];
  const cleanup = { deleted: 0, failures: [] as ProbeDirection['cleanup']['failures'] };
  let failure: ReadFailure | null = null;
  // Every replica of a global table has the same key schema, so any region's DescribeTable
  // will do: the probe then needs only item calls, which keep working when a region's control
  // plane is down.
  const own = described.get(d.from)!;
  const anyOk = [...described.values()].find((x) => x.ok);
  const source = own.ok ? own : (anyOk ?? own);
  if (!source.ok) failure = source.failure;
  let plan: CanaryKeyPlan | undefined;
  if (source.ok && !failure) {
    plan = planCanaryKey(options.table, source.table.key);
    if (!plan.ok) {
      failure = {
        kind: 'unsupported',
        call: `dynamodb:DescribeTable ${d.from}`,
        message: plan.reason,
      };
    } else if (
      own.ok &&
      source.table.replicas.length > 0 &&
      !source.table.replicas.some((r) => r.region === d.to)
    ) {
      warnings.push(
        `DescribeTable in ${d.from} lists no replica of ${options.table} in ${d.to}; its canaries are not expected to arrive`,
      );
    }
  }
  if (plan?.ok && !failure && source.ok) {
    const sampler = new CanarySampler(deps, options, d, plan, source.table.ttlAttribute, cleanup);
    for (let n = 1; n <= options.samples && !deps.signal?.aborted; n++) {
      if (n > 1) await deps.clock.sleep(options.intervalMs, deps.signal);
      if (deps.signal?.aborted) break;
      const { sample, failure: sampleFailure } = await sampler.run(n);
      samples.push(sample);
      failure = sampleFailure;
      if (sample.outcome !== 'seen') break;
    }
  }
  const interrupted =
    !failure && (deps.signal?.aborted ?? false) && !samples.some((s) => s.outcome === 'timeout');
  const judged = probeVerdict({
    ...d,
    samples,
    samplesRequested: options.samples,
    failure,
    interrupted,
    timeoutMs: options.timeoutMs,
    maxLagSeconds: options.maxReplicationLagSeconds,
  });
  for (const f of cleanup.failures) {
    warnings.push(
      `could not delete canary ${f.key} in ${f.region} (${f.message}); it carries ExpiresAt one hour on — delete it by hand if the table has no TTL`,
    );
  }
  return {
    ...d,
    verdict: judged.verdict,
    message: judged.message,
    samplesRequested: options.samples,
    samples,
    stats: judged.stats,
    resolutionMs: options.pollIntervalMs,
    failure,
    cleanup,
  };
}
