/**
 * One ELB target group at run time: its configuration (what DescribeTargetGroups shows and
 * ModifyTargetGroup changes), its registered targets with their health as DescribeTargetHealth
 * reports it, target selection for the ALB proxy (round robin over healthy targets; fail open
 * over every registered target when none is healthy) and deregistration with draining.
 * Health checks themselves run in alb-health-checks.ts and report here through `recordCheck`.
 */
import type { LabClock, TargetAddress, TargetHealthState } from './contracts.js';

/** Health-check settings of a target group, in AWS's units (seconds, counts). */
export interface HealthCheckSettings {
  enabled: boolean;
  protocol: 'HTTP' | 'HTTPS';
  /** `traffic-port` (the target's own port) or a port number as a string. */
  port: string;
  path: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  /** Matcher.HttpCode: `200`, `200,202`, `200-299`. */
  httpCode: string;
}

/** The configuration of a target group. */
export interface TargetGroupConfig {
  arn: string;
  name: string;
  region: string;
  /** HTTP for `ip` groups; not shown for `lambda` groups (AWS has none). */
  protocol: 'HTTP';
  /** The traffic port (0 for `lambda` groups, whose targets are functions). */
  port: number;
  vpcId: string;
  targetType: 'ip' | 'lambda';
  healthCheck: HealthCheckSettings;
  /** Attribute `deregistration_delay.timeout_seconds`. */
  deregistrationDelaySeconds: number;
  /** Load balancers whose listeners forward to this group. */
  loadBalancerArns: string[];
}

/** Target states as DescribeTargetHealth names them. */
export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unavailable';

/** What DescribeTargetHealth shows of a target (the same shape ECS reads through the registry). */
export type TargetHealthView = TargetHealthState;

/** The outcome of one health check. */
export type CheckResult =
  | { ok: true }
  | { ok: false; reason: 'Target.ResponseCodeMismatch'; status: number }
  | { ok: false; reason: 'Target.Timeout' | 'Target.FailedHealthChecks' };

/** A registered target and its health-check bookkeeping. */
export interface RegisteredTarget extends TargetAddress {
  readonly key: string;
  state: TargetState;
  reason?: string;
  description?: string;
  checks: number;
  passes: number;
  failures: number;
  /** Requests being forwarded to it now. */
  inFlight: number;
  /** Aborts in-flight requests when its deregistration completes. */
  readonly aborters: Set<() => void>;
}

interface Draining {
  timer: NodeJS.Timeout;
  done: Promise<void>;
  resolve: () => void;
}

/** Description texts AWS gives with each reason code (ALB user guide, health check reason codes). */
export const REASON_DESCRIPTIONS: Record<string, string> = {
  'Elb.RegistrationInProgress': 'Target registration is in progress',
  'Elb.InitialHealthChecking': 'Initial health checks in progress',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
  'Target.NotRegistered': 'Target is not registered to the target group',
  'Target.NotInUse': 'Target group is not configured to receive traffic from the load balancer',
  'Target.DeregistrationInProgress': 'Target deregistration is in progress',
  'Target.HealthCheckDisabled': 'Health checks are disabled',
};

/** Key of a target within a group. */
export function targetKey(target: TargetAddress): string {
  return `${target.id}:${target.port}`;
}

/** Hooks the group calls when targets come and go (the health checker subscribes). */
export interface TargetGroupEvents {
  onRegistered(target: RegisteredTarget): void;
  onRemoved(target: RegisteredTarget): void;
}

/** A target group with its targets. */
export class AlbTargetGroup {
  readonly config: TargetGroupConfig;
  readonly #clock: LabClock;
  readonly #targets = new Map<string, RegisteredTarget>();
  readonly #draining = new Map<string, Draining>();
  #events: TargetGroupEvents | undefined;
  #next = 0;
  /** Consecutive passes that take a target from `initial` to `healthy` (see SPEC.md). */
  readonly #initialPasses: (settings: HealthCheckSettings) => number;

  constructor(
    config: TargetGroupConfig,
    clock: LabClock,
    initialPasses: (settings: HealthCheckSettings) => number = (s) => s.healthyThreshold,
  ) {
    this.config = config;
    this.#clock = clock;
    this.#initialPasses = initialPasses;
  }

  /** Subscribes the health checker (one per group). */
  setEvents(events: TargetGroupEvents): void {
    this.#events = events;
  }

  /** Registered targets (draining ones included), in registration order. */
  targets(): RegisteredTarget[] {
    return [...this.#targets.values()];
  }

  /** The registered target at this address, if any. */
  find(target: TargetAddress): RegisteredTarget | undefined {
    return this.#targets.get(targetKey(target));
  }

  /** Registers a target (idempotent); a draining target is registered again from `initial`. */
  register(address: TargetAddress): void {
    const key = targetKey(address);
    const existing = this.#targets.get(key);
    if (existing && existing.state !== 'draining') return;
    if (existing) this.#finishDrain(existing, false);
    const target: RegisteredTarget = {
      id: address.id,
      port: address.port,
      key,
      state: 'initial',
      checks: 0,
      passes: 0,
      failures: 0,
      inFlight: 0,
      aborters: new Set(),
    };
    this.#setInitialReason(target);
    this.#targets.set(key, target);
    this.#events?.onRegistered(target);
  }

  /**
   * Starts draining a target: no new requests, in-flight ones may finish; after the group's
   * deregistration delay it is removed (remaining requests are cut). Resolves when it is gone;
   * at once for a target that is not registered.
   */
  deregister(address: TargetAddress): Promise<void> {
    const target = this.#targets.get(targetKey(address));
    if (!target) return Promise.resolve();
    const pending = this.#draining.get(target.key);
    if (pending) return pending.done;
    target.state = 'draining';
    target.reason = 'Target.DeregistrationInProgress';
    target.description = REASON_DESCRIPTIONS[target.reason];
    this.#events?.onRemoved(target);
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const timer = setTimeout(
      () => this.#finishDrain(target, true),
      this.#clock.scaled(this.config.deregistrationDelaySeconds * 1000),
    );
    timer.unref();
    this.#draining.set(target.key, { timer, done, resolve });
    return done;
  }

  #finishDrain(target: RegisteredTarget, remove: boolean): void {
    const draining = this.#draining.get(target.key);
    if (draining) {
      clearTimeout(draining.timer);
      this.#draining.delete(target.key);
      draining.resolve();
    }
    if (remove && this.#targets.get(target.key) === target) {
      this.#targets.delete(target.key);
      for (const abort of [...target.aborters]) abort();
    }
  }

  /** Records a health-check result and moves the target between states as AWS does. */
  recordCheck(target: RegisteredTarget, result: CheckResult): void {
    if (this.#targets.get(target.key) !== target || target.state === 'draining') return;
    const settings = this.config.healthCheck;
    target.checks++;
    if (result.ok) {
      target.passes++;
      target.failures = 0;
      const needed =
        target.state === 'initial' ? this.#initialPasses(settings) : settings.healthyThreshold;
      if (target.state !== 'healthy' && target.passes >= needed) {
        target.state = 'healthy';
        target.reason = undefined;
        target.description = undefined;
      } else if (target.state === 'initial') this.#setInitialReason(target);
      return;
    }
    target.failures++;
    target.passes = 0;
    if (target.state === 'unhealthy' || target.failures >= settings.unhealthyThreshold) {
      target.state = 'unhealthy';
      target.reason = result.reason;
      target.description =
        result.reason === 'Target.ResponseCodeMismatch'
          ? `Health checks failed with these codes: [${result.status}]`
          : REASON_DESCRIPTIONS[result.reason];
    } else if (target.state === 'initial') this.#setInitialReason(target);
  }

  #setInitialReason(target: RegisteredTarget): void {
    target.reason =
      target.checks === 0 ? 'Elb.RegistrationInProgress' : 'Elb.InitialHealthChecking';
    target.description = REASON_DESCRIPTIONS[target.reason];
  }

  /** What DescribeTargetHealth shows for a target (registered or not). */
  healthOf(address: TargetAddress): TargetHealthView {
    const target = this.#targets.get(targetKey(address));
    if (!target) return unused('Target.NotRegistered');
    if (target.state === 'draining')
      return { state: 'draining', reason: target.reason, description: target.description };
    if (this.config.loadBalancerArns.length === 0) return unused('Target.NotInUse');
    if (!this.config.healthCheck.enabled) {
      const reason = 'Target.HealthCheckDisabled';
      return { state: 'unavailable', reason, description: REASON_DESCRIPTIONS[reason] };
    }
    if (target.state === 'healthy') return { state: 'healthy' };
    return { state: target.state, reason: target.reason, description: target.description };
  }

  /** Counts of targets by state (draining included), for health reports. */
  counts(): Record<TargetState, number> {
    const counts = { initial: 0, healthy: 0, unhealthy: 0, draining: 0, unavailable: 0 };
    for (const target of this.#targets.values())
      counts[this.healthOf(target).state as TargetState]++;
    return counts;
  }

  /** True when at least one target would be routed to as healthy. */
  hasHealthyTarget(): boolean {
    return this.targets().some((t) => this.healthOf(t).state === 'healthy');
  }

  /**
   * Picks the target for a new request: round robin over healthy targets (or over every
   * target when health checks are disabled); when none is healthy, over every registered
   * target that is not draining (ALB fails open). Undefined when no target can take it.
   */
  pick(): RegisteredTarget | undefined {
    const serving = this.targets().filter((t) => t.state !== 'draining');
    const healthy = serving.filter((t) => {
      const state = this.healthOf(t).state;
      return state === 'healthy' || state === 'unavailable';
    });
    const candidates = healthy.length > 0 ? healthy : serving;
    if (candidates.length === 0) return undefined;
    const target = candidates[this.#next % candidates.length]!;
    this.#next = (this.#next + 1) % 1_000_000_007;
    return target;
  }

  /** Stops drain timers (the lab is closing); pending deregistrations resolve. */
  close(): void {
    for (const target of [...this.#targets.values()]) {
      if (this.#draining.has(target.key)) this.#finishDrain(target, true);
    }
  }
}

function unused(reason: string): TargetHealthView {
  return { state: 'unused', reason, description: REASON_DESCRIPTIONS[reason] };
}
