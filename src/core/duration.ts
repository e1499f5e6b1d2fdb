/**
 * Durations as operators type them: `500ms`, `30s`, `15m`, `2h`, or a bare number of
 * seconds. Used by every flag that takes a time (`--since`, `--interval`, `--duration`…).
 */
import { usageError } from './errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a duration into milliseconds; throws a usage error naming the flag, the value and the fix. */
export function parseDuration(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const amount = match ? Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000) : NaN;
  if (!Number.isFinite(amount) || amount <= 0) {
    throw usageError(
      'BAD_DURATION',
      `${flag}: "${value}" is not a duration`,
      `Pass a positive duration such as ${flag} 30s, 500ms, 15m or 2h (a bare number means seconds).`,
    );
  }
  return Math.round(amount);
}
