/**
 * UpdateEndpointGroup's input, validated as the service validates it, applied to a group's
 * configuration. Members left out keep their values, except that `EndpointConfigurations`
 * replaces the whole endpoint list when given (an endpoint given without `Weight` gets 128).
 */
import type { LoadBalancerDirectory } from '../../dataplane/contracts.js';
import { invalidArgument } from './errors.js';
import type { AcceleratorInput } from './input.js';
import type { EndpointConfig, EndpointGroupConfig, ListenerConfig, PortOverride } from './store.js';

/** Default weight of an endpoint (half of the maximum, 255). */
export const DEFAULT_WEIGHT = 128;

const ALB_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):\d{12}:loadbalancer\/app\/[^/]+\/[0-9a-f]+$/;
const HEALTH_CHECK_PATH = /^\/[-a-zA-Z0-9@:%_\\+.~#?&/=]*$/;

type Update = AcceleratorInput<'UpdateEndpointGroup'>;
type EndpointInput = NonNullable<Update['EndpointConfigurations']>[number];
type PortOverrideInput = NonNullable<Update['PortOverrides']>[number];

function endpointOf(
  item: EndpointInput,
  index: number,
  group: EndpointGroupConfig,
  directory: LoadBalancerDirectory,
): EndpointConfig {
  const { EndpointId: id, Weight: weight, ClientIPPreservationEnabled: preserve } = item;
  if (id === undefined) {
    throw invalidArgument(`EndpointConfigurations[${index}].EndpointId is required.`);
  }
  const existing = group.endpoints.find((e) => e.endpointId === id);
  if (!existing) {
    const match = ALB_ARN.exec(id);
    if (!match) {
      throw invalidArgument(
        `Endpoint '${id}' is not supported by the mysfits-dr lab: its accelerator routes only to Application Load Balancers (give the load balancer's ARN).`,
      );
    }
    if (match[1] !== group.region) {
      throw invalidArgument(
        `Endpoint '${id}' is in ${match[1]}, but the endpoint group is in ${group.region}: an endpoint group and all its endpoints must be in one AWS Region.`,
      );
    }
    if (!directory.dataPlaneAddress(id)) {
      throw invalidArgument(`'${id}' is not a valid load balancer ARN: no such load balancer.`);
    }
  }
  return {
    endpointId: id,
    weight: weight ?? DEFAULT_WEIGHT,
    clientIpPreservation: preserve ?? existing?.clientIpPreservation ?? true,
  };
}

function portOverridesOf(items: PortOverrideInput[], listener: ListenerConfig): PortOverride[] {
  const seen = new Set<number>();
  return items.map((item, index) => {
    const { ListenerPort: listenerPort, EndpointPort: endpointPort } = item;
    if (listenerPort === undefined || endpointPort === undefined) {
      throw invalidArgument(`PortOverrides[${index}] needs both ListenerPort and EndpointPort.`);
    }
    if (!listener.portRanges.some((r) => listenerPort >= r.fromPort && listenerPort <= r.toPort)) {
      throw invalidArgument(
        `PortOverrides[${index}].ListenerPort ${listenerPort} is not a port of the listener.`,
      );
    }
    if (seen.has(listenerPort)) {
      throw invalidArgument(`PortOverrides list ListenerPort ${listenerPort} more than once.`);
    }
    seen.add(listenerPort);
    return { listenerPort, endpointPort };
  });
}

/** Checks a decoded UpdateEndpointGroup request against the group; returns the new configuration. */
export function applyEndpointGroupUpdate(
  input: Update,
  group: EndpointGroupConfig,
  listener: ListenerConfig,
  directory: LoadBalancerDirectory,
): EndpointGroupConfig {
  const next = structuredClone(group);
  if (input.TrafficDialPercentage !== undefined) next.trafficDial = input.TrafficDialPercentage;
  if (input.HealthCheckPort !== undefined) next.healthCheckPort = input.HealthCheckPort;
  if (input.HealthCheckProtocol !== undefined) next.healthCheckProtocol = input.HealthCheckProtocol;
  const path = input.HealthCheckPath;
  if (path !== undefined) {
    if (path.length > 255 || !HEALTH_CHECK_PATH.test(path)) {
      throw invalidArgument(
        `HealthCheckPath '${path}' is not valid: it must start with '/' and be at most 255 characters of letters, digits and -@:%_\\+.~#?&/=.`,
      );
    }
    next.healthCheckPath = path;
  }
  const interval = input.HealthCheckIntervalSeconds;
  if (interval !== undefined) {
    if (interval !== 10 && interval !== 30) {
      throw invalidArgument(
        `HealthCheckIntervalSeconds ${interval} is not valid: it must be 10 or 30.`,
      );
    }
    next.healthCheckIntervalSeconds = interval;
  }
  if (input.ThresholdCount !== undefined) next.thresholdCount = input.ThresholdCount;
  const overrides = input.PortOverrides;
  if (overrides !== undefined) next.portOverrides = portOverridesOf(overrides, listener);
  const endpoints = input.EndpointConfigurations;
  if (endpoints !== undefined) {
    next.endpoints = endpoints.map((item, i) => endpointOf(item, i, group, directory));
    const ids = next.endpoints.map((e) => e.endpointId);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) {
      throw invalidArgument(`Endpoint '${duplicate}' is listed more than once.`);
    }
  }
  return next;
}
