/**
 * Starting, stopping and inspecting the lab as a background process group. `labUp` spawns
 * the supervisor detached (its own process group, output in lab.log) and waits until the
 * lab endpoint reports healthy; `labDown` stops it and kills anything left in its group,
 * which also cleans up after a supervisor that crashed.
 */
import { spawn } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { drError } from '../../core/errors.js';
import { checkJava } from '../../lab/java.js';
import { supervisorEntry } from '../../lab/paths.js';
import { portInUse } from '../../lab/processes.js';
import type { LabProfileName } from '../../lab/profiles.js';
import { isAlive, readState, removeState, type LabState } from '../../lab/state.js';

/** The lab's own health report (`GET /_lab/health`). */
export interface LabHealth {
  healthy: boolean;
  components: Record<string, { healthy: boolean; detail?: string; url?: string }>;
  [key: string]: unknown;
}

/** An active lab fault, as `GET /_lab/faults` lists it. */
export interface LabFault {
  id: string;
  kind: string;
  expiresAt: string | null;
  [field: string]: unknown;
}

/** What `labStatus` finds. */
export interface LabStatus {
  running: boolean;
  state?: LabState;
  health?: LabHealth;
  /** The active faults. */
  faults?: LabFault[];
  /** Why the lab is not usable, when it is not. */
  problem?: string;
}

/** Fetches the lab's health report; undefined when the endpoint does not answer. */
export async function fetchHealth(endpoint: string): Promise<LabHealth | undefined> {
  try {
    const response = await fetch(`${endpoint}/_lab/health`, { signal: AbortSignal.timeout(3_000) });
    return (await response.json()) as LabHealth;
  } catch {
    return undefined;
  }
}

async function fetchFaults(endpoint: string): Promise<LabFault[] | undefined> {
  try {
    const response = await fetch(`${endpoint}/_lab/faults`, { signal: AbortSignal.timeout(3_000) });
    return ((await response.json()) as { faults: LabFault[] }).faults;
  } catch {
    return undefined;
  }
}

/** Reads lab.json, the health endpoint and the active faults. */
export async function labStatus(dir: string): Promise<LabStatus> {
  const state = await readState(dir);
  if (!state) return { running: false, problem: 'the lab is not running' };
  if (!isAlive(state.pid)) {
    return {
      running: false,
      state,
      problem: `the lab supervisor (pid ${state.pid}) is gone; run \`mysfits-dr lab down\` to clean up what it left`,
    };
  }
  const [health, faults] = await Promise.all([
    fetchHealth(state.endpoint),
    fetchFaults(state.endpoint),
  ]);
  if (!health) return { running: true, state, problem: `${state.endpoint} does not answer` };
  return { running: true, state, health, faults: faults ?? [] };
}

async function tail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Options of `labUp`. */
export interface LabUpOptions {
  dir: string;
  port: number;
  /** Port of the accelerator's data plane (default: port + 1). */
  acceleratorPort?: number;
  profile: LabProfileName;
  timeoutMs: number;
  onProgress?: (line: string) => void;
}

/** Starts the lab in the background; returns its state once healthy (or the running one). */
export async function labUp(
  options: LabUpOptions,
): Promise<{ state: LabState; alreadyRunning: boolean }> {
  const current = await labStatus(options.dir);
  if (current.running && current.state && current.health?.healthy) {
    return { state: current.state, alreadyRunning: true };
  }
  if (current.state) await labDown(options.dir, 10_000);
  const java = checkJava();
  if (!java.ok) {
    throw drError('LAB_JAVA_MISSING', `the lab needs Java 17 or newer: ${java.reason}`);
  }
  const acceleratorPort = options.acceleratorPort ?? options.port + 1;
  for (const [port, flag] of [
    [options.port, '--port'],
    [acceleratorPort, '--accelerator-port'],
  ] as const) {
    if (await portInUse(port)) {
      throw drError('LAB_PORT_IN_USE', `port ${port} on 127.0.0.1 is already in use`, {
        hint: `Choose another port with \`mysfits-dr lab up ${flag} <n>\`, or stop what listens there.`,
      });
    }
  }
  await mkdir(options.dir, { recursive: true });
  const logFile = join(options.dir, 'lab.log');
  const out = await open(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      supervisorEntry(),
      '--dir',
      options.dir,
      '--port',
      String(options.port),
      '--accelerator-port',
      String(acceleratorPort),
      '--profile',
      options.profile,
      '--group-leader',
    ],
    { detached: true, stdio: ['ignore', out.fd, out.fd] },
  );
  child.unref();
  await out.close();
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? 1));

  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (exited !== null) {
      throw drError(
        'LAB_START_FAILED',
        `the lab failed to start (exit ${exited}):\n${await tail(logFile)}`,
        {
          hint: `See ${logFile} and the logs in ${join(options.dir, 'logs')}.`,
        },
      );
    }
    const log = await tail(logFile, 1);
    if (log && log !== last) options.onProgress?.(log.replace(/^\S+ /, ''));
    last = log;
    const state = await readState(options.dir);
    if (state?.status === 'ready' && (await fetchHealth(state.endpoint))?.healthy) {
      return { state, alreadyRunning: false };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await labDown(options.dir, 10_000);
  throw drError(
    'LAB_START_TIMEOUT',
    `the lab was not healthy after ${options.timeoutMs / 1000} s; it was stopped`,
    {
      hint: `See ${logFile}; a slow machine may need --timeout.`,
    },
  );
}

/** Stops the lab and everything it started; returns the pids that were signalled. */
export async function labDown(
  dir: string,
  timeoutMs: number,
): Promise<{ wasRunning: boolean; signalled: number[] }> {
  const state = await readState(dir);
  if (!state) return { wasRunning: false, signalled: [] };
  const signalled: number[] = [];
  const kill = (pid: number, signal: NodeJS.Signals) => {
    try {
      process.kill(pid, signal);
      signalled.push(Math.abs(pid));
    } catch {
      /* already gone */
    }
  };
  if (isAlive(state.pid)) {
    kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(state.pid) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  }
  // Whatever is left (a crashed or stuck supervisor's children) dies with the group.
  if (state.groupLeader) kill(-state.pid, 'SIGKILL');
  for (const p of state.processes) if (p.pid > 0 && isAlive(p.pid)) kill(p.pid, 'SIGKILL');
  if (isAlive(state.pid)) kill(state.pid, 'SIGKILL');
  await removeState(dir);
  return { wasRunning: true, signalled: [...new Set(signalled)] };
}
