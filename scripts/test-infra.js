#!/usr/bin/env node
// The infra/ part of `npm test`: installs infra's own dependencies when they are missing or
// older than its lock file, runs its tests (CDK assertions, cdk-nag), synthesizes the app
// offline and lints the templates with cfn-lint.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const infra = fileURLToPath(new URL('../infra/', import.meta.url));
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: infra, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const installed = `${infra}node_modules/.package-lock.json`;
if (
  !existsSync(installed) ||
  statSync(installed).mtimeMs < statSync(`${infra}package-lock.json`).mtimeMs
) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
run('npm', ['test']);
run('npx', ['cdk', 'synth', '--quiet']);
run('bash', ['scripts/cfn-lint.sh']);
