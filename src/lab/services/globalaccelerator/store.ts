/**
 * The accelerator's state: accelerators, listeners and endpoint groups as the API shows them
 * (the configuration asked for), and the configuration the data plane runs (the deployed one).
 * A change is visible in the API at once and sets the accelerator IN_PROGRESS; the data plane
 * takes it `clock.scaled(propagationMs)` later, when the accelerator becomes DEPLOYED again
 * (changes made meanwhile each propagate in turn).
 */
import type { LabClock } from '../../dataplane/contracts.js';

/** An endpoint of a group (always an Application Load Balancer in the lab). */
export interface EndpointConfig {
  endpointId: string;
  weight: number;
  clientIpPreservation: boolean;
}

/** A listener port mapped to another endpoint port (stored and shown; not used locally). */
export interface PortOverride {
  listenerPort: number;
  endpointPort: number;
}

/** An endpoint group's configuration. */
export interface EndpointGroupConfig {
  endpointGroupArn: string;
  listenerArn: string;
  region: string;
  trafficDial: number;
  healthCheckPort: number;
  healthCheckProtocol: 'TCP' | 'HTTP' | 'HTTPS';
  healthCheckPath: string;
  healthCheckIntervalSeconds: number;
  thresholdCount: number;
  portOverrides: PortOverride[];
  endpoints: EndpointConfig[];
}

/** A listener. */
export interface ListenerConfig {
  listenerArn: string;
  acceleratorArn: string;
  portRanges: { fromPort: number; toPort: number }[];
  protocol: 'TCP' | 'UDP';
  clientAffinity: 'NONE' | 'SOURCE_IP';
}

/** An accelerator. */
export interface AcceleratorRecord {
  acceleratorArn: string;
  name: string;
  enabled: boolean;
  ipAddresses: string[];
  dnsName: string;
  /** Milliseconds since the epoch. */
  createdTime: number;
  lastModifiedTime: number;
}

/** The accelerator's status: IN_PROGRESS while a change propagates. */
export type AcceleratorStatus = 'DEPLOYED' | 'IN_PROGRESS';

function copyGroup(group: EndpointGroupConfig): EndpointGroupConfig {
  return structuredClone(group);
}

/** Accelerators, listeners, endpoint groups and their propagation. */
export class AcceleratorStore {
  readonly #clock: LabClock;
  readonly #propagationMs: number;
  readonly #accelerators = new Map<string, AcceleratorRecord>();
  readonly #listeners = new Map<string, ListenerConfig>();
  readonly #groups = new Map<string, EndpointGroupConfig>();
  readonly #deployed = new Map<string, EndpointGroupConfig>();
  readonly #pending = new Map<string, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #onDeployed: (acceleratorArn: string, how: 'seeded' | 'propagated') => void;

  /** `propagationMs` is the AWS duration of a change; `onDeployed` hears each deployed change (and each seeded group). */
  constructor(
    clock: LabClock,
    propagationMs: number,
    onDeployed: (acceleratorArn: string, how: 'seeded' | 'propagated') => void = () => {},
  ) {
    this.#clock = clock;
    this.#propagationMs = propagationMs;
    this.#onDeployed = onDeployed;
  }

  /** Adds an accelerator, deployed at once (as seeding does). */
  addAccelerator(record: AcceleratorRecord): void {
    this.#accelerators.set(record.acceleratorArn, { ...record });
  }

  /** Adds a listener of an existing accelerator. */
  addListener(listener: ListenerConfig): void {
    if (!this.#accelerators.has(listener.acceleratorArn))
      throw new Error(`no accelerator ${listener.acceleratorArn}`);
    this.#listeners.set(listener.listenerArn, structuredClone(listener));
  }

  /** Adds an endpoint group of an existing listener, deployed at once (as seeding does). */
  addEndpointGroup(group: EndpointGroupConfig): void {
    if (!this.#listeners.has(group.listenerArn))
      throw new Error(`no listener ${group.listenerArn}`);
    this.#groups.set(group.endpointGroupArn, copyGroup(group));
    this.#deployed.set(group.endpointGroupArn, copyGroup(group));
    this.#onDeployed(this.acceleratorOf(group), 'seeded');
  }

  /** Accelerators in creation order. */
  accelerators(): AcceleratorRecord[] {
    return [...this.#accelerators.values()].map((a) => ({ ...a }));
  }

  accelerator(arn: string): AcceleratorRecord | undefined {
    const record = this.#accelerators.get(arn);
    return record && { ...record };
  }

  /** DEPLOYED, or IN_PROGRESS while one of its changes propagates. */
  status(acceleratorArn: string): AcceleratorStatus {
    return (this.#pending.get(acceleratorArn) ?? 0) > 0 ? 'IN_PROGRESS' : 'DEPLOYED';
  }

  listeners(acceleratorArn: string): ListenerConfig[] {
    return [...this.#listeners.values()]
      .filter((l) => l.acceleratorArn === acceleratorArn)
      .map((l) => structuredClone(l));
  }

  listener(arn: string): ListenerConfig | undefined {
    const listener = this.#listeners.get(arn);
    return listener && structuredClone(listener);
  }

  /** Endpoint groups of a listener as configured (what the API shows). */
  endpointGroups(listenerArn: string): EndpointGroupConfig[] {
    return [...this.#groups.values()].filter((g) => g.listenerArn === listenerArn).map(copyGroup);
  }

  endpointGroup(arn: string): EndpointGroupConfig | undefined {
    const group = this.#groups.get(arn);
    return group && copyGroup(group);
  }

  /** Endpoint groups of a listener as deployed (what the data plane routes by). */
  deployedGroups(listenerArn: string): EndpointGroupConfig[] {
    return [...this.#deployed.values()].filter((g) => g.listenerArn === listenerArn).map(copyGroup);
  }

  /** Every deployed endpoint group (for health checks). */
  allDeployedGroups(): EndpointGroupConfig[] {
    return [...this.#deployed.values()].map(copyGroup);
  }

  /** The accelerator an endpoint group belongs to. */
  acceleratorOf(group: EndpointGroupConfig): string {
    return this.#listeners.get(group.listenerArn)!.acceleratorArn;
  }

  /**
   * Replaces a group's configuration: shown at once, deployed after the propagation delay.
   * Returns the new configuration.
   */
  updateEndpointGroup(next: EndpointGroupConfig): EndpointGroupConfig {
    const arn = next.endpointGroupArn;
    if (!this.#groups.has(arn)) throw new Error(`no endpoint group ${arn}`);
    const snapshot = copyGroup(next);
    this.#groups.set(arn, snapshot);
    const acceleratorArn = this.acceleratorOf(snapshot);
    const record = this.#accelerators.get(acceleratorArn)!;
    record.lastModifiedTime = this.#clock.now();
    this.#pending.set(acceleratorArn, (this.#pending.get(acceleratorArn) ?? 0) + 1);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#deployed.set(arn, copyGroup(snapshot));
      this.#pending.set(acceleratorArn, (this.#pending.get(acceleratorArn) ?? 1) - 1);
      this.#onDeployed(acceleratorArn, 'propagated');
    }, this.#clock.scaled(this.#propagationMs));
    this.#timers.add(timer);
    return copyGroup(snapshot);
  }

  /** Cancels pending propagation. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
