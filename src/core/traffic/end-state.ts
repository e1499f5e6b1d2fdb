/**
 * Whether the accelerator holds the end state a plan leaves: DEPLOYED, every dial the plan
 * set, a healthy endpoint in each region the plan brings into service and none in each it
 * marks out. The landing watch asks this before it takes "my connections land where they did
 * before" as the probe's own origin rather than the change not having taken effect yet.
 */
import type { Config } from '../../config/schema.js';
import type { AcceleratorReader, EndpointGroupInfo } from '../ports.js';
import { isServingEndpoint } from '../status/traffic-share.js';
import type { EndState } from './expected-landing.js';

function servesNow(group: EndpointGroupInfo): boolean {
  return group.endpoints.some(isServingEndpoint);
}

/** One group against the end state. */
function groupHolds(name: string, group: EndpointGroupInfo, end: EndState): boolean {
  const dial = end.dials?.[name];
  if (dial !== undefined && group.trafficDialPercentage !== dial) return false;
  if (end.unhealthy?.includes(name)) return !servesNow(group);
  if (end.healthy?.includes(name)) return servesNow(group);
  return true;
}

/** Reads the accelerator; false when it does not hold `end` yet or cannot be read. */
export function endStateReached(
  accelerator: AcceleratorReader,
  config: Config,
  end: EndState,
): () => Promise<boolean> {
  return async () => {
    try {
      const [info, ...groups] = await Promise.all([
        accelerator.describeAccelerator(config.accelerator.arn),
        ...config.regions.map((r) => accelerator.describeEndpointGroup(r.endpointGroupArn)),
      ]);
      return (
        info.status === 'DEPLOYED' &&
        config.regions.every((r, i) => groupHolds(r.name, groups[i] as EndpointGroupInfo, end))
      );
    } catch {
      return false;
    }
  };
}
