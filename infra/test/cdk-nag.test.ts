import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PERMISSIONS, synthDeployment } from './helpers.js';

/** Every unacknowledged AwsSolutions finding (errors AND warnings) in the app's stacks. */
function nagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.map(
    (v) =>
      `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
  );
}

/** Every acknowledgement recorded in the construct tree, with its reason. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['the default operator permissions', undefined],
    ['a full permission list', SAMPLE_PERMISSIONS],
  ])('finds nothing unacknowledged in any stack with %s', (_name, permissions) => {
    const d = synthDeployment({}, permissions ? { permissions } : {});
    expect(nagFindings(d.app)).toEqual([]);
  });

  it('every acknowledgement carries a written reason', () => {
    const d = synthDeployment({}, { permissions: SAMPLE_PERMISSIONS });
    const acks = acknowledgements(d.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(40);
    }
  });
});

describe('the nag harness', () => {
  it('does report a finding that nobody acknowledged', async () => {
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    const d = synthDeployment();
    new Bucket(d.stacks.primary, 'Unlogged');
    expect(nagFindings(d.app).join('\n')).toMatch(/AwsSolutions-S1: MysfitsDr-us-west-2\/Unlogged/);
  });
});
