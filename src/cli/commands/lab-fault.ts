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
  {
    kind: 'witness-outage',
    description:
      'the MRSC witness in a region (us-east-2) stops answering: quorum needs both replicas',
    options: [new Option('--region <region>', 'witness region (us-east-2)').makeOptionMandatory()],
  },
];

/** Fault fields from parsed flags (commander's camelCase → the lab's field names). */
function fieldsOf(opts: Fields): Fields {
  const { duration: durationMs, every: everyMs, dir: _dir, ...rest } = opts;
  return {
    ...rest,
    ...(durationMs === undefined ? {} : { durationMs }),
    ...(everyMs === undefined ? {} : { everyMs }),
  };
}

/** Options of `lab fault <kind>`: the fault's fields, as the lab's API names them. */
export interface LabFaultOptions {
  /** The lab state folder (see `lab --dir`). */
  dir?: string;
  /** One of the kinds `lab fault --help` lists, e.g. `region-outage`. */
  kind: string;
  /** The fault's fields (region, mode, ms, durationMs, everyMs…), sent as they are. */
  fields: Fields;
}

/** Options of `lab fault list`. */
export interface LabFaultListOptions {
  dir?: string;
}

/** Options of `lab fault clear`. */
export interface LabFaultClearOptions {
  dir?: string;
  /** The fault to clear; absent: every fault. */
  id?: string;
}

async function endpoint(ctx: Context, dir: string | undefined): Promise<string> {
  const { labFolder, resolveLabEndpoint } = await import('../lab/client.js');
  return resolveLabEndpoint(ctx.env, await labFolder(ctx.env, dir, ctx.cwd));
}

/** Runs `lab fault <kind>`: injects the fault and says how to clear it. */
export async function runLabFault(ctx: Context, opts: LabFaultOptions): Promise<void> {
  const { labRequest } = await import('../lab/client.js');
  const result = await labRequest<{ fault: FaultDoc }>(
    await endpoint(ctx, opts.dir),
    'POST',
    '/_lab/faults',
    { kind: opts.kind, ...opts.fields },
  );
  ctx.io.document(result);
  ctx.io.result(
    `active: ${describeFault(result.fault)}\nclear it with: mysfits-dr lab fault clear ${result.fault.id}`,
  );
}

/** Runs `lab fault list`: one line per active fault. */
export async function runLabFaultList(ctx: Context, opts: LabFaultListOptions): Promise<void> {
  const { labRequest } = await import('../lab/client.js');
  const result = await labRequest<{ faults: FaultDoc[] }>(
    await endpoint(ctx, opts.dir),
    'GET',
    '/_lab/faults',
  );
  ctx.io.document(result);
  ctx.io.result(
    result.faults.length ? result.faults.map(describeFault).join('\n') : 'no active faults',
  );
}

/** Runs `lab fault clear [id]`: clears one fault, or all. */
export async function runLabFaultClear(ctx: Context, opts: LabFaultClearOptions): Promise<void> {
  const { labRequest } = await import('../lab/client.js');
  const path = opts.id ? `/_lab/faults/${encodeURIComponent(opts.id)}` : '/_lab/faults';
  const result = await labRequest<{ cleared: FaultDoc[] }>(
    await endpoint(ctx, opts.dir),
    'DELETE',
    path,
  );
  ctx.io.document(result);
  ctx.io.result(
    result.cleared.length
      ? `cleared ${result.cleared.map((f) => f.id).join(', ')}`
      : 'no active faults',
  );
}

const dirOf = (opts: { dir?: string }) => (opts.dir ? { dir: opts.dir } : {});

/** Adds `lab fault …` under the `lab` command. */
export function registerLabFault(lab: Command, run: Runner): void {
  const fault = lab.command('fault').description('inject, list and clear lab faults');
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
      run((ctx, opts: Fields) =>
        runLabFault(ctx, {
          ...dirOf(opts as { dir?: string }),
          kind: spec.kind,
          fields: fieldsOf(opts),
        }),
      ),
    );
  }

  fault
    .command('list')
    .description('list the active faults')
    .addOption(dir())
    .action(run((ctx, opts: { dir?: string }) => runLabFaultList(ctx, dirOf(opts))));

  fault
    .command('clear [id]')
    .description('clear one fault by id, or every fault')
    .addOption(dir())
    .action(
      run((ctx, id: string | undefined, opts: { dir?: string }) =>
        runLabFaultClear(ctx, { ...dirOf(opts), ...(id ? { id } : {}) }),
      ),
    );
}
