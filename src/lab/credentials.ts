/**
 * The lab's dummy credentials and the guard against real ones. The lab does not verify
 * signatures, so any access key works, except one that looks like a real AWS key: those
 * are refused so that a shell still holding production credentials cannot quietly drive
 * the lab (or leave real keys in its logs) while the operator believes it is talking to AWS.
 */
import { LAB_ACCESS_KEY_ID } from './env.js';

/** The lab's dummy keys (defined with the rest of the client environment in env.ts). */
export { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from './env.js';

/**
 * Access key the lab uses for its own bookkeeping in DynamoDB Local (which keeps one
 * database per access key and region), so that clients never see the lab's tables.
 */
export const LAB_INTERNAL_ACCESS_KEY_ID = 'mysfitslabinternal';

/** The shell command that prints the lab's environment (AWS_ENDPOINT_URL, keys, region). */
export const LAB_ENV_COMMAND = 'eval "$(mysfits-dr lab env)"';

const REAL_KEY_PATTERN = /^(AKIA|ASIA)[A-Z0-9]{12,}$/;

/** True when an access key id has the shape of a real IAM user (AKIA…) or STS (ASIA…) key. */
export function looksLikeRealAccessKey(accessKeyId: string): boolean {
  return REAL_KEY_PATTERN.test(accessKeyId);
}

/** Shows only the prefix and last four characters of an access key id. */
export function maskAccessKey(accessKeyId: string): string {
  if (accessKeyId.length <= 8) return '****';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** The message of the error returned when real-looking AWS credentials reach the lab. */
export function realCredentialsMessage(accessKeyId: string): string {
  return (
    `Real AWS credentials (access key ${maskAccessKey(accessKeyId)}) were sent to the ` +
    `mysfits-dr local lab, which refuses them: the lab is not AWS and must never receive ` +
    `real keys. Use the lab's dummy credentials instead: run ${LAB_ENV_COMMAND} in this ` +
    `shell (it sets AWS_ACCESS_KEY_ID=${LAB_ACCESS_KEY_ID}, AWS_SECRET_ACCESS_KEY and ` +
    `AWS_ENDPOINT_URL), or unset AWS_PROFILE/AWS_ACCESS_KEY_ID before talking to the lab.`
  );
}
