/**
 * UpdateEndpointGroup's input, validated as the service validates it, applied to a group's
 * configuration. Members left out keep their values, except that `EndpointConfigurations`
 * replaces the whole endpoint list when given (an endpoint given without `Weight` gets 128).
 */
import type { LoadBalancerDirectory } from '../../dataplane/contracts.js';
import { invalidArgument } from './errors.js';
import {
  type Input,
  optionalBoolean,
  optionalEnum,
  optionalList,
  optionalNumber,
  optionalString,
} from './input.js';
import type { EndpointConfig, EndpointGroupConfig, ListenerConfig, PortOverride } from './store.js';

/** Default weight of an endpoint (half of the maximum, 255). */
export const DEFAULT_WEIGHT = 128;

const ALB_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):\d{12}:loadbalancer\/app\/[^/]+\/[0-9a-f]+$/;
const HEALTH_CHECK_PATH = /^\/[-a-zA-Z0-9@:%_\\+.~#?&/=]*$/;
const PORT = { min: 1, max: 65535, integer: true } as const;

function endpointOf(
  item: Input,
  index: number,
  group: EndpointGroupConfig,
  directory: LoadBalancerDirectory,
): EndpointConfig {
  const id = optionalString(item, 'EndpointId');
  if (id === undefined) {
    throw invalidArgument(`EndpointConfigurations[${index}].EndpointId is required.`);
  }
  const weight = optionalNumber(item, 'Weight', { min: 0, max: 255, integer: true });
  const preserve = optionalBoolean(item, 'ClientIPPreservationEnabled');
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

function portOverridesOf(items: Input[], listener: ListenerConfig): PortOverride[] {
  const seen = new Set<number>();
  return items.map((item, index) => {
    const listenerPort = optionalNumber(item, 'ListenerPort', PORT);
    const endpointPort = optionalNumber(item, 'EndpointPort', PORT);
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

/** Validates an UpdateEndpointGroup request against the group; returns the new configuration. */
export function applyEndpointGroupUpdate(
  input: Input,
  group: EndpointGroupConfig,
  listener: ListenerConfig,
  directory: LoadBalancerDirectory,
): EndpointGroupConfig {
  const next = structuredClone(group);
  const dial = optionalNumber(input, 'TrafficDialPercentage', { min: 0, max: 100, integer: false });
  if (dial !== undefined) next.trafficDial = dial;
  const port = optionalNumber(input, 'HealthCheckPort', PORT);
  if (port !== undefined) next.healthCheckPort = port;
  const protocol = optionalEnum(input, 'HealthCheckProtocol', ['TCP', 'HTTP', 'HTTPS'] as const);
  if (protocol !== undefined) next.healthCheckProtocol = protocol;
  const path = optionalString(input, 'HealthCheckPath');
  if (path !== undefined) {
    if (path.length > 255 || !HEALTH_CHECK_PATH.test(path)) {
      throw invalidArgument(
        `HealthCheckPath '${path}' is not valid: it must start with '/' and be at most 255 characters of letters, digits and -@:%_\\+.~#?&/=.`,
      );
    }
    next.healthCheckPath = path;
  }
  const interval = optionalNumber(input, 'HealthCheckIntervalSeconds', {
    min: 10,
    max: 30,
    integer: true,
  });
  if (interval !== undefined) {
    if (interval !== 10 && interval !== 30) {
      throw invalidArgument(
        `HealthCheckIntervalSeconds ${interval} is not valid: it must be 10 or 30.`,
      );
    }
    next.healthCheckIntervalSeconds = interval;
  }
  const threshold = optionalNumber(input, 'ThresholdCount', { min: 1, max: 10, integer: true });
  if (threshold !== undefined) next.thresholdCount = threshold;
  const overrides = optionalList(input, 'PortOverrides', 10);
  if (overrides !== undefined) next.portOverrides = portOverridesOf(overrides, listener);
  const endpoints = optionalList(input, 'EndpointConfigurations', 10);
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
