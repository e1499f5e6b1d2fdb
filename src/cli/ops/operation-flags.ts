/**
 * The flags every operation shares (`failover`, `failback`, `traffic set|drain|shift|switch`):
 * declared once, with each family's help text, and parsed into typed options. The flags of
 * each request are checked against the limits of its schema (core/ops/requests.ts).
 */
import type { Command } from 'commander';
import { usageError } from '../../core/errors.js';

/** The shared flags as commander gives them. */
export interface OperationFlags {
  dryRun?: boolean;
  resume?: string | boolean;
  force: string[];
  timeout: string;
  appUrl?: string;
  wait?: boolean;
}

/** The shared flags, parsed (`--timeout` goes into each operation's request). */
export interface OperationOptions {
  /** `--dry-run`: build and show the plan, change nothing. */
  dryRun: boolean;
  /** `--resume [run]`: a run id, or true for the latest unfinished run of the kind. */
  resume?: string | true;
  /** `--force`: the failed checks to override, by name. */
  force: string[];
  /** `--app-url`: the accelerator's address for the probe. */
  appUrl?: string;
  /** `--wait`: wait for an earlier accelerator change to deploy instead of refusing. */
  wait: boolean;
}

/** Which commands' wording (and flag order) the help uses. */
export type FlagFamily = 'failover' | 'traffic';

const HELP: Record<FlagFamily, { force: string; resume: string; timeout: string; appUrl: string }> =
  {
    failover: {
      force:
        'override the named failed preflight checks (comma-separated; recorded); lock-region: take the lock outside its home region (no control table)',
      resume: 'continue an interrupted run from its journal (the latest when no id is given)',
      timeout: 'longest one step may wait (tasks starting, a dial deploying, traffic landing)',
      appUrl:
        'the accelerator’s address for the traffic probe (default: MYSFITS_DR_APP_URL, else read from its API)',
    },
    traffic: {
      force:
        'override the named failed guards (comma-separated; recorded); lock-region: take the lock outside its home region (no control table)',
      resume: 'continue an interrupted run from its journal',
      timeout: 'longest a change may take to take effect',
      appUrl: 'the accelerator’s address for observing where connections land',
    },
  };

const ORDER: Record<FlagFamily, readonly (keyof typeof DECLARE)[]> = {
  failover: ['force', 'dryRun', 'resume', 'timeout', 'appUrl', 'wait'],
  traffic: ['dryRun', 'resume', 'force', 'timeout', 'appUrl', 'wait'],
};

const DECLARE = {
  dryRun: (c: Command) =>
    c.option('--dry-run', 'print the plan and stop (exit 3 if it would be refused)'),
  resume: (c: Command, family: FlagFamily) => c.option('--resume [run]', HELP[family].resume),
  force: (c: Command, family: FlagFamily) =>
    c.option(
      '--force <checks>',
      HELP[family].force,
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    ),
  timeout: (c: Command, family: FlagFamily) =>
    c.option('--timeout <duration>', HELP[family].timeout, '10m'),
  appUrl: (c: Command, family: FlagFamily) => c.option('--app-url <url>', HELP[family].appUrl),
  wait: (c: Command) =>
    c.option(
      '--wait',
      'wait for an earlier accelerator change to finish deploying instead of refusing',
    ),
};

/** Declares the shared flags on `command`. */
export function operationFlags(command: Command, family: FlagFamily): Command {
  for (const flag of ORDER[family]) DECLARE[flag](command, family);
  return command;
}

/** Parses the shared flags. */
export function operationOptions(flags: OperationFlags): OperationOptions {
  return {
    dryRun: flags.dryRun === true,
    ...(flags.resume === undefined
      ? {}
      : { resume: flags.resume === true ? true : String(flags.resume) }),
    force: flags.force
      .flatMap((f) => f.split(','))
      .map((f) => f.trim())
      .filter(Boolean),
    ...(flags.appUrl ? { appUrl: flags.appUrl } : {}),
    wait: flags.wait === true,
  };
}

/** `value` when it is one of `allowed` (a request schema's enum options); else INVALID_OPTION. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found !== undefined) return found;
  throw usageError(
    'INVALID_OPTION',
    `${flag} "${value}" is not one of ${allowed.join(', ')}`,
    `Pass ${flag} ${allowed[0]}.`,
  );
}

/** A number flag checked against its schema (`check` says whether it is in range). */
export function numberFlag(
  value: string,
  check: { safeParse(n: number): { success: boolean } },
  error: () => Error,
): number {
  const n = Number(value);
  if (!check.safeParse(n).success) throw error();
  return n;
}
