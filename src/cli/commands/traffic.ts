/**
 * `mysfits-dr traffic`: show where traffic goes, and move it with the accelerator's dials
 * (`set`, `drain`, `shift`) or the routing switch (`switch`). Every change is an operation:
 * guarded, planned, confirmed, locked, journaled and observed (see run-operation.ts).
 */
import type { Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import type { Plan } from '../../core/ops/step.js';
import type { Context } from '../context.js';
import type { OperationContext } from '../ops/run-operation.js';
import type { CommandRegistrar, Runner } from '../program.js';

/** Flags every traffic change takes. */
interface ChangeFlags {
  dryRun?: boolean;
  resume?: string | boolean;
  force: string[];
  timeout: string;
  appUrl?: string;
  wait?: boolean;
}

function percentArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 100) {
    throw usageError(
      'INVALID_PERCENT',
      `percent "${value}" is not a whole number between 0 and 100`,
      'Pass e.g. `traffic set us-east-1 50`.',
    );
  }
  return n;
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

/** What a `traffic <kind>` command line needs before `--resume`: its required arguments. */
function resumeArgs(kind: string, request: Record<string, unknown>): string {
  if (kind === 'traffic-set') return `${request.region} ${request.percent}`;
  if (kind === 'traffic-switch') return `${request.region} ${request.state}`;
  if (kind === 'traffic-shift') return `--to ${request.to}`;
  return String(request.region);
}

async function change(
  ctx: Context,
  kind: string,
  flags: ChangeFlags,
  request: Record<string, unknown>,
  build: (
    oc: OperationContext,
    request: Record<string, unknown>,
    deps: Awaited<ReturnType<typeof trafficDeps>>,
  ) => Plan,
): Promise<number> {
  const { runOperation } = await import('../ops/run-operation.js');
  const timeoutMs = parseDuration('--timeout', flags.timeout);
  return runOperation(ctx, {
    kind,
    request: { ...request, timeoutMs },
    dryRun: flags.dryRun === true,
    ...(flags.resume === undefined
      ? {}
      : { resume: flags.resume === true ? true : String(flags.resume) }),
    force: flags.force
      .flatMap((f) => f.split(','))
      .map((f) => f.trim())
      .filter(Boolean),
    resumeCommand: (runId) =>
      `mysfits-dr ${kind.replace('-', ' ')} ${resumeArgs(kind, request)} --resume ${runId} --yes`,
    build: async (oc, req) => {
      const deps = await trafficDeps(
        ctx,
        oc,
        Number(req.timeoutMs ?? timeoutMs),
        Number(req.intervalMs ?? 30_000),
      );
      return build(oc, req, deps);
    },
    ...(flags.appUrl ? { appUrl: flags.appUrl } : {}),
    ...(flags.wait ? { waitDeployedMs: timeoutMs } : {}),
  });
}

async function trafficDeps(
  ctx: Context,
  oc: OperationContext,
  timeoutMs: number,
  intervalMs: number,
) {
  const [{ DEFAULT_STATUS_READ, readStatusWith }, { targetCheckStep }] = await Promise.all([
    import('../status-reader.js'),
    import('../ops/failover-plan.js'),
  ]);
  const doc = await readStatusWith(
    oc.config,
    oc.ports,
    { ...DEFAULT_STATUS_READ, probe: false },
    ctx.signal,
  );
  return {
    doc,
    deps: {
      ...oc,
      dial: { timeoutMs, pollMs: 250 },
      landing: {
        consecutive: 20,
        timeoutMs,
        intervalMs: 100,
        requestTimeoutMs: 2_000,
        path: '/mysfits',
      },
      checkReceiver: (region: string, rollback: () => Promise<void>) =>
        targetCheckStep(oc, region, intervalMs, ctx.signal, rollback),
    },
  };
}

function changeFlags(command: Command): Command {
  return command
    .option('--dry-run', 'print the plan and stop (exit 3 if it would be refused)')
    .option('--resume [run]', 'continue an interrupted run from its journal')
    .option(
      '--force <checks>',
      'override the named failed guards (comma-separated; recorded)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--timeout <duration>', 'longest a change may take to take effect', '10m')
    .option('--app-url <url>', 'the accelerator’s address for observing where connections land')
    .option(
      '--wait',
      'wait for an earlier accelerator change to finish deploying instead of refusing',
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
    .action(
      run(async (ctx) => {
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
        return doc.accelerator.reachable ? 0 : 7;
      }),
    );
  changeFlags(
    traffic
      .command('set <region> <percent>')
      .description('set one region’s traffic dial (guarded, observed)'),
  ).action(
    run(async (ctx, region: string, percent: string, flags: ChangeFlags) => {
      const name = await regionArg(ctx, region);
      const value = percentArg(percent);
      const { planTrafficSet } = await import('../../core/traffic/plan.js');
      return change(
        ctx,
        'traffic-set',
        flags,
        { region: name, percent: value },
        (_oc, req, { doc, deps }) =>
          planTrafficSet(doc, String(req.region), Number(req.percent), deps),
      );
    }),
  );
  changeFlags(
    traffic
      .command('drain <region>')
      .description(
        'dial a region to 0 %; refused if it is the last healthy region receiving traffic',
      ),
  ).action(
    run(async (ctx, region: string, flags: ChangeFlags) => {
      const name = await regionArg(ctx, region);
      const { planTrafficSet } = await import('../../core/traffic/plan.js');
      return change(
        ctx,
        'traffic-drain',
        flags,
        { region: name, percent: 0 },
        (_oc, req, { doc, deps }) =>
          planTrafficSet(doc, String(req.region), 0, deps, 'traffic-drain'),
      );
    }),
  );
  changeFlags(
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
  ).action(
    run(
      async (
        ctx,
        flags: ChangeFlags & { to: string; step: string; interval: string; onDegrade: string },
      ) => {
        const to = await regionArg(ctx, flags.to);
        const step = percentArg(flags.step);
        if (step === 0)
          throw usageError(
            'INVALID_STEP',
            '--step "0" would never move traffic',
            'Pass e.g. --step 25.',
          );
        if (!['stop', 'rollback'].includes(flags.onDegrade))
          throw usageError(
            'INVALID_OPTION',
            `--on-degrade "${flags.onDegrade}" is not one of stop, rollback`,
            'Pass --on-degrade stop or --on-degrade rollback.',
          );
        const intervalMs = parseDuration('--interval', flags.interval);
        const { planTrafficShift } = await import('../../core/traffic/plan.js');
        return change(
          ctx,
          'traffic-shift',
          flags,
          { to, stepPercent: step, rollback: flags.onDegrade === 'rollback', intervalMs },
          (_oc, req, { doc, deps }) =>
            planTrafficShift(
              doc,
              String(req.to),
              Number(req.stepPercent),
              req.rollback === true,
              deps,
            ),
        );
      },
    ),
  );
  changeFlags(
    traffic
      .command('switch <region> <state>')
      .description(
        'mark a region in or out of service with the routing switch (no accelerator API needed)',
      ),
  ).action(
    run(async (ctx, region: string, state: string, flags: ChangeFlags) => {
      const name = await regionArg(ctx, region);
      if (state !== 'in' && state !== 'out')
        throw usageError(
          'INVALID_STATE',
          `state "${state}" is not "in" or "out"`,
          `Pass \`traffic switch ${name} out\` or \`… in\`.`,
        );
      const { planTrafficSwitch } = await import('../../core/traffic/plan.js');
      return change(
        ctx,
        'traffic-switch',
        flags,
        { region: name, state },
        (_oc, req, { doc, deps }) =>
          planTrafficSwitch(doc, String(req.region), req.state as 'in' | 'out', deps),
      );
    }),
  );
};
