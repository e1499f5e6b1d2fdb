#!/usr/bin/env node
// Launcher for the bundled CLI; `npm run build` produces dist/ (tsc) and dist/cli/ (the bundle).
//
// `mysfits-dr --version` (or `-V`) alone is answered here from package.json, without loading
// the bundle: the version is all it prints (the program prints the same when the flag comes
// with others, e.g. `--no-color --version`).
//
// On Node 22.1+ it first turns on V8's compile cache, so the bundle's chunks are compiled once
// and later runs load their code from disk instead of parsing and compiling it again (most of
// a command's start-up). The cache lives in NODE_COMPILE_CACHE when set, otherwise in
// $XDG_CACHE_HOME/mysfits-dr/compile-cache (~/.cache/... by default); NODE_DISABLE_COMPILE_CACHE=1
// turns it off. Node 20 has no such cache: the CLI runs the same, only without it.
//
// Built-in modules are taken with `process.getBuiltinModule` (as `require` would), not imported:
// Node's ES facade of a built-in runs every lazy getter of the module (scripts/bundle-builtins.mjs).
const { readFileSync } = process.getBuiltinModule('node:fs');
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  const module = process.getBuiltinModule('node:module');
  const { homedir } = process.getBuiltinModule('node:os');
  const { join } = process.getBuiltinModule('node:path');
  /** The compile cache's folder: NODE_COMPILE_CACHE, else under the user's cache folder. */
  const cacheDir = () => {
    if (process.env.NODE_COMPILE_CACHE) return process.env.NODE_COMPILE_CACHE;
    const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
    return join(base, 'mysfits-dr', 'compile-cache');
  };
  if (typeof module.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
    try {
      // Never fails the command: an unwritable folder only means no cache (status FAILED).
      module.enableCompileCache(cacheDir());
    } catch {
      // no home folder, or a Node that refuses the argument: run without the cache
    }
  }
  await import('../dist/cli/main.js');
}
