/**
 * `mysfits-dr metrics`: per region, the ALB's requests and 2xx/4xx/5xx with their rates,
 * target response time percentiles, healthy hosts, ECS CPU and memory, replication latency
 * and X-Ray group counts over a window, as tables with sparklines or one `--json` document.
 * Exit 0 when everything was read, 7 when a region, metric or X-Ray group was not.
 */
import { Option, type Command } from 'commander';
import type { Config } from '../../config/schema.js';
import { parseDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import type { MetricsDocument } from '../../core/metrics/schema.js';
import { metricsWindow, parsePeriod } from '../../core/metrics/window.js';
import type { Context } from '../context.js';
import type { CommandRegistrar } from '../program.js';

/** Per-attempt timeout of the metric reads (a region that hangs is reported, not waited for). */
const REQUEST_TIMEOUT_MS = 5_000;
/** Attempts per call: one retry for a passing hiccup. */
const MAX_ATTEMPTS = 2;

/** Options of `metrics`. */
export interface MetricsOptions {
  /** How far back to look, in ms. */
  since: number;
  /** Seconds per datapoint (a CloudWatch period). */
  period: number;
  /** Only this region (checked against the config when the command runs). */
  region?: string;
}

/** The regions to read: all configured, or the one `--region` names. */
function selectRegions(config: Config, flag: string | undefined, configPath: string): string[] {
  const names = config.regions.map((r) => r.name);
  if (flag === undefined) return names;
  if (!names.includes(flag)) {
    throw usageError(
      'UNKNOWN_REGION',
      `--region: "${flag}" is not a region of the config`,
      `Pass one of ${names.join(', ')} (regions[].name in ${configPath}), or omit --region for all.`,
    );
  }
  return [flag];
}

/** Registers the `metrics` command. */
export const registerMetrics: CommandRegistrar = (program: Command, run) => {
  program
    .command('metrics')
    .description(
      'per region: requests, 2xx/4xx/5xx and rates, response times, healthy hosts, ECS CPU/memory, replication latency, X-Ray errors',
    )
    .addOption(
      new Option('--since <duration>', 'how far back to look (e.g. 15m, 1h, 90s)')
        .argParser((value: string) => parseDuration('--since', value))
        .default(15 * 60_000, '15m'),
    )
    .addOption(
      new Option(
        '--period <seconds>',
        'seconds per datapoint: 1, 5, 10, 20, 30 or a multiple of 60',
      )
        .argParser((value: string) => parsePeriod('--period', value))
        .default(60),
    )
    .option('--region <region>', 'read only this region (default: every configured region)')
    .action(
      run((ctx, opts: MetricsOptions) =>
        runMetrics(ctx, {
          since: opts.since,
          period: opts.period,
          ...(opts.region === undefined ? {} : { region: opts.region }),
        }),
      ),
    );
};

/** Runs `metrics`: exit 0 when everything was read, 7 when something was not. */
export async function runMetrics(ctx: Context, opts: MetricsOptions): Promise<number> {
  const config = await ctx.config();
  const regions = selectRegions(config, opts.region, ctx.configPath());
  const window = metricsWindow(ctx.now(), opts.since, opts.period);
  const { awsPortFactory } = await import('../../aws/ports.js');
  const { classifyAwsError } = await import('../../aws/errors.js');
  const { readMetrics } = await import('../../core/metrics/read-metrics.js');
  const ports = awsPortFactory(ctx.aws(), {
    acceleratorRegion: config.accelerator.apiRegion,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    maxAttempts: MAX_ATTEMPTS,
  });
  const progress = ctx.io.progress(`reading metrics of ${regions.join(', ')}`);
  const doc = await readMetrics(ports, config, { regions, window }, classifyAwsError).finally(
    () => {
      progress.stop();
      ports.destroy();
    },
  );
  await showMetrics(ctx, doc);
  return doc.exitCode;
}

/** Shows a metrics document: the one JSON document, or the tables and what was not read. */
export async function showMetrics(ctx: Context, doc: MetricsDocument): Promise<void> {
  ctx.io.document(doc);
  if (!ctx.io.json) {
    const { renderMetrics } = await import('../output/metrics-table.js');
    ctx.io.result(renderMetrics(doc, ctx.io.style));
    const unread = doc.regions.filter((r) => r.status === 'unknown');
    if (doc.status === 'unknown') {
      ctx.io.info(
        unread.length
          ? `could not read the metrics of ${unread.map((r) => `${r.region} (${r.failure?.kind ?? 'error'})`).join(', ')}; exit code ${doc.exitCode}`
          : `some metrics could not be read (marked unknown); exit code ${doc.exitCode}`,
      );
    }
    if (unread.some((r) => r.failure?.kind === 'credentials')) {
      ctx.io.info(
        'hint: check AWS_PROFILE/--profile and the credentials; for the lab run `eval "$(mysfits-dr lab env)"`.',
      );
    }
  }
}
