/**
 * A full lab of a test file's own (fast timing, free port, temporary folder), for tests that
 * inject faults and must not disturb the shared lab other files use.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDown, labUp } from '../../src/cli/lab/control.js';
import { freePort } from '../../src/lab/processes.js';

/** A running lab and how to reach and stop it. */
export interface OwnLab {
  dir: string;
  endpoint: string;
  /** Environment for `runCli` so `lab …` commands find this lab. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts a lab for this test file; `timeoutMs` bounds the wait until it is healthy (120 s). */
export async function startOwnLab(options: { timeoutMs?: number } = {}): Promise<OwnLab> {
  const dir = await mkdtemp(join(tmpdir(), 'mysfits-own-lab-'));
  const up = async () =>
    labUp({
      dir,
      port: await freePort(),
      acceleratorPort: await freePort(),
      profile: 'fast',
      timeoutMs: options.timeoutMs ?? 120_000,
    });
  // A port found free can be taken by another test file's process before the lab binds it:
  // that one refusal (nothing started) is retried with new ports.
  let started: Awaited<ReturnType<typeof labUp>> | undefined;
  for (let attempt = 1; !started; attempt++) {
    try {
      started = await up();
    } catch (error) {
      if (attempt >= 3 || !/is already in use/.test((error as Error).message)) throw error;
    }
  }
  const { state } = started;
  return {
    dir,
    endpoint: state.endpoint,
    env: { MYSFITS_DR_LAB_DIR: dir },
    stop: async () => void (await labDown(dir, 30_000)),
  };
}
