/**
 * Seeds the lab's control table (the operations lock, the audit trail, the routing
 * switches: docs/operations.md) through the lab's own endpoint and the real SDK, as infra/
 * creates it on AWS: a table with hash key `Pk` (S), on-demand, made multi-Region strongly
 * consistent (MRSC) with UpdateTable: a replica in the secondary region and a witness.
 * Idempotent: a table that is already STRONG is left as it is.
 */
import { CreateTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { CONTROL_HASH_KEY } from '../core/ops/control-store.js';
import { describeIfAny, seedingClient, waitForSeeding } from './seed.js';

/** Where to seed the control table. */
export interface ControlSeedOptions {
  tableName: string;
  /** The region the table is created in (the first replica). */
  primaryRegion: string;
  /** The second replica's region. */
  secondaryRegion: string;
  witnessRegion: string;
  /** Give up waiting for ACTIVE after this long (default 60 s). */
  timeoutMs?: number;
}

/** Creates the MRSC control table in the lab at `labUrl`; true when it was created now. */
export async function seedControlTable(
  labUrl: string,
  options: ControlSeedOptions,
): Promise<boolean> {
  const { tableName, primaryRegion, secondaryRegion, witnessRegion } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const client = seedingClient(labUrl, primaryRegion);
  try {
    const existing = await describeIfAny(client, tableName);
    if (existing?.MultiRegionConsistency === 'STRONG') return false;
    if (!existing) {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [{ AttributeName: CONTROL_HASH_KEY, AttributeType: 'S' }],
          KeySchema: [{ AttributeName: CONTROL_HASH_KEY, KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
    await waitForSeeding(`${tableName} to be ACTIVE in ${primaryRegion}`, deadline, async () => {
      return (await describeIfAny(client, tableName))?.TableStatus === 'ACTIVE';
    });
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        MultiRegionConsistency: 'STRONG',
        ReplicaUpdates: [{ Create: { RegionName: secondaryRegion } }],
        GlobalTableWitnessUpdates: [{ Create: { RegionName: witnessRegion } }],
      }),
    );
    await waitForSeeding(`the MRSC replica and witness of ${tableName}`, deadline, async () => {
      const table = await describeIfAny(client, tableName);
      return (
        table?.TableStatus === 'ACTIVE' &&
        table.Replicas?.find((r) => r.RegionName === secondaryRegion)?.ReplicaStatus === 'ACTIVE' &&
        table.GlobalTableWitnesses?.find((w) => w.RegionName === witnessRegion)?.WitnessStatus ===
          'ACTIVE'
      );
    });
    return true;
  } finally {
    client.destroy();
  }
}
