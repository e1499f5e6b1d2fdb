import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthDeployment, type TestDeployment } from './helpers.js';

let d: TestDeployment;
beforeAll(() => {
  d = synthDeployment();
});

describe.each([
  ['primary', 'us-west-2'],
  ['secondary', 'us-east-1'],
] as const)('the routing gate of the %s stack', (which, region) => {
  const t = () => (which === 'primary' ? d.primary : d.secondary);
  const ref = (type: string) => {
    const ids = Object.keys(t().findResources(type)).filter((id) => id.startsWith('RoutingGate'));
    expect(ids, type).toHaveLength(1);
    return ids[0]!;
  };

  it('runs services/gate on Node.js 24 with the control table (the switches) and a short timeout', () => {
    t().hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 3,
      Environment: { Variables: { ROUTING_TABLE_NAME: 'MysfitsDrControl' } },
    });
  });

  it("is the only target of a lambda target group with health checks enabled, the app groups' timing", () => {
    const groups = Object.values(t().findResources('AWS::ElasticLoadBalancingV2::TargetGroup'));
    const gate = groups.find((g) => g.Properties.TargetType === 'lambda')!.Properties;
    const app = groups.find((g) => g.Properties.TargetType === 'ip')!.Properties;
    expect(gate).toMatchObject({
      HealthCheckEnabled: true,
      Targets: [{ Id: { 'Fn::GetAtt': [ref('AWS::Lambda::Function'), 'Arn'] } }],
    });
    const timing = (p: Record<string, unknown>) => [
      p.HealthCheckPath,
      p.HealthCheckIntervalSeconds,
      p.HealthCheckTimeoutSeconds,
      p.HealthyThresholdCount,
      p.UnhealthyThresholdCount,
      p.Matcher,
    ];
    expect(timing(gate)).toEqual(timing(app));
    expect(timing(gate)).toEqual(['/', 10, 5, 3, 3, { HttpCode: '200' }]);
  });

  it('may be invoked by Elastic Load Balancing for its target group only', () => {
    t().hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'elasticloadbalancing.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [ref('AWS::Lambda::Function'), 'Arn'] },
      SourceArn: `arn:aws:elasticloadbalancing:${region}:123456789012:targetgroup/mysfits-routing-gate/*`,
      SourceAccount: '123456789012',
    });
    t().resourceCountIs('AWS::Lambda::Permission', 1);
    // The group registers the function only once the permission exists.
    const group = t().findResources('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Properties: { TargetType: 'lambda' },
    });
    expect(Object.values(group)[0]!.DependsOn).toContain(ref('AWS::Lambda::Permission'));
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Name: 'mysfits-routing-gate',
      TargetType: 'lambda',
    });
  });

  it('is attached by a host-header rule that application traffic never matches', () => {
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 50000,
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: ['routing-gate.invalid'] } },
      ],
      Actions: [
        {
          Type: 'forward',
          TargetGroupArn: { Ref: ref('AWS::ElasticLoadBalancingV2::TargetGroup') },
        },
      ],
    });
  });

  it("may read only its own region's switch item, and write its own logs", () => {
    const statements = Object.values(t().findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('RoutingGateRole'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: `arn:aws:dynamodb:${region}:123456789012:table/MysfitsDrControl`,
        Condition: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`routing#${region}`] },
        },
      },
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [ref('AWS::Logs::LogGroup'), 'Arn'] }, ':*']],
        },
      },
    ]);
    t().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
      ManagedPolicyArns: Match.absent(),
    });
  });

  it('outputs its target group and function', () => {
    t().hasOutput('GateTargetGroupArn', {
      Value: { Ref: ref('AWS::ElasticLoadBalancingV2::TargetGroup') },
    });
    t().hasOutput('GateFunctionName', { Value: { Ref: ref('AWS::Lambda::Function') } });
  });
});
