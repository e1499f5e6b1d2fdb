/**
 * The X-Ray daemon of one lab region: a UDP socket on 127.0.0.1 (a free port) that takes
 * what the X-Ray SDKs send the daemon (UDP 2000 on ECS): each datagram is the header line
 * `{"format": "json", "version": 1}`, a newline, and one segment document. Documents go
 * straight into the region's trace store (the real daemon batches them to
 * PutTraceSegments; the lab has nothing to batch for). Datagrams without a valid header, and
 * documents the store refuses, are counted and logged (at most one log line per reason a
 * minute), never answered: UDP senders get no reply, as with the real daemon.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { LabLog } from '../../../dataplane/contracts.js';
import type { XRayTraceStore } from './trace-store.js';

/** Counters of a daemon. */
export interface DaemonStats {
  received: number;
  accepted: number;
  rejected: number;
}

/** A running daemon. */
export interface XRayDaemon {
  readonly region: string;
  readonly host: string;
  readonly port: number;
  /** `host:port`: the value of AWS_XRAY_DAEMON_ADDRESS for this region's tasks. */
  readonly address: string;
  stats(): DaemonStats;
  close(): Promise<void>;
}

/** Splits a datagram into its document, or says why it is not a daemon datagram. */
export function parseDaemonDatagram(
  datagram: Buffer,
): { ok: true; document: string } | { ok: false; reason: string } {
  const text = datagram.toString('utf8');
  const newline = text.indexOf('\n');
  if (newline < 0)
    return {
      ok: false,
      reason: 'no header line (expected {"format": "json", "version": 1} and a newline)',
    };
  let header: unknown;
  try {
    header = JSON.parse(text.slice(0, newline));
  } catch {
    return { ok: false, reason: 'the header line is not JSON' };
  }
  const { format, version } = (header ?? {}) as { format?: unknown; version?: unknown };
  if (format !== 'json' || version !== 1) {
    return { ok: false, reason: 'the header is not {"format": "json", "version": 1}' };
  }
  const document = text.slice(newline + 1).trim();
  return document === ''
    ? { ok: false, reason: 'no document after the header' }
    : { ok: true, document };
}

/** Starts the daemon of `region` on 127.0.0.1 (port 0: a free one); resolves once bound. */
export async function startXRayDaemon(options: {
  region: string;
  store: XRayTraceStore;
  log?: LabLog;
  port?: number;
}): Promise<XRayDaemon> {
  const { region, store } = options;
  const log = options.log ?? (() => {});
  const stats: DaemonStats = { received: 0, accepted: 0, rejected: 0 };
  const lastLogged = new Map<string, number>();
  const complain = (reason: string) => {
    stats.rejected += 1;
    const now = Date.now();
    if ((lastLogged.get(reason) ?? 0) > now - 60_000) return;
    lastLogged.set(reason, now);
    log(`xray daemon ${region}: dropped a datagram: ${reason}`);
  };
  const socket = dgram.createSocket('udp4');
  socket.on('message', (datagram) => {
    stats.received += 1;
    const parsed = parseDaemonDatagram(datagram);
    if (!parsed.ok) return complain(parsed.reason);
    const outcome = store.put(parsed.document);
    if (outcome.ok) stats.accepted += 1;
    else complain(`${outcome.rejection.message} (segment ${outcome.rejection.id ?? 'without id'})`);
  });
  socket.on('error', (error) => log(`xray daemon ${region}: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { address: host, port } = socket.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    region,
    host,
    port,
    address: `${host}:${port}`,
    stats: () => ({ ...stats }),
    close() {
      closed ??= new Promise<void>((resolve) => socket.close(() => resolve()));
      return closed;
    },
  };
}
