/**
 * The accelerator's data plane: a TCP proxy on its "static IP addresses" (127.0.0.1, plus
 * 127.0.0.2 where the system routes it, and ::1 so that `localhost` works everywhere, all on
 * one port). Each new connection is routed once, when it is accepted (`route`, told the
 * client's source address, which stands for where the client is), to an ALB's data-plane
 * address and piped both ways until either side closes; later configuration or health
 * changes never move it. If the chosen endpoint cannot be reached, the client's connection is
 * reset, as Global Accelerator resets it: there is no retry in another region. Every routed
 * connection and every chunk of bytes it carries is reported (`onConnection`, `onBytes`).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { LabClock, LabLog, LoadBalancerDirectory } from './contracts.js';
import { unmappedAddress } from '../topology.js';
import type { RouteDecision } from './accelerator-routing.js';

/** Who opened a connection: its source address, and the static IP it connected to. */
export interface AcceleratorClientAddress {
  sourceAddress: string;
  acceleratorAddress: string;
}

/** Where a new connection goes, and what it is counted under. */
export interface AcceleratorRoute {
  decision: RouteDecision;
  acceleratorArn: string;
  listenerArn: string;
  /** The client origin its source address stands for (LAB_CLIENT_ORIGINS). */
  origin: string;
}

/** One routed connection, as the `onConnection` hook hears it. */
export interface AcceleratorConnectionEvent {
  acceleratorArn: string;
  listenerArn: string;
  endpointGroupArn: string;
  endpointGroupRegion: string;
  endpointId: string;
  failOpen: boolean;
  origin: string;
  sourceAddress: string;
  /** The static IP the client connected to (127.0.0.1 or 127.0.0.2; ::1 reads as 127.0.0.1). */
  acceleratorAddress: string;
  /** Lab clock time (ms since the epoch) the connection was routed. */
  at: number;
}

/** Bytes a routed connection carried: `in` from the client, `out` to it. */
export interface AcceleratorBytesEvent {
  flow: AcceleratorConnectionEvent;
  direction: 'in' | 'out';
  bytes: number;
  /** Lab clock time the bytes passed. */
  at: number;
}

/** Options of the proxy. */
export interface AcceleratorProxyOptions {
  /** Port on every address; 0 picks a free one (on 127.0.0.1, then reused for the others). */
  port: number;
  /** Routes a new connection; undefined resets it (no accelerator, listener or endpoint). */
  route: (client: AcceleratorClientAddress) => AcceleratorRoute | undefined;
  directory: LoadBalancerDirectory;
  clock: LabClock;
  log: LabLog;
  onConnection?: (event: AcceleratorConnectionEvent) => void;
  onBytes?: (event: AcceleratorBytesEvent) => void;
}

/** A running proxy. */
export interface AcceleratorProxy {
  /** The IPv4 addresses it listens on, 127.0.0.1 first (the accelerator's IpSets). */
  readonly addresses: readonly string[];
  readonly port: number;
  /** Connections currently open. */
  openConnections(): number;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

const PRIMARY = '127.0.0.1';
const EXTRA = ['127.0.0.2', '::1'];

/** The static IP a connection reached: its local IPv4 address (::1, `localhost`, reads as the first). */
function staticAddress(local: string | undefined): string {
  const ipv4 = unmappedAddress(local);
  return ipv4 && !ipv4.includes(':') ? ipv4 : PRIMARY;
}

async function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.once('error', fail);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', fail);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Starts the proxy; rejects when 127.0.0.1:port cannot be bound. */
export async function startAcceleratorProxy(
  options: AcceleratorProxyOptions,
): Promise<AcceleratorProxy> {
  const { directory, clock, log } = options;
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();

  const track = (socket: Socket, set = sockets) => {
    set.add(socket);
    socket.once('close', () => set.delete(socket));
  };

  const handle = (client: Socket) => {
    track(client);
    track(client, clients);
    client.on('error', () => {});
    const who: AcceleratorClientAddress = {
      sourceAddress: client.remoteAddress ?? '',
      acceleratorAddress: staticAddress(client.localAddress),
    };
    let route: AcceleratorRoute | undefined;
    try {
      route = options.route(who);
    } catch (error) {
      log(`accelerator: routing failed: ${(error as Error).message}`);
    }
    const decision = route?.decision;
    const address = decision && directory.dataPlaneAddress(decision.endpoint.endpointId);
    if (!route || !decision || !address) {
      log(
        decision
          ? `accelerator: endpoint ${decision.endpoint.endpointId} has no data-plane address; connection reset`
          : 'accelerator: no endpoint to route to; connection reset',
      );
      client.resetAndDestroy();
      return;
    }
    const flow: AcceleratorConnectionEvent = {
      acceleratorArn: route.acceleratorArn,
      listenerArn: route.listenerArn,
      endpointGroupArn: decision.group.endpointGroupArn,
      endpointGroupRegion: decision.group.region,
      endpointId: decision.endpoint.endpointId,
      failOpen: decision.failOpen,
      origin: route.origin,
      ...who,
      at: clock.now(),
    };
    options.onConnection?.(flow);
    const upstream = connect({ host: address.host, port: address.port, allowHalfOpen: true });
    track(upstream);
    const { onBytes } = options;
    if (onBytes) {
      const count = (direction: 'in' | 'out') => (chunk: Buffer) =>
        onBytes({ flow, direction, bytes: chunk.length, at: clock.now() });
      client.on('data', count('in'));
      upstream.on('data', count('out'));
    }
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    let connected = false;
    upstream.once('connect', () => (connected = true));
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected) {
        log(
          `accelerator: ${decision.group.region} endpoint ${address.host}:${address.port} unreachable (${error.code ?? error.message}); connection reset`,
        );
      }
      if (!client.destroyed) client.resetAndDestroy();
    });
    client.on('error', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const servers: Server[] = [];
  const newServer = () => {
    const server = createServer({ allowHalfOpen: true }, handle);
    servers.push(server);
    return server;
  };
  const port = await listen(newServer(), PRIMARY, options.port);
  const addresses = [PRIMARY];
  for (const host of EXTRA) {
    const server = newServer();
    try {
      await listen(server, host, port);
      if (!host.includes(':')) addresses.push(host);
    } catch {
      servers.pop();
    }
  }

  let closing: Promise<void> | undefined;
  return {
    addresses,
    port,
    openConnections: () => clients.size,
    close() {
      closing ??= (async () => {
        const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
        for (const socket of sockets) socket.destroy();
        await Promise.all(closed);
      })();
      return closing;
    },
  };
}
