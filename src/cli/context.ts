/**
 * The per-invocation context handed to every command: global options, the output port,
 * the environment, a clock, an abort signal raised on Ctrl-C, and lazily loaded config.
 */
import { resolveConfigPath } from '../config/path.js';
import { drError } from '../core/errors.js';
import type { Config } from '../config/schema.js';
import type { AwsSettings } from '../aws/clients.js';
import { sharedCredentialProvider } from '../aws/credentials.js';
import type { Io } from './output/io.js';

/** Global options shared by every command. */
export interface GlobalOptions {
  config?: string;
  profile?: string;
  endpointUrl?: string;
  json: boolean;
  yes: boolean;
  verbose: boolean;
  color: boolean;
}

/** What a command may use; nothing else reaches the outside world. */
export interface Context {
  readonly globals: GlobalOptions;
  readonly io: Io;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Raised when the user interrupts (SIGINT/SIGTERM); commands stop at a safe boundary. */
  readonly signal: AbortSignal;
  /** Path of the config file in use. */
  configPath(): string;
  /** The validated config (loaded once, on first use). */
  config(): Promise<Config>;
  /** Settings for AWS clients, built once: every client shares their one credential chain. */
  aws(): AwsSettings;
  /**
   * Asks the operator to confirm a change: true with `--yes`; otherwise a y/N question on an
   * interactive terminal; without a terminal, false (a refusal, never a hang).
   */
  confirm(question: string): Promise<boolean>;
}

/**
 * Pieces a caller may put in place of the process's own (in-process tests, an embedding
 * program); each one left out keeps the default.
 */
export interface ContextOverrides {
  /** Answers confirmation questions instead of the terminal; `--yes` still answers yes first. */
  prompt?: (question: string) => Promise<boolean>;
  /** The validated config, instead of loading the config file. */
  config?: Config;
  /** The clock, in milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** Answers the MFA code question instead of the terminal. */
  mfaCode?: (serial: string) => Promise<string>;
  /**
   * The folder of the cache of validated configs (config/validated-cache.ts); without it, or
   * outside the bundle, the config file is validated on every run.
   */
  configCacheDir?: string;
}

/**
 * The current code of the MFA device `serial`, asked on the terminal (stdin and stderr both
 * interactive); without a terminal the profile cannot be used: MFA_CODE_NEEDED (exit 4).
 */
async function askMfaCode(
  serial: string,
  signal: AbortSignal,
  answer?: (serial: string) => Promise<string>,
): Promise<string> {
  if (answer) return answer(serial);
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw drError(
      'MFA_CODE_NEEDED',
      `the AWS profile needs a code from the MFA device ${serial}, and there is no terminal to ask for it`,
    );
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(`MFA code for ${serial}: `, { signal })).trim();
  } finally {
    rl.close();
  }
}

/** The validated config at `path`, through the cache of validated configs when there is one. */
async function readConfig(path: string, cacheDir: string | undefined): Promise<Config> {
  if (cacheDir) {
    const { bundleKey, loadConfigCached } = await import('../config/validated-cache.js');
    const key = bundleKey();
    if (key) return loadConfigCached(path, cacheDir, key);
  }
  const { loadConfig } = await import('../config/loader.js');
  return loadConfig(path);
}

/** Builds the context for one invocation. */
export function createContext(
  globals: GlobalOptions,
  io: Io,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
  cwd: string = process.cwd(),
  overrides: ContextOverrides = {},
): Context {
  let loaded: Promise<Config> | undefined =
    overrides.config === undefined ? undefined : Promise.resolve(overrides.config);
  const path = () => resolveConfigPath(globals.config, env);
  let aws: AwsSettings | undefined;
  return {
    globals,
    io,
    env,
    cwd,
    now: overrides.now ?? (() => Date.now()),
    signal,
    configPath: path,
    // zod and the schema load only when a command needs the config and the cache of validated
    // configs has no entry for it (keeps start-up fast).
    config: () => (loaded ??= readConfig(path(), overrides.configCacheDir)),
    confirm: async (question) => {
      if (globals.yes) return true;
      if (overrides.prompt) return overrides.prompt(question);
      if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `, { signal });
        return /^y(es)?$/i.test(answer.trim());
      } catch {
        return false;
      } finally {
        rl.close();
      }
    },
    aws: () =>
      (aws ??= {
        env,
        ...(globals.profile ? { profile: globals.profile } : {}),
        ...(globals.endpointUrl ? { endpointUrl: globals.endpointUrl } : {}),
        credentialProvider: sharedCredentialProvider({
          ...(globals.profile ? { profile: globals.profile } : {}),
          mfaCode: (serial) => askMfaCode(serial, signal, overrides.mfaCode),
          log: (line) => io.debug(line),
        }),
      }),
  };
}
