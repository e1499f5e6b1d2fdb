/**
 * Where mysfits-dr's own files are: the folder holding its package.json, found by walking up
 * from this module, so it holds whether the code runs from sources, from `dist/`, or from the
 * bundled CLI in `dist/cli/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** mysfits-dr's version, from its package.json. */
export function packageVersion(): string {
  const manifest = join(packageRoot(), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
