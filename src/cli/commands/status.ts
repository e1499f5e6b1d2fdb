/**
 * `mysfits-dr status`: both regions at a glance and a verdict (active region, could each
 * region take all traffic, is failing over safe). Every read runs in parallel under a
 * per-call timeout and a total budget; what could not be read shows as UNKNOWN with why.
 * Exit code: 0 healthy, 1 degraded, 7 unknown. `--watch` refreshes until interrupted.
 */
import type { Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import type { StatusDocument } from '../../core/status/schema.js';
import type { Context } from '../context.js';
import type { CommandRegistrar } from '../program.js';

/** Options of `status`, as commander hands them over. */
interface StatusFlags {
  timeout: string;
  budget: string;
  probe: boolean;
  watch?: string | boolean;
  concurrency: string;
}

/** Validated options of `status`: one read's limits, and the refresh interval with --watch. */
export interface StatusOptions {
  perCallMs: number;
  totalMs: number;
  probe: boolean;
  concurrency: number;
  /** Refresh every this many ms until interrupted (`--watch`); absent: read once. */
  watchMs?: number;
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw usageError(
      'INVALID_NUMBER',
      `${flag} "${value}" is not a whole number >= 1`,
      `Pass e.g. ${flag} 16.`,
    );
  }
  return n;
}

/** Turns the flags into options, or a usage error naming the flag, the value and the fix. */
export function statusOptions(flags: Omit<StatusFlags, 'watch'>): StatusOptions {
  const perCallMs = parseDuration('--timeout', flags.timeout);
  const totalMs = parseDuration('--budget', flags.budget);
  if (totalMs < perCallMs) {
    throw usageError(
      'INVALID_BUDGET',
      `--budget ${flags.budget} is shorter than --timeout ${flags.timeout}`,
      'Give the whole run at least as long as one call: raise --budget or lower --timeout.',
    );
  }
  return {
    perCallMs,
    totalMs,
    probe: flags.probe,
    concurrency: positiveInteger('--concurrency', flags.concurrency),
  };
}

function watchInterval(value: string | boolean | undefined): number | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return 5_000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1) {
    throw usageError(
      'INVALID_WATCH',
      `--watch "${value}" is not a number of seconds >= 1`,
      'Pass e.g. --watch 5, or --watch alone for every 5 s.',
    );
  }
  return seconds * 1000;
}

/** Reads and assesses the status once. */
export async function readStatus(ctx: Context, options: StatusOptions): Promise<StatusDocument> {
  const config = await ctx.config();
  const [{ awsPortFactory }, { readStatusWith }] = await Promise.all([
    import('../../aws/ports.js'),
    import('../status-reader.js'),
  ]);
  const ports = awsPortFactory(ctx.aws(), {
    acceleratorRegion: config.accelerator.apiRegion,
    requestTimeoutMs: options.perCallMs,
    maxAttempts: 3,
  });
  try {
    // Every read below is time-boxed: the clients' code is loaded before the clock starts.
    await ports.load();
    return await readStatusWith(config, ports, options, ctx.signal);
  } finally {
    ports.destroy();
  }
}

/** Shows one status document: JSON, a refreshed screen when watching, or the report. */
export async function showStatus(
  ctx: Context,
  doc: StatusDocument,
  watching = false,
): Promise<void> {
  if (ctx.io.json) return ctx.io.document(doc);
  const { renderStatus } = await import('../output/status-view.js');
  const text = renderStatus(doc, ctx.io.style);
  if (watching) ctx.io.screen(text);
  else ctx.io.result(text);
}

/** Runs `status`: one read and its verdict as the exit code, or a refresh until interrupted. */
export async function runStatus(ctx: Context, options: StatusOptions): Promise<number> {
  const interval = options.watchMs;
  if (interval === undefined) {
    const doc = await readStatus(ctx, options);
    await showStatus(ctx, doc);
    return doc.exitCode;
  }
  const { systemTimer } = await import('../timer.js');
  let last = 0;
  while (!ctx.signal.aborted && !ctx.io.stdoutClosed) {
    const started = systemTimer.now();
    const doc = await readStatus(ctx, options);
    if (ctx.signal.aborted) break;
    await showStatus(ctx, doc, true);
    last = doc.exitCode;
    if (ctx.io.stdoutClosed) break; // nobody reads the refreshes any more
    await systemTimer.sleep(Math.max(0, interval - (systemTimer.now() - started)), ctx.signal);
  }
  return last;
}

/** Registers `status`. */
export const registerStatus: CommandRegistrar = (program: Command, runner) => {
  program
    .command('status')
    .description(
      'both regions at a glance: traffic, health, capacity, replication, alarms, and whether failing over is safe (exit 0 healthy, 1 degraded, 7 unknown)',
    )
    .option('--timeout <duration>', 'longest one AWS call may take, retries included', '3s')
    .option(
      '--budget <duration>',
      'longest the whole read may take; later reads show as UNKNOWN',
      '10s',
    )
    .option('--no-probe', 'do not write replication canaries; read the lag from CloudWatch only')
    .option(
      '--watch [seconds]',
      'refresh every N seconds (default 5) until interrupted; with --json one document per line',
    )
    .option('--concurrency <n>', 'most AWS calls in flight at once', '32')
    .action(
      runner((ctx, flags: StatusFlags) => {
        const watchMs = watchInterval(flags.watch);
        return runStatus(ctx, {
          ...statusOptions(flags),
          ...(watchMs === undefined ? {} : { watchMs }),
        });
      }),
    );
};
