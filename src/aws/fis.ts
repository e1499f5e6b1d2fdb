/**
 * AWS FIS adapter: StartExperiment from a template id (with a client token, so a retried start
 * does not run the experiment twice) and StopExperiment. The client is @aws-sdk/client-fis
 * 3.523.0, older than the other clients (the only release the registry mirror has): it does
 * not know the `profile` option, so callers hand it the credentials of the current SDK's
 * chain, and its endpoint is resolved here (`--endpoint-url`, AWS_ENDPOINT_URL_FIS,
 * AWS_ENDPOINT_URL) as clients.ts does for the other services.
 */
import {
  FisClient,
  StartExperimentCommand,
  StopExperimentCommand,
  type Experiment,
  type FisClientConfig,
} from '@aws-sdk/client-fis';
import { clientConfig, type AwsSettings } from './clients.js';

/** An experiment as FIS reports it, reduced to what drills use. */
export interface FisExperimentInfo {
  id: string;
  templateId: string;
  /** pending | initiating | running | completed | stopping | stopped | failed */
  status: string;
  reason?: string;
}

/** The FIS calls of the CLI. */
export interface FisPort {
  /** StartExperiment; `clientToken` makes a retried start idempotent. */
  startExperiment(templateId: string, clientToken: string): Promise<FisExperimentInfo>;
  /** StopExperiment; FIS answers `stopping` and finishes the stop on its own. */
  stopExperiment(experimentId: string): Promise<FisExperimentInfo>;
}

function experimentInfo(e: Experiment | undefined, fallbackId: string): FisExperimentInfo {
  return {
    id: e?.id ?? fallbackId,
    templateId: e?.experimentTemplateId ?? '',
    status: e?.state?.status ?? 'unknown',
    ...(e?.state?.reason ? { reason: e.state.reason } : {}),
  };
}

/** A FisPort over a FIS client. */
export function fisAdapter(client: FisClient): FisPort {
  return {
    async startExperiment(templateId, clientToken) {
      const out = await client.send(
        new StartExperimentCommand({ experimentTemplateId: templateId, clientToken }),
      );
      return experimentInfo(out.experiment, '');
    },
    async stopExperiment(experimentId) {
      const out = await client.send(new StopExperimentCommand({ id: experimentId }));
      return experimentInfo(out.experiment, experimentId);
    },
  };
}

/** Static credentials or a provider of them, as the FIS client takes them. */
export type FisCredentials = NonNullable<FisClientConfig['credentials']>;

/** FIS's endpoint override: `--endpoint-url`, then AWS_ENDPOINT_URL_FIS, then AWS_ENDPOINT_URL. */
export function fisEndpoint(settings: AwsSettings): string | undefined {
  return (
    settings.endpointUrl ||
    settings.env.AWS_ENDPOINT_URL_FIS ||
    settings.env.AWS_ENDPOINT_URL ||
    undefined
  );
}

/**
 * A FIS client for `region` with the common configuration of clients.ts (timeouts, attempts)
 * and the given credentials (static ones, or a provider such as another client's resolved
 * `config.credentials`, which honours `--profile`).
 */
export function fisClient(
  region: string,
  settings: AwsSettings,
  credentials: FisCredentials,
): FisClient {
  const endpointUrl = fisEndpoint(settings);
  // clients.ts's ServiceEnvId does not name FIS; the endpoint is resolved above and passed
  // as the only override, so the service id given here plays no part.
  const { profile: _profile, ...common } = clientConfig('XRAY', region, {
    ...settings,
    endpointUrl,
    env: {},
  });
  return new FisClient({ ...common, credentials });
}
