#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js, from `tsc`) and the AWS SDK it uses into
// dist/cli/: the entry and one chunk per lazily loaded part (a command's code, the SDK clients),
// so `mysfits-dr` loads a few large files instead of hundreds of small modules. A start-up then
// costs about half the CPU time, which the operator feels on every command and the test
// suite on each of its hundreds of CLI runs. Run by `npm run build`, after `tsc`.
import { rm } from 'node:fs/promises';
import { build } from 'rolldown';

const out = new URL('../dist/cli/', import.meta.url);
await rm(out, { recursive: true, force: true });
await build({
  input: new URL('../dist/src/cli/main.js', import.meta.url).pathname,
  platform: 'node',
  logLevel: 'warn',
  output: {
    dir: out.pathname,
    format: 'esm',
    entryFileNames: 'main.js',
    chunkFileNames: '[name]-[hash].js',
  },
});
