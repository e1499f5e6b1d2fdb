/**
 * Where mysfits-dr's own files are: the folder holding its package.json, found by walking up
 * from this module, so it holds whether the code runs from sources, from `dist/`, or from the
 * bundled CLI in `dist/cli/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Manifest {
  name?: string;
  version: string;
}

let found: { dir: string; manifest: Manifest } | undefined;

/** The package's folder and manifest, looked up once per process. */
function ownPackage(): { dir: string; manifest: Manifest } {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (manifest.name === 'mysfits-dr') return (found = { dir, manifest });
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the mysfits-dr package root');
    dir = parent;
  }
}

/** The repository / package root (the folder holding mysfits-dr's package.json). */
export function packageRoot(): string {
  return ownPackage().dir;
}

/** mysfits-dr's version, from its package.json. */
export function packageVersion(): string {
  return ownPackage().manifest.version;
}
