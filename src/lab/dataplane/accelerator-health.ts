/**
 * Health of the accelerator's endpoints (Application Load Balancers). Every endpoint group's
 * HealthCheckIntervalSeconds (scaled by the lab clock) each endpoint is checked: the ALB's own
 * view (`directory.endpointHealth`: ELB target health, which decides for ALB endpoints on AWS)
 * and a TCP connect to its data-plane address (which fails under a region outage). A new
 * endpoint starts INITIAL and its first decided result sets its state; from then on
 * ThresholdCount consecutive opposite results flip it.
 */
import { connect } from 'node:net';
import type { LabClock, LabLog, LoadBalancerDirectory } from './contracts.js';

/** An endpoint's health as DescribeEndpointGroup shows it. */
export interface AcceleratorEndpointHealth {
  state: 'INITIAL' | 'HEALTHY' | 'UNHEALTHY';
  reason?: string;
}

/** What the checker needs to know of a deployed endpoint group. */
export interface CheckedGroup {
  endpointGroupArn: string;
  region: string;
  healthCheckIntervalSeconds: number;
  thresholdCount: number;
  endpoints: readonly { endpointId: string }[];
}

/** Options of the health checker. */
export interface AcceleratorHealthOptions {
  clock: LabClock;
  directory: LoadBalancerDirectory;
  /** The deployed endpoint groups, read at every check. */
  groups: () => CheckedGroup[];
  log: LabLog;
}

interface HealthRecord {
  state: AcceleratorEndpointHealth['state'];
  reason?: string;
  /** Consecutive results that disagree with `state`. */
  streak: number;
}

interface Probe {
  ok: boolean;
  /** ELB itself has not decided yet (its targets are INITIAL). */
  undecided: boolean;
  reason?: string;
}

const INITIAL_REASON = 'Health checks of the endpoint have not completed yet.';

async function tcpConnect(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (error: string | null) => {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** Checks every deployed endpoint on its group's interval; answers health for routing and API. */
export class AcceleratorHealthChecker {
  readonly #options: AcceleratorHealthOptions;
  readonly #records = new Map<string, HealthRecord>();
  readonly #loops = new Map<string, NodeJS.Timeout | 'running'>();
  #closed = false;

  constructor(options: AcceleratorHealthOptions) {
    this.#options = options;
  }

  /** Starts a check loop for every deployed group without one (call after each deployment). */
  sync(): void {
    if (this.#closed) return;
    const groups = this.#options.groups();
    for (const group of groups) {
      if (!this.#loops.has(group.endpointGroupArn)) void this.#tick(group.endpointGroupArn);
    }
  }

  /** The health of an endpoint of a group; INITIAL when it has not been checked. */
  health(endpointGroupArn: string, endpointId: string): AcceleratorEndpointHealth {
    const record = this.#records.get(`${endpointGroupArn}|${endpointId}`);
    if (!record) return { state: 'INITIAL', reason: INITIAL_REASON };
    return record.state === 'HEALTHY'
      ? { state: 'HEALTHY' }
      : { state: record.state, reason: record.reason };
  }

  /** Stops every check loop. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#loops.values()) if (timer !== 'running') clearTimeout(timer);
    this.#loops.clear();
  }

  #connectTimeoutMs(): number {
    return Math.min(5_000, Math.max(200, this.#options.clock.scaled(5_000)));
  }

  async #probe(albArn: string): Promise<Probe> {
    const { directory } = this.#options;
    try {
      const elb = directory.endpointHealth(albArn);
      const address = directory.dataPlaneAddress(albArn);
      if (!address) {
        return { ok: false, undecided: false, reason: elb.reason ?? 'Load balancer not found.' };
      }
      const failure = await tcpConnect(address.host, address.port, this.#connectTimeoutMs());
      if (failure) {
        return {
          ok: false,
          undecided: false,
          reason: `TCP connection to the load balancer (${address.host}:${address.port}) failed: ${failure}.`,
        };
      }
      if (elb.state === 'HEALTHY') return { ok: true, undecided: false };
      return {
        ok: false,
        undecided: elb.state === 'INITIAL',
        reason: elb.reason ?? `The load balancer reports its targets ${elb.state}.`,
      };
    } catch (error) {
      return { ok: false, undecided: false, reason: (error as Error).message };
    }
  }

  #apply(group: CheckedGroup, endpointId: string, probe: Probe): void {
    const key = `${group.endpointGroupArn}|${endpointId}`;
    const record = this.#records.get(key) ?? ({ state: 'INITIAL', streak: 0 } as HealthRecord);
    const before = record.state;
    if (record.state === 'INITIAL') {
      if (probe.ok) record.state = 'HEALTHY';
      else if (!probe.undecided) record.state = 'UNHEALTHY';
      record.reason = probe.ok ? undefined : probe.reason;
    } else if (probe.ok === (record.state === 'HEALTHY')) {
      record.streak = 0;
      if (!probe.ok) record.reason = probe.reason;
    } else if (++record.streak >= group.thresholdCount) {
      record.state = probe.ok ? 'HEALTHY' : 'UNHEALTHY';
      record.reason = probe.ok ? undefined : probe.reason;
      record.streak = 0;
    }
    this.#records.set(key, record);
    if (record.state !== before) {
      this.#options.log(
        `accelerator: endpoint ${endpointId} (${group.region}) ${before} → ${record.state}` +
          (record.reason ? `: ${record.reason}` : ''),
      );
    }
  }

  async #tick(arn: string): Promise<void> {
    this.#loops.set(arn, 'running');
    const group = this.#options.groups().find((g) => g.endpointGroupArn === arn);
    if (!group || this.#closed) {
      this.#loops.delete(arn);
      return;
    }
    const probes = await Promise.all(group.endpoints.map((e) => this.#probe(e.endpointId)));
    if (this.#closed) return;
    // Apply to the group as deployed now: an endpoint removed meanwhile is forgotten.
    const current = this.#options.groups().find((g) => g.endpointGroupArn === arn) ?? group;
    const ids = new Set(current.endpoints.map((e) => e.endpointId));
    group.endpoints.forEach(
      (e, i) => ids.has(e.endpointId) && this.#apply(current, e.endpointId, probes[i]!),
    );
    for (const key of this.#records.keys()) {
      const [groupArn, endpointId] = key.split('|') as [string, string];
      if (groupArn === arn && !ids.has(endpointId)) this.#records.delete(key);
    }
    const delay = this.#options.clock.scaled(current.healthCheckIntervalSeconds * 1000);
    const timer = setTimeout(() => void this.#tick(arn), delay);
    timer.unref();
    this.#loops.set(arn, timer);
  }
}
