/**
 * The lab's Global Accelerator, assembled: the state (store.ts), the API handler the lab
 * registers under `globalaccelerator`, the health checks of its ALB endpoints, and the TCP
 * proxy that routes every new connection to an endpoint as Global Accelerator does.
 * Empty until seeded (seed.ts). Behaviour: SPEC.md.
 */
import {
  AcceleratorHealthChecker,
  type AcceleratorEndpointHealth,
} from '../../dataplane/accelerator-health.js';
import {
  type AcceleratorBytesEvent,
  type AcceleratorConnectionEvent,
  type AcceleratorRoute,
  startAcceleratorProxy,
} from '../../dataplane/accelerator-proxy.js';
import { type RoutingGroup, routeConnection } from '../../dataplane/accelerator-routing.js';
import type { LabClock, LabLog, LoadBalancerDirectory } from '../../dataplane/contracts.js';
import type { LabTimings } from '../../profiles.js';
import type { ComponentHealth } from '../../protocol/lab-request.js';
import type { ServiceHandler } from '../../protocol/registry.js';
import { labClientOrigin } from '../../topology.js';
import { createAcceleratorHandler } from './handler.js';
import { AcceleratorStore, type EndpointGroupConfig } from './store.js';

/** Options of createAcceleratorService. */
export interface AcceleratorServiceOptions {
  /** The lab's regions, primary first. */
  regions: readonly string[];
  clock: LabClock;
  timings: Pick<LabTimings, 'acceleratorPropagationMs'>;
  directory: LoadBalancerDirectory;
  /** Port of the accelerator's static IPs (replaces the listener's port 80); 0 picks one. */
  proxyPort: number;
  /**
   * Where the client of a source address is: its origin and the regions closest to it, closest
   * first (default: the lab's origin table, `labClientOrigin`).
   */
  clientOrigin?: (sourceAddress: string) => { origin: string; nearest: readonly string[] };
  log?: LabLog;
  /** Hears every routed connection. */
  onConnection?: (event: AcceleratorConnectionEvent) => void;
  /** Hears the bytes every routed connection carries, each way. */
  onBytes?: (event: AcceleratorBytesEvent) => void;
  /** Random source of routing decisions (default Math.random). */
  random?: () => number;
}

/** A running accelerator service. */
export interface AcceleratorService {
  /** Register with `server.registerService('globalaccelerator', handler)`. */
  readonly handler: ServiceHandler;
  /** `http://127.0.0.1:<port>`: the accelerator's first static IP and listener port. */
  readonly proxyUrl: string;
  /** The static IPs (IPv4) and the port the proxy listens on. */
  readonly proxy: { addresses: readonly string[]; port: number };
  /** The accelerator's state (seeding writes to it). */
  readonly store: AcceleratorStore;
  /** Current health of an endpoint of a group (INITIAL until checked). */
  health(endpointGroupArn: string, endpointId: string): AcceleratorEndpointHealth;
  /** Stops the proxy (closing open connections), health checks and pending propagation. */
  close(): Promise<void>;
}

function lbName(arn: string): string {
  return arn.split('/').at(-2) ?? arn;
}

/** Starts the accelerator's proxy and health checks and builds its API handler. */
export async function createAcceleratorService(
  options: AcceleratorServiceOptions,
): Promise<AcceleratorService> {
  const log = options.log ?? (() => {});
  const random = options.random ?? Math.random;
  const clientOrigin = options.clientOrigin ?? labClientOrigin;
  const store = new AcceleratorStore(
    options.clock,
    options.timings.acceleratorPropagationMs,
    (arn, how) => {
      if (how === 'propagated') log(`accelerator: change deployed (${arn} ${store.status(arn)})`);
      checker.sync();
    },
  );
  const checker = new AcceleratorHealthChecker({
    clock: options.clock,
    directory: options.directory,
    groups: () => store.allDeployedGroups(),
    log,
  });
  const health = (groupArn: string, endpointId: string) => checker.health(groupArn, endpointId);

  let port = -1; // known once the proxy listens
  /** The accelerator and listener that serve the proxy's port, and the listener's groups. */
  const served = () => {
    for (const accelerator of store.accelerators()) {
      if (!accelerator.enabled) continue;
      const listener = store
        .listeners(accelerator.acceleratorArn)
        .find((l) => l.portRanges.some((r) => port >= r.fromPort && port <= r.toPort));
      if (listener) {
        const { acceleratorArn } = accelerator;
        const { listenerArn } = listener;
        return { acceleratorArn, listenerArn, groups: store.deployedGroups(listenerArn) };
      }
    }
    return undefined;
  };
  const servedGroups = (): EndpointGroupConfig[] | undefined => served()?.groups;
  const route = (client: { sourceAddress: string }): AcceleratorRoute | undefined => {
    const listener = served();
    if (!listener) return undefined;
    const groups: RoutingGroup[] = listener.groups.map((g) => ({
      endpointGroupArn: g.endpointGroupArn,
      region: g.region,
      dial: g.trafficDial,
      endpoints: g.endpoints.map((e) => ({
        endpointId: e.endpointId,
        weight: e.weight,
        healthy: health(g.endpointGroupArn, e.endpointId).state === 'HEALTHY',
      })),
    }));
    const { origin, nearest } = clientOrigin(client.sourceAddress);
    const decision = routeConnection(groups, nearest, random);
    if (!decision) return undefined;
    const { acceleratorArn, listenerArn } = listener;
    return { decision, acceleratorArn, listenerArn, origin };
  };
  const proxy = await startAcceleratorProxy({
    port: options.proxyPort,
    route,
    directory: options.directory,
    clock: options.clock,
    log,
    onConnection: options.onConnection,
    onBytes: options.onBytes,
  });
  port = proxy.port;
  const proxyUrl = `http://127.0.0.1:${port}`;

  const components = (): Record<string, ComponentHealth> => {
    const [accelerator] = store.accelerators();
    const where = `static IPs ${proxy.addresses.join(', ')}, port ${proxy.port}`;
    const result: Record<string, ComponentHealth> = {
      accelerator: {
        healthy: true,
        url: proxyUrl,
        detail: accelerator
          ? `${accelerator.name} ${store.status(accelerator.acceleratorArn)}; ${where}`
          : `not seeded yet; ${where}`,
      },
    };
    for (const group of servedGroups() ?? []) {
      for (const endpoint of group.endpoints) {
        const state = health(group.endpointGroupArn, endpoint.endpointId);
        const name =
          group.endpoints.length === 1
            ? `accelerator:${group.region}`
            : `accelerator:${group.region}/${lbName(endpoint.endpointId)}`;
        result[name] = {
          healthy: state.state === 'HEALTHY',
          detail: `${lbName(endpoint.endpointId)} ${state.state}, weight ${endpoint.weight}, dial ${group.trafficDial}${state.reason ? `: ${state.reason}` : ''}`,
        };
      }
    }
    return result;
  };

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      checker.close();
      store.close();
      await proxy.close();
    })();
    return closing;
  };
  const handler = createAcceleratorHandler({
    store,
    directory: options.directory,
    health,
    components,
    close,
  });
  log(`accelerator: proxy on ${proxy.addresses.join(', ')} port ${proxy.port}`);
  return {
    handler,
    proxyUrl,
    proxy: { addresses: proxy.addresses, port: proxy.port },
    store,
    health,
    close,
  };
}
