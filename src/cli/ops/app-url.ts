/**
 * Where commands reach the application: the accelerator's address. In order: `--app-url`,
 * MYSFITS_DR_APP_URL, the config's `accelerator.dnsName` (else its first `staticIps`
 * address) on `accelerator.listenerPort`, and only then the accelerator's API (DescribeAccelerator
 * and DescribeListener), which is served only in us-west-2 and so is unreachable in a
 * us-west-2 outage. Each answer says where it came from, and commands tell the operator.
 */
import { isIP } from 'node:net';
import type { Config } from '../../config/schema.js';
import { usageError } from '../../core/errors.js';
import type { PortFactory } from '../../core/ports.js';
import type { Context } from '../context.js';

/** Where an app URL came from. */
export type AppUrlSource =
  | '--app-url'
  | 'MYSFITS_DR_APP_URL'
  | 'config accelerator.dnsName'
  | 'config accelerator.staticIps'
  | 'the Global Accelerator API';

/** An app URL and its source. */
export interface AppUrl {
  url: string;
  source: AppUrlSource;
}

function urlOf(host: string, port: number): string {
  const bracketed = host.includes(':') ? `[${host}]` : host; // an IPv6 static address
  return `http://${bracketed}${port === 80 ? '' : `:${port}`}`;
}

/** The address the config holds (dnsName first, then the first static IP), if any. */
export function configuredAppUrl(config: Config): AppUrl | undefined {
  const { dnsName, staticIps, listenerPort } = config.accelerator;
  if (dnsName) return { url: urlOf(dnsName, listenerPort), source: 'config accelerator.dnsName' };
  const ip = staticIps?.[0];
  if (ip) return { url: urlOf(ip, listenerPort), source: 'config accelerator.staticIps' };
  return undefined;
}

/**
 * The accelerator's address and where it came from (see the file comment). Throws
 * APP_URL_UNKNOWN when nothing gives one and the API does not answer.
 */
export async function locateAppUrl(
  ctx: Context,
  config: Config,
  ports: PortFactory,
  flag?: string,
): Promise<AppUrl> {
  if (flag) return { url: flag, source: '--app-url' };
  const env = ctx.env.MYSFITS_DR_APP_URL;
  if (env) return { url: env, source: 'MYSFITS_DR_APP_URL' };
  const configured = configuredAppUrl(config);
  if (configured) return configured;
  try {
    const acc = ports.accelerator();
    const [info, listener] = await Promise.all([
      acc.describeAccelerator(config.accelerator.arn),
      acc.describeListener(config.accelerator.listenerArn),
    ]);
    const port = listener.portRanges[0]?.fromPort ?? 80;
    return { url: urlOf(info.dnsName, port), source: 'the Global Accelerator API' };
  } catch (error) {
    // Missing or refused credentials are the operator's to fix, and would fail every call.
    const { classifyAwsError, toDrError } = await import('../../aws/errors.js');
    if (classifyAwsError(error).kind === 'credentials')
      throw toDrError(error, "reading the accelerator's address from its API");
    throw usageError(
      'APP_URL_UNKNOWN',
      `the accelerator's address is not in the config and could not be read from its API (${(error as Error).message})`,
      'Add accelerator.dnsName (and staticIps) to the config (`mysfits-dr init --from-stacks` writes them), pass --app-url http://<accelerator DNS name>, or set MYSFITS_DR_APP_URL.',
    );
  }
}

/** locateAppUrl, telling the operator (stderr) which source gave the address; resolves to the URL. */
export async function resolveAppUrl(
  ctx: Context,
  config: Config,
  ports: PortFactory,
  flag?: string,
): Promise<string> {
  const { url, source } = await locateAppUrl(ctx, config, ports, flag);
  ctx.io.info(`application address ${url} (from ${source})`);
  return url;
}

/**
 * MYSFITS_DR_PROBE_ADDRESS: the local address the probe's connections leave from (a host with
 * several; on the lab, where the client sits: 127.0.1.1 is a client nearest us-east-1).
 * Undefined when unset; PROBE_ADDRESS_INVALID (exit 2) when it is not an IP address.
 */
export function probeSourceAddress(ctx: Pick<Context, 'env'>): string | undefined {
  const value = ctx.env.MYSFITS_DR_PROBE_ADDRESS;
  if (!value) return undefined;
  if (isIP(value) === 0) {
    throw usageError(
      'PROBE_ADDRESS_INVALID',
      `MYSFITS_DR_PROBE_ADDRESS: "${value}" is not an IP address; nothing was called`,
      'Set it to an address of this machine (e.g. 127.0.1.1 on the lab for a client nearest us-east-1), or unset it.',
    );
  }
  return value;
}
