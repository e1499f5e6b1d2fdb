/**
 * No accelerator API needed in a us-west-2 outage: the built CLI as a process against a lab of
 * this file's own, with a config that holds the accelerator's address (`accelerator.dnsName`,
 * `staticIps`, `listenerPort`, as `init --from-stacks` writes them) and neither `--app-url` nor
 * MYSFITS_DR_APP_URL. For each kind of region outage the lab offers (connections refused,
 * requests never answered), `failover --via routing-switch` plans from the config's address
 * and says so; a config without the address still fails with APP_URL_UNKNOWN (exit 2), the
 * accelerator API being served only in us-west-2. A real failover then observes the new
 * connections land in us-east-1 through the configured address.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labConfig } from '../../src/config/lab-config.js';
import { errorDocumentSchema } from '../../src/core/documents/error.js';
import { operationDocumentSchema } from '../../src/core/documents/operation.js';
import { readState } from '../../src/lab/state.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { labEnv } from '../helpers/lab.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';
const OP_TIMEOUT_MS = 240_000;

let lab: OwnLab;
let dir: string;
let port: number;
const env: Record<string, NodeJS.ProcessEnv> = {};
const timings: string[] = [];

/** `failover --to us-east-1 --via routing-switch`, with --json and (so that stderr carries the
 * informational lines under --json) --verbose, plus `extra`. */
const failover = (...extra: string[]) => [
  '--json',
  '--verbose',
  'failover',
  '--to',
  EAST,
  '--via',
  'routing-switch',
  ...extra,
];
const show = (run: CliRun) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;
const cli = (config: 'with-address' | 'without-address', args: readonly string[]) =>
  runCli(args, { env: env[config]!, timeoutMs: OP_TIMEOUT_MS });

beforeAll(async () => {
  lab = await startOwnLab({ timeoutMs: 240_000 });
  const state = await readState(lab.dir);
  port = Number(new URL(state!.acceleratorUrl!).port);
  dir = await mkdtemp(join(tmpdir(), 'mysfits-app-url-'));
  const withAddress = labConfig() as { accelerator: Record<string, unknown> };
  withAddress.accelerator.listenerPort = port; // this lab's accelerator, not `lab up`'s default
  const withoutAddress = structuredClone(withAddress);
  delete withoutAddress.accelerator.dnsName;
  delete withoutAddress.accelerator.staticIps;
  for (const [name, config] of [
    ['with-address', withAddress],
    ['without-address', withoutAddress],
  ] as const) {
    const path = join(dir, `${name}.json`);
    await writeFile(path, JSON.stringify(config, null, 2));
    env[name] = labEnv({
      AWS_ENDPOINT_URL: lab.endpoint,
      AWS_REGION: WEST,
      ...lab.env,
      MYSFITS_DR_CONFIG: path,
      MYSFITS_DR_RUNS_DIR: join(dir, `runs-${name}`),
    });
  }
}, 300_000);

afterAll(async () => {
  await runCli(['lab', 'fault', 'clear'], { env: env['with-address']! }).catch(() => undefined);
  await lab?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  console.log(`app-url-outage timings:\n  ${timings.join('\n  ')}`);
});

describe.sequential('us-west-2 down, no --app-url', () => {
  for (const mode of ['refuse', 'timeout'] as const) {
    it(`(${mode}) plans the failover from the config's address, and without it fails with APP_URL_UNKNOWN`, async () => {
      const fault = await runCli(
        ['lab', 'fault', 'region-outage', '--region', WEST, '--mode', mode],
        { env: env['with-address']! },
      );
      expect(fault.code, show(fault)).toBe(0);
      try {
        const args = failover('--dry-run');
        let started = Date.now();
        const planned = await cli('with-address', args);
        timings.push(`${mode}: dry-run with the address ${Date.now() - started} ms`);
        expect(planned.stderr).toContain(
          `application address http://localhost:${port} (from config accelerator.dnsName)`,
        );
        // A plan, refused only for what a dead us-west-2 cannot tell (its replication).
        expect(planned.code, show(planned)).toBe(3);
        const details = operationDocumentSchema.parse(JSON.parse(planned.stdout));
        expect(details.plan.steps.map((s) => s.id)).toContain(`switch:${WEST}:out`);

        started = Date.now();
        const unknown = await cli('without-address', args);
        timings.push(`${mode}: dry-run without the address ${Date.now() - started} ms`);
        expect(unknown.code, show(unknown)).toBe(2);
        const { error } = errorDocumentSchema.parse(JSON.parse(unknown.stdout));
        expect(error.code).toBe('APP_URL_UNKNOWN');
        expect(error.hint).toMatch(/accelerator\.dnsName/);
      } finally {
        await runCli(['lab', 'fault', 'clear'], { env: env['with-address']! });
      }
    }, 600_000);
  }

  it('fails over through the routing switch and sees new connections land in us-east-1', async () => {
    const fault = await runCli(['lab', 'fault', 'region-outage', '--region', WEST], {
      env: env['with-address']!,
    });
    expect(fault.code, show(fault)).toBe(0);
    const started = Date.now();
    const run = await cli('with-address', failover('--yes', '--force', 'replication'));
    timings.push(`failover through the configured address ${Date.now() - started} ms`);
    expect(run.code, show(run)).toBe(0);
    expect(run.stderr).toContain('(from config accelerator.dnsName)');
    const doc = operationDocumentSchema.parse(JSON.parse(run.stdout));
    expect(doc.outcome).toBe('completed');
    expect(doc.steps?.find((s) => s.id === `observe:${EAST}`)?.status).toBe('done');
    expect(doc.measurements?.landedAfterMs).toEqual(expect.any(Number));
  }, 600_000);
});
