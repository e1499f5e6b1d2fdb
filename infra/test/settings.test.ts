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
      controlTableName: 'MysfitsDrControl',
      witnessRegion: 'us-east-2',
      likesTableName: 'MysfitsLikesTable',
      operatorPrincipalArn: undefined,
      availabilityZones: {},
      retainTable: true,
    });
  });

  it("defaults the control table's witness to the third region of the replicas' MRSC set", () => {
    const eu = { primaryRegion: 'eu-west-1', secondaryRegion: 'eu-central-1' };
    expect(readSettings(ctx(eu)).witnessRegion).toBe('eu-west-2');
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
    [{ controlTableName: 'x' }, /controlTableName/],
    [{ witnessRegion: 'us-west-2' }, /witnessRegion" must differ from both replica regions/],
    [
      { witnessRegion: 'eu-west-1' },
      /in their MRSC Region set \(us-east-1, us-east-2, us-west-2\)/,
    ],
    [{ secondaryRegion: 'us-west-1' }, /both regions in one MRSC Region set/],
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
    ['control table', 'MysfitsDrControl'],
    ['witness region', 'us-east-2'],
    ...Object.values(GATING_ALARMS).map((n) => ['alarm', n]),
    ...XRAY_GROUPS.map((g) => ['X-Ray group', g.name]),
  ])('the %s name %s appears there', (_what, name) => {
    expect(topology).toContain(`'${name}'`);
  });
});
