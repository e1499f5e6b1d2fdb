/**
 * The lab's Elastic Load Balancing: the ELBv2 API handler, the per-region state it serves,
 * every ALB's data plane and health checks, and the two seams other parts use: the
 * TargetRegistry (ECS registers and drains task targets) and the LoadBalancerDirectory (the
 * accelerator asks whether an ALB endpoint is healthy and where it listens).
 */
import { AlbHealthChecker, type TargetProbe } from '../../dataplane/alb-health-checks.js';
import { type LambdaInvoker, probeLambdaTarget } from '../../dataplane/alb-lambda.js';
import { AlbProxy, type AlbRequestEvent } from '../../dataplane/alb-proxy.js';
import { AlbTargetGroup, type TargetGroupConfig } from '../../dataplane/alb-target-group.js';
import type {
  EndpointHealth,
  FaultView,
  LabClock,
  LabLog,
  LoadBalancerDirectory,
  TargetRegistry,
} from '../../dataplane/contracts.js';
import type { ComponentHealth } from '../../protocol/lab-request.js';
import type { ServiceHandler } from '../../protocol/registry.js';
import { albEndpointVerdict } from './endpoint-health.js';
import { createElbHandler } from './handler.js';
import {
  ElbRegion,
  type ListenerModel,
  type LoadBalancerModel,
  type RuleModel,
  stableHexId,
} from './model.js';

/** What the ELB service needs. */
export interface ElbServiceOptions {
  regions: readonly string[];
  clock: LabClock;
  faults: FaultView;
  log?: LabLog;
  /** Called once per data-plane request (for the metrics of the ALBs). */
  onRequest?: (event: AlbRequestEvent) => void;
  /**
   * Passes that take a new target from `initial` to `healthy`: the group's
   * HealthyThresholdCount (default), or one, as the current ALB user guide words it (SPEC.md).
   */
  initialPasses?: 'healthy-threshold' | 'one';
}

/** An application load balancer to create: its attributes and its listener's rules. */
export interface LoadBalancerSpec {
  arn: string;
  name: string;
  vpcId: string;
  zones: { zoneName: string; subnetId: string }[];
  securityGroups: string[];
  canonicalHostedZoneId: string;
  /** Data-plane (listener) port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** `idle_timeout.timeout_seconds` (default 60, AWS's). */
  idleTimeoutSeconds?: number;
  /** Listener rules: priorities 1–50000 with path patterns, plus one `default`. */
  rules: Omit<RuleModel, 'arn'>[];
}

/** The running ELB service. */
export interface ElbService {
  /** The API: `server.registerService('elasticloadbalancing', elb.handler)`. */
  readonly handler: ServiceHandler;
  /** What ECS uses in a region. */
  registry(region: string): TargetRegistry;
  /** What the accelerator uses. */
  readonly directory: LoadBalancerDirectory;
  /** The ELBv2 state of a region (throws for a region the lab does not serve). */
  region(name: string): ElbRegion;
  /** Makes a function invocable as a Lambda target in its region (the lab's Lambda). */
  addLambdaFunction(region: string, functionArn: string, invoke: LambdaInvoker): void;
  /** Adds a target group (and starts its health checks). */
  addTargetGroup(config: Omit<TargetGroupConfig, 'loadBalancerArns'>): AlbTargetGroup;
  /** Adds an ALB with one HTTP listener on its data-plane port; resolves once it listens. */
  addLoadBalancer(region: string, spec: LoadBalancerSpec): Promise<LoadBalancerModel>;
  /** Stops health checks, drains and data planes. */
  close(): Promise<void>;
}

function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** Creates the ELB service for the lab's regions (empty: seed it with seedWorkshopLoadBalancers). */
export function createElbService(options: ElbServiceOptions): ElbService {
  const { clock, faults } = options;
  const log = options.log ?? (() => {});
  const states = new Map(options.regions.map((r) => [r, new ElbRegion(r)]));
  const region = (name: string): ElbRegion => {
    const state = states.get(name);
    if (!state) throw new Error(`The lab does not serve region '${name}' (ELBv2).`);
    return state;
  };
  const initialPasses =
    options.initialPasses === 'one'
      ? () => 1
      : (s: { healthyThreshold: number }) => s.healthyThreshold;

  const directory: LoadBalancerDirectory = {
    endpointHealth(arn: string): EndpointHealth {
      const name = regionOfArn(arn);
      const state = states.get(name);
      const lb = state?.loadBalancers.get(arn);
      if (!state || !lb) return { state: 'UNHEALTHY', reason: `Load balancer ${arn} not found` };
      const outage = faults.regionOutage(name);
      if (outage) {
        return {
          state: 'UNHEALTHY',
          reason: `Region ${name} is out (outage fault, ${outage}): the load balancer does not answer`,
        };
      }
      return albEndpointVerdict(lb.name, state.targetGroupsOf(arn));
    },
    dataPlaneAddress(arn: string) {
      const lb = states.get(regionOfArn(arn))?.loadBalancers.get(arn);
      return lb ? { host: '127.0.0.1', port: lb.proxy.port } : undefined;
    },
  };

  const health = async (): Promise<Record<string, ComponentHealth>> => {
    const components: Record<string, ComponentHealth> = {};
    for (const state of states.values()) {
      for (const lb of state.loadBalancers.values()) {
        const verdict = directory.endpointHealth(lb.arn);
        const groups = state
          .targetGroupsOf(lb.arn)
          .map((g) => `${g.config.name} ${g.counts().healthy}/${g.targets().length} healthy`);
        components[`alb:${state.region}:${lb.name}`] = {
          healthy: verdict.state === 'HEALTHY',
          detail: [groups.join(', '), verdict.reason].filter(Boolean).join('; '),
          url: lb.proxy.url,
        };
      }
    }
    return components;
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const state of states.values()) {
        for (const checker of state.checkers.values()) checker.close();
        for (const group of state.targetGroups.values()) group.close();
        await Promise.all([...state.loadBalancers.values()].map((lb) => lb.proxy.close()));
      }
    })();
    return closing;
  };

  return {
    handler: createElbHandler({ region, health, close }),
    directory,
    region,
    registry(name: string): TargetRegistry {
      const state = region(name);
      const group = (arn: string) => {
        const found = state.targetGroups.get(arn);
        if (!found) throw new Error(`Target group ${arn} not found in ${name}.`);
        return found;
      };
      return {
        register: (arn, target) => group(arn).register(target),
        deregister: (arn, target) => group(arn).deregister(target),
        health: (arn, target) => group(arn).healthOf(target),
      };
    },
    addLambdaFunction(name, functionArn, invoke) {
      region(name).functions.set(functionArn, invoke);
    },
    addTargetGroup(config) {
      const state = region(config.region);
      const group = new AlbTargetGroup({ ...config, loadBalancerArns: [] }, clock, initialPasses);
      state.targetGroups.set(config.arn, group);
      const probe: TargetProbe | undefined =
        config.targetType === 'lambda'
          ? (target, settings, timeoutMs, signal) =>
              probeLambdaTarget(
                state.functions.get(target.id),
                config.arn,
                settings,
                timeoutMs,
                signal,
              )
          : undefined;
      state.checkers.set(config.arn, new AlbHealthChecker(group, { clock, faults, log, probe }));
      return group;
    },
    async addLoadBalancer(name, spec) {
      const state = region(name);
      const rules = [...spec.rules].sort((a, b) =>
        a.priority === 'default' ? 1 : b.priority === 'default' ? -1 : a.priority - b.priority,
      );
      for (const rule of rules) {
        if (!state.targetGroups.has(rule.targetGroupArn))
          throw new Error(`Target group ${rule.targetGroupArn} not found in ${name}.`);
      }
      const proxy = await AlbProxy.start({
        region: name,
        loadBalancerArn: spec.arn,
        port: spec.port ?? 0,
        clock,
        faults,
        log,
        route: (path, host) => {
          const listener = state.listenersOf(spec.arn)[0];
          return listener ? state.route(listener, path, host) : undefined;
        },
        lambda: (functionArn) => state.functions.get(functionArn),
        idleTimeoutSeconds: () => lb.idleTimeoutSeconds,
        onRequest: options.onRequest,
      });
      const lb: LoadBalancerModel = {
        arn: spec.arn,
        name: spec.name,
        region: name,
        dnsName: 'localhost',
        canonicalHostedZoneId: spec.canonicalHostedZoneId,
        createdTime: new Date(clock.now()),
        scheme: 'internet-facing',
        type: 'application',
        vpcId: spec.vpcId,
        zones: spec.zones,
        securityGroups: spec.securityGroups,
        idleTimeoutSeconds: spec.idleTimeoutSeconds ?? 60,
        proxy,
      };
      const suffix = spec.arn.split(':loadbalancer/')[1]!;
      const listenerArn = `${spec.arn.split(':loadbalancer/')[0]}:listener/${suffix}/${stableHexId(`${spec.arn}/listener`)}`;
      const listener: ListenerModel = {
        arn: listenerArn,
        loadBalancerArn: spec.arn,
        port: proxy.port,
        protocol: 'HTTP',
        rules: rules.map((rule) => ({
          ...rule,
          arn: `${listenerArn.replace(':listener/', ':listener-rule/')}/${stableHexId(`${listenerArn}/${rule.priority}`)}`,
        })),
      };
      state.loadBalancers.set(lb.arn, lb);
      state.listeners.set(listener.arn, listener);
      for (const rule of rules) {
        const arns = state.targetGroups.get(rule.targetGroupArn)!.config.loadBalancerArns;
        if (!arns.includes(lb.arn)) arns.push(lb.arn);
      }
      log(`elbv2 ${name}: ${lb.name} listens on ${proxy.url}`);
      return lb;
    },
    close,
  };
}
