/** Every command module, in the order they appear in `--help`. */
import type { CommandRegistrar } from '../program.js';
import { registerConfig } from './config.js';
import { registerIamPolicy } from './iam-policy.js';
import { registerInit } from './init.js';
import { registerLab } from './lab.js';

/** The registrars the program is built from. */
export const registrars: readonly CommandRegistrar[] = [
  registerInit,
  registerConfig,
  registerIamPolicy,
  registerLab,
];
