#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js, from `tsc`) and the AWS SDK it uses into
// dist/cli/: the entry and one chunk per lazily loaded part (a command's code, each SDK client
// with its adapter), so `mysfits-dr` loads a few large files instead of hundreds of small
// modules. A start-up then costs about half the CPU time, which the operator feels on every
// command and the test suite on each of its hundreds of CLI runs. Run by `npm run build`,
// after `tsc`. It also bundles the routing gate's Lambda code into dist/gate/ (below).
//
// The SDK's packages ship an ES build (`module` in their package.json and their exports) next to
// the CommonJS one Node picks. The bundle takes the ES build: rolldown can then drop what the
// CLI never calls (the commands and schemas of operations it does not use: a client's CommonJS
// file holds all of them) and keeps the SDK's own `import()`s (the credential providers other
// than the one in use) as chunks loaded only when reached. Built-in modules are reached through
// `require`, never Node's ES facade (scripts/bundle-builtins.mjs says why).
import { rm } from 'node:fs/promises';
import { build } from 'rolldown';
import { builtinsViaRequire } from './bundle-builtins.mjs';

/**
 * The SDK code every client runs (@smithy/core and @aws-sdk/core without the protocols and
 * codecs of other clients, the HTTP handler, SigV4, the credential chain and its environment
 * provider), as one chunk. Left to rolldown, it is split by which clients share each module
 * into some twenty small chunks, and every file costs Node a resolution, a read and a module
 * record: one chunk takes about 6 ms of CPU off `lock show` (docs/benchmarks.md). The
 * protocols, codecs and checksums that only some clients use (Query and XML for ELBv2, CBOR,
 * event streams) stay in chunks of their own, as do the other credential providers.
 */
const SDK_CORE = {
  name: 'sdk-core',
  test: /^(?!.*[\\/](event-streams|cbor|query|xml|checksum)[\\/]).*[\\/]node_modules[\\/]@(smithy|aws-sdk)[\\/](core|types|node-http-handler|signature-v4|credential-provider-env|credential-provider-node)[\\/]/,
};

/** Bundles `input` (compiled by tsc) and what it imports into `outDir`: `entry` and its chunks. */
async function bundle(input, outDir, entry, plugins, groups = []) {
  const out = new URL(outDir, import.meta.url);
  await rm(out, { recursive: true, force: true });
  await build({
    input: new URL(input, import.meta.url).pathname,
    platform: 'node',
    logLevel: 'warn',
    plugins,
    resolve: {
      // `module` first: the SDK's exports list `module` (its ES build) before `node` (CommonJS).
      conditionNames: ['module', 'import', 'node', 'default'],
      mainFields: ['module', 'main'],
    },
    output: {
      dir: out.pathname,
      format: 'esm',
      entryFileNames: entry,
      chunkFileNames: `[name]-[hash]${entry.slice(entry.lastIndexOf('.'))}`,
      ...(groups.length > 0 ? { codeSplitting: { groups } } : {}),
    },
  });
}

await bundle(
  '../dist/src/cli/main.js',
  '../dist/cli/',
  'main.js',
  [builtinsViaRequire()],
  [SDK_CORE],
);
// The routing gate's Lambda code (services/gate) with the SDK client it uses, the asset
// infra/lib/routing-gate.ts deploys (`index.handler`): bundling the SDK pins the version the
// gate was tested with instead of the one the Lambda runtime happens to carry.
await bundle('../dist/services/gate/index.js', '../dist/gate/', 'index.mjs', []);
