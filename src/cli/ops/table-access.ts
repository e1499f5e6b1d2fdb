/**
 * How commands reach the global table that holds the operations lock, the routing switches
 * and the audit trail: each region's replica in a fixed order (the primary first), and the
 * table's hash key read from the first replica that answers.
 */
import type { Config } from '../../config/schema.js';
import { drError } from '../../core/errors.js';
import type { AuditRegion } from '../../core/ops/audit.js';
import type { PortFactory } from '../../core/ports.js';

/** The table's port in every region, the primary first: the order the lock and the trail are tried. */
export function tableReplicas(config: Config, ports: PortFactory): AuditRegion[] {
  const isPrimary = (name: string) => Number(name === config.primaryRegion);
  return [...config.regions]
    .sort((a, b) => isPrimary(b.name) - isPrimary(a.name))
    .map((r) => ({ name: r.name, dynamodb: ports.region(r.name).dynamodb }));
}

/**
 * The table's hash key: the config's `globalTable.partitionKey` when given, else read from the
 * first replica that describes it; TABLE_UNREADABLE when none does.
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
