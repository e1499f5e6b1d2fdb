/**
 * Entry point of the `mysfits-dr` executable: wires the process (argv, env, streams,
 * signals) to the program and sets the exit code. Ctrl-C raises the context's abort
 * signal so a command can stop at a safe boundary; a second Ctrl-C exits at once.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CODES } from '../core/errors.js';
import { packageVersion } from '../package-root.js';
import { buildProgram, commandNameOf, runProgram } from './program.js';
import { registrarsFor } from './commands/by-name.js';

// On Node 20 (past its end of life) the AWS SDK prints once per process, on stderr, that its
// releases from January 2027 need Node 22+: a true notice, left visible (README, Prerequisites).

const controller = new AbortController();
const onSignal = () => {
  if (controller.signal.aborted) process.exit(EXIT_CODES.interrupted);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

/**
 * The cache of validated configs (config/validated-cache.ts), next to the launcher's compile
 * cache: $XDG_CACHE_HOME/mysfits-dr/config-cache (~/.cache/...); MYSFITS_DR_NO_CONFIG_CACHE=1
 * turns it off.
 */
function configCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.MYSFITS_DR_NO_CONFIG_CACHE) return undefined;
  try {
    return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mysfits-dr', 'config-cache');
  } catch {
    return undefined; // no home folder: no cache, the config is validated on every run
  }
}

const configCache = configCacheDir(process.env);
const deps = {
  env: process.env,
  ...(configCache ? { context: { configCacheDir: configCache } } : {}),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  version: packageVersion(),
  setExitCode: (code: number) => {
    process.exitCode = code;
  },
};

const argv = process.argv.slice(2);
await runProgram(buildProgram(deps, await registrarsFor(commandNameOf(argv))), argv, deps);

// The command has finished; what may still be pending is abandoned work (an AWS call that
// outlived its timeout, retrying in the background). Flush the output and end now.
const flush = (stream: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flush(process.stdout), flush(process.stderr)]);
process.exit();
