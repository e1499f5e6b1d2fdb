/**
 * Where the lab finds its own files (the DynamoDB Local launcher, the compiled services)
 * and keeps its state (pid, endpoint, logs), whether it runs from dist/ or from sources.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository / package root (the folder holding mysfits-dr's package.json). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
      if (name === 'mysfits-dr') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the mysfits-dr package root');
    dir = parent;
  }
}

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
