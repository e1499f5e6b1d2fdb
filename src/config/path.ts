/** Where the config file is found; kept apart from the schema so start-up need not load zod. */
import { resolve } from 'node:path';

/** Where the config is read from when no --config and no MYSFITS_DR_CONFIG is given. */
export const DEFAULT_CONFIG_PATH = './mysfits-dr.config.json';

/** Resolves the config path: flag, then MYSFITS_DR_CONFIG, then the default. */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? env.MYSFITS_DR_CONFIG ?? DEFAULT_CONFIG_PATH);
}
