/**
 * How commands reach the table that holds the operations lock, the routing switches and the
 * audit trail (core/ops/control-store.ts): the control table when the config names one
 * (hash key `Pk`), else the app's global table, whose hash key is read from the first
 * replica that answers unless the config gives it.
 */
import type { Config } from '../../config/schema.js';
import { drError } from '../../core/errors.js';
import { type ControlStore, controlLayout } from '../../core/ops/control-store.js';
import type { PortFactory } from '../../core/ports.js';

/** The app's table port in every region, the primary first. */
export function tableReplicas(config: Config, ports: PortFactory) {
  return controlLayout({ ...config, controlTable: undefined }).regions.map((name) => ({
    name,
    dynamodb: ports.region(name).dynamodb,
  }));
}

/**
 * The app's table's hash key: the config's `globalTable.partitionKey` when given, else read
 * from the first replica that describes it; TABLE_UNREADABLE when none does.
 */
export async function tableHashKey(config: Config, ports: PortFactory): Promise<string> {
  if (config.globalTable.partitionKey) return config.globalTable.partitionKey;
  const errors: string[] = [];
  for (const { name, dynamodb } of tableReplicas(config, ports)) {
    try {
      const table = await dynamodb.describeTable(config.globalTable.name);
      const hash = table.key.find((k) => k.keyType === 'HASH');
      if (hash) return hash.name;
      errors.push(`${name}: the table has no hash key`);
    } catch (error) {
      errors.push(`${name}: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  throw drError(
    'TABLE_UNREADABLE',
    `table ${config.globalTable.name} could not be described in any region (${errors.join('; ')})`,
    {
      hint: 'Set globalTable.partitionKey in the config (item calls keep working when the control plane is down), or check that DynamoDB answers in a region and that the operator role may call dynamodb:DescribeTable.',
    },
  );
}

/** The lock's, the switches' and the audit trail's table, opened over `ports`. */
export async function openControlStore(config: Config, ports: PortFactory): Promise<ControlStore> {
  const layout = controlLayout(config);
  return {
    mode: layout.mode,
    table: layout.table,
    hashKey: layout.hashKey ?? (await tableHashKey(config, ports)),
    ids: layout.ids,
    regions: layout.regions.map((name) => ({ name, dynamodb: ports.region(name).dynamodb })),
  };
}
