/**
 * `mysfits-dr failover --to <region>` and `mysfits-dr failback`: move all traffic to one
 * region with preflight checks, a plan, a lock, a journal and measured timings. Failback is
 * a failover back to the primary with the stricter replication limit.
 */
import type { Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import type { FailoverRunRequest } from '../../core/ops/requests.js';
import type { Context } from '../context.js';
import {
  numberFlag,
  oneOf,
  operationFlags,
  operationOptions,
  type OperationFlags,
  type OperationOptions,
} from '../ops/operation-flags.js';
import type { ActionResult, CommandRegistrar } from '../program.js';

/** Flags of failover and failback, as commander gives them. */
interface FailoverFlags extends OperationFlags {
  to?: string;
  via: string;
  mode: string;
  step: string;
  interval: string;
  scaleSourceDown?: boolean;
}

/** Options of `failover` and `failback`: the validated request and the shared flags. */
export interface FailoverOptions extends OperationOptions {
  /** Everything `--resume` needs; on `--resume` the journaled request replaces it. */
  request: FailoverRunRequest;
}

/**
 * Validates the flags into the options. `--resume` rebuilds the plan from the run's journaled
 * request (its own --to), so it needs no --to: the resume command the tool prints is
 * `failover --resume <run> --yes`.
 */
export async function failoverOptions(
  ctx: Context,
  kind: 'failover' | 'failback',
  flags: FailoverFlags,
): Promise<FailoverOptions> {
  const config = await ctx.config();
  const { failoverRequestSchema: schema } = await import('../../core/ops/requests.js');
  const regions = config.regions.map((r) => r.name);
  const primary = config.primaryRegion;
  const resumingWithoutTarget = flags.resume !== undefined && flags.to === undefined;
  const to =
    (resumingWithoutTarget ? primary : flags.to) ?? (kind === 'failback' ? primary : undefined);
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
  const stepPercent = numberFlag(flags.step, schema.shape.stepPercent, () =>
    usageError(
      'INVALID_STEP',
      `--step "${flags.step}" is not a whole percentage between 1 and 100`,
      'Pass e.g. --step 25.',
    ),
  );
  const request = schema.parse({
    kind,
    to,
    via: oneOf('--via', flags.via, schema.shape.via.options),
    mode: oneOf('--mode', flags.mode, schema.shape.mode.options),
    stepPercent,
    intervalMs: parseDuration('--interval', flags.interval),
    timeoutMs: parseDuration('--timeout', flags.timeout),
    scaleSourceDown: flags.scaleSourceDown === true,
  });
  return { ...operationOptions(flags), request };
}

async function run(ctx: Context, opts: FailoverOptions): Promise<ActionResult> {
  const { request } = opts;
  const [{ runOperation }, { buildFailoverPlan }, { failoverRequestSchema }] = await Promise.all([
    import('../ops/run-operation.js'),
    import('../ops/failover-plan.js'),
    import('../../core/ops/requests.js'),
  ]);
  return runOperation(ctx, {
    kind: request.kind,
    request,
    schema: failoverRequestSchema,
    dryRun: opts.dryRun,
    ...(opts.resume === undefined ? {} : { resume: opts.resume }),
    force: opts.force,
    resumeCommand: (runId) => `mysfits-dr ${request.kind} --resume ${runId} --yes`,
    build: (oc, req) => buildFailoverPlan(oc, req, ctx.signal),
    ...(opts.appUrl ? { appUrl: opts.appUrl } : {}),
    ...(opts.wait ? { waitDeployedMs: request.timeoutMs } : {}),
  });
}

/** `failover --to <region>`: moves all traffic to the region. */
export function runFailover(ctx: Context, opts: FailoverOptions): Promise<ActionResult> {
  return run(ctx, opts);
}

/** `failback`: moves all traffic back to the primary (or `--to`), with the stricter lag check. */
export function runFailback(ctx: Context, opts: FailoverOptions): Promise<ActionResult> {
  return run(ctx, opts);
}

function addFlags(command: Command): Command {
  command
    .option(
      '--via <path>',
      'dials (the accelerator API) or routing-switch (the data-plane path, no accelerator API)',
      'dials',
    )
    .option('--mode <mode>', 'all-at-once or gradual (dials only)', 'all-at-once')
    .option('--step <percent>', 'gradual: dial step in percent', '25')
    .option('--interval <duration>', 'gradual: wait between steps, then check the target', '30s')
    .option('--scale-source-down', 'scale the source region’s services to 0 at the end');
  return operationFlags(command, 'failover');
}

/** Registers `failover` and `failback`. */
export const registerFailover: CommandRegistrar = (program, runner) => {
  const commands = [
    {
      kind: 'failover',
      description:
        'move all traffic to --to <region>: preflight, plan, lock, journal, measured (exit 3 refused, 5 lock held, 8 not converged)',
      to: 'the region to move traffic to',
      run: runFailover,
    },
    {
      kind: 'failback',
      description:
        'move all traffic back to the primary region, with the stricter replication check',
      to: 'the region to move traffic back to (default: the primary)',
      run: runFailback,
    },
  ] as const;
  for (const c of commands) {
    addFlags(
      program.command(c.kind).description(c.description).option('--to <region>', c.to),
    ).action(
      runner(async (ctx, flags: FailoverFlags) =>
        c.run(ctx, await failoverOptions(ctx, c.kind, flags)),
      ),
    );
  }
};
