/**
 * Which deployment a journaled run acted on. Every lab and every AWS deployment the user ever
 * operated journals into the same runs folder; `history` shows the configured deployment's
 * runs by telling them apart with this identity, recorded in each run's `start` record.
 */
import type { Config } from '../../config/schema.js';
import type { AwsSettings } from '../../aws/clients.js';
import type { JournalRecord, JournalStore } from '../../core/ops/journal.js';

/**
 * The identity of the configured deployment: its accelerator's ARN (it names the account
 * and the accelerator), followed by ` via <endpoint>` when an endpoint override points the
 * CLI elsewhere than AWS (`--endpoint-url`, AWS_ENDPOINT_URL_GLOBAL_ACCELERATOR,
 * AWS_ENDPOINT_URL): every lab serves the same accelerator ARN, so its endpoint is what
 * tells two labs apart.
 */
export function deploymentIdentity(config: Config, aws: AwsSettings): string {
  const endpoint =
    aws.endpointUrl || aws.env.AWS_ENDPOINT_URL_GLOBAL_ACCELERATOR || aws.env.AWS_ENDPOINT_URL;
  return endpoint ? `${config.accelerator.arn} via ${endpoint}` : config.accelerator.arn;
}

/** `store`, with `deployment` recorded in every `start` record appended through it. */
export function withDeployment(store: JournalStore, deployment: string): JournalStore {
  return {
    append: (runId: string, record: JournalRecord) =>
      store.append(runId, record.type === 'start' ? { ...record, deployment } : record),
    read: (runId) => store.read(runId),
    list: () => store.list(),
  };
}
