import { beforeAll, describe, expect, it } from 'vitest';
import { synthDeployment, type TestDeployment } from './helpers.js';

let d: TestDeployment;
beforeAll(() => {
  d = synthDeployment();
});

/** The control table's resource in a stack's template. */
function controlTable(deployment: TestDeployment) {
  const found = deployment.primary.findResources('AWS::DynamoDB::GlobalTable', {
    Properties: { TableName: 'MysfitsDrControl' },
  });
  expect(Object.keys(found)).toHaveLength(1);
  return Object.values(found)[0]!;
}

describe('the control table (lock, audit trail, routing switches)', () => {
  it('is MRSC: STRONG, hash key Pk, replicas in both regions, the witness in us-east-2', () => {
    const { Properties: p } = controlTable(d);
    expect(p.MultiRegionConsistency).toBe('STRONG');
    expect(p.KeySchema).toEqual([{ AttributeName: 'Pk', KeyType: 'HASH' }]);
    expect(p.AttributeDefinitions).toEqual([{ AttributeName: 'Pk', AttributeType: 'S' }]);
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect((p.Replicas as { Region: string }[]).map((r) => r.Region).sort()).toEqual([
      'us-east-1',
      'us-west-2',
    ]);
    expect(p.GlobalTableWitnesses).toEqual([{ Region: 'us-east-2' }]);
    // The lock expires by its ExpiresAt attribute, read by mysfits-dr; no TTL is configured.
    expect(p.TimeToLiveSpecification).toBeUndefined();
  });

  it('is retained like the app table; its name and witness come from context', () => {
    expect(controlTable(d).DeletionPolicy).toBe('Retain');
    const custom = synthDeployment({
      controlTableName: 'OtherControl',
      witnessRegion: 'us-east-1',
      primaryRegion: 'us-west-2',
      secondaryRegion: 'us-east-2',
    });
    const found = custom.primary.findResources('AWS::DynamoDB::GlobalTable', {
      Properties: { TableName: 'OtherControl' },
    });
    expect(Object.values(found)[0]?.Properties.GlobalTableWitnesses).toEqual([
      { Region: 'us-east-1' },
    ]);
  });

  it('refuses a witness in a replica region', () => {
    expect(() => synthDeployment({ witnessRegion: 'us-east-1' })).toThrow(
      /"witnessRegion" must differ from both replica regions/,
    );
  });

  it('is named by the global stack for init --from-stacks', () => {
    d.global.hasOutput('ControlTableName', { Value: 'MysfitsDrControl' });
    d.global.hasOutput('ControlTableWitnessRegion', { Value: 'us-east-2' });
  });

  it('the operator role may only get and put its items, in its two replica regions', () => {
    const policies = d.global.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    );
    const onControl = statements.filter((s) =>
      JSON.stringify(s.Resource).includes('MysfitsDrControl'),
    );
    expect(onControl).toHaveLength(1);
    expect(onControl[0]!.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(JSON.stringify(onControl[0]!.Resource)).toMatch(/us-west-2.*MysfitsDrControl/);
    expect(JSON.stringify(onControl[0]!.Resource)).toMatch(/us-east-1.*MysfitsDrControl/);
    expect(JSON.stringify(onControl[0]!.Resource)).not.toMatch(/us-east-2/);
  });
});
