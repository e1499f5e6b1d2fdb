// The cache of validated configs (src/config/validated-cache.ts): an entry answers only for the
// same path, the same text and the same build; anything else validates the file again, with
// the loader's errors, and an invalid file is never cached.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labConfig } from '../../src/config/lab-config.js';
import { loadConfig } from '../../src/config/loader.js';
import { bundleKey, loadConfigCached, MAX_ENTRIES } from '../../src/config/validated-cache.js';
import { DrError } from '../../src/core/errors.js';
import { REPO_ROOT } from '../helpers/cli.js';

const KEY = 'file:///pkg/dist/cli/validated-cache-Ha1dgNSV.js';
let dir: string;
let cache: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mysfits-dr-config-cache-'));
  cache = join(dir, 'cache');
  file = join(dir, 'mysfits-dr.config.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The one entry in the cache folder (the test writes one config path). */
function entryFile(): string {
  const names = readdirSync(cache);
  expect(names).toHaveLength(1);
  return join(cache, names[0]!);
}

/** Rewrites the entry's validated config, so a test can tell an answer from the cache. */
function markEntry(mark: string): void {
  const entry = JSON.parse(readFileSync(entryFile(), 'utf8')) as { config: object };
  writeFileSync(entryFile(), JSON.stringify({ ...entry, config: { mark } }));
}

describe('the cache of validated configs', () => {
  it('gives what validation gives, for the repository config and the lab config', async () => {
    const lab = JSON.stringify(labConfig(), null, 2);
    writeFileSync(file, lab);
    for (const path of [join(REPO_ROOT, 'mysfits-dr.config.json'), file]) {
      const fresh = await loadConfig(path);
      expect(await loadConfigCached(path, cache, KEY)).toEqual(fresh); // validated, written
      expect(await loadConfigCached(path, cache, KEY)).toEqual(fresh); // read from the entry
    }
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it('answers from the entry only for the same path, text and build', async () => {
    writeFileSync(file, JSON.stringify(labConfig()));
    const fresh = await loadConfigCached(file, cache, KEY);
    markEntry('from the cache');
    expect(await loadConfigCached(file, cache, KEY)).toEqual({ mark: 'from the cache' });
    // Another build validates again, into an entry of its own; the first build's stays.
    expect(await loadConfigCached(file, cache, `${KEY}?other`)).toEqual(fresh);
    expect(readdirSync(cache)).toHaveLength(2);
    expect(await loadConfigCached(file, cache, KEY)).toEqual({ mark: 'from the cache' });
    // One changed byte (a space) validates again.
    writeFileSync(file, `${JSON.stringify(labConfig())} `);
    expect(await loadConfigCached(file, cache, KEY)).toEqual(fresh);
  });

  it('validates again when the entry is unreadable', async () => {
    writeFileSync(file, JSON.stringify(labConfig()));
    const fresh = await loadConfigCached(file, cache, KEY);
    writeFileSync(entryFile(), '{"key":');
    expect(await loadConfigCached(file, cache, KEY)).toEqual(fresh);
    expect(JSON.parse(readFileSync(entryFile(), 'utf8'))).toMatchObject({
      key: KEY,
      text: JSON.stringify(labConfig()),
    });
  });

  it("reports the loader's errors and caches no invalid file", async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => (e instanceof DrError ? e.code : String(e)),
      );
    expect(await codeOf(loadConfigCached(file, cache, KEY))).toBe('CONFIG_NOT_FOUND');
    writeFileSync(file, '{ not json');
    expect(await codeOf(loadConfigCached(file, cache, KEY))).toBe('CONFIG_NOT_JSON');
    writeFileSync(file, JSON.stringify({ ...labConfig(), primaryRegion: 'nowhere-1' }));
    const invalid = await loadConfigCached(file, cache, KEY).catch((e: unknown) => e as DrError);
    expect((invalid as DrError).code).toBe('CONFIG_INVALID');
    expect((invalid as DrError).message).toBe(
      await loadConfig(file).catch((e: unknown) => (e as DrError).message),
    );
    expect(() => readdirSync(cache)).toThrow(/ENOENT/);
  });

  it('validates without the cache when it cannot be written, and leaves no temporary file', async () => {
    writeFileSync(file, JSON.stringify(labConfig()));
    const fresh = await loadConfig(file);
    // A folder that cannot be made (its parent is a file).
    writeFileSync(join(dir, 'a-file'), '');
    expect(await loadConfigCached(file, join(dir, 'a-file', 'cache'), KEY)).toEqual(fresh);
    // An entry that cannot be replaced (a folder with a file in it stands in its place).
    await loadConfigCached(file, cache, KEY);
    const entry = entryFile();
    rmSync(entry);
    mkdirSync(entry);
    writeFileSync(join(entry, 'x'), '');
    writeFileSync(file, `${JSON.stringify(labConfig())}\n`);
    expect(await loadConfigCached(file, cache, KEY)).toEqual(fresh);
    expect(readdirSync(cache)).toEqual([entry.slice(cache.length + 1)]);
  });

  it('keeps at most MAX_ENTRIES entries, removing the oldest', async () => {
    mkdirSync(cache);
    for (let i = 0; i < MAX_ENTRIES; i += 1) {
      const old = join(cache, `old-${i}.json`);
      writeFileSync(old, '{}');
      utimesSync(old, 1_000 + i, 1_000 + i);
    }
    writeFileSync(file, JSON.stringify(labConfig()));
    await loadConfigCached(file, cache, KEY); // the entry past the limit
    const left = readdirSync(cache);
    expect(left).toHaveLength(MAX_ENTRIES / 2);
    // The newest stay: the entry just written and the most recent old ones.
    expect(left.filter((name) => !name.startsWith('old-'))).toHaveLength(1);
    expect(left).toContain(`old-${MAX_ENTRIES - 1}.json`);
    expect(left).not.toContain('old-0.json');
  });

  it('keys on a bundle chunk (a name ending in its content hash) and on nothing else', () => {
    expect(bundleKey(KEY)).toBe(KEY);
    expect(bundleKey('file:///pkg/dist/src/config/validated-cache.js')).toBeUndefined();
    expect(bundleKey('file:///pkg/src/config/validated-cache.ts')).toBeUndefined();
  });
});
