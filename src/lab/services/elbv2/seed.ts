/**
 * The workshop's load balancing in each lab region: the `mysfits-alb` Application Load
 * Balancer with one HTTP listener (on its data-plane port) whose rule priority 1 sends
 * `/mysfits/*\/like` to the Like service's target group and whose default action sends
 * everything else to the Mysfits ("core") service's; both target groups as the workshop
 * creates them (ip targets on port 8080, health check `GET /` every 10 s, timeout 5 s,
 * thresholds 3/3, matcher 200, deregistration delay 30 s). Plus the routing gate of
 * docs/routing-switch.md: a `lambda` target group `mysfits-gate` (health checks enabled, the
 * same timing) whose target is the region's gate function, attached by a rule (priority
 * 50000) on `host-header` ROUTING_GATE_HOST, a name no client sends.
 */
import {
  labGateFunctionArn,
  type LabRegion,
  labLoadBalancerArn,
  labTargetGroupArn,
} from '../../topology.js';
import { stableHexId } from './model.js';
import type { ElbService } from './service.js';

/** Route 53 hosted zone of ALBs per region (what CanonicalHostedZoneId shows on AWS). */
const ALB_HOSTED_ZONES: Record<string, string> = {
  'us-west-2': 'Z1H1FL5HABSF5',
  'us-east-1': 'Z35SXDOTRQ7X7K',
};

/** The workshop's health-check settings and deregistration delay. */
export const WORKSHOP_TARGET_GROUP = {
  port: 8080,
  healthCheck: {
    enabled: true,
    protocol: 'HTTP',
    port: 'traffic-port',
    path: '/',
    intervalSeconds: 10,
    timeoutSeconds: 5,
    healthyThreshold: 3,
    unhealthyThreshold: 3,
    httpCode: '200',
  },
  deregistrationDelaySeconds: 30,
} as const;

/**
 * The Host of the gate's listener rule. `.invalid` is reserved (RFC 6761, section 6.4): no
 * such name ever resolves, so no client that reached the accelerator by its DNS name or
 * addresses sends it; a request that does anyway only reads the region's in/out answer.
 */
export const ROUTING_GATE_HOST = 'routing-gate.invalid';

/** Options of seedWorkshopLoadBalancers. */
export interface SeedLoadBalancersOptions {
  regions: readonly LabRegion[];
  /**
   * Adds the routing gate (its group, rule and target) in each region; its function must be
   * registered first (`elb.addLambdaFunction`). The lab world does; ELB-only tests need not.
   */
  routingGate?: boolean;
  /** Fixed data-plane ports per region (e.g. the ones a restarted lab had); free ports otherwise. */
  ports?: Partial<Record<LabRegion, number>>;
}

/** Creates the workshop's ALB, listener, rule and target groups in each region. */
export async function seedWorkshopLoadBalancers(
  elb: ElbService,
  options: SeedLoadBalancersOptions,
): Promise<void> {
  for (const region of options.regions) {
    const vpcId = `vpc-${stableHexId(`${region}/vpc`)}`;
    for (const role of ['core', 'like'] as const) {
      elb.addTargetGroup({
        arn: labTargetGroupArn(region, role),
        name: `mysfits-${role}`,
        region,
        protocol: 'HTTP',
        port: WORKSHOP_TARGET_GROUP.port,
        vpcId,
        targetType: 'ip',
        healthCheck: { ...WORKSHOP_TARGET_GROUP.healthCheck },
        deregistrationDelaySeconds: WORKSHOP_TARGET_GROUP.deregistrationDelaySeconds,
      });
    }
    const gate = options.routingGate === true;
    if (gate) addGateTargetGroup(elb, region, vpcId);
    await elb.addLoadBalancer(region, {
      arn: labLoadBalancerArn(region),
      name: 'mysfits-alb',
      vpcId,
      zones: ['a', 'b'].map((zone) => ({
        zoneName: `${region}${zone}`,
        subnetId: `subnet-${stableHexId(`${region}/${zone}`)}`,
      })),
      securityGroups: [`sg-${stableHexId(`${region}/alb-sg`)}`],
      canonicalHostedZoneId: ALB_HOSTED_ZONES[region] ?? 'Z1H1FL5HABSF5',
      port: options.ports?.[region],
      rules: [
        {
          priority: 1,
          pathPatterns: ['/mysfits/*/like'],
          targetGroupArn: labTargetGroupArn(region, 'like'),
        },
        ...(gate
          ? [
              {
                priority: 50000,
                pathPatterns: [],
                hostHeaders: [ROUTING_GATE_HOST],
                targetGroupArn: labTargetGroupArn(region, 'gate'),
              },
            ]
          : []),
        {
          priority: 'default',
          pathPatterns: [],
          targetGroupArn: labTargetGroupArn(region, 'core'),
        },
      ],
    });
    if (gate) {
      const group = elb.region(region).targetGroups.get(labTargetGroupArn(region, 'gate'))!;
      group.register({ id: labGateFunctionArn(region), port: 0 });
    }
  }
}

/** The routing gate's `lambda` target group, timed as the workshop's groups. */
function addGateTargetGroup(elb: ElbService, region: LabRegion, vpcId: string): void {
  elb.addTargetGroup({
    arn: labTargetGroupArn(region, 'gate'),
    name: 'mysfits-gate',
    region,
    protocol: 'HTTP',
    port: 0,
    vpcId,
    targetType: 'lambda',
    healthCheck: { ...WORKSHOP_TARGET_GROUP.healthCheck },
    deregistrationDelaySeconds: 0,
  });
}
