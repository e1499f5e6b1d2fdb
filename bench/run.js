// Runs every benchmark in turn. Figures and how to read them: docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const name of [
  'startup.js',
  'lab-startup.js',
  'traffic.js',
  'accelerator-origins.js',
  'ecs-churn.js',
  'failover.js',
  'cloudwatch-memory.js',
  'status-vs-aws-cli.js',
  'status-fanout.js',
]) {
  const path = fileURLToPath(new URL(name, import.meta.url));
  const result = spawnSync(process.execPath, ['--expose-gc', path], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
