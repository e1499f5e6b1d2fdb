// Small helpers shared by the benchmarks: run a command many times, interleaved with its
// baseline so machine noise hits both alike, and report medians and their ratio.
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

/** Wall-clock milliseconds of one run of `command args` (exit code must be 0). */
export function timeOnce(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: 'ignore', ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
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
