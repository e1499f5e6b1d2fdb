/**
 * The config's checks across fields (zod checks each field on its own): each region listed once,
 * the primary among them, the control table's replicas among them and its witness a third
 * region, baseline dials for configured regions and not all 0, the listener and each endpoint
 * group under the accelerator's ARN, and each region's ARNs in that region. Every issue names
 * its path, the value and what is expected.
 */
import type { z } from 'zod';
import type { ConfigFields } from './schema.js';

/** An AWS region name's shape (`us-west-2`, `us-gov-west-1`). */
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Adds an issue to `ctx` for every cross-field problem of `config`. */
export function crossCheckConfig(config: ConfigFields, ctx: z.RefinementCtx): void {
  const names = config.regions.map((r) => r.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions', i, 'name'],
        input: name,
        message: `expected each region once; "${name}" is listed twice`,
      });
    }
  });
  if (REGION_PATTERN.test(config.primaryRegion) && !names.includes(config.primaryRegion)) {
    ctx.addIssue({
      code: 'custom',
      path: ['primaryRegion'],
      input: config.primaryRegion,
      message: `expected one of the configured regions (${names.join(', ')})`,
    });
  }
  if (!config.accelerator.listenerArn.startsWith(`${config.accelerator.arn}/listener/`)) {
    ctx.addIssue({
      code: 'custom',
      path: ['accelerator', 'listenerArn'],
      input: config.accelerator.listenerArn,
      message: `expected a listener of the configured accelerator (an ARN starting "${config.accelerator.arn}/listener/")`,
    });
  }
  const baselineDials = Object.entries(config.baseline?.dials ?? {});
  for (const [region, dial] of baselineDials) {
    if (!names.includes(region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseline', 'dials', region],
        input: dial,
        message: `expected a configured region (${names.join(', ')}), found "${region}"`,
      });
    }
  }
  if (baselineDials.length > 0 && baselineDials.every(([, dial]) => dial === 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['baseline', 'dials'],
      input: config.baseline?.dials,
      message: 'expected at least one dial above 0 (every dial at 0 leaves no region dialled)',
    });
  }
  const control = config.controlTable;
  control?.replicaRegions.forEach((name, i) => {
    if (REGION_PATTERN.test(name) && !names.includes(name))
      ctx.addIssue({
        code: 'custom',
        path: ['controlTable', 'replicaRegions', i],
        input: name,
        message: `expected one of the configured regions (${names.join(', ')})`,
      });
  });
  if (control && new Set([...control.replicaRegions, control.witnessRegion]).size < 3) {
    ctx.addIssue({
      code: 'custom',
      path: ['controlTable', 'witnessRegion'],
      input: control.witnessRegion,
      message: `expected three different regions: two replicas and a witness (MRSC), got ${[...control.replicaRegions, control.witnessRegion].join(', ')}`,
    });
  }
  config.regions.forEach((region, i) => {
    const checkRegion = (arn: string, path: (string | number)[]) => {
      const arnRegion = arn.split(':')[3];
      if (arnRegion && arnRegion !== region.name) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', i, ...path],
          input: arn,
          message: `expected an ARN in ${region.name}, found one in ${arnRegion}`,
        });
      }
    };
    checkRegion(region.loadBalancerArn, ['loadBalancerArn']);
    // An endpoint group's ARN extends its listener's, which extends its accelerator's.
    const groupPrefix = `${config.accelerator.listenerArn}/endpoint-group/`;
    if (!region.endpointGroupArn.startsWith(groupPrefix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions', i, 'endpointGroupArn'],
        input: region.endpointGroupArn,
        message: `expected an endpoint group of the configured listener (an ARN starting "${groupPrefix}")`,
      });
    }
    region.ecs.services.forEach((s, j) =>
      checkRegion(s.targetGroupArn, ['ecs', 'services', j, 'targetGroupArn']),
    );
  });
}
