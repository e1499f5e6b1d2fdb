/**
 * Replication lag for `status`: CloudWatch's ReplicationLatency per direction and, unless
 * switched off, one live canary per direction (the probe works when CloudWatch in the
 * source region cannot be read, and sees a pause long before datapoints go stale). Both
 * run in parallel within the budget status hands over.
 */
import type { Config } from '../../config/schema.js';
import type { PortFactory } from '../ports.js';
import type { ErrorClassifier, Timer } from '../read-budget.js';
import { readReplicationLag } from '../replication/lag.js';
import { probeOptionsFor, probeReplication } from '../replication/probe.js';
import type { ReplicationReading } from './facts.js';

/** How status measures replication. */
export interface StatusReplicationOptions {
  /** Write canaries (true) or read CloudWatch only. */
  probe: boolean;
  /** Time left for the whole measurement. */
  budgetMs: number;
  /** Shared by the canary keys of this run. */
  runId: string;
  signal?: AbortSignal;
  classify: ErrorClassifier;
}

/** Time kept back from the probe's timeout for cleaning up its canaries. */
const CLEANUP_RESERVE_MS = 1_000;

/** One direction's reading from `source`; `lagMs` undefined when it was not measured. */
function reading(
  d: Pick<ReplicationReading, 'from' | 'to' | 'verdict' | 'message'>,
  source: ReplicationReading['source'],
  lagMs: number | undefined,
): ReplicationReading {
  return {
    from: d.from,
    to: d.to,
    source,
    lagSeconds: lagMs === undefined ? null : lagMs / 1000,
    verdict: d.verdict,
    message: d.message,
  };
}

/** Reads lag per direction from CloudWatch and (optionally) a one-sample canary probe. */
export async function statusReplication(
  config: Config,
  ports: PortFactory,
  timer: Timer,
  options: StatusReplicationOptions,
): Promise<ReplicationReading[]> {
  const fromCloudWatch = readReplicationLag(
    { ports, describeError: options.classify },
    config,
    timer.now(),
  ).then((doc) =>
    doc.directions.map(
      (d): ReplicationReading => ({
        ...reading(d, 'cloudwatch', d.latency?.latestAverageMs),
        ...(d.latency ? { ageSeconds: Math.round(d.latency.ageMs / 1000) } : {}),
      }),
    ),
  );
  const timeoutMs = Math.min(
    (config.thresholds.maxReplicationLagSeconds + 1) * 1000,
    Math.max(500, options.budgetMs - CLEANUP_RESERVE_MS),
  );
  const fromProbe = options.probe
    ? probeReplication(
        {
          ports,
          clock: timer,
          describeError: options.classify,
          ...(options.signal ? { signal: options.signal } : {}),
        },
        probeOptionsFor(config, {
          runId: options.runId,
          samples: 1,
          timeoutMs,
          pollIntervalMs: 50,
        }),
      ).then((doc) => doc.directions.map((d) => reading(d, 'probe', d.stats?.medianMs)))
    : Promise.resolve([]);
  const [probe, cloudwatch] = await Promise.all([fromProbe, fromCloudWatch]);
  return [...probe, ...cloudwatch];
}
