/** Every command module, in the order they appear in `--help`. */
import type { CommandRegistrar } from '../program.js';
import { registerConfig } from './config.js';
import { registerDrill } from './drill.js';
import { registerIamPolicy } from './iam-policy.js';
import { registerInit } from './init.js';
import { registerLab } from './lab.js';
import { registerMetrics } from './metrics.js';
import { registerReplication } from './replication.js';
import { registerSchema } from './schema.js';
import { registerStatus } from './status.js';
import { registerFailover } from './failover.js';
import { registerHistory } from './history.js';
import { registerLock } from './lock.js';
import { registerTraffic } from './traffic.js';

/** The registrars the program is built from. */
export const registrars: readonly CommandRegistrar[] = [
  registerInit,
  registerStatus,
  registerTraffic,
  registerFailover,
  registerHistory,
  registerLock,
  registerDrill,
  registerConfig,
  registerIamPolicy,
  registerLab,
  registerMetrics,
  registerReplication,
  registerSchema,
];

/** Each top-level command's registrar (`failover` and `failback` share one). */
export const registrarOf: Readonly<Record<string, CommandRegistrar>> = {
  init: registerInit,
  status: registerStatus,
  traffic: registerTraffic,
  failover: registerFailover,
  failback: registerFailover,
  history: registerHistory,
  lock: registerLock,
  drill: registerDrill,
  config: registerConfig,
  'iam-policy': registerIamPolicy,
  lab: registerLab,
  metrics: registerMetrics,
  replication: registerReplication,
  schema: registerSchema,
};

/**
 * The registrars to build the program from for a run of the top-level command `name`: that
 * command's alone when it is one (building the others' command trees costs a few ms of every
 * start-up), else all of them, so help, suggestions and errors list every command.
 */
export function registrarsFor(name: string | undefined): readonly CommandRegistrar[] {
  return name !== undefined && Object.hasOwn(registrarOf, name) ? [registrarOf[name]!] : registrars;
}
