import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACCELERATOR_NAME,
  CLUSTER_NAME,
  GATING_ALARMS,
  SERVICES,
  XRAY_GROUPS,
} from '../lib/names.js';
import { readSettings, SettingsError } from '../lib/settings.js';
import { INFRA_DIR } from './helpers.js';

const ctx = (values: Record<string, unknown>) => ({ tryGetContext: (k: string) => values[k] });

describe('readSettings', () => {
  it('defaults to the workshop regions, the placeholder account and a retained table', () => {
    expect(readSettings(ctx({}))).toEqual({
      stackPrefix: 'MysfitsDr',
      account: '123456789012',
      primaryRegion: 'us-west-2',
      secondaryRegion: 'us-east-1',
      tableName: 'MysfitsTable',
      likesTableName: 'MysfitsLikesTable',
      operatorPrincipalArn: undefined,
      availabilityZones: {},
      retainTable: true,
    });
  });

  it('takes the account from CDK_DEFAULT_ACCOUNT, and context over it', () => {
    expect(readSettings(ctx({}), { CDK_DEFAULT_ACCOUNT: '111122223333' }).account).toBe(
      '111122223333',
    );
    expect(
      readSettings(ctx({ account: '444455556666' }), { CDK_DEFAULT_ACCOUNT: '111122223333' })
        .account,
    ).toBe('444455556666');
  });

  it.each([
    [{ primaryRegion: 'uswest2' }, /primaryRegion/],
    [{ secondaryRegion: 'us-west-2' }, /must differ/],
    [{ account: '12' }, /12-digit/],
    [{ stackPrefix: '9lives' }, /stackPrefix/],
    [{ tableName: 'x' }, /tableName/],
    [{ operatorPrincipalArn: 'alice' }, /operatorPrincipalArn/],
    [{ retainTable: 'maybe' }, /retainTable/],
    [{ availabilityZones: '{' }, /availabilityZones/],
    [{ availabilityZones: { 'us-east-1': ['us-west-2a', 'us-west-2b'] } }, /availabilityZones/],
  ])('refuses %j', (values, message) => {
    expect(() => readSettings(ctx(values))).toThrow(SettingsError);
    expect(() => readSettings(ctx(values))).toThrow(message);
  });
});

describe('names shared with the lab (src/lab/topology.ts)', () => {
  // Read as text: infra is its own package and does not import the CLI's sources.
  const topology = readFileSync(join(INFRA_DIR, '..', 'src', 'lab', 'topology.ts'), 'utf8');

  it.each([
    ['cluster', CLUSTER_NAME],
    ['core service', SERVICES.core.name],
    ['like service', SERVICES.like.name],
    ['like X-Ray service name', SERVICES.like.xrayServiceName],
    ['accelerator', ACCELERATOR_NAME],
    ['table', 'MysfitsTable'],
    ...Object.values(GATING_ALARMS).map((n) => ['alarm', n]),
    ...XRAY_GROUPS.map((g) => ['X-Ray group', g.name]),
  ])('the %s name %s appears there', (_what, name) => {
    expect(topology).toContain(`'${name}'`);
  });
});
