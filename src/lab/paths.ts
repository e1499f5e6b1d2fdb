/**
 * Where the lab finds its own files (the DynamoDB Local launcher, the compiled services)
 * and keeps its state (pid, endpoint, logs), whether it runs from dist/ or from sources.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageRoot } from '../package-root.js';

/** The compiled entry point of a companion service (`mysfits` or `like`). */
export function serviceEntry(service: 'mysfits' | 'like'): string {
  return join(packageRoot(), 'dist', 'services', service, 'main.js');
}

/** The compiled entry point of the lab supervisor. */
export function supervisorEntry(): string {
  return join(packageRoot(), 'dist', 'src', 'lab', 'main.js');
}

/** Default folder of the lab's state: MYSFITS_DR_LAB_DIR, else ~/.mysfits-dr/lab. */
export function defaultLabDir(env: NodeJS.ProcessEnv): string {
  return resolve(env.MYSFITS_DR_LAB_DIR ?? join(homedir(), '.mysfits-dr', 'lab'));
}
