import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Properties of {@link MysfitsNetwork}. */
export interface MysfitsNetworkProps {
  /** The VPC's IPv4 range; distinct per region so the VPCs could be peered later. */
  readonly cidr: string;
}

/**
 * The VPC of one region: a public and a private subnet in each of two AZs, ONE NAT gateway
 * (cost: a NAT gateway is the largest fixed cost of this stack; losing its AZ cuts the
 * tasks' egress, which the drill treats as a regional failure the other region covers),
 * free gateway endpoints for DynamoDB and S3 (ECR layers) so most task traffic skips the
 * NAT, and VPC flow logs to CloudWatch Logs.
 */
export class MysfitsNetwork extends Construct {
  /** The VPC. */
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: MysfitsNetworkProps) {
    super(scope, id);
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: 2, // the stack's availabilityZones: pinned or Fn::GetAZs, never a lookup
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
      gatewayEndpoints: {
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });
  }
}
