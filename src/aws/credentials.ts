/**
 * The credentials every AWS client of one process shares. Left to itself, each SDK client
 * builds its own default chain, so a profile with `role_arn` calls STS AssumeRole once per
 * client (a dozen times for `status`) and an MFA profile would ask for a code as often.
 * Here the SDK's own chain (@aws-sdk/credential-provider-node, same sources in the same
 * order) is built once per process and handed to every client; it memoizes what it resolves
 * and refreshes it before it expires. An MFA code is asked for on the terminal; the SDK's
 * warnings go to the verbose log instead of stderr. `--profile` naming no profile is
 * refused before any call.
 */
import { drError } from '../core/errors.js';

/** Credentials as the SDK's providers resolve them. */
export interface ResolvedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** A credential provider in the SDK's shape (what a client's `credentials` setting takes). */
export type CredentialProvider = (props?: Record<string, unknown>) => Promise<ResolvedCredentials>;

/** What the shared chain needs from the process. */
export interface CredentialChainOptions {
  /** `--profile`; else the SDK reads AWS_PROFILE itself. */
  profile?: string;
  /** Asks for the current code of the MFA device `serial`; absent: MFA profiles fail. */
  mfaCode?: (serial: string) => Promise<string>;
  /** Receives the SDK's own debug and warning lines (the CLI prints them with --verbose). */
  log?: (line: string) => void;
}

/** The SDK's logger shape, writing every level to `log` (nothing reaches the console). */
function sdkLogger(log: (line: string) => void) {
  const write = (level: string) => (message: unknown) =>
    log(`aws-sdk ${level}: ${String(message).trim()}`);
  return {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}

/**
 * The process's one credential provider: the SDK's default chain, loaded on first use (a
 * command that makes no AWS call never loads it) and shared by every client given it.
 */
export function sharedCredentialProvider(options: CredentialChainOptions): CredentialProvider {
  let chain: Promise<CredentialProvider> | undefined;
  const load = async (): Promise<CredentialProvider> => {
    const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
    return defaultProvider({
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.mfaCode ? { mfaCodeProvider: options.mfaCode } : {}),
      logger: sdkLogger(options.log ?? (() => {})),
    }) as CredentialProvider;
  };
  return async (props) => (await (chain ??= load()))(props);
}

/**
 * Refuses a `--profile` that neither the config file nor the credentials file defines (exit 4,
 * naming the profile and the files read), before any call. The files are the SDK's
 * (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials).
 */
export async function assertProfileExists(profile: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  if (files.configFile[profile] || files.credentialsFile[profile]) return;
  const where = [
    env.AWS_CONFIG_FILE || '~/.aws/config',
    env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials',
  ];
  const known = [
    ...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)]),
  ]
    .filter((name) => !/^(sso-session|services)\./.test(name)) // sections that are not profiles
    .sort();
  throw drError(
    'PROFILE_NOT_FOUND',
    `the AWS profile "${profile}" (from --profile) is defined in neither ${where.join(' nor ')}`,
    {
      hint: known.length
        ? `Pass one of the profiles defined there (${known.join(', ')}), or configure it with \`aws configure --profile ${profile}\`.`
        : `Configure it with \`aws configure --profile ${profile}\` (or \`aws configure sso\`).`,
    },
  );
}
