/** Reading a config file's text, apart from its validation (no zod): the cache reads it too. */
import { readFile } from 'node:fs/promises';
import { drError } from '../core/errors.js';

/** The text of the config file at `path`; throws CONFIG_NOT_FOUND when it cannot be read. */
export async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw drError('CONFIG_NOT_FOUND', `cannot read the config file ${path}`, {
      cause,
      hint: 'Pass --config <path>, set MYSFITS_DR_CONFIG, or create one with `mysfits-dr init`.',
    });
  }
}
