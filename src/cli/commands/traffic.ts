/**
 * `mysfits-dr traffic`: show where traffic goes, and move it with the accelerator's dials
 * (`set`, `drain`, `shift`) or the routing switch (`switch`). Every change is an operation:
 * guarded, planned, confirmed, locked, journaled and observed (see core/ops/operation.ts).
 */
import type { Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { EXIT_CODES, usageError } from '../../core/errors.js';
import type {
  TrafficDrainRequest,
  TrafficSetRequest,
  TrafficShiftRequest,
  TrafficSwitchRequest,
} from '../../core/ops/requests.js';
import type { Context } from '../context.js';
import {
  numberFlag,
  operationFlags,
  operationOptions,
  type OperationFlags,
  type OperationOptions,
} from '../ops/operation-flags.js';
import type { TrafficOperation } from '../ops/traffic-plan.js';
import type { ActionResult, CommandRegistrar, Runner } from '../program.js';

/** Options of `traffic show` (none). */
export type TrafficShowOptions = Record<string, never>;
/** Options of `traffic set`. */
export interface TrafficSetOptions extends OperationOptions {
  request: TrafficSetRequest;
}
/** Options of `traffic drain`. */
export interface TrafficDrainOptions extends OperationOptions {
  request: TrafficDrainRequest;
}
/** Options of `traffic shift`. */
export interface TrafficShiftOptions extends OperationOptions {
  request: TrafficShiftRequest;
}
/** Options of `traffic switch`. */
export interface TrafficSwitchOptions extends OperationOptions {
  request: TrafficSwitchRequest;
}

/** `traffic show`: dials, endpoint health and the share of new connections per region. */
export async function runTrafficShow(
  ctx: Context,
  _opts: TrafficShowOptions = {},
): Promise<ActionResult> {
  const { readStatus } = await import('./status.js');
  const { renderTraffic } = await import('../output/traffic-view.js');
  const doc = await readStatus(ctx, {
    perCallMs: 3_000,
    totalMs: 10_000,
    probe: false,
    concurrency: 32,
  });
  ctx.io.document({
    schemaVersion: 1,
    kind: 'traffic',
    accelerator: doc.accelerator,
    regions: doc.regions.map((r) => ({
      name: r.name,
      ...r.traffic,
      canTakeAllTraffic: r.canTakeAllTraffic,
    })),
    activeRegion: doc.verdict.activeRegion,
    warnings: doc.warnings,
  });
  ctx.io.result(renderTraffic(doc, ctx.io.style));
  return doc.accelerator.reachable ? EXIT_CODES.ok : EXIT_CODES.unknown;
}

async function change<R extends { timeoutMs: number }>(
  ctx: Context,
  load: (m: typeof import('../ops/traffic-plan.js')) => TrafficOperation<R>,
  opts: OperationOptions & { request: R },
): Promise<ActionResult> {
  const [{ runOperation }, plans] = await Promise.all([
    import('../ops/run-operation.js'),
    import('../ops/traffic-plan.js'),
  ]);
  const operation = load(plans);
  const { kind } = operation;
  return runOperation(ctx, {
    kind,
    request: opts.request,
    schema: operation.schema,
    dryRun: opts.dryRun,
    ...(opts.resume === undefined ? {} : { resume: opts.resume }),
    force: opts.force,
    resumeCommand: (runId) =>
      `mysfits-dr ${kind.replace('-', ' ')} ${operation.resumeArgs(opts.request)} --resume ${runId} --yes`,
    build: (oc, request) => operation.build(oc, request, ctx.signal),
    ...(opts.appUrl ? { appUrl: opts.appUrl } : {}),
    ...(opts.wait ? { waitDeployedMs: opts.request.timeoutMs } : {}),
  });
}

/** `traffic set <region> <percent>`: one region's dial, guarded and observed. */
export function runTrafficSet(ctx: Context, opts: TrafficSetOptions): Promise<ActionResult> {
  return change(ctx, (m) => m.trafficSet, opts);
}

/** `traffic drain <region>`: a region's dial to 0, refused if it is the last healthy one. */
export function runTrafficDrain(ctx: Context, opts: TrafficDrainOptions): Promise<ActionResult> {
  return change(ctx, (m) => m.trafficDrain, opts);
}

/** `traffic shift --to <region>`: traffic moved gradually, the receiver checked between steps. */
export function runTrafficShift(ctx: Context, opts: TrafficShiftOptions): Promise<ActionResult> {
  return change(ctx, (m) => m.trafficShift, opts);
}

/** `traffic switch <region> in|out`: the routing switch (no accelerator API needed). */
export function runTrafficSwitch(ctx: Context, opts: TrafficSwitchOptions): Promise<ActionResult> {
  return change(ctx, (m) => m.trafficSwitch, opts);
}

async function regionArg(ctx: Context, value: string): Promise<string> {
  const config = await ctx.config();
  const names = config.regions.map((r) => r.name);
  if (!names.includes(value))
    throw usageError(
      'UNKNOWN_REGION',
      `region "${value}" is not a configured region`,
      `Pass one of ${names.join(', ')}.`,
    );
  return value;
}

async function percentArg(value: string): Promise<number> {
  const { dialPercent } = await import('../../core/ops/requests.js');
  return numberFlag(value, dialPercent, () =>
    usageError(
      'INVALID_PERCENT',
      `percent "${value}" is not a whole number between 0 and 100`,
      'Pass e.g. `traffic set us-east-1 50`.',
    ),
  );
}

/** `--timeout` and the shared flags, once the command's own arguments are valid. */
function withTimeout<R>(flags: OperationFlags, request: R) {
  const timeoutMs = parseDuration('--timeout', flags.timeout);
  return { ...operationOptions(flags), request: { ...request, timeoutMs } };
}

type ShiftFlags = OperationFlags & {
  to: string;
  step: string;
  interval: string;
  onDegrade: string;
};

async function shiftOptions(ctx: Context, flags: ShiftFlags): Promise<TrafficShiftOptions> {
  const to = await regionArg(ctx, flags.to);
  const step = await percentArg(flags.step);
  if (step === 0)
    throw usageError('INVALID_STEP', '--step "0" would never move traffic', 'Pass e.g. --step 25.');
  if (flags.onDegrade !== 'stop' && flags.onDegrade !== 'rollback')
    throw usageError(
      'INVALID_OPTION',
      `--on-degrade "${flags.onDegrade}" is not one of stop, rollback`,
      'Pass --on-degrade stop or --on-degrade rollback.',
    );
  const intervalMs = parseDuration('--interval', flags.interval);
  return withTimeout(flags, {
    to,
    stepPercent: step,
    rollback: flags.onDegrade === 'rollback',
    intervalMs,
  });
}

function switchState(name: string, state: string): 'in' | 'out' {
  if (state === 'in' || state === 'out') return state;
  throw usageError(
    'INVALID_STATE',
    `state "${state}" is not "in" or "out"`,
    `Pass \`traffic switch ${name} out\` or \`… in\`.`,
  );
}

/** Registers `traffic show|set|drain|shift|switch`. */
export const registerTraffic: CommandRegistrar = (program: Command, run: Runner) => {
  const traffic = program
    .command('traffic')
    .description('where traffic goes, and moving it safely (dials or routing switch)');
  traffic
    .command('show')
    .description('dials, endpoint health and the share of new connections per region')
    .action(run((ctx) => runTrafficShow(ctx, {})));
  operationFlags(
    traffic
      .command('set <region> <percent>')
      .description('set one region’s traffic dial (guarded, observed)'),
    'traffic',
  ).action(
    run(async (ctx, region: string, percent: string, flags: OperationFlags) => {
      const name = await regionArg(ctx, region);
      const value = await percentArg(percent);
      return runTrafficSet(ctx, withTimeout(flags, { region: name, percent: value }));
    }),
  );
  operationFlags(
    traffic
      .command('drain <region>')
      .description(
        'dial a region to 0 %; refused if it is the last healthy region receiving traffic',
      ),
    'traffic',
  ).action(
    run(async (ctx, region: string, flags: OperationFlags) => {
      const name = await regionArg(ctx, region);
      return runTrafficDrain(ctx, withTimeout(flags, { region: name, percent: 0 as const }));
    }),
  );
  operationFlags(
    traffic
      .command('shift')
      .description('move traffic to a region gradually, checking it between steps')
      .requiredOption('--to <region>', 'the region to move traffic to')
      .option('--step <percent>', 'dial step', '25')
      .option('--interval <duration>', 'wait between steps, then check the receiving region', '30s')
      .option(
        '--on-degrade <action>',
        'stop, or rollback (put the source dial back) when the receiving region degrades',
        'stop',
      ),
    'traffic',
  ).action(
    run(async (ctx, flags: ShiftFlags) => runTrafficShift(ctx, await shiftOptions(ctx, flags))),
  );
  operationFlags(
    traffic
      .command('switch <region> <state>')
      .description(
        'mark a region in or out of service with the routing switch (no accelerator API needed)',
      ),
    'traffic',
  ).action(
    run(async (ctx, region: string, state: string, flags: OperationFlags) => {
      const name = await regionArg(ctx, region);
      return runTrafficSwitch(
        ctx,
        withTimeout(flags, { region: name, state: switchState(name, state) }),
      );
    }),
  );
};
