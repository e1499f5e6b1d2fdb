/**
 * Where a drill's load comes from (`load.origins`: origin → share of the requests). On the
 * lab an origin is a loopback source address (the lab's origin table: 127.0.0.x sits near
 * us-west-2, 127.0.1.x near us-east-1) and the accelerator routes each client to its nearest
 * region. On AWS the tool cannot choose where its clients are (the accelerator sees this
 * machine's address), so a drill with origins is refused when its load does not go to a
 * loopback address. Requests are spread over the origins evenly, not at random.
 */
import { z } from 'zod';
import { LAB_CLIENT_ORIGINS, LAB_ORIGIN_NAMES } from '../lab/topology.js';

/** How far from 1 the shares may sum (floating point). */
const SUM_TOLERANCE = 1e-9;

const KNOWN = LAB_CLIENT_ORIGINS.map((o) => `${o.origin} (source ${o.sourcePrefix}x)`).join(' or ');

/** `load.origins`: known origins, each a share in 0..1, the shares summing to 1. */
export const originsSchema = z
  .record(
    z.string(),
    z
      .number({ message: 'expected a share: a number from 0 to 1 (0.3 for 30 %)' })
      .min(0, { message: 'expected a share from 0 to 1 (0.3 for 30 %)' })
      .max(1, { message: 'expected a share from 0 to 1 (0.3 for 30 %)' }),
  )
  .superRefine((origins, ctx) => {
    const names = Object.keys(origins);
    if (names.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expected at least one origin, e.g. {"us-west-2": 0.7, "us-east-1": 0.3}; or remove origins`,
      });
      return;
    }
    for (const name of names.filter((n) => !LAB_ORIGIN_NAMES.includes(n))) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `expected an origin the lab knows: ${KNOWN}; rename or remove "${name}"`,
      });
    }
    const total = Object.values(origins).reduce((sum, share) => sum + share, 0);
    if (Math.abs(total - 1) > SUM_TOLERANCE) {
      ctx.addIssue({
        code: 'custom',
        message: `expected shares that sum to 1 (these sum to ${Number(total.toFixed(6))}), e.g. {"us-west-2": 0.7, "us-east-1": 0.3}`,
      });
    }
  });

/** One origin of a load: its name, share and, on the lab, the source address it sends from. */
export interface LoadOrigin {
  name: string;
  share: number;
  /** Local (source) address of its connections; none: the system's choice. */
  localAddress?: string;
}

/** The lab's source address of each origin of `origins` (validated names), in table order. */
export function labLoadOrigins(origins: Readonly<Record<string, number>>): LoadOrigin[] {
  return LAB_CLIENT_ORIGINS.filter((o) => origins[o.origin] !== undefined).map((o) => ({
    name: o.origin,
    share: origins[o.origin]!,
    localAddress: o.sourceAddress,
  }));
}

/** True when `url`'s host is a loopback address (the lab's accelerator), where origins work. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * `url` with `localhost` replaced by 127.0.0.1: an origin's IPv4 source address cannot reach
 * ::1, which `localhost` resolves to first on some systems.
 */
export function ipv4LoopbackUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === 'localhost') parsed.hostname = '127.0.0.1';
  return parsed.href.replace(/\/$/, url.endsWith('/') ? '/' : '');
}

/**
 * Why a load with origins cannot run against `url`, or undefined when it can: off loopback
 * (AWS), the accelerator sees this machine's own address whatever origin is asked for.
 */
export function originsRefusal(url: string): { message: string; hint: string } | undefined {
  if (isLoopbackUrl(url)) return undefined;
  return {
    message: `load.origins needs the load's clients on this machine's loopback (the lab's accelerator), but the load goes to ${url}: against AWS the tool cannot choose where its clients sit, and every request would come from this machine's one place`,
    hint: 'Remove load.origins to load from where this machine is (the accelerator sends it to its nearest region), or run the drill against the lab; to load from several places on AWS, run a load generator in each place.',
  };
}

/**
 * Which origin each request uses: the n-th goes to the origin furthest behind its share
 * (ties to the first listed), so after n requests each origin has sent share·n of them,
 * within one.
 */
export function originSpread(origins: readonly LoadOrigin[]): () => LoadOrigin | undefined {
  const sent = origins.map(() => 0);
  let n = 0;
  return () => {
    if (origins.length === 0) return undefined;
    n++;
    const behind = (i: number) => origins[i]!.share * n - sent[i]!;
    let best = 0;
    for (let i = 1; i < origins.length; i++) if (behind(i) > behind(best)) best = i;
    sent[best]!++;
    return origins[best];
  };
}
