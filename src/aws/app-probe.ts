/**
 * The application's data plane as an operator's client sees it: HTTP requests through the
 * accelerator, each on a new TCP connection (the accelerator routes connections, not
 * requests), reading which region answered from the services' `X-Mysfits-Region` header.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AppProbe, AppProbeResult } from '../core/ports.js';

/** The header the services answer with. */
export const REGION_HEADER = 'x-mysfits-region';

/** An AppProbe sending requests to `baseUrl` (e.g. `http://a123.awsglobalaccelerator.com`). */
export function httpAppProbe(baseUrl: string): AppProbe {
  const base = new URL(baseUrl);
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  return {
    url: base.origin,
    request(path, timeoutMs) {
      const started = Date.now();
      return new Promise<AppProbeResult>((resolve) => {
        const done = (result: Omit<AppProbeResult, 'ms'>) =>
          resolve({ ...result, ms: Date.now() - started });
        const req = send(
          new URL(path, base),
          { method: 'GET', agent: false, headers: { connection: 'close' }, timeout: timeoutMs },
          (res) => {
            res.resume();
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              const region = res.headers[REGION_HEADER];
              done({
                ok: status >= 200 && status < 300,
                status,
                region: typeof region === 'string' ? region : null,
              });
            });
            res.on('error', (error) =>
              done({
                ok: false,
                status: res.statusCode ?? null,
                region: null,
                error: error.message,
              }),
            );
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', (error) =>
          done({ ok: false, status: null, region: null, error: error.message }),
        );
        req.end();
      });
    },
  };
}
