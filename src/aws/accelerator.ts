/**
 * Global Accelerator adapter: DescribeAccelerator and DescribeEndpointGroup. The client must
 * live in the API region (us-west-2); in any other region the calls cannot connect.
 */
import {
  DescribeAcceleratorCommand,
  DescribeEndpointGroupCommand,
  type GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import type {
  AcceleratorInfo,
  AcceleratorReader,
  EndpointGroupInfo,
  EndpointInfo,
} from '../core/ports.js';

/** An AcceleratorReader over a Global Accelerator client (built in the API region). */
export function acceleratorReader(client: GlobalAcceleratorClient): AcceleratorReader {
  return {
    async describeAccelerator(arn: string): Promise<AcceleratorInfo> {
      const out = await client.send(new DescribeAcceleratorCommand({ AcceleratorArn: arn }));
      const a = out.Accelerator ?? {};
      return {
        arn: a.AcceleratorArn ?? arn,
        name: a.Name ?? '',
        status: a.Status ?? '',
        enabled: a.Enabled ?? false,
        dnsName: a.DnsName ?? '',
        ipAddresses: (a.IpSets ?? []).flatMap((set) => set.IpAddresses ?? []),
      };
    },

    async describeEndpointGroup(arn: string): Promise<EndpointGroupInfo> {
      const out = await client.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: arn }));
      const g = out.EndpointGroup ?? {};
      return {
        arn: g.EndpointGroupArn ?? arn,
        region: g.EndpointGroupRegion ?? '',
        trafficDialPercentage: g.TrafficDialPercentage ?? 100,
        endpoints: (g.EndpointDescriptions ?? []).map(
          (d): EndpointInfo => ({
            endpointId: d.EndpointId ?? '',
            weight: d.Weight ?? 128,
            healthState: d.HealthState ?? 'INITIAL',
            ...(d.HealthReason ? { healthReason: d.HealthReason } : {}),
          }),
        ),
      };
    },
  };
}
