/**
 * Child processes of the lab: start one with its output in a log file, wait until it
 * answers, and stop it the way ECS stops a task (SIGTERM, then SIGKILL after a timeout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** A started child process and where its output goes. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

/** Starts `command args` with stdout and stderr appended to `logFile`. */
export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string },
): ManagedProcess {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      log.write(`[lab] ${name} could not start: ${error.message}\n`);
      resolve('error');
    });
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { name, child, logFile: options.logFile, exited };
}

/** True while the process has neither exited nor been signalled to death. */
export function isRunning(p: ManagedProcess): boolean {
  return p.child.exitCode === null && p.child.signalCode === null;
}

/** Stops a process: SIGTERM, then SIGKILL once `timeoutMs` has passed. */
export async function stopProcess(p: ManagedProcess, timeoutMs: number): Promise<void> {
  if (!isRunning(p)) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => isRunning(p) && p.child.kill('SIGKILL'), timeoutMs);
  await p.exited;
  clearTimeout(timer);
}

/** Asks the OS for a free loopback TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when something already listens on 127.0.0.1:port. */
export async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

/**
 * Polls `probe` until it resolves true, the process exits, or `timeoutMs` passes.
 * Throws with a message naming the process when it does not become ready.
 */
export async function waitUntilReady(
  p: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(p)) throw new Error(`${p.name} exited during start-up (see ${p.logFile})`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${p.name} was not ready after ${timeoutMs} ms (see ${p.logFile})`);
}

/** True when something listening at `url` answers HTTP at all (any status) within 2 s. */
export async function httpAnswers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return true;
}
