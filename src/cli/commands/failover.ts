/**
 * `mysfits-dr failover --to <region>` and `mysfits-dr failback`: move all traffic to one
 * region with preflight checks, a plan, a lock, a journal and measured timings. Failback is
 * a failover back to the primary with the stricter replication limit.
 */
import type { Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import type { CommandRegistrar } from '../program.js';
import type { Context } from '../context.js';

/** Flags shared by failover and failback. */
interface FailoverFlags {
  to?: string;
  via: string;
  mode: string;
  step: string;
  interval: string;
  scaleSourceDown?: boolean;
  force: string[];
  dryRun?: boolean;
  resume?: string | boolean;
  timeout: string;
  appUrl?: string;
  wait?: boolean;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(
    'INVALID_OPTION',
    `${flag} "${value}" is not one of ${allowed.join(', ')}`,
    `Pass ${flag} ${allowed[0]}.`,
  );
}

/** Validates the flags into the journaled request (everything `--resume` needs). */
export function failoverRequest(
  kind: 'failover' | 'failback',
  flags: FailoverFlags,
  regions: readonly string[],
  primary: string,
) {
  const to = flags.to ?? (kind === 'failback' ? primary : undefined);
  if (!to)
    throw usageError(
      'MISSING_TARGET',
      'failover needs --to <region>',
      `Pass --to ${regions.filter((r) => r !== primary)[0] ?? 'us-east-1'}.`,
    );
  if (!regions.includes(to)) {
    throw usageError(
      'UNKNOWN_REGION',
      `--to "${to}" is not a configured region`,
      `Pass one of ${regions.join(', ')} (from the config's regions[].name).`,
    );
  }
  const step = Number(flags.step);
  if (!Number.isInteger(step) || step < 1 || step > 100) {
    throw usageError(
      'INVALID_STEP',
      `--step "${flags.step}" is not a whole percentage between 1 and 100`,
      'Pass e.g. --step 25.',
    );
  }
  return {
    kind,
    to,
    via: oneOf('--via', flags.via, ['dials', 'routing-switch'] as const),
    mode: oneOf('--mode', flags.mode, ['all-at-once', 'gradual'] as const),
    stepPercent: step,
    intervalMs: parseDuration('--interval', flags.interval),
    timeoutMs: parseDuration('--timeout', flags.timeout),
    scaleSourceDown: flags.scaleSourceDown === true,
  };
}

async function run(
  ctx: Context,
  kind: 'failover' | 'failback',
  flags: FailoverFlags,
): Promise<number> {
  const config = await ctx.config();
  // `--resume` rebuilds the plan from the run's journaled request (its own --to), so it needs
  // no --to: the resume command the tool prints is `failover --resume <run> --yes`.
  const resumingWithoutTarget = flags.resume !== undefined && flags.to === undefined;
  const request = failoverRequest(
    kind,
    resumingWithoutTarget ? { ...flags, to: config.primaryRegion } : flags,
    config.regions.map((r) => r.name),
    config.primaryRegion,
  );
  const { runOperation } = await import('../ops/run-operation.js');
  const { buildFailoverPlan } = await import('../ops/failover-plan.js');
  return runOperation(ctx, {
    kind,
    request,
    dryRun: flags.dryRun === true,
    ...(flags.resume === undefined
      ? {}
      : { resume: flags.resume === true ? true : String(flags.resume) }),
    force: flags.force
      .flatMap((f) => f.split(','))
      .map((f) => f.trim())
      .filter(Boolean),
    resumeCommand: (runId) => `mysfits-dr ${kind} --resume ${runId} --yes`,
    build: (oc, req) => buildFailoverPlan(oc, req as typeof request, ctx.signal),
    ...(flags.appUrl ? { appUrl: flags.appUrl } : {}),
    ...(flags.wait ? { waitDeployedMs: request.timeoutMs } : {}),
  });
}

function addFlags(command: Command): Command {
  return command
    .option(
      '--via <path>',
      'dials (the accelerator API) or routing-switch (the data-plane path, no accelerator API)',
      'dials',
    )
    .option('--mode <mode>', 'all-at-once or gradual (dials only)', 'all-at-once')
    .option('--step <percent>', 'gradual: dial step in percent', '25')
    .option('--interval <duration>', 'gradual: wait between steps, then check the target', '30s')
    .option('--scale-source-down', 'scale the source region’s services to 0 at the end')
    .option(
      '--force <checks>',
      'override the named failed preflight checks (comma-separated; recorded)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--dry-run', 'print the plan and stop (exit 3 if it would be refused)')
    .option(
      '--resume [run]',
      'continue an interrupted run from its journal (the latest when no id is given)',
    )
    .option(
      '--timeout <duration>',
      'longest one step may wait (tasks starting, a dial deploying, traffic landing)',
      '10m',
    )
    .option(
      '--app-url <url>',
      'the accelerator’s address for the traffic probe (default: MYSFITS_DR_APP_URL, else read from its API)',
    )
    .option(
      '--wait',
      'wait for an earlier accelerator change to finish deploying instead of refusing',
    );
}

/** Registers `failover` and `failback`. */
export const registerFailover: CommandRegistrar = (program, runner) => {
  addFlags(
    program
      .command('failover')
      .description(
        'move all traffic to --to <region>: preflight, plan, lock, journal, measured (exit 3 refused, 5 lock held, 8 not converged)',
      )
      .option('--to <region>', 'the region to move traffic to'),
  ).action(runner((ctx, flags: FailoverFlags) => run(ctx, 'failover', flags)));
  addFlags(
    program
      .command('failback')
      .description(
        'move all traffic back to the primary region, with the stricter replication check',
      )
      .option('--to <region>', 'the region to move traffic back to (default: the primary)'),
  ).action(runner((ctx, flags: FailoverFlags) => run(ctx, 'failback', flags)));
};
