/** Every command module, in the order they appear in `--help`. */
import type { CommandRegistrar } from '../program.js';
import { registerConfig } from './config.js';
import { registerIamPolicy } from './iam-policy.js';
import { registerInit } from './init.js';
import { registerLab } from './lab.js';
import { registerMetrics } from './metrics.js';
import { registerReplication } from './replication.js';
import { registerStatus } from './status.js';

/** The registrars the program is built from. */
export const registrars: readonly CommandRegistrar[] = [
  registerInit,
  registerStatus,
  registerConfig,
  registerIamPolicy,
  registerLab,
  registerMetrics,
  registerReplication,
];
