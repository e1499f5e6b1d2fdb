/**
 * A cache of validated configs, so a command that reads the config does not load zod and build
 * the schema (about a fifth of `lock show`'s start-up) when the file has not changed since a
 * run of the same build validated it.
 *
 * An entry holds the config file's path, its full text, the key of the build that validated it
 * and the validated config. It is used only when all three match exactly; anything else (a
 * changed byte, another build, an unreadable or torn entry) validates the file again, which
 * also reports every problem of an invalid file as before (an invalid file is never cached).
 * The key is this module's URL: the bundle names each chunk by a hash of its content and of
 * the chunks it imports, this one's included the loader, the schema and its cross-checks, so a
 * build that validates differently has another key. Outside the bundle a module's URL says
 * nothing about its content, so there is no cache there (`bundleKey`).
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readConfigText } from './read.js';
import type { Config } from './schema.js';

interface Entry {
  key: string;
  path: string;
  text: string;
  config: Config;
}

/**
 * This build's key: the URL of this module when it is a bundle chunk (its name ends in a
 * content hash, `validated-cache-<hash>.js`), else undefined (no cache).
 */
export function bundleKey(url: string = import.meta.url): string | undefined {
  return /\/dist\/cli\/[\w.-]+-[\w-]{8}\.js$/.test(url) ? url : undefined;
}

/** FNV-1a of `text` as 8 hex digits: an entry's file name, from its build's key and path. */
function fileNameFor(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}.json`;
}

async function readEntry(file: string): Promise<Entry | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Entry;
  } catch {
    return undefined;
  }
}

/** Writes the entry whole (a temporary file renamed over it): a reader never sees half. */
async function writeEntry(dir: string, file: string, entry: Entry): Promise<void> {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, file);
  } catch {
    // an unwritable cache only means validating again next time; no temporary file stays
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

/** Entries kept at most; past that, a write removes the least recently written half. */
export const MAX_ENTRIES = 256;

/**
 * Keeps the folder from growing without end (each build and each config path, temporary
 * ones in tests included, has an entry): past MAX_ENTRIES, the oldest entries go.
 */
async function prune(dir: string): Promise<void> {
  try {
    const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    if (names.length <= MAX_ENTRIES) return;
    const dated = await Promise.all(
      names.map(async (name) => ({ name, at: (await stat(join(dir, name))).mtimeMs })),
    );
    dated.sort((a, b) => a.at - b.at);
    const old = dated.slice(0, names.length - MAX_ENTRIES / 2);
    await Promise.all(old.map(({ name }) => rm(join(dir, name), { force: true })));
  } catch {
    // another process pruning at the same time, or an unreadable folder: nothing to do
  }
}

/**
 * Reads and validates the config at `path` (as `loadConfig`, same errors), through the cache
 * in `dir`: an entry for the same path, the same text and this build answers without
 * validating; otherwise the file is validated and, when valid, its entry written.
 */
export async function loadConfigCached(path: string, dir: string, key: string): Promise<Config> {
  // One file per build and path: two builds in use (a checkout and an install) keep both.
  const file = join(dir, fileNameFor(`${key}\n${path}`));
  const [text, entry] = await Promise.all([readConfigText(path), readEntry(file)]);
  if (entry?.key === key && entry.path === path && entry.text === text) return entry.config;
  const { parseConfigText } = await import('./loader.js');
  const config = parseConfigText(text, path);
  await writeEntry(dir, file, { key, path, text, config });
  await prune(dir);
  return config;
}
