#!/usr/bin/env node
// Bundles the routing gate's Lambda code (dist/services/gate/index.js, from `tsc`) with the
// AWS SDK client it uses into dist/gate/: `index.mjs` (handler `index.handler`) and its chunks,
// the asset infra/lib/routing-gate.ts deploys. Bundling the SDK pins the version the gate was
// tested with instead of the one the Lambda runtime happens to carry. Run by `npm run build`.
import { rm } from 'node:fs/promises';
import { build } from 'rolldown';

const out = new URL('../dist/gate/', import.meta.url);
await rm(out, { recursive: true, force: true });
await build({
  input: new URL('../dist/services/gate/index.js', import.meta.url).pathname,
  platform: 'node',
  logLevel: 'warn',
  resolve: {
    conditionNames: ['module', 'import', 'node', 'default'],
    mainFields: ['module', 'main'],
  },
  output: {
    dir: out.pathname,
    format: 'esm',
    entryFileNames: 'index.mjs',
    chunkFileNames: '[name]-[hash].mjs',
  },
});
