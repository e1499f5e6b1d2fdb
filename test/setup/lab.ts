/**
 * Vitest global setup: makes one running lab available to every test file as
 * `inject('labEndpoint')`. Uses the lab named by MYSFITS_DR_TEST_LAB_ENDPOINT when set
 * (CI starts it in .ci/run); otherwise starts one (fast profile, free port, temporary
 * folder) and stops it afterwards.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { labDown, labUp } from '../../src/cli/lab/control.js';
import { freePort } from '../../src/lab/processes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    labEndpoint: string;
  }
}

let startedDir: string | undefined;

/** Starts (or finds) the shared lab. */
export async function setup(project: TestProject): Promise<void> {
  const given = process.env.MYSFITS_DR_TEST_LAB_ENDPOINT;
  if (given) {
    project.provide('labEndpoint', given);
    return;
  }
  startedDir = await mkdtemp(join(tmpdir(), 'mysfits-test-lab-'));
  const { state } = await labUp({
    dir: startedDir,
    port: await freePort(),
    acceleratorPort: await freePort(),
    profile: 'fast',
    timeoutMs: 180_000,
  });
  project.provide('labEndpoint', state.endpoint);
}

/** Stops the lab this setup started, if any. */
export async function teardown(): Promise<void> {
  if (startedDir) await labDown(startedDir, 30_000);
}
