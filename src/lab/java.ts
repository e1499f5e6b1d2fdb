/**
 * Checks that Java 17 or newer is installed: Amazon DynamoDB Local, the lab's storage
 * engine, runs on it.
 */
import { spawnSync } from 'node:child_process';

/** The Java found on PATH, or why none is usable. */
export type JavaCheck = { ok: true; version: number; text: string } | { ok: false; reason: string };

/** Runs `java -version` and reads the major version. */
export function checkJava(command = 'java'): JavaCheck {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (result.error) return { ok: false, reason: `\`${command}\` was not found on PATH` };
  const text = `${result.stderr}${result.stdout}`.trim();
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match)
    return { ok: false, reason: `could not read the version from \`${command} -version\`` };
  const major = Number(match[1]) === 1 ? Number(match[2]) : Number(match[1]);
  if (major < 17) return { ok: false, reason: `Java ${major} found; Java 17 or newer is needed` };
  const modules = spawnSync(command, ['--list-modules'], { encoding: 'utf8' });
  if (!/^jdk\.compiler@/m.test(modules.stdout ?? '')) {
    return {
      ok: false,
      reason: `Java ${major} is a runtime without the compiler module; the lab needs a JDK`,
    };
  }
  return { ok: true, version: major, text: text.split('\n')[0] ?? text };
}
