/**
 * The application's data plane as an operator's client sees it: HTTP requests through the
 * accelerator, each on a new TCP connection (the accelerator routes connections, not
 * requests), reading which region answered from the services' `X-Mysfits-Region` header.
 * The requests themselves are app-load's `sendAppRequest`.
 */
import type { AppProbe } from '../core/ports.js';
import { sendAppRequest } from './app-load.js';

/** The header the services answer with. */
export { REGION_HEADER } from './app-load.js';

/**
 * An AppProbe sending requests to `baseUrl` (e.g. `http://a123.awsglobalaccelerator.com`),
 * from `localAddress` when given (a host with several addresses; on the lab, a client origin).
 */
export function httpAppProbe(baseUrl: string, localAddress?: string): AppProbe {
  const base = new URL(baseUrl);
  const from = localAddress ? { localAddress } : {};
  return {
    url: base.origin,
    async request(path, timeoutMs) {
      const answer = await sendAppRequest(base.href, { method: 'GET', path, timeoutMs, ...from });
      return {
        ok: answer.ok,
        status: answer.status,
        region: answer.region,
        ms: answer.latencyMs,
        ...(answer.error !== undefined ? { error: answer.error } : {}),
      };
    },
  };
}
