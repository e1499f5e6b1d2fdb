// Replication faults and settings: a `replication-pause` fault stops one direction only;
// its changes queue and are delivered on resume; the lag can be changed at runtime; a
// replica can be deleted (and the table stops being global).
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabServer } from '../../src/lab/server.js';
import { REGIONS, sleep, startTestLab, type TestLab, uniqueId, waitFor } from '../helpers/lab.js';

const LAG_MS = 200;
const [west, east] = REGIONS;
const TABLE = 'FaultsTable';
let lab: TestLab;

const key = (id: string) => ({ pk: { S: id } });
async function get(region: string, id: string, table = TABLE) {
  return (
    await lab
      .client(region)
      .send(new GetItemCommand({ TableName: table, Key: key(id), ConsistentRead: true }))
  ).Item;
}
async function put(region: string, id: string, value: string, table = TABLE) {
  await lab
    .client(region)
    .send(new PutItemCommand({ TableName: table, Item: { ...key(id), v: { S: value } } }));
}
async function direction(from: string, to: string) {
  const { body } = await lab.api('GET', '/_lab/replication');
  return body.directions.find((d: { from: string; to: string }) => d.from === from && d.to === to);
}
/** Creates `table` (a string `pk` key, on demand) in `region`. */
function createTable(region: string, table: string) {
  return lab.client(region).send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}
async function makeGlobal(table: string) {
  await createTable(west, table);
  const updated = await lab.client(west).send(
    new UpdateTableCommand({
      TableName: table,
      ReplicaUpdates: [{ Create: { RegionName: east } }],
    }),
  );
  expect(updated.TableDescription?.Replicas?.[0]?.RegionName).toBe(east);
  expect(['CREATING', 'ACTIVE']).toContain(updated.TableDescription?.Replicas?.[0]?.ReplicaStatus);
  await waitFor('replica ACTIVE', async () => {
    const table_ = (await lab.client(west).send(new DescribeTableCommand({ TableName: table })))
      .Table;
    return table_?.Replicas?.[0]?.ReplicaStatus === 'ACTIVE' && table_.TableStatus === 'ACTIVE';
  });
}

beforeAll(async () => {
  lab = await startTestLab({ lagMs: LAG_MS });
  await makeGlobal(TABLE);
});
afterAll(async () => {
  await lab?.stop();
});

describe('replication-pause faults', () => {
  it('pauses one direction only, queues its changes and delivers them on resume', async () => {
    const added = await lab.api('POST', '/_lab/faults', {
      kind: 'replication-pause',
      from: west,
      to: east,
    });
    expect(added.status).toBe(201);
    expect(added.body.fault).toMatchObject({
      kind: 'replication-pause',
      from: west,
      to: east,
      expiresAt: null,
    });
    const again = await lab.api('POST', '/_lab/faults', {
      kind: 'replication-pause',
      from: west,
      to: east,
    });
    expect(again.status).toBe(200);
    expect(again.body.fault.id).toBe(added.body.fault.id);

    const paused = uniqueId('paused');
    const flowing = uniqueId('flowing');
    await put(west, paused, 'one');
    await put(west, paused, 'two');
    await put(east, flowing, 'east');
    await waitFor('the unpaused direction to deliver', () => get(west, flowing));
    await sleep(LAG_MS * 3);
    expect(await get(east, paused)).toBeUndefined();
    const stats = await direction(west, east);
    expect(stats).toMatchObject({ paused: true, pausedBy: added.body.fault.id, pending: 2 });
    expect(stats.oldestPendingAgeMs).toBeGreaterThanOrEqual(LAG_MS * 3);
    expect((await direction(east, west)).paused).toBe(false);
    expect((await lab.api('GET', '/_lab/faults')).body.faults).toHaveLength(1);
    const health = await lab.api('GET', '/_lab/health');
    expect(health.body.components[`replication:${west}->${east}`].detail).toContain('paused');

    const cleared = await lab.api('DELETE', `/_lab/faults/${added.body.fault.id}`);
    expect(cleared.body.cleared).toHaveLength(1);
    await waitFor(
      'the queued change after resume',
      async () => (await get(east, paused))?.v?.S === 'two',
    );
    const after = await direction(west, east);
    expect(after.paused).toBe(false);
    expect(after.pending).toBe(0);
    expect(after.lastLagMs).toBeGreaterThanOrEqual(LAG_MS * 3);
  });

  it('lets a later write in the receiving region win over changes queued during a pause', async () => {
    const { body } = await lab.api('POST', '/_lab/faults', {
      kind: 'replication-pause',
      from: east,
      to: west,
    });
    const id = uniqueId('split');
    await put(east, id, 'queued-east');
    await sleep(LAG_MS);
    await put(west, id, 'later-west');
    await waitFor('west→east delivery', async () => (await get(east, id))?.v?.S === 'later-west');
    await lab.api('DELETE', '/_lab/faults');
    await waitFor('queue drained', async () => (await direction(east, west)).pending === 0);
    await sleep(LAG_MS * 2);
    expect((await get(west, id))?.v?.S).toBe('later-west');
    expect((await get(east, id))?.v?.S).toBe('later-west');
    expect(body.fault.id).toMatch(/^fault-/);
  });

  it('expires a fault with durationMs by itself', async () => {
    await lab.api('POST', '/_lab/faults', {
      kind: 'replication-pause',
      from: west,
      to: east,
      durationMs: 300,
    });
    const id = uniqueId('expiring');
    await put(west, id, 'x');
    await waitFor('delivery after the fault expired', () => get(east, id), 5_000);
    expect((await lab.api('GET', '/_lab/faults')).body.faults).toEqual([]);
  });
});

describe('replication settings and replica deletion', () => {
  it('changes the lag at runtime with PUT /_lab/replication', async () => {
    const changed = await lab.api('PUT', '/_lab/replication', { lagMs: 600 });
    expect(changed.status).toBe(200);
    expect(changed.body.lagMs).toBe(600);
    const id = uniqueId('slow');
    const start = Date.now();
    await put(west, id, 'slow');
    await waitFor('slow delivery', () => get(east, id));
    expect(Date.now() - start).toBeGreaterThanOrEqual(600);
    await lab.api('PUT', '/_lab/replication', { lagMs: LAG_MS });
  });

  it('deletes a replica with ReplicaUpdates Delete: the table is regional again', async () => {
    const table = uniqueId('Dropped').slice(0, 30);
    await makeGlobal(table);
    await lab.client(east).send(
      new UpdateTableCommand({
        TableName: table,
        ReplicaUpdates: [{ Delete: { RegionName: west } }],
      }),
    );
    await waitFor(
      'the replica gone',
      async () =>
        !(await lab.client(west).send(new ListTablesCommand({}))).TableNames?.includes(table),
    );
    const east_ = (await lab.client(east).send(new DescribeTableCommand({ TableName: table })))
      .Table;
    expect(east_?.Replicas).toBeUndefined();
    expect(east_?.GlobalTableVersion).toBeUndefined();
    const id = uniqueId('alone');
    await put(east, id, 'alone', table);
    await sleep(LAG_MS * 2);
    expect((await direction(east, west)).lastError).toBeNull();
  });

  it('removes a replica deleted with DeleteTable, or with a Delete of its own region', async () => {
    const viaDeleteTable = uniqueId('DelTable').slice(0, 30);
    await makeGlobal(viaDeleteTable);
    await lab.client(east).send(new DeleteTableCommand({ TableName: viaDeleteTable }));
    const westTable = (
      await lab.client(west).send(new DescribeTableCommand({ TableName: viaDeleteTable }))
    ).Table;
    expect(westTable?.Replicas).toBeUndefined();

    const viaSelf = uniqueId('DelSelf').slice(0, 30);
    await makeGlobal(viaSelf);
    const answer = await lab.client(east).send(
      new UpdateTableCommand({
        TableName: viaSelf,
        ReplicaUpdates: [{ Delete: { RegionName: east } }],
      }),
    );
    expect(answer.TableDescription?.TableStatus).toBe('DELETING');
    await waitFor(
      'the east table gone',
      async () =>
        !(await lab.client(east).send(new ListTablesCommand({}))).TableNames?.includes(viaSelf),
    );
    const remaining = (
      await lab.client(west).send(new DescribeTableCommand({ TableName: viaSelf }))
    ).Table;
    expect(remaining?.Replicas).toBeUndefined();
    expect(remaining?.TableStatus).toBe('ACTIVE');
  });

  it('refuses to add a replica where a table of that name already exists', async () => {
    const table = uniqueId('Clash').slice(0, 30);
    for (const region of REGIONS) {
      await createTable(region, table);
    }
    const error = await lab
      .client(west)
      .send(
        new UpdateTableCommand({
          TableName: table,
          ReplicaUpdates: [{ Create: { RegionName: east } }],
        }),
      )
      .catch((e) => e);
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('already existed as tables');
  });
});

describe('a restarted lab server', () => {
  it('remembers its global tables and replicates them again', async () => {
    await lab.server.close();
    const again = await startLabServer({
      port: 0,
      dynamoDbLocalEndpoint: lab.ddb.endpoint,
      regions: REGIONS,
      replicationLagMs: LAG_MS,
      replicationPollIntervalMs: 25,
    });
    const client = (region: string) =>
      new DynamoDBClient({
        region,
        endpoint: again.url,
        credentials: { accessKeyId: 'mysfitslab', secretAccessKey: 'mysfitslab' },
      });
    const [eastClient, westClient] = [client(east), client(west)];
    try {
      const described = await eastClient.send(new DescribeTableCommand({ TableName: TABLE }));
      expect(described.Table?.Replicas).toEqual([{ RegionName: west, ReplicaStatus: 'ACTIVE' }]);
      const id = uniqueId('restart');
      await eastClient.send(
        new PutItemCommand({ TableName: TABLE, Item: { ...key(id), v: { S: 'r' } } }),
      );
      await waitFor(
        'replication after restart',
        async () =>
          (
            await westClient.send(
              new GetItemCommand({ TableName: TABLE, Key: key(id), ConsistentRead: true }),
            )
          ).Item,
      );
    } finally {
      eastClient.destroy();
      westClient.destroy();
      await again.close();
    }
  });
});
