import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthDeployment, type TestDeployment } from './helpers.js';

let d: TestDeployment;
beforeAll(() => {
  d = synthDeployment();
});

/** The Fn::GetStackOutput a weak cross-stack reference renders to. */
const fromStack = (stackName: string, region: string, output: RegExp) => ({
  'Fn::GetStackOutput': {
    StackName: stackName,
    Region: region,
    OutputName: Match.stringLikeRegexp(output.source),
  },
});

describe('the global stack', () => {
  it('is deployed in us-west-2 after both regional stacks', () => {
    expect(d.stacks.global.region).toBe('us-west-2');
    expect(d.stacks.global.dependencies).toEqual(
      expect.arrayContaining([d.stacks.primary, d.stacks.secondary]),
    );
  });

  it('creates mm-global-accelerator with a TCP :80 listener, no client affinity', () => {
    d.global.hasResourceProperties('AWS::GlobalAccelerator::Accelerator', {
      Name: 'mm-global-accelerator',
      Enabled: true,
    });
    d.global.hasResourceProperties('AWS::GlobalAccelerator::Listener', {
      Protocol: 'TCP',
      ClientAffinity: 'NONE',
      PortRanges: [{ FromPort: 80, ToPort: 80 }],
    });
  });

  it("has one endpoint group per region holding that region's ALB, dial 100", () => {
    d.global.resourceCountIs('AWS::GlobalAccelerator::EndpointGroup', 2);
    for (const [stack, region] of [
      ['MysfitsDr-us-west-2', 'us-west-2'],
      ['MysfitsDr-us-east-1', 'us-east-1'],
    ] as const) {
      d.global.hasResourceProperties('AWS::GlobalAccelerator::EndpointGroup', {
        EndpointGroupRegion: region,
        TrafficDialPercentage: 100,
        HealthCheckPath: '/',
        EndpointConfigurations: [
          {
            EndpointId: fromStack(stack, region, /LoadBalancerAlb/),
            ClientIPPreservationEnabled: true,
            Weight: 128,
          },
        ],
      });
    }
  });

  it('publishes each ALB ARN as an output of its regional stack', () => {
    for (const t of [d.primary, d.secondary]) {
      const outputs = t.findOutputs('*', {
        Value: { Ref: Match.stringLikeRegexp('LoadBalancerAlb') },
      });
      expect(Object.keys(outputs).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('has one dashboard whose metrics name both regions explicitly', () => {
    d.global.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const dashboards = d.global.findResources('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(Object.values(dashboards)[0]!.Properties.DashboardBody);
    for (const region of ['us-west-2', 'us-east-1']) {
      expect(body).toContain(`\\"region\\":\\"${region}\\"`);
      expect(body).toContain(`RequestCount ${region}`);
      expect(body).toContain(`HTTPCode_Target_5XX_Count ${region}`);
      expect(body).toContain(`like-service-errors-faults ${region}`);
    }
    expect(body).toContain('CPUUtilization');
    expect(body).toContain('MemoryUtilization');
    d.primary.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });
});
