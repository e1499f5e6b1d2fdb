/**
 * The environment that points an AWS client at the lab: endpoint, the lab's dummy
 * credentials (never real ones) and the default region. Printed by `mysfits-dr lab env`.
 */

/** The lab's dummy access key: not shaped like a real key, so it can never be mistaken for one. */
export const LAB_ACCESS_KEY_ID = 'mysfitslab';
/** The lab's dummy secret key. */
export const LAB_SECRET_ACCESS_KEY = 'mysfitslab';

/** Variables to set for a client to talk to the lab at `endpoint`. */
export function labClientEnv(
  endpoint: string,
  region: string,
  appUrl?: string,
): Record<string, string> {
  return {
    ...(appUrl ? { MYSFITS_DR_APP_URL: appUrl } : {}),
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: LAB_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: LAB_SECRET_ACCESS_KEY,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    MYSFITS_DR_LAB_ENDPOINT: endpoint,
  };
}

/** Variables that must be unset so no real credentials or profile leak into lab calls. */
export const LAB_UNSET_VARS = ['AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_PROFILE'] as const;

/** Shell lines for `eval "$(mysfits-dr lab env)"`. */
export function labEnvScript(endpoint: string, region: string, appUrl?: string): string {
  const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  const exports = Object.entries(labClientEnv(endpoint, region, appUrl)).map(
    ([k, v]) => `export ${k}=${quote(v)}`,
  );
  return [...exports, `unset ${LAB_UNSET_VARS.join(' ')}`].join('\n');
}
