/**
 * AWS FIS adapter: StartExperiment from a template id (with a client token, so a retried start
 * does not run the experiment twice) and StopExperiment. FIS is REST-JSON (botocore's model
 * fis 2020-12-01: `POST /experiments`, `DELETE /experiments/{id}`, signing name `fis`); the
 * calls are signed REST-JSON requests (signed-rest-json.ts) made of the same SDK parts as the
 * other clients, so the project needs no FIS client. Its endpoint is resolved here
 * (`--endpoint-url`, AWS_ENDPOINT_URL_FIS, AWS_ENDPOINT_URL) as clients.ts does for the others.
 */
import { clientConfig, type AwsSettings } from './clients.js';
import {
  restJsonCaller,
  restJsonOperation,
  restJsonPath,
  type RestJsonCaller,
} from './signed-rest-json.js';

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

const START_EXPERIMENT = restJsonOperation('fis', 'StartExperiment', 'POST');
const STOP_EXPERIMENT = restJsonOperation('fis', 'StopExperiment', 'DELETE');

/** The `experiment` member of StartExperiment's and StopExperiment's output (fields read). */
interface Experiment {
  id?: string;
  experimentTemplateId?: string;
  state?: { status?: string; reason?: string };
}

function experimentInfo(output: unknown, fallbackId: string): FisExperimentInfo {
  const e = (output as { experiment?: Experiment } | undefined)?.experiment;
  return {
    id: e?.id ?? fallbackId,
    templateId: e?.experimentTemplateId ?? '',
    status: e?.state?.status ?? 'unknown',
    ...(e?.state?.reason ? { reason: e.state.reason } : {}),
  };
}

/** A FisPort over a FIS caller. */
export function fisAdapter(fis: RestJsonCaller): FisPort {
  return {
    async startExperiment(templateId, clientToken) {
      const out = await fis.call(START_EXPERIMENT, restJsonPath('/experiments'), {
        clientToken,
        experimentTemplateId: templateId,
      });
      return experimentInfo(out, '');
    },
    async stopExperiment(experimentId) {
      const path = restJsonPath('/experiments/{id}', { id: experimentId });
      return experimentInfo(await fis.call(STOP_EXPERIMENT, path), experimentId);
    },
  };
}

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
 * A FIS caller for `region` with the common configuration of clients.ts: timeouts, attempts,
 * `--profile` or static credentials, and FIS's endpoint override.
 */
export function fisCaller(region: string, settings: AwsSettings): RestJsonCaller {
  // clients.ts's ServiceEnvId does not name FIS; the endpoint is resolved above and passed
  // as the only override, so the service id given here plays no part.
  const config = clientConfig('XRAY', region, {
    ...settings,
    endpointUrl: fisEndpoint(settings),
    env: {},
  });
  return restJsonCaller('fis', config);
}
