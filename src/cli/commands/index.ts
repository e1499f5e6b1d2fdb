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
