#!/usr/bin/env node
// Generates docs/errors.md and the README's "Exit codes" table (between
// <!-- exit-codes:start --> and <!-- exit-codes:end -->) from EXIT_CODES and the error
// catalogue in src/core/errors/, formatted with the repository's prettier settings.
// Reads the compiled catalogue, so run `npm run build` first.
//   node scripts/generate-error-docs.mjs           writes both files
//   node scripts/generate-error-docs.mjs --check   exits 1 (writing nothing) when either is stale
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = new URL('../', import.meta.url);
const check = process.argv.includes('--check');

let docs;
try {
  docs = await import(new URL('dist/src/core/errors/docs.js', root).href);
} catch (error) {
  console.error(
    `cannot load dist/src/core/errors/docs.js (${error.message}); run \`npm run build\` first`,
  );
  process.exit(2);
}

async function format(text, file) {
  const path = fileURLToPath(new URL(file, root));
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}

const readmeText = await readFile(new URL('README.md', root), 'utf8');
const table = await format(docs.renderExitCodeTable(), 'README.md');
const outputs = [
  ['docs/errors.md', await format(docs.renderErrorDocs(), 'docs/errors.md')],
  ['README.md', await format(docs.replaceReadmeTable(readmeText, table), 'README.md')],
];

let stale = 0;
for (const [file, text] of outputs) {
  const current = await readFile(new URL(file, root), 'utf8').catch(() => '');
  if (current === text) continue;
  stale++;
  if (check) console.error(`${file} is stale: run \`node scripts/generate-error-docs.mjs\``);
  else {
    await writeFile(new URL(file, root), text);
    console.error(`wrote ${file}`);
  }
}
if (check && stale) process.exit(1);
