import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONTAINER_PORT, LIKE_PATH_PATTERN } from './names.js';

/** Properties of {@link MysfitsLoadBalancer}. */
export interface MysfitsLoadBalancerProps {
  readonly vpc: ec2.IVpc;
}

/** The workshop's health check: `GET /` every 10 s, timeout 5 s, thresholds 3/3, matcher 200. */
export const WORKSHOP_HEALTH_CHECK: elbv2.HealthCheck = {
  path: '/',
  interval: Duration.seconds(10),
  timeout: Duration.seconds(5),
  healthyThresholdCount: 3,
  unhealthyThresholdCount: 3,
  healthyHttpCodes: '200',
};

/** A target group as the workshop configures it: its health check, 30 s drain. */
function workshopTargetGroup(scope: Construct, id: string, vpc: ec2.IVpc) {
  return new elbv2.ApplicationTargetGroup(scope, id, {
    vpc,
    port: CONTAINER_PORT,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    deregistrationDelay: Duration.seconds(30),
    healthCheck: WORKSHOP_HEALTH_CHECK,
  });
}

/**
 * The region's internet-facing ALB: listener :80 whose default action forwards to the core
 * target group, and rule priority 1 `path-pattern /mysfits/*\/like` to the like target
 * group. Access logs go to an SSL-only, encrypted, private bucket.
 */
export class MysfitsLoadBalancer extends Construct {
  /** The Application Load Balancer (the accelerator endpoint of this region). */
  readonly alb: elbv2.ApplicationLoadBalancer;
  /** The HTTP :80 listener. */
  readonly listener: elbv2.ApplicationListener;
  /** Target group of the Mysfits ("core") service (listener default). */
  readonly coreTargetGroup: elbv2.ApplicationTargetGroup;
  /** Target group of the Like service (rule priority 1). */
  readonly likeTargetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: MysfitsLoadBalancerProps) {
    super(scope, id);
    const logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED, // ALB log delivery supports SSE-S3 only
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket only receives ALB access logs; logging its own access to another bucket ' +
        'would need yet another log bucket (an endless chain). Object writes are by the ELB ' +
        'log-delivery service only and CloudTrail records bucket-level API calls.',
    });

    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    this.alb.logAccessLogs(logBucket, 'alb');
    Validations.of(this.alb).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'The ALB serves the public Mythical Mysfits site on port 80 (the workshop has no TLS ' +
        'certificate or domain). Global Accelerator preserves client IPs, so its traffic ' +
        'arrives from any internet address, and drills also probe each region directly.',
    });

    this.coreTargetGroup = workshopTargetGroup(this, 'CoreTargets', props.vpc);
    this.likeTargetGroup = workshopTargetGroup(this, 'LikeTargets', props.vpc);
    this.listener = this.alb.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: true,
      defaultTargetGroups: [this.coreTargetGroup],
    });
    this.listener.addTargetGroups('Like', {
      priority: 1,
      conditions: [elbv2.ListenerCondition.pathPatterns([LIKE_PATH_PATTERN])],
      targetGroups: [this.likeTargetGroup],
    });
  }
}
