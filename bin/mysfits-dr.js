#!/usr/bin/env node
// Launcher for the bundled CLI; `npm run build` produces dist/ (tsc) and dist/cli/ (the bundle).
//
// On Node 22.1+ it first turns on V8's compile cache, so the bundle's chunks are compiled once
// and later runs load their code from disk instead of parsing and compiling it again (most of
// a command's start-up). The cache lives in NODE_COMPILE_CACHE when set, otherwise in
// $XDG_CACHE_HOME/mysfits-dr/compile-cache (~/.cache/... by default); NODE_DISABLE_COMPILE_CACHE=1
// turns it off. Node 20 has no such cache: the CLI runs the same, only without it.
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The compile cache's folder: NODE_COMPILE_CACHE, else under the user's cache folder. */
function cacheDir() {
  if (process.env.NODE_COMPILE_CACHE) return process.env.NODE_COMPILE_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'mysfits-dr', 'compile-cache');
}

if (typeof module.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    // Never fails the command: an unwritable folder only means no cache (status FAILED).
    module.enableCompileCache(cacheDir());
  } catch {
    // no home folder, or a Node that refuses the argument: run without the cache
  }
}

await import('../dist/cli/main.js');
