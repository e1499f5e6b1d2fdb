/**
 * `mysfits-dr replication lag` (ReplicationLatency and PendingReplicationCount from
 * CloudWatch, per direction) and `mysfits-dr replication probe` (canary items written in one
 * region and watched for in the other). Exit 0 when every direction is ok, 1 when one is
 * lagging or stalled, 7 when one could not be measured, 2 for bad input. docs/replication.md.
 */
import { Option, type Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import { isCloudWatchPeriod } from '../../core/metrics/window.js';
import type {
  ReplicationLagDocument,
  ReplicationProbeDocument,
} from '../../core/replication/schema.js';
import type { Context } from '../context.js';
import type { CommandRegistrar } from '../program.js';

function parseSamples(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw usageError(
      'BAD_SAMPLES',
      `--samples: "${value}" is not a number of samples`,
      'Pass an integer from 1 to 100, e.g. --samples 3.',
    );
  }
  return n;
}

function parsePeriod(value: string): number {
  const ms = parseDuration('--period', value);
  const s = ms / 1000;
  if (!Number.isInteger(s) || !isCloudWatchPeriod(s)) {
    throw usageError(
      'BAD_PERIOD',
      `--period: "${value}" is not a CloudWatch period`,
      'Pass 1s, 5s, 10s, 20s, 30s or a multiple of 60s, e.g. --period 60s (ReplicationLatency is published per minute).',
    );
  }
  return s;
}

const duration = (flag: string) => (value: string) => parseDuration(flag, value);

/** Checks `--from` / `--to` against the configured regions; a usage error names the flag, value and fix. */
function checkRegions(
  ctx: Context,
  regions: readonly string[],
  opts: { from?: string; to?: string },
) {
  for (const flag of ['from', 'to'] as const) {
    const value = opts[flag];
    if (value !== undefined && !regions.includes(value)) {
      throw usageError(
        'UNKNOWN_REGION',
        `--${flag}: "${value}" is not a configured region`,
        `Pass one of the regions in ${ctx.configPath()}: ${regions.join(', ')} (e.g. --${flag} ${regions[0]}).`,
      );
    }
  }
  if (opts.from !== undefined && opts.from === opts.to) {
    throw usageError(
      'SAME_REGION',
      `--from and --to are both "${opts.from}"`,
      'A direction needs two regions: pass a different --to, or leave --from/--to out to probe every direction.',
    );
  }
}

/** The configuration, once `--from` / `--to` are checked against its regions. */
async function checkedConfig(ctx: Context, opts: { from?: string; to?: string }) {
  const config = await ctx.config();
  checkRegions(
    ctx,
    config.regions.map((r) => r.name),
    opts,
  );
  return config;
}

async function portsFor(ctx: Context, requestTimeoutMs: number) {
  const [{ awsPortFactory }, { classifyAwsError }] = await Promise.all([
    import('../../aws/ports.js'),
    import('../../aws/errors.js'),
  ]);
  const ports = awsPortFactory(ctx.aws(), { requestTimeoutMs, maxAttempts: 2 });
  // The probe's calls are time-boxed: their clients' code is loaded before the clock starts.
  await ports.load(['dynamodb', 'cloudwatch']);
  return { ports, describeError: classifyAwsError };
}

/** Options of `replication lag`. */
export interface ReplicationLagOptions {
  from?: string;
  to?: string;
  /** How far back to look, in ms. */
  since: number;
  /** CloudWatch period, in seconds. */
  period: number;
}

/** Options of `replication probe`. */
export interface ReplicationProbeOptions {
  from?: string;
  to?: string;
  /** Canaries per direction (1-100). */
  samples: number;
  /** Pause between samples, in ms. */
  interval: number;
  /** Per canary, in ms; absent: 2 × thresholds.maxReplicationLagSeconds, at least 5 s. */
  timeout?: number;
  /** How often the receiving region is read, in ms. */
  pollInterval: number;
}

const direction = (opts: { from?: string | undefined; to?: string | undefined }) => ({
  ...(opts.from ? { from: opts.from } : {}),
  ...(opts.to ? { to: opts.to } : {}),
});

/** Runs `replication lag`: exit 0 all ok, 1 lagging or stalled, 7 not measured. */
export async function runReplicationLag(
  ctx: Context,
  opts: ReplicationLagOptions,
): Promise<number> {
  const config = await checkedConfig(ctx, opts);
  const { readReplicationLag } = await import('../../core/replication/lag.js');
  const { ports, describeError } = await portsFor(ctx, 5_000);
  try {
    const doc = await readReplicationLag({ ports, describeError }, config, ctx.now(), {
      windowMs: opts.since,
      periodSeconds: opts.period,
      ...direction(opts),
    });
    return await showReplicationLag(ctx, doc);
  } finally {
    ports.destroy();
  }
}

/** Shows a lag or probe document (JSON or table, then its warnings); returns its exit code. */
async function show<D extends ReplicationLagDocument | ReplicationProbeDocument>(
  ctx: Context,
  doc: D,
  render: (doc: D, style: Context['io']['style']) => string,
): Promise<number> {
  const { replicationExitCode } = await import('../../core/replication/stats.js');
  ctx.io.document(doc);
  ctx.io.result(render(doc, ctx.io.style));
  for (const warning of doc.warnings) ctx.io.warn(warning);
  return replicationExitCode(doc.directions.map((d) => d.verdict));
}

/** Shows a lag document (JSON or table, then its warnings) and returns its exit code. */
export async function showReplicationLag(
  ctx: Context,
  doc: ReplicationLagDocument,
): Promise<number> {
  return show(ctx, doc, (await import('../output/replication-lag.js')).renderReplicationLag);
}

/** Runs `replication probe`: exit 0 all ok, 1 lagging or stalled, 7 not measured. */
export async function runReplicationProbe(
  ctx: Context,
  opts: ReplicationProbeOptions,
): Promise<number> {
  const config = await checkedConfig(ctx, opts);
  const [{ probeOptionsFor, probeReplication }, timer, crypto] = await Promise.all([
    import('../../core/replication/probe.js'),
    import('../timer.js'),
    import('node:crypto'),
  ]);
  const options = probeOptionsFor(config, {
    runId: crypto.randomUUID().slice(0, 8),
    samples: opts.samples,
    intervalMs: opts.interval,
    pollIntervalMs: opts.pollInterval,
    ...(opts.timeout === undefined ? {} : { timeoutMs: opts.timeout }),
    ...direction(opts),
  });
  const { ports, describeError } = await portsFor(
    ctx,
    Math.min(5_000, Math.max(1_000, options.timeoutMs)),
  );
  const progress = ctx.io.progress(
    `probing ${options.directions.length} direction(s) with ${options.samples} canaries each`,
  );
  try {
    const clock = { now: () => ctx.now(), sleep: timer.systemTimer.sleep };
    const doc = await probeReplication(
      { ports, clock, signal: ctx.signal, describeError },
      options,
    );
    progress.stop();
    return await showReplicationProbe(ctx, doc);
  } finally {
    progress.stop();
    ports.destroy();
  }
}

/** Shows a probe document (JSON or table, then its warnings) and returns its exit code. */
export async function showReplicationProbe(
  ctx: Context,
  doc: ReplicationProbeDocument,
): Promise<number> {
  return show(ctx, doc, (await import('../output/replication-probe.js')).renderReplicationProbe);
}

/** Registers the `replication` command group. */
export const registerReplication: CommandRegistrar = (program: Command, run) => {
  const replication = program
    .command('replication')
    .description("measure the global table's replication lag between the regions");
  const from = () => new Option('--from <region>', 'only directions from this region');
  const to = () => new Option('--to <region>', 'only directions to this region');

  replication
    .command('lag')
    .description('ReplicationLatency (and PendingReplicationCount) per direction from CloudWatch')
    .addOption(from())
    .addOption(to())
    .addOption(
      new Option('--since <duration>', 'how far back to look')
        .argParser(duration('--since'))
        .default(15 * 60_000, '15m'),
    )
    .addOption(
      new Option('--period <duration>', 'CloudWatch period')
        .argParser(parsePeriod)
        .default(60, '60s'),
    )
    .action(
      run((ctx, opts: ReplicationLagOptions) =>
        runReplicationLag(ctx, { since: opts.since, period: opts.period, ...direction(opts) }),
      ),
    );

  replication
    .command('probe')
    .description('write canary items in one region and time their arrival in the other')
    .addOption(from())
    .addOption(to())
    .option('--samples <n>', 'canaries per direction', parseSamples, 3)
    .addOption(
      new Option('--interval <duration>', 'pause between samples')
        .argParser(duration('--interval'))
        .default(500, '500ms'),
    )
    .option(
      '--timeout <duration>',
      'per canary; default 2 × thresholds.maxReplicationLagSeconds, at least 5s',
      duration('--timeout'),
    )
    .addOption(
      new Option(
        '--poll-interval <duration>',
        'how often the receiving region is read (the resolution)',
      )
        .argParser(duration('--poll-interval'))
        .default(100, '100ms'),
    )
    .action(
      run((ctx, opts: ReplicationProbeOptions) =>
        runReplicationProbe(ctx, {
          samples: opts.samples,
          interval: opts.interval,
          pollInterval: opts.pollInterval,
          ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }),
          ...direction(opts),
        }),
      ),
    );
};
