/**
 * The lab's state file (`lab.json` in the lab folder): which supervisor runs, on which
 * port, and the processes it started. Written atomically so a reader never sees half a file.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One process the supervisor started. */
export interface LabProcessInfo {
  name: string;
  pid: number;
  url?: string;
}

/** What `lab.json` holds. */
export interface LabState {
  version: 1;
  /** Supervisor pid; it leads its own process group when started in the background. */
  pid: number;
  /** True when the supervisor leads a process group (`lab up` without --foreground). */
  groupLeader: boolean;
  port: number;
  endpoint: string;
  /** The accelerator's data plane (the application's address), once started. */
  acceleratorUrl?: string;
  profile: string;
  startedAt: string;
  status: 'starting' | 'ready' | 'stopping';
  processes: LabProcessInfo[];
}

/** Path of the state file in a lab folder. */
export function statePath(dir: string): string {
  return join(dir, 'lab.json');
}

/** Reads the state file; undefined when there is none (or it is unreadable). */
export async function readState(dir: string): Promise<LabState | undefined> {
  try {
    return JSON.parse(await readFile(statePath(dir), 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

let writes = 0;

/** Writes the state file atomically (temp file + rename); concurrent writers never collide. */
export async function writeState(dir: string, state: LabState): Promise<void> {
  await mkdir(dir, { recursive: true });
  writes += 1;
  const tmp = `${statePath(dir)}.${process.pid}.${writes}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, statePath(dir));
}

/** Removes the state file. */
export async function removeState(dir: string): Promise<void> {
  await rm(statePath(dir), { force: true });
}

/** True when a process with this pid exists (signal 0 probe). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
