import { Duration } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as ga from 'aws-cdk-lib/aws-globalaccelerator';
import { ApplicationLoadBalancerEndpoint } from 'aws-cdk-lib/aws-globalaccelerator-endpoints';
import { Construct } from 'constructs';
import { ACCELERATOR_NAME } from './names.js';

/** One region behind the accelerator. */
export interface AcceleratorRegion {
  readonly region: string;
  /** The region's ALB (from another stack: CDK turns it into a cross-region reference). */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
}

/** Properties of {@link MysfitsAccelerator}. */
export interface MysfitsAcceleratorProps {
  /** Regions in the order primary, secondary. */
  readonly regions: readonly AcceleratorRegion[];
}

/**
 * The workshop's Global Accelerator `mm-global-accelerator`: a TCP :80 listener with client
 * affinity NONE and one endpoint group per region (traffic dial 100) holding that region's
 * ALB with client IP preservation. For ALB endpoints Global Accelerator follows the ALB's
 * own target health; the group's health-check settings (HTTP `/` on 80, every 10 s,
 * threshold 3) mirror the target groups and only apply if endpoints change type.
 */
export class MysfitsAccelerator extends Construct {
  /** The accelerator (static anycast IPs, DNS name). */
  readonly accelerator: ga.Accelerator;
  /** Its TCP :80 listener. */
  readonly listener: ga.Listener;
  /** Endpoint groups in the order of `props.regions`. */
  readonly endpointGroups: ga.EndpointGroup[];

  constructor(scope: Construct, id: string, props: MysfitsAcceleratorProps) {
    super(scope, id);
    this.accelerator = new ga.Accelerator(this, 'Accelerator', {
      acceleratorName: ACCELERATOR_NAME,
      enabled: true,
    });
    this.listener = this.accelerator.addListener('Listener', {
      portRanges: [{ fromPort: 80, toPort: 80 }],
      protocol: ga.ConnectionProtocol.TCP,
      clientAffinity: ga.ClientAffinity.NONE,
    });
    this.endpointGroups = props.regions.map(({ region, loadBalancer }) =>
      this.listener.addEndpointGroup(`Group-${region}`, {
        region,
        trafficDialPercentage: 100,
        healthCheckProtocol: ga.HealthCheckProtocol.HTTP,
        healthCheckPort: 80,
        healthCheckPath: '/',
        healthCheckInterval: Duration.seconds(10),
        healthCheckThreshold: 3,
        endpoints: [
          new ApplicationLoadBalancerEndpoint(loadBalancer, {
            weight: 128,
            preserveClientIp: true,
          }),
        ],
      }),
    );
  }
}
