/**
 * The lab's X-Ray: per region a daemon (UDP on 127.0.0.1) feeding a trace store, the
 * region's groups, and the API handler over them. The lead registers the handler with
 * `server.registerService('xray', xray.handler)` and gives each region's tasks
 * `AWS_XRAY_DAEMON_ADDRESS=<xray.daemonAddress(region)>`; CloudWatch reads
 * `groupTraceCounts` to publish `AWS/X-Ray ApproximateTraceCount` per `GroupName`.
 */
import type { LabClock, LabLog } from '../../dataplane/contracts.js';
import { startXRayDaemon, type XRayDaemon } from './engine/daemon.js';
import { type TraceStoreLimits, XRayTraceStore } from './engine/trace-store.js';
import type { ServiceHandler } from '../../protocol/registry.js';
import { XRayGroupStore } from './groups.js';
import { createXRayHandler } from './handler.js';
import { tracesBetween, type XRayRegion } from './region.js';

/** What the X-Ray service needs. */
export interface XRayServiceOptions {
  regions: readonly string[];
  clock: LabClock;
  log?: LabLog;
  /** Bounds of each region's trace store (defaults: 6 h, 10 000 traces, 200 documents a trace). */
  limits?: Partial<TraceStoreLimits>;
}

/** The running X-Ray service. */
export interface XRayService {
  /** The API: `server.registerService('xray', xray.handler)`. */
  readonly handler: ServiceHandler;
  /** `127.0.0.1:<port>` of the region's daemon, for AWS_XRAY_DAEMON_ADDRESS. Throws for an unknown region. */
  daemonAddress(region: string): string;
  /**
   * Traces of `groupName` (its filter; `Default`: every trace) that started in
   * [fromMs, toMs), among those still held; undefined when the region has no such group.
   */
  groupTraceCounts(
    region: string,
    groupName: string,
    fromMs: number,
    toMs: number,
  ): number | undefined;
  /** The X-Ray state of a region (throws for a region the service does not serve). */
  region(name: string): XRayRegion;
  /** Closes the daemons. */
  close(): Promise<void>;
}

/** Starts the daemons of every region and builds the service; resolves once they listen. */
export async function createXRayService(options: XRayServiceOptions): Promise<XRayService> {
  const regions = new Map<string, XRayRegion>();
  const daemons: XRayDaemon[] = [];
  try {
    for (const name of options.regions) {
      const store = new XRayTraceStore(options.clock, options.limits);
      const daemon = await startXRayDaemon({ region: name, store, log: options.log });
      daemons.push(daemon);
      regions.set(name, { name, store, groups: new XRayGroupStore(name), daemon });
    }
  } catch (error) {
    await Promise.all(daemons.map((d) => d.close()));
    throw error;
  }
  const region = (name: string): XRayRegion => {
    const state = regions.get(name);
    if (!state) throw new Error(`The lab's X-Ray does not serve the region '${name}'.`);
    return state;
  };
  const handler = createXRayHandler(regions);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= Promise.all(daemons.map((d) => d.close())).then(() => undefined);
    return closing;
  };
  return {
    handler: { ...handler, close },
    daemonAddress: (name) => region(name).daemon.address,
    groupTraceCounts(name, groupName, fromMs, toMs) {
      const state = region(name);
      const group = state.groups.get(groupName);
      if (!group) return undefined;
      return tracesBetween(state, fromMs, toMs, group.filter, true).length;
    },
    region,
    close,
  };
}
