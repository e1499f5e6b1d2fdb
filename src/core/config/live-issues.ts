/**
 * `config validate --live`: what the deployment says against what the config says. For each
 * region, its endpoint group as DescribeEndpointGroup answers it must be in that region and
 * hold the region's load balancer as an endpoint. Pure: the reads are handed in.
 */
import type { Config } from '../../config/schema.js';
import type { EndpointGroupInfo } from '../ports.js';

/** A difference between the config and the deployment, in `config validate`'s issue shape. */
export interface LiveIssue {
  /** JSONPath-style location in the config, e.g. `$.regions[1].loadBalancerArn`. */
  path: string;
  /** The config's value there. */
  value: unknown;
  /** What the deployment says it should be. */
  expected: string;
}

/** One region's endpoint group as read: the group, or `missing` when AWS knows no such group. */
export type EndpointGroupRead = EndpointGroupInfo | 'missing';

/** Every difference between the config's regions and their endpoint groups as read. */
export function liveConfigIssues(
  config: Config,
  groups: ReadonlyMap<string, EndpointGroupRead>,
): LiveIssue[] {
  return config.regions.flatMap((region, i): LiveIssue[] => {
    const group = groups.get(region.endpointGroupArn);
    if (group === undefined) return [];
    const at = (field: string) => `$.regions[${i}].${field}`;
    if (group === 'missing') {
      return [
        {
          path: at('endpointGroupArn'),
          value: region.endpointGroupArn,
          expected: `an endpoint group of the accelerator; Global Accelerator knows none with this ARN`,
        },
      ];
    }
    const issues: LiveIssue[] = [];
    if (group.region !== region.name) {
      issues.push({
        path: at('endpointGroupArn'),
        value: region.endpointGroupArn,
        expected: `the endpoint group of ${region.name}; this one sends traffic to ${group.region}`,
      });
    }
    if (!group.endpoints.some((e) => e.endpointId === region.loadBalancerArn)) {
      const held = group.endpoints.map((e) => e.endpointId);
      issues.push({
        path: at('loadBalancerArn'),
        value: region.loadBalancerArn,
        expected: `an endpoint of the region's endpoint group, which holds ${held.length ? held.join(', ') : 'no endpoint'}`,
      });
    }
    return issues;
  });
}
