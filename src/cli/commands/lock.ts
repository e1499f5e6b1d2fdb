/**
 * `mysfits-dr lock show|break`: who holds the operations lock (an item in the control table,
 * or the global table without one), and breaking the lock of a run that died. Breaking names
 * the run, so a lock taken since by someone else is never broken by mistake, and raises the
 * lock's fencing token, so the broken run cannot write again.
 */
import type { Command } from 'commander';
import { EXIT_CODES } from '../../core/errors.js';
import type { LockHolder } from '../../core/ops/lock.js';
import type { Context } from '../context.js';
import type { CommandRegistrar, Runner } from '../program.js';

async function withLock<T>(
  ctx: Context,
  fn: (lock: import('../../core/ops/lock.js').OperationLock) => Promise<T>,
): Promise<T> {
  const config = await ctx.config();
  const [{ awsPortFactory }, { OperationLock }, { openControlStore }] = await Promise.all([
    import('../../aws/ports.js'),
    import('../../core/ops/lock.js'),
    import('../ops/table-access.js'),
  ]);
  const ports = awsPortFactory(ctx.aws(), { requestTimeoutMs: 3_000, maxAttempts: 2 });
  try {
    const lock = new OperationLock({ store: await openControlStore(config, ports), now: ctx.now });
    return await fn(lock);
  } finally {
    ports.destroy();
  }
}

/** Options of `lock show`: none. */
export type LockShowOptions = Record<string, never>;

/** Options of `lock break`. */
export interface LockBreakOptions {
  /** The run whose lock to break; a lock held by any other run is left alone. */
  run: string;
}

/** Runs `lock show`: prints the holder; exit 5 while the lock is held, 0 when free or expired. */
export async function runLockShow(ctx: Context, _opts: LockShowOptions = {}): Promise<number> {
  return withLock(ctx, async (l) => showLock(ctx, await l.holder()));
}

/** Shows who holds the lock (JSON document or one line); returns 5 while held, else 0. */
export function showLock(ctx: Context, holder: LockHolder | undefined): number {
  const held = holder !== undefined && holder.expiresAt > ctx.now();
  ctx.io.document({ schemaVersion: 1, kind: 'lock', held, holder: holder ?? null });
  ctx.io.result(
    holder
      ? `${held ? 'held' : 'expired'}: ${holder.operation} run ${holder.runId} by ${holder.owner} (in ${holder.region}, token ${holder.fence}), since ${new Date(holder.acquiredAt).toISOString()}, ${held ? 'expires' : 'expired'} ${new Date(holder.expiresAt).toISOString()}`
      : 'free',
  );
  return held ? EXIT_CODES.lockHeld : EXIT_CODES.ok;
}

/** Runs `lock break` after confirmation: exit 0 when broken, 1 when that run held no lock. */
export async function runLockBreak(ctx: Context, opts: LockBreakOptions): Promise<number> {
  return withLock(ctx, async (l) => {
    const { notConfirmed } = await import('../../core/errors.js');
    if (!(await ctx.confirm(`Break the lock of run ${opts.run}?`))) {
      throw notConfirmed('the lock was left as it is', 'Pass --yes.');
    }
    const broken = await l.break(opts.run);
    ctx.io.document({ schemaVersion: 1, kind: 'lock-break', run: opts.run, broken });
    ctx.io.result(
      broken
        ? `broke the lock of run ${opts.run}`
        : `run ${opts.run} does not hold the lock; nothing was changed`,
    );
    return broken ? EXIT_CODES.ok : EXIT_CODES.failed;
  });
}

/** Registers `lock show` and `lock break`. */
export const registerLock: CommandRegistrar = (program: Command, run: Runner) => {
  const lock = program
    .command('lock')
    .description('the operations lock that keeps two operators from changing traffic at once');
  lock
    .command('show')
    .description('who holds the lock, since when, until when (exit 5 when held)')
    .action(run((ctx) => runLockShow(ctx, {})));
  lock
    .command('break')
    .description('break the lock of a run that died (needs --run and --yes)')
    .requiredOption('--run <id>', 'the run whose lock to break (see `lock show`)')
    .action(run((ctx, flags: { run: string }) => runLockBreak(ctx, { run: flags.run })));
};
