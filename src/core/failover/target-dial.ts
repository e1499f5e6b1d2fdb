/**
 * The `target-dial` preflight check of a failover or failback `--via routing-switch`. Marking
 * regions in or out moves traffic only away from a region marked out: the accelerator ignores
 * the traffic dials when it fails over from an unhealthy region, and otherwise sends a region
 * traffic by its dial. So once the plan's switches are set (the target in, a failover's sources
 * out), the target must receive every new connection by the dials as they are, with every
 * region not marked out counted healthy (a region unhealthy now gets its traffic back when it
 * recovers). A failback through the routing switch to a region whose dial is 0 would otherwise
 * mark it in and watch for traffic that never comes, until --timeout. Pure.
 */
import type { CheckResult } from '../ops/step.js';
import type { StatusDocument } from '../status/schema.js';
import { isServingEndpoint, trafficShares } from '../status/traffic-share.js';

/** The check's name, for `--force target-dial`. */
export const TARGET_DIAL_CHECK = 'target-dial';

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * Would the accelerator send every new connection to `to` once `markedOut` are marked out and
 * `to` is marked in, by the dials in `doc`? Passes, with a caveat, when the dials are unknown
 * (the accelerator's API is down, which is when the routing switch is used) and some region
 * stays in.
 */
export function targetDialCheck(
  doc: StatusDocument,
  to: string,
  markedOut: readonly string[],
): CheckResult {
  const target = doc.regions.find((r) => r.name === to);
  const stayIn = doc.regions.filter((r) => r.name !== to && !markedOut.includes(r.name));
  const dials = doc.regions
    .map((r) => `${r.name} ${r.traffic.dial === null ? 'unknown' : `${r.traffic.dial}%`}`)
    .join(', ');
  if (stayIn.length === 0) {
    return {
      name: TARGET_DIAL_CHECK,
      ok: true,
      detail: `every other region is marked out, and the accelerator fails over to ${to} whatever the dials say (${dials})`,
    };
  }
  if (doc.regions.some((r) => r.traffic.dial === null)) {
    return {
      name: TARGET_DIAL_CHECK,
      ok: true,
      detail: `the traffic dials could not be read (${doc.accelerator.failure?.message ?? 'unknown'}); if ${to}'s dial is below 100% while ${stayIn.map((r) => r.name).join(', ')} stay${stayIn.length === 1 ? 's' : ''} in, new connections will not all reach it and the run waits until --timeout`,
    };
  }
  const order = [
    doc.accelerator.clientsNearest,
    ...doc.regions.map((r) => r.name).filter((n) => n !== doc.accelerator.clientsNearest),
  ];
  const shares = trafficShares(
    doc.regions.map((r) => ({
      region: r.name,
      dial: r.traffic.dial!,
      hasHealthyEndpoint: !markedOut.includes(r.name),
    })),
    order,
  ).shares;
  const share = shares[to] ?? 0;
  const outText = markedOut.length ? ` once ${markedOut.join(', ')} is marked out` : '';
  if (share >= 0.9995) {
    return {
      name: TARGET_DIAL_CHECK,
      ok: true,
      detail: `${to} would receive every new connection by the dials${outText} (${dials})`,
    };
  }
  const dial = target?.traffic.dial ?? 0;
  const keepers = stayIn.filter((r) => (shares[r.name] ?? 0) > 0);
  const names = keepers.map((r) => r.name).join(', ');
  const one = keepers.length === 1;
  const unhealthyNow = keepers.filter((r) => !(r.traffic.endpoints ?? []).some(isServingEndpoint));
  const why =
    dial < 100
      ? `${to}'s traffic dial is ${dial}%`
      : `${names} keep${one ? 's' : ''} ${one ? 'its' : 'their'} clients by ${one ? 'its dial' : 'their dials'}`;
  const outcome = unhealthyNow.length
    ? `traffic goes back to ${unhealthyNow.map((r) => r.name).join(', ')} when it recovers`
    : 'the run would wait for the rest until --timeout';
  const fix =
    dial < 100
      ? `move traffic with the dials (--via dials), or set ${to}'s dial first (\`mysfits-dr traffic set ${to} 100\`)`
      : `move it with \`mysfits-dr failover --to ${to}\` (which marks the others out or dials them to 0), or lower ${one ? 'that dial' : 'those dials'} first (\`mysfits-dr traffic set ${keepers[0]?.name ?? '<region>'} 0\`)`;
  return {
    name: TARGET_DIAL_CHECK,
    ok: false,
    detail: `${why}: the routing switch moves traffic only away from a region marked out, so, with ${names} healthy, ${to} would receive ${pct(share)} of new connections${outText} (dials ${dials}) and ${outcome}; ${fix}`,
  };
}
