import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_OUTPUTS, REGIONAL_OUTPUTS } from '../lib/names.js';
import {
  GLOBAL_STACK_OUTPUTS,
  OPTIONAL_GLOBAL_STACK_OUTPUTS,
  REGIONAL_STACK_OUTPUTS,
} from '../../src/config/from-stacks.js';
import { INFRA_DIR, synthDeployment, type TestDeployment } from './helpers.js';

let d: TestDeployment;
beforeAll(() => {
  d = synthDeployment();
});

describe('stack outputs (read by `mysfits-dr init --from-stacks`)', () => {
  it.each([
    ['primary', 'us-west-2'],
    ['secondary', 'us-east-1'],
  ] as const)('the %s stack has every regional key', (role, region) => {
    const t = role === 'primary' ? d.primary : d.secondary;
    for (const key of Object.values(REGIONAL_OUTPUTS)) t.hasOutput(key, {});
    t.hasOutput('Region', { Value: region });
    t.hasOutput('Role', { Value: role });
    t.hasOutput('TableName', { Value: 'MysfitsTable' });
    t.hasOutput('ClusterName', { Value: { Ref: Match.stringLikeRegexp('Cluster') } });
    t.hasOutput('CoreServiceName', { Value: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }) });
    t.hasOutput('GatingAlarmNames', {
      Value: 'mysfits-like-target-5xx,mysfits-like-unhealthy-hosts',
    });
    t.hasOutput('XRayGroupNames', { Value: 'like-service,like-service-errors-faults' });
    t.hasOutput('CoreTargetGroupArn', { Value: { Ref: Match.stringLikeRegexp('CoreTargets') } });
    t.hasOutput('LikeTargetGroupArn', { Value: { Ref: Match.stringLikeRegexp('LikeTargets') } });
    t.hasOutput('LoadBalancerArn', { Value: { Ref: Match.stringLikeRegexp('LoadBalancerAlb') } });
  });

  it('the global stack has every global key', () => {
    for (const key of Object.values(GLOBAL_OUTPUTS)) d.global.hasOutput(key, {});
    d.global.hasOutput('PrimaryRegion', { Value: 'us-west-2' });
    // CloudFormation's AWS::GlobalAccelerator::Accelerator returns DnsName and Ipv4Addresses.
    d.global.hasOutput('AcceleratorDnsName', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Accelerator'), 'DnsName'] },
    });
    d.global.hasOutput('AcceleratorIpv4Addresses', {
      Value: {
        'Fn::Join': [
          ',',
          { 'Fn::GetAtt': [Match.stringLikeRegexp('Accelerator'), 'Ipv4Addresses'] },
        ],
      },
    });
    d.global.hasOutput('LikesTableName', { Value: 'MysfitsLikesTable' });
    d.global.hasOutput('SecondaryStackName', { Value: 'MysfitsDr-us-east-1' });
    d.global.hasOutput('PrimaryEndpointGroupArn', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Groupuswest2'), 'EndpointGroupArn'] },
    });
    d.global.hasOutput('OperatorRoleArn', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('OperatorRole'), 'Arn'] },
    });
  });

  it('has every output `mysfits-dr init --from-stacks` reads, in the stack it reads it from', () => {
    const keys = (t: typeof d.global) => Object.keys(t.toJSON().Outputs as Record<string, unknown>);
    expect(keys(d.global)).toEqual(
      expect.arrayContaining([...GLOBAL_STACK_OUTPUTS, ...OPTIONAL_GLOBAL_STACK_OUTPUTS]),
    );
    expect(keys(d.primary)).toEqual(expect.arrayContaining([...REGIONAL_STACK_OUTPUTS]));
    expect(keys(d.secondary)).toEqual(expect.arrayContaining([...REGIONAL_STACK_OUTPUTS]));
  });

  it('README.md documents every output key', () => {
    const readme = readFileSync(join(INFRA_DIR, 'README.md'), 'utf8');
    for (const key of [...Object.values(REGIONAL_OUTPUTS), ...Object.values(GLOBAL_OUTPUTS)]) {
      expect(readme, key).toContain(`\`${key}\``);
    }
  });
});
