/**
 * Where the control items live (core/ops/control-store.ts): the config's `controlTable`
 * (validated: two configured replica regions and a third region for the witness), the layout
 * it gives (the control table with hash key `Pk`, or the app's table without one, the primary
 * first), `init --from-stacks` filling it from the global stack's outputs, and the switch
 * item's key kept equal to the one the services' reader uses.
 */
import { describe, expect, it } from 'vitest';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { configFromStacks, type NamedOutputs } from '../../src/config/from-stacks.js';
import { CONTROL_TABLE_IDS, controlLayout } from '../../src/core/ops/control-store.js';
import { routingItemKey } from '../../services/shared/routing-switch.js';

const lab = labConfig() as Record<string, unknown> & { controlTable: Record<string, unknown> };

describe('controlTable in the config', () => {
  it('the lab names its MRSC control table; the layout is the control table, primary first', () => {
    const config = parseConfig(
      { ...lab, controlTable: { ...lab.controlTable, replicaRegions: ['us-east-1', 'us-west-2'] } },
      'lab',
    );
    expect(controlLayout(config)).toMatchObject({
      mode: 'strong',
      table: 'MysfitsDrControl',
      hashKey: 'Pk',
      regions: ['us-west-2', 'us-east-1'],
    });
  });

  it('without one: the app table, its partition key, the home region (the primary) first', () => {
    const { controlTable: _, ...older } = lab;
    const config = parseConfig({ ...older, primaryRegion: 'us-east-1' }, 'older');
    expect(controlLayout(config)).toMatchObject({
      mode: 'home-region',
      table: 'MysfitsTable',
      hashKey: 'MysfitId',
      regions: ['us-east-1', 'us-west-2'],
    });
    expect(controlLayout(config).ids.lock).toBe('__lock#mysfits-dr');
  });

  it.each([
    [
      'a witness in a replica region',
      { witnessRegion: 'us-east-1' },
      'controlTable.witnessRegion',
      /three different regions: two replicas and a witness/,
    ],
    [
      'a replica outside the configured regions',
      { replicaRegions: ['us-west-2', 'eu-west-1'] },
      'controlTable.replicaRegions[1]',
      /expected one of the configured regions \(us-west-2, us-east-1\)/,
    ],
    [
      'one replica',
      { replicaRegions: ['us-west-2'] },
      'controlTable.replicaRegions',
      /two replica regions/,
    ],
  ])('refuses %s, naming the field', (_, change, path, message) => {
    let error: unknown;
    try {
      parseConfig({ ...lab, controlTable: { ...lab.controlTable, ...change } }, 'test');
    } catch (e) {
      error = e;
    }
    const issues = (error as { details: { issues: { path: string; expected: string }[] } }).details
      .issues;
    expect(issues.find((i) => i.path === `$.${path}`)?.expected).toMatch(message);
  });
});

describe('init --from-stacks', () => {
  const outputs = (extra: Record<string, string>): NamedOutputs => ({
    stackName: 'MysfitsDr-global',
    outputs: {
      AcceleratorArn: 'a',
      AcceleratorDnsName: 'a1234567890abcdef.awsglobalaccelerator.com',
      ListenerArn: 'l',
      PrimaryRegion: 'us-west-2',
      SecondaryRegion: 'us-east-1',
      PrimaryEndpointGroupArn: 'p',
      SecondaryEndpointGroupArn: 's',
      TableName: 'MysfitsTable',
      ...extra,
    },
  });
  const regional: NamedOutputs = { stackName: 'r', outputs: new Proxy({}, { get: () => 'x' }) };

  it('fills controlTable from ControlTableName and ControlTableWitnessRegion', () => {
    const config = configFromStacks(
      outputs({ ControlTableName: 'MysfitsDrControl', ControlTableWitnessRegion: 'us-east-2' }),
      regional,
      regional,
    );
    expect(config.controlTable).toEqual({
      name: 'MysfitsDrControl',
      replicaRegions: ['us-west-2', 'us-east-1'],
      witnessRegion: 'us-east-2',
    });
  });

  it('stacks from before the control table: no controlTable (the lock fails closed)', () => {
    expect(configFromStacks(outputs({}), regional, regional).controlTable).toBeUndefined();
  });
});

it("the switch item's key is the one the services' reader uses", () => {
  expect(routingItemKey('us-west-2')).toEqual({
    Pk: { S: CONTROL_TABLE_IDS.routing('us-west-2') },
  });
});
