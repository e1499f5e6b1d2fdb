// Small helpers shared by the benchmarks: run a command many times, interleaved with its
// baseline so machine noise hits both alike, and report medians and their ratio.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/**
 * Wall-clock milliseconds of one run of `command args`; its exit code must be one of
 * `options.okStatus` (default [0]). Other options go to spawnSync.
 */
export function timeOnce(command, args, options = {}) {
  const { okStatus = [0], ...spawnOptions } = options;
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: 'ignore', ...spawnOptions });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!okStatus.includes(result.status))
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return ms;
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Percentile (0-100, nearest rank) of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs `subject` and `baseline` alternately `rounds` times; returns both medians and the ratio. */
export function compare(subject, baseline, rounds) {
  const a = [];
  const b = [];
  for (let i = 0; i < rounds; i += 1) {
    b.push(baseline());
    a.push(subject());
  }
  const subjectMs = median(a);
  const baselineMs = median(b);
  return { subjectMs, baselineMs, ratio: subjectMs / baselineMs, rounds };
}

/** Formats milliseconds with one decimal. */
export const ms = (v) => `${v.toFixed(1)} ms`;

/** The 1-minute load average now (take one before the rounds, for `machineLine`). */
export const loadAverage = () => loadavg()[0];

/** `machine: N cores, load average A at the start, B at the end`: noise to read figures by. */
export const machineLine = (loadAtStart) =>
  `machine: ${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)} at the start, ${loadAverage().toFixed(1)} at the end`;

/** CPU time (user + system, ms) of this process's reaped children so far; Linux (/proc) only. */
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 per second here).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * Wall-clock and CPU milliseconds (user + system, from /proc: Linux only, 10 ms resolution) of
 * one run of `command args`; the same exit-code rule and options as `timeOnce`.
 */
export function timeAndCpuOnce(command, args, options = {}) {
  const before = childrenCpuMs();
  const ms = timeOnce(command, args, options);
  return { ms, cpuMs: childrenCpuMs() - before };
}

/**
 * The arguments after `node` for `mysfits-dr lab up --timing fast` on `port` in `dir`, with
 * `--accelerator-port` when one is given.
 */
export function labUpArgs(bin, { port, acceleratorPort, dir }) {
  const accelerator = acceleratorPort === undefined ? [] : ['--accelerator-port', acceleratorPort];
  return [bin, 'lab', 'up', '--timing', 'fast', '--port', port, ...accelerator, '--dir', dir];
}

/** Stops the lab in `dir`; removes the folder, or keeps it (lab.log, logs/) when the lab did not stop cleanly. */
export function labDownAndClean(bin, dir) {
  const stopped = spawnSync(process.execPath, [bin, 'lab', 'down', '--dir', dir], {
    stdio: 'ignore',
  });
  if (stopped.status === 0) rmSync(dir, { recursive: true, force: true });
  else console.error(`lab down exited ${stopped.status}; its folder is kept: ${dir}`);
}

/** Starts a lab in `dir` (fast timing, free ports, from dist/: build first); resolves with its state. */
export async function startFastLab(dir, timeoutMs = 180_000) {
  const { labUp } = await import('../dist/src/cli/lab/control.js');
  const { freePort } = await import('../dist/src/lab/processes.js');
  const port = await freePort();
  const acceleratorPort = await freePort();
  const up = await labUp({ dir, port, acceleratorPort, profile: 'fast', timeoutMs });
  return up.state;
}
