/**
 * The lab's accelerator state as Global Accelerator's API shapes (Accelerator, Listener,
 * EndpointGroup, EndpointDescription). Timestamps are epoch seconds, as awsJson1_1 sends them.
 */
import type { AcceleratorEndpointHealth } from '../../dataplane/accelerator-health.js';
import type {
  AcceleratorRecord,
  AcceleratorStatus,
  EndpointGroupConfig,
  ListenerConfig,
} from './store.js';

/** The `Accelerator` shape. */
export function acceleratorShape(
  record: AcceleratorRecord,
  status: AcceleratorStatus,
): Record<string, unknown> {
  return {
    AcceleratorArn: record.acceleratorArn,
    Name: record.name,
    IpAddressType: 'IPV4',
    Enabled: record.enabled,
    IpSets: [{ IpFamily: 'IPv4', IpAddresses: [...record.ipAddresses], IpAddressFamily: 'IPv4' }],
    DnsName: record.dnsName,
    Status: status,
    CreatedTime: record.createdTime / 1000,
    LastModifiedTime: record.lastModifiedTime / 1000,
    Events: [],
  };
}

/** The `Listener` shape. */
export function listenerShape(listener: ListenerConfig): Record<string, unknown> {
  return {
    ListenerArn: listener.listenerArn,
    PortRanges: listener.portRanges.map((r) => ({ FromPort: r.fromPort, ToPort: r.toPort })),
    Protocol: listener.protocol,
    ClientAffinity: listener.clientAffinity,
  };
}

/** The `EndpointGroup` shape, each endpoint with its current health. */
export function endpointGroupShape(
  group: EndpointGroupConfig,
  health: (endpointId: string) => AcceleratorEndpointHealth,
): Record<string, unknown> {
  const http = group.healthCheckProtocol !== 'TCP';
  return {
    EndpointGroupArn: group.endpointGroupArn,
    EndpointGroupRegion: group.region,
    EndpointDescriptions: group.endpoints.map((e) => {
      const state = health(e.endpointId);
      return {
        EndpointId: e.endpointId,
        Weight: e.weight,
        HealthState: state.state,
        ...(state.reason ? { HealthReason: state.reason } : {}),
        ClientIPPreservationEnabled: e.clientIpPreservation,
      };
    }),
    TrafficDialPercentage: group.trafficDial,
    HealthCheckPort: group.healthCheckPort,
    HealthCheckProtocol: group.healthCheckProtocol,
    ...(http ? { HealthCheckPath: group.healthCheckPath } : {}),
    HealthCheckIntervalSeconds: group.healthCheckIntervalSeconds,
    ThresholdCount: group.thresholdCount,
    PortOverrides: group.portOverrides.map((p) => ({
      ListenerPort: p.listenerPort,
      EndpointPort: p.endpointPort,
    })),
  };
}
