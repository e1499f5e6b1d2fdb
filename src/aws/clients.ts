/**
 * How every AWS SDK client of the CLI is configured: region, profile, endpoint override
 * (`--endpoint-url`, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`), timeouts and retries.
 * Adapters build their clients from `clientConfig` and nothing else.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { CredentialProvider } from './credentials.js';

/** Static credentials (the lab's dummy keys in tests); real use leaves them to the SDK's chain. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Settings that apply to every client, from global flags and the environment. */
export interface AwsSettings {
  /** `--profile`, else AWS_PROFILE (read by the SDK itself). */
  profile?: string;
  /** `--endpoint-url`: one endpoint for every service (the lab's). */
  endpointUrl?: string;
  /** Environment, for AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL. */
  env: NodeJS.ProcessEnv;
  /** Per-attempt timeout in milliseconds. */
  requestTimeoutMs?: number;
  /** Attempts per call, including the first. */
  maxAttempts?: number;
  /** Credentials to use instead of the SDK's default chain (tests against the lab). */
  credentials?: StaticCredentials;
  /**
   * The process's one credential chain (credentials.ts), shared by every client; without it
   * (and without `credentials`) each client resolves the SDK's default chain on its own.
   */
  credentialProvider?: CredentialProvider;
}

/** The service ids used in AWS_ENDPOINT_URL_<SERVICE> variables. */
export type ServiceEnvId =
  | 'DYNAMODB'
  | 'DYNAMODB_STREAMS'
  | 'GLOBAL_ACCELERATOR'
  | 'ECS'
  | 'ELASTIC_LOAD_BALANCING_V2'
  | 'CLOUDWATCH'
  | 'XRAY'
  | 'CLOUDFORMATION';

/** Picks the endpoint for a service: flag, then the service variable, then AWS_ENDPOINT_URL. */
export function endpointFor(service: ServiceEnvId, settings: AwsSettings): string | undefined {
  const fromEnv = settings.env[`AWS_ENDPOINT_URL_${service}`] || settings.env.AWS_ENDPOINT_URL;
  return settings.endpointUrl || fromEnv || undefined;
}

/** The common part of every client's configuration. */
export interface CommonClientConfig {
  region: string;
  endpoint?: string;
  profile?: string;
  credentials?: StaticCredentials | CredentialProvider;
  maxAttempts: number;
  requestHandler: NodeHttpHandler;
}

/** Builds the configuration of a client for `service` in `region`. */
export function clientConfig(
  service: ServiceEnvId,
  region: string,
  settings: AwsSettings,
): CommonClientConfig {
  const endpoint = endpointFor(service, settings);
  const timeout = settings.requestTimeoutMs ?? 10_000;
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.credentials || settings.credentialProvider
      ? { credentials: settings.credentials ?? settings.credentialProvider }
      : {}),
    maxAttempts: settings.maxAttempts ?? 3,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: Math.min(timeout, 3_000),
      requestTimeout: timeout,
      // Without this the handler only logs a warning and the call can hang forever.
      throwOnRequestTimeout: true,
    }),
  };
}
