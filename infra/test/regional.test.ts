import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLLECTOR_IMAGE } from '../lib/trace-collector.js';
import { synthDeployment, type TestDeployment } from './helpers.js';

let d: TestDeployment;
beforeAll(() => {
  d = synthDeployment();
});

function containers(t: Template, service: string) {
  const defs = t.findResources('AWS::ECS::TaskDefinition', {
    Properties: { ContainerDefinitions: Match.arrayWith([Match.objectLike({ Name: service })]) },
  });
  expect(Object.keys(defs)).toHaveLength(1);
  return Object.values(defs)[0]!.Properties.ContainerDefinitions as Record<string, unknown>[];
}

describe.each(['primary', 'secondary'] as const)('the %s regional stack', (which) => {
  const t = () => (which === 'primary' ? d.primary : d.secondary);
  const region = () => (which === 'primary' ? 'us-west-2' : 'us-east-1');

  it('runs one VPC (2 AZs, one NAT gateway, flow logs) and the named ECS cluster', () => {
    t().resourceCountIs('AWS::EC2::VPC', 1);
    t().resourceCountIs('AWS::EC2::NatGateway', 1);
    t().resourceCountIs('AWS::EC2::Subnet', 4);
    t().resourceCountIs('AWS::EC2::FlowLog', 1);
    t().hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'mysfits-cluster',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('runs the core and like services on Fargate, desired count 1 each', () => {
    for (const name of ['mysfits-core', 'mysfits-like']) {
      t().hasResourceProperties('AWS::ECS::Service', {
        ServiceName: name,
        LaunchType: 'FARGATE',
        DesiredCount: 1,
        LoadBalancers: [Match.objectLike({ ContainerName: name, ContainerPort: 8080 })],
        NetworkConfiguration: {
          AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }),
        },
      });
    }
  });

  it('gives each task the app on 8080 with its env and the trace collector sidecar', () => {
    for (const name of ['mysfits-core', 'mysfits-like']) {
      const [app, collector] = containers(t(), name);
      expect(app).toMatchObject({
        Name: name,
        Essential: true,
        PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
      });
      expect(app!.Environment).toEqual(
        expect.arrayContaining([
          { Name: 'AWS_REGION', Value: region() },
          { Name: 'DDB_TABLE_NAME', Value: 'MysfitsTable' },
          { Name: 'LIKES_TABLE_NAME', Value: 'MysfitsLikesTable' },
          { Name: 'MYSFITS_REGIONS', Value: 'us-west-2,us-east-1' },
          { Name: 'AWS_XRAY_DAEMON_ADDRESS', Value: '127.0.0.1:2000' },
        ]),
      );
      expect(collector).toMatchObject({ Name: 'otel-collector', Image: COLLECTOR_IMAGE });
    }
  });

  it('health-checks both target groups as the workshop does', () => {
    // Three groups now: core, like and the routing gate's lambda group (routing-gate.test.ts).
    t().resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 3);
    const groups = t().findResources('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Properties: { TargetType: 'ip' },
    });
    expect(Object.keys(groups)).toHaveLength(2);
    for (const tg of Object.values(groups)) {
      expect(tg.Properties).toMatchObject({
        Port: 8080,
        Protocol: 'HTTP',
        TargetType: 'ip',
        HealthCheckPath: '/',
        HealthCheckIntervalSeconds: 10,
        HealthyThresholdCount: 3,
        UnhealthyThresholdCount: 3,
      });
      expect(tg.Properties.TargetGroupAttributes).toEqual(
        expect.arrayContaining([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
      );
    }
  });

  it('routes :80 to core by default and /mysfits/*/like to like at priority 1', () => {
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        { Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('Core') } },
      ],
    });
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/mysfits/*/like'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('Like') } }],
    });
  });

  it('has the two gating alarms on the like target group', () => {
    t().resourceCountIs('AWS::CloudWatch::Alarm', 2);
    t().hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'mysfits-like-target-5xx',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      Dimensions: Match.arrayWith([
        Match.objectLike({
          Name: 'TargetGroup',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Like'), 'TargetGroupFullName'] },
        }),
      ]),
    });
    t().hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'mysfits-like-unhealthy-hosts',
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      TreatMissingData: 'notBreaching',
    });
  });

  it('has the workshop X-Ray groups with their exact filter expressions', () => {
    t().resourceCountIs('AWS::XRay::Group', 2);
    t().hasResourceProperties('AWS::XRay::Group', {
      GroupName: 'like-service',
      FilterExpression: 'service("Like Service") AND http.method = "POST"',
    });
    t().hasResourceProperties('AWS::XRay::Group', {
      GroupName: 'like-service-errors-faults',
      FilterExpression: 'service("Like Service") { error = true OR fault = true }',
    });
  });
});

describe('regional settings', () => {
  it('takes AZs from Fn::GetAZs unless pinned by context', () => {
    const subnets = Object.values(d.primary.findResources('AWS::EC2::Subnet'));
    expect(JSON.stringify(subnets[0]!.Properties.AvailabilityZone)).toContain('Fn::GetAZs');
    const pinned = synthDeployment({
      availabilityZones: JSON.stringify({ 'us-east-1': ['us-east-1b', 'us-east-1c'] }),
    });
    pinned.secondary.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'us-east-1c' });
  });

  it('names stacks <prefix>-<region> for custom regions and prefix', () => {
    const custom = synthDeployment({
      stackPrefix: 'Drill',
      primaryRegion: 'eu-west-1',
      secondaryRegion: 'eu-central-1',
    });
    expect(custom.stacks.primary.stackName).toBe('Drill-eu-west-1');
    expect(custom.stacks.secondary.stackName).toBe('Drill-eu-central-1');
    expect(custom.stacks.global.stackName).toBe('Drill-global');
    expect(custom.stacks.global.region).toBe('us-west-2');
  });
});
