/**
 * `mysfits-dr lab fault …`: inject the lab's faults (the same as POST /_lab/faults), list
 * them and clear them. Each kind's flags map one to one onto the fault's fields.
 */
import { Option, type Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import type { Context } from '../context.js';
import type { LabFault } from '../lab/control.js';
import { describeFault } from '../output/lab-status.js';
import type { Runner } from '../program.js';

type Fields = Record<string, unknown>;

type FaultDoc = LabFault;

const number = (flag: string, integer: boolean) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw usageError(
      'BAD_NUMBER',
      `${flag}: "${value}" is not a${integer ? 'n integer' : ' number'}`,
      `Pass e.g. ${flag} ${integer ? '2' : '0.5'}.`,
    );
  }
  return n;
};
const duration = (flag: string) => (value: string) => parseDuration(flag, value);

/** One fault kind: its flags and how they become the fault's fields. */
interface KindSpec {
  kind: string;
  description: string;
  options: Option[];
}

const region = () => new Option('--region <region>', 'region the fault hits').makeOptionMandatory();
const mode = () =>
  new Option('--mode <mode>', 'refuse: connections reset; timeout: never answered').choices([
    'refuse',
    'timeout',
  ]);
const service = () => new Option('--service <name>', 'ECS service (default: all)');

const KINDS: KindSpec[] = [
  {
    kind: 'region-outage',
    description: 'every API and data plane of a region fails',
    options: [region(), mode()],
  },
  {
    kind: 'control-plane-outage',
    description: "a region's AWS APIs fail; its data planes keep working",
    options: [region(), mode()],
  },
  {
    kind: 'kill-tasks',
    description: 'kill ECS task processes (the scheduler replaces them)',
    options: [
      region(),
      service(),
      new Option('--count <n>', 'tasks per round (default: all)').argParser(
        number('--count', true),
      ),
      new Option('--every <duration>', 'keep killing at this interval (a crash loop)').argParser(
        duration('--every'),
      ),
    ],
  },
  {
    kind: 'failing-health-checks',
    description: 'target health checks time out (a narrowed security group)',
    options: [region(), service()],
  },
  {
    kind: 'chaos-mode',
    description: "restart the region's Like tasks with the workshop's CHAOSMODE=on",
    options: [region()],
  },
  {
    kind: 'latency',
    description: "add delay to a region's APIs and/or data plane",
    options: [
      region(),
      new Option('--ms <ms>', 'delay in milliseconds')
        .argParser(number('--ms', true))
        .makeOptionMandatory(),
      new Option('--plane <plane>', 'api, data or both').choices(['api', 'data', 'both']),
    ],
  },
  {
    kind: 'throttling',
    description: "throttle a share of a region's API calls",
    options: [
      region(),
      new Option('--share <share>', 'share of calls, 0-1')
        .argParser(number('--share', false))
        .makeOptionMandatory(),
    ],
  },
  {
    kind: 'replication-pause',
    description: 'pause global-table replication in one direction',
    options: [
      new Option('--from <region>', 'source region').makeOptionMandatory(),
      new Option('--to <region>', 'receiving region').makeOptionMandatory(),
    ],
  },
];

/** Fault fields from parsed flags (commander's camelCase → the lab's field names). */
function fieldsOf(kind: string, opts: Fields): Fields {
  const { duration: durationMs, every: everyMs, dir: _dir, ...rest } = opts;
  return {
    kind,
    ...rest,
    ...(durationMs === undefined ? {} : { durationMs }),
    ...(everyMs === undefined ? {} : { everyMs }),
  };
}

/** Adds `lab fault …` under the `lab` command. */
export function registerLabFault(
  lab: Command,
  run: Runner,
  labDir: (ctx: Context, flag?: string) => Promise<string>,
): void {
  const fault = lab.command('fault').description('inject, list and clear lab faults');
  const endpoint = async (ctx: Context, opts: { dir?: string }) => {
    const { resolveLabEndpoint } = await import('../lab/client.js');
    return resolveLabEndpoint(ctx.env, await labDir(ctx, opts.dir));
  };
  const dir = () => new Option('--dir <path>', 'lab state folder').env('MYSFITS_DR_LAB_DIR');

  for (const spec of KINDS) {
    const command = fault.command(spec.kind).description(spec.description).addOption(dir());
    for (const option of spec.options) command.addOption(option);
    command.addOption(
      new Option('--duration <duration>', 'clear the fault by itself after this long').argParser(
        duration('--duration'),
      ),
    );
    command.action(
      run(async (ctx, opts: Fields) => {
        const { labRequest } = await import('../lab/client.js');
        const url = await endpoint(ctx, opts);
        const result = await labRequest<{ fault: FaultDoc }>(
          url,
          'POST',
          '/_lab/faults',
          fieldsOf(spec.kind, opts),
        );
        ctx.io.document(result);
        ctx.io.result(
          `active: ${describeFault(result.fault)}\nclear it with: mysfits-dr lab fault clear ${result.fault.id}`,
        );
      }),
    );
  }

  fault
    .command('list')
    .description('list the active faults')
    .addOption(dir())
    .action(
      run(async (ctx, opts: { dir?: string }) => {
        const { labRequest } = await import('../lab/client.js');
        const result = await labRequest<{ faults: FaultDoc[] }>(
          await endpoint(ctx, opts),
          'GET',
          '/_lab/faults',
        );
        ctx.io.document(result);
        ctx.io.result(
          result.faults.length ? result.faults.map(describeFault).join('\n') : 'no active faults',
        );
      }),
    );

  fault
    .command('clear [id]')
    .description('clear one fault by id, or every fault')
    .addOption(dir())
    .action(
      run(async (ctx, id: string | undefined, opts: { dir?: string }) => {
        const { labRequest } = await import('../lab/client.js');
        const path = id ? `/_lab/faults/${encodeURIComponent(id)}` : '/_lab/faults';
        const result = await labRequest<{ cleared: FaultDoc[] }>(
          await endpoint(ctx, opts),
          'DELETE',
          path,
        );
        ctx.io.document(result);
        ctx.io.result(
          result.cleared.length
            ? `cleared ${result.cleared.map((f) => f.id).join(', ')}`
            : 'no active faults',
        );
      }),
    );
}
