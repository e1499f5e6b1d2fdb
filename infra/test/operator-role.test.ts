import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  loadOperatorPermissions,
  parsePermissions,
  PERMISSIONS_FILE,
  type PermissionStatement,
} from '../lib/operator-permissions.js';
import { allPolicyActions, SAMPLE_PERMISSIONS, synthDeployment } from './helpers.js';

function operatorStatements(permissions?: readonly PermissionStatement[]) {
  const d = synthDeployment({}, permissions ? { permissions } : {});
  const policies = d.global.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('OperatorRole') }] },
  });
  const statements = Object.values(policies).flatMap(
    (p) =>
      p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
  );
  return { d, statements };
}

describe('the operator role', () => {
  it('is assumable by the account root by default, or by the configured principal', () => {
    const { d } = operatorStatements();
    d.global.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } })],
      },
    });
    const principal = 'arn:aws:iam::123456789012:role/dr-operators';
    const custom = synthDeployment({ operatorPrincipalArn: principal });
    custom.global.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { AWS: principal } })],
      },
    });
  });

  it('grants a list on the table (both regions) and the three stacks', () => {
    const { statements } = operatorStatements([
      { service: 'dynamodb', actions: ['dynamodb:PutItem'], resource: 'table' },
      { service: 'cloudformation', actions: ['cloudformation:DescribeStacks'], resource: 'stack' },
    ]);
    const byAction = (a: string) => statements.find((s) => [s.Action].flat().includes(a));
    expect(byAction('dynamodb:PutItem')!.Resource).toEqual(
      expect.arrayContaining([
        'arn:aws:dynamodb:us-west-2:123456789012:table/MysfitsTable',
        'arn:aws:dynamodb:us-east-1:123456789012:table/MysfitsTable',
      ]),
    );
    expect(byAction('cloudformation:DescribeStacks')!.Resource).toHaveLength(3);
  });

  it('scopes every kind of a full list and keeps "*" for the unscopable actions', () => {
    const { statements } = operatorStatements(SAMPLE_PERMISSIONS);
    const resourcesOf = (a: string) =>
      JSON.stringify(statements.find((s) => [s.Action].flat().includes(a))!.Resource);
    expect(resourcesOf('dynamodb:GetRecords')).toContain('table/MysfitsTable/stream/*');
    expect(resourcesOf('dynamodb:DescribeTable')).not.toContain('stream');
    expect(resourcesOf('ecs:UpdateService')).toContain(
      'arn:aws:ecs:us-east-1:123456789012:service/mysfits-cluster/mysfits-like',
    );
    expect(resourcesOf('globalaccelerator:UpdateEndpointGroup')).toContain('EndpointGroupArn');
    expect(resourcesOf('elasticloadbalancing:ModifyTargetGroup')).toContain('Fn::GetStackOutput');
    expect(resourcesOf('cloudwatch:DescribeAlarms')).toContain(
      'arn:aws:cloudwatch:us-west-2:123456789012:alarm:mysfits-like-target-5xx',
    );
    expect(resourcesOf('cloudwatch:GetMetricData')).toBe('"*"');
  });

  it('never grants a wildcard action, in any stack', () => {
    const { d } = operatorStatements(SAMPLE_PERMISSIONS);
    const actions = [d.primary, d.secondary, d.global].flatMap(allPolicyActions);
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions) {
      expect(action).not.toBe('*');
      expect(action).not.toContain('*');
    }
  });
});

describe('permissions.json', () => {
  it.each([
    ['not an array', {}, /non-empty JSON array/],
    ['a bare *', [{ service: 'ecs', actions: ['*'], resource: '*' }], /wildcards are refused/],
    ['service:*', [{ service: 'ecs', actions: ['ecs:*'], resource: '*' }], /wildcards are refused/],
    [
      'a prefix wildcard',
      [{ service: 'ecs', actions: ['ecs:Describe*'], resource: '*' }],
      /wildcards/,
    ],
    [
      'another service',
      [{ service: 'ecs', actions: ['iam:PassRole'], resource: '*' }],
      /does not belong/,
    ],
    [
      'an unknown kind',
      [{ service: 'ecs', actions: ['ecs:ListTasks'], resource: 'vpc' }],
      /expected one of/,
    ],
  ])('refuses %s', (_name, json, message) => {
    expect(() => parsePermissions(json, 'permissions.json')).toThrow(message);
  });

  it('accepts the sample list', () => {
    expect(parsePermissions(SAMPLE_PERMISSIONS, 'x')).toEqual(SAMPLE_PERMISSIONS);
    const dir = mkdtempSync(join(tmpdir(), 'perm-'));
    const file = join(dir, 'permissions.json');
    writeFileSync(file, JSON.stringify(SAMPLE_PERMISSIONS));
    expect(loadOperatorPermissions(file)).toEqual({ statements: SAMPLE_PERMISSIONS, source: file });
  });

  it('stops synth with the file and the fix when the file is missing, never a built-in list', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'perm-')), 'permissions.json');
    expect(() => loadOperatorPermissions(missing)).toThrow(
      new RegExp(`^${missing}: the operator role's permission list is missing.*git checkout`),
    );
  });

  it('stops synth naming the file when it is not JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'perm-')), 'permissions.json');
    writeFileSync(file, '[{"service": ');
    expect(() => loadOperatorPermissions(file)).toThrow(new RegExp(`^${file}: not valid JSON`));
  });

  it('reads the repository list by default (what the app grants)', () => {
    expect(PERMISSIONS_FILE).toMatch(/src\/aws\/permissions\.json$/);
    expect(loadOperatorPermissions().statements.length).toBeGreaterThan(3);
  });
});
