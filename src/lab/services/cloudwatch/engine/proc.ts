/**
 * CPU and memory use of a process from Linux's /proc, for the ECS metrics: CPU time from
 * /proc/<pid>/stat (utime + stime, fields 14 and 15, in clock ticks of 1/100 s — USER_HZ is
 * 100 on every Linux architecture Node supports) and resident memory from the VmRSS line of
 * /proc/<pid>/status. Undefined when the process is gone (or not on Linux).
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc CPU times (USER_HZ). */
export const USER_HZ = 100;

/** One reading of a process. */
export interface ProcessReading {
  /** CPU seconds used so far (user + system). */
  cpuSeconds: number;
  /** Resident set size, bytes. */
  rssBytes: number;
}

/** Parses the contents of /proc/<pid>/stat: CPU seconds (user + system). */
export function parseProcStat(text: string): number | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // After "pid (comm)" come the fields from the 3rd (state) on; utime/stime are the 14th/15th.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return (utime + stime) / USER_HZ;
}

/** Parses the contents of /proc/<pid>/status: VmRSS in bytes. */
export function parseProcStatus(text: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Reads a process's CPU time and memory; undefined if it cannot be read. */
export function readProcess(pid: number): ProcessReading | undefined {
  try {
    const cpuSeconds = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const rssBytes = parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (cpuSeconds === undefined || rssBytes === undefined) return undefined;
    return { cpuSeconds, rssBytes };
  } catch {
    return undefined;
  }
}
