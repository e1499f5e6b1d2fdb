/**
 * Global Accelerator adapter: DescribeAccelerator, DescribeEndpointGroup, DescribeListener and
 * UpdateEndpointGroup (the traffic dial only). The client must live in the API region
 * (us-west-2); in any other region the calls cannot connect.
 */
import {
  DescribeAcceleratorCommand,
  DescribeEndpointGroupCommand,
  DescribeListenerCommand,
  UpdateEndpointGroupCommand,
  type EndpointGroup,
  type GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import type {
  AcceleratorInfo,
  AcceleratorReader,
  AcceleratorWriter,
  EndpointGroupInfo,
  EndpointInfo,
  ListenerInfo,
} from '../core/ports.js';

/** The SDK client this adapter runs over: ports.ts imports both together, on first use. */
export { GlobalAcceleratorClient } from '@aws-sdk/client-global-accelerator';

/** An endpoint group as the API reports it, mapped to ours (`arn` when the answer lacks one). */
function endpointGroupInfo(g: EndpointGroup, arn: string): EndpointGroupInfo {
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
}

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
      return endpointGroupInfo(out.EndpointGroup ?? {}, arn);
    },

    async describeListener(arn: string): Promise<ListenerInfo> {
      const out = await client.send(new DescribeListenerCommand({ ListenerArn: arn }));
      const l = out.Listener ?? {};
      return {
        arn: l.ListenerArn ?? arn,
        protocol: l.Protocol ?? '',
        portRanges: (l.PortRanges ?? []).map((r) => ({
          fromPort: r.FromPort ?? 0,
          toPort: r.ToPort ?? 0,
        })),
      };
    },
  };
}

/**
 * An AcceleratorWriter over a Global Accelerator client (built in the API region). The dial
 * is changed with UpdateEndpointGroup carrying only the group ARN and TrafficDialPercentage:
 * sending EndpointConfigurations would replace the group's endpoint list.
 */
export function acceleratorWriter(client: GlobalAcceleratorClient): AcceleratorWriter {
  return {
    async setTrafficDial(endpointGroupArn: string, percent: number): Promise<EndpointGroupInfo> {
      const out = await client.send(
        new UpdateEndpointGroupCommand({
          EndpointGroupArn: endpointGroupArn,
          TrafficDialPercentage: percent,
        }),
      );
      return endpointGroupInfo(out.EndpointGroup ?? {}, endpointGroupArn);
    },
  };
}
