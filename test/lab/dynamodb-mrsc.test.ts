// Multi-Region strong consistency (MRSC) in the lab's DynamoDB, over HTTP with the real SDK:
// UpdateTable with MultiRegionConsistency STRONG, a replica and a witness makes a global
// table that DescribeTable shows in both regions; a conditional write in one region is
// checked against the other's at once (the lock: one operator wins, the other gets
// ConditionalCheckFailedException); one replica region out, the other keeps working with
// the witness; with the other replica and the witness both out, writes and strongly
// consistent reads fail (InternalServerError); MRSC's unsupported features are refused.
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  TransactWriteItemsCommand,
  UpdateTableCommand,
  type UpdateTableCommandInput,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLabServer } from '../../src/lab/server.js';
import { runCli } from '../helpers/cli.js';
import { botocoreData, CapturingHandler, checkJson, loadModel } from './lab-protocol-models.js';
import {
  labClientConfig,
  labEnv,
  REGIONS,
  startTestLab,
  type TestLab,
  uniqueId,
  waitFor,
} from '../helpers/lab.js';
import { sdkError } from '../helpers/test-bed.js';

const [west, east] = REGIONS;
const WITNESS = 'us-east-2';
const TABLE = 'MysfitsControl';
let lab: TestLab;

const key = (id: string) => ({ pk: { S: id } });
const ddb = (region: string): DynamoDBClient => lab.client(region);

async function createRegional(region: string, table: string, extra: object = {}) {
  await ddb(region).send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...extra,
    }),
  );
}

const strongInput = (table: string): UpdateTableCommandInput => ({
  TableName: table,
  MultiRegionConsistency: 'STRONG',
  ReplicaUpdates: [{ Create: { RegionName: east } }],
  GlobalTableWitnessUpdates: [{ Create: { RegionName: WITNESS } }],
});

async function describeIn(region: string, table = TABLE) {
  return (await ddb(region).send(new DescribeTableCommand({ TableName: table }))).Table!;
}

/** The lock: a conditional put that only succeeds when nobody holds the item. */
const takeLock = (region: string, id: string, owner: string) =>
  ddb(region).send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { ...key(id), owner: { S: owner } },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );

const strongRead = async (region: string, id: string) =>
  (
    await ddb(region).send(
      new GetItemCommand({ TableName: TABLE, Key: key(id), ConsistentRead: true }),
    )
  ).Item;

async function fault(body: object): Promise<string> {
  const { status, body: answer } = await lab.api('POST', '/_lab/faults', body);
  expect(status).toBe(201);
  return answer.fault.id as string;
}

beforeAll(async () => {
  lab = await startTestLab();
  await createRegional(west, TABLE);
  const answer = await ddb(west).send(new UpdateTableCommand(strongInput(TABLE)));
  const created = answer.TableDescription!;
  expect(created.TableStatus).toBe('UPDATING');
  expect(created.MultiRegionConsistency).toBe('STRONG');
  expect(created.Replicas).toEqual([{ RegionName: east, ReplicaStatus: 'CREATING' }]);
  expect(created.GlobalTableWitnesses).toEqual([
    { RegionName: WITNESS, WitnessStatus: 'CREATING' },
  ]);
  await waitFor('the MRSC replica and witness to be ACTIVE', async () => {
    const table = await describeIn(west);
    return (
      table.Replicas?.[0]?.ReplicaStatus === 'ACTIVE' &&
      table.GlobalTableWitnesses?.[0]?.WitnessStatus === 'ACTIVE'
    );
  });
});
afterAll(async () => {
  await lab?.stop();
});
let restarted = false; // the last test closes lab.server and starts another one
afterEach(async () => {
  if (!restarted) await lab.api('DELETE', '/_lab/faults');
});

describe('creating an MRSC global table with UpdateTable', () => {
  it('DescribeTable shows STRONG, the other replica and the witness in both regions', async () => {
    for (const [region, other] of [
      [west, east],
      [east, west],
    ] as const) {
      const table = await describeIn(region);
      expect(table.TableStatus).toBe('ACTIVE');
      expect(table.MultiRegionConsistency).toBe('STRONG');
      expect(table.GlobalTableVersion).toBe('2019.11.21');
      expect(table.Replicas).toEqual([{ RegionName: other, ReplicaStatus: 'ACTIVE' }]);
      expect(table.GlobalTableWitnesses).toEqual([
        { RegionName: WITNESS, WitnessStatus: 'ACTIVE' },
      ]);
      expect(table.TableArn).toBe(`arn:aws:dynamodb:${region}:000000000000:table/${TABLE}`);
      expect(table.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    }
  });

  it("the raw UpdateTable and DescribeTable answers match botocore's model of DynamoDB", async () => {
    const data = botocoreData();
    if ('missing' in data) throw new Error(data.missing);
    const api = loadModel(data.dir, 'dynamodb', '2012-08-10');
    const handler = new CapturingHandler();
    const client = new DynamoDBClient({
      ...labClientConfig(east, lab.url),
      requestHandler: handler,
    });
    try {
      await createRegional(east, 'MrscShapes');
      await client.send(
        new UpdateTableCommand({
          ...strongInput('MrscShapes'),
          ReplicaUpdates: [{ Create: { RegionName: west } }],
        }),
      );
      const updated = JSON.parse(handler.last);
      expect(checkJson(api, 'UpdateTableOutput', updated), handler.last).toEqual([]);
      expect(updated.TableDescription.GlobalTableWitnesses).toEqual([
        { RegionName: WITNESS, WitnessStatus: 'CREATING' },
      ]);
      await client.send(new DescribeTableCommand({ TableName: TABLE }));
      const described = JSON.parse(handler.last);
      expect(checkJson(api, 'DescribeTableOutput', described), handler.last).toEqual([]);
      expect(described.Table.MultiRegionConsistency).toBe('STRONG');
    } finally {
      client.destroy();
      handler.destroy();
    }
  });

  it('refuses what AWS refuses when the table is made STRONG', async () => {
    const cases: [string, UpdateTableCommandInput, string, object?][] = [
      [
        'one replica and no witness',
        { ...strongInput('MrscOne'), GlobalTableWitnessUpdates: undefined },
        'Unsupported replica count for global tables with MultiRegionConsistency set to STRONG.',
      ],
      [
        'a witness without STRONG',
        { ...strongInput('MrscTwo'), MultiRegionConsistency: undefined },
        'MultiRegionConsistency must be set as STRONG when GlobalTableWitnessUpdates parameter is present.',
      ],
      [
        'the witness in the replica region',
        {
          ...strongInput('MrscThree'),
          GlobalTableWitnessUpdates: [{ Create: { RegionName: east } }],
        },
        'Cannot target multiple regions with the same action',
      ],
      [
        'a region outside the MRSC Region sets',
        {
          ...strongInput('MrscFour'),
          GlobalTableWitnessUpdates: [{ Create: { RegionName: 'us-west-1' } }],
        },
        'Unsupported Region(s) specified for global tables with MultiRegionConsistency set to STRONG: [us-west-1].',
      ],
      [
        'another change in the same request',
        { ...strongInput('MrscFive'), DeletionProtectionEnabled: true },
        'Requests that modify replicas or witnesses must not also modify other fields',
      ],
      [
        'a table with a local secondary index',
        strongInput('MrscSix'),
        'Local secondary indexes (LSIs) is not supported for global tables with MultiRegionConsistency set to STRONG',
        {
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: 'bySk',
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'sk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          ],
        },
      ],
    ];
    for (const [what, input, message, extra] of cases) {
      await createRegional(west, input.TableName!, extra);
      const error = await sdkError(ddb(west).send(new UpdateTableCommand(input)));
      expect(error.name, what).toBe('ValidationException');
      expect(error.message, what).toContain(message);
      expect(
        (await describeIn(west, input.TableName)).MultiRegionConsistency,
        what,
      ).toBeUndefined();
    }
  });

  it('refuses a table that already holds items (MRSC starts empty)', async () => {
    await createRegional(west, 'MrscFull');
    await ddb(west).send(new PutItemCommand({ TableName: 'MrscFull', Item: key('x') }));
    const error = await sdkError(ddb(west).send(new UpdateTableCommand(strongInput('MrscFull'))));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/must be empty/);
  });
});

describe('strong consistency across regions', () => {
  it('two operators take the same lock in two regions: one wins, the other is refused at once', async () => {
    const id = uniqueId('lock');
    await takeLock(west, id, 'alice');
    const refused = await sdkError(takeLock(east, id, 'bob'));
    expect(refused.name).toBe('ConditionalCheckFailedException');
    expect(await strongRead(east, id)).toEqual({ ...key(id), owner: { S: 'alice' } });
  });

  it('concurrent lock attempts from both regions: exactly one succeeds', async () => {
    // The loser is refused by the condition, or (as on AWS when both writes are in flight
    // at once) with ReplicatedWriteConflictException, which a client retries.
    for (let round = 0; round < 5; round++) {
      const id = uniqueId('race');
      const results = await Promise.allSettled([
        takeLock(west, id, 'west'),
        takeLock(east, id, 'east'),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(['ConditionalCheckFailedException', 'ReplicatedWriteConflictException']).toContain(
        (lost[0]!.reason as Error).name,
      );
      const owner = (await strongRead(west, id))?.owner?.S;
      expect(owner).toBe(results[0]!.status === 'fulfilled' ? 'west' : 'east');
      expect(await strongRead(east, id)).toEqual(await strongRead(west, id));
    }
  });

  it('PartiQL and batch writes in one region are read at once in the other', async () => {
    const [partiql, batch] = [uniqueId('partiql'), uniqueId('batch')];
    await ddb(east).send(
      new ExecuteStatementCommand({
        Statement: `INSERT INTO "${TABLE}" VALUE {'pk': ?, 'owner': 'east'}`,
        Parameters: [{ S: partiql }],
      }),
    );
    await ddb(east).send(
      new BatchWriteItemCommand({
        RequestItems: {
          [TABLE]: [{ PutRequest: { Item: { ...key(batch), owner: { S: 'east' } } } }],
        },
      }),
    );
    const selected = await ddb(west).send(
      new ExecuteStatementCommand({
        Statement: `SELECT * FROM "${TABLE}" WHERE pk = ?`,
        Parameters: [{ S: partiql }],
        ConsistentRead: true,
      }),
    );
    expect(selected.Items).toEqual([{ ...key(partiql), owner: { S: 'east' } }]);
    expect((await strongRead(west, batch))?.owner).toEqual({ S: 'east' });
  });
});

describe('quorum: each write needs its own region and a majority of the three', () => {
  it('with us-west-2 out, us-east-1 keeps writing and reading with the witness', async () => {
    await fault({ kind: 'region-outage', region: west });
    const id = uniqueId('west-out');
    await takeLock(east, id, 'east-operator');
    expect((await strongRead(east, id))?.owner).toEqual({ S: 'east-operator' });
    expect((await sdkError(takeLock(west, id, 'west-operator'))).name).not.toBe(
      'ConditionalCheckFailedException',
    );
    await lab.api('DELETE', '/_lab/faults');
    expect((await sdkError(takeLock(west, id, 'west-operator'))).name).toBe(
      'ConditionalCheckFailedException',
    );
  });

  it('with only the witness out, both replicas keep working', async () => {
    await fault({ kind: 'witness-outage', region: WITNESS });
    const id = uniqueId('witness-out');
    await takeLock(west, id, 'west-operator');
    expect((await sdkError(takeLock(east, id, 'east-operator'))).name).toBe(
      'ConditionalCheckFailedException',
    );
  });

  it('with us-west-2 and the witness out, us-east-1 has no majority: writes and strong reads fail', async () => {
    const id = uniqueId('no-quorum');
    await takeLock(east, id, 'before');
    await fault({ kind: 'region-outage', region: west });
    await fault({ kind: 'witness-outage', region: WITNESS });
    const write = await sdkError(takeLock(east, uniqueId('lost'), 'east-operator'));
    expect(write.name).toBe('InternalServerError');
    expect(write.$metadata.httpStatusCode).toBe(500);
    expect(write.message).toMatch(
      /majority.*us-west-2 \(region-outage\) and us-east-2 \(witness-outage\)/,
    );
    expect((await sdkError(strongRead(east, id))).name).toBe('InternalServerError');
    const eventual = await ddb(east).send(new GetItemCommand({ TableName: TABLE, Key: key(id) }));
    expect(eventual.Item?.owner).toEqual({ S: 'before' });
    await lab.api('DELETE', '/_lab/faults');
    await takeLock(east, uniqueId('back'), 'east-operator');
  });

  it('`mysfits-dr lab fault witness-outage` injects it; a replica region is refused, naming the fix', async () => {
    const env = { MYSFITS_DR_LAB_ENDPOINT: lab.url };
    const refused = await runCli(['lab', 'fault', 'witness-outage', '--region', west], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/region.*us-west-2.*us-east-2.*region-outage/s);
    const added = await runCli(['--json', 'lab', 'fault', 'witness-outage', '--region', WITNESS], {
      env,
    });
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout).fault).toMatchObject({
      kind: 'witness-outage',
      region: WITNESS,
    });
    await fault({ kind: 'region-outage', region: east });
    expect((await sdkError(takeLock(west, uniqueId('cli'), 'west-operator'))).name).toBe(
      'InternalServerError',
    );
  });

  it('the witness-outage fault takes only a witness region', async () => {
    const { status, body } = await lab.api('POST', '/_lab/faults', {
      kind: 'witness-outage',
      region: west,
    });
    expect(status).toBe(400);
    expect(body.error.issues).toEqual([
      expect.objectContaining({
        path: 'region',
        value: west,
        message: expect.stringMatching(/us-east-2/),
      }),
    ]);
  });
});

describe("MRSC's unsupported features", () => {
  it('refuses transactions, TTL, one-replica deletes and more replicas', async () => {
    const put: PutItemCommandInput = { TableName: TABLE, Item: key(uniqueId('tx')) };
    const refusals: [string, Promise<unknown>, RegExp][] = [
      [
        'TransactWriteItems',
        ddb(east).send(new TransactWriteItemsCommand({ TransactItems: [{ Put: put as never }] })),
        /^Transactions is not supported for global tables with MultiRegionConsistency set to STRONG/,
      ],
      [
        'UpdateTimeToLive',
        ddb(west).send(
          new UpdateTimeToLiveCommand({
            TableName: TABLE,
            TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' },
          }),
        ),
        /^Time to Live \(TTL\) is not supported/,
      ],
      [
        'DeleteTable',
        ddb(east).send(new DeleteTableCommand({ TableName: TABLE })),
        /^Deletion of only one table replica is not supported for global tables with MultiRegionConsistency set to STRONG\.$/,
      ],
      [
        'ReplicaUpdates Create',
        ddb(west).send(
          new UpdateTableCommand({
            TableName: TABLE,
            ReplicaUpdates: [{ Create: { RegionName: 'us-east-2' } }],
          }),
        ),
        /^Cannot add replicas to a global table with strong MultiRegionConsistency$/,
      ],
      [
        'a replica Delete without the witness',
        ddb(west).send(
          new UpdateTableCommand({
            TableName: TABLE,
            ReplicaUpdates: [{ Delete: { RegionName: east } }],
          }),
        ),
        /^Update table delete operation does not include all witnesses\.$/,
      ],
    ];
    for (const [what, call, message] of refusals) {
      const error = await sdkError(call);
      expect(error.name, what).toBe('ValidationException');
      expect(error.message, what).toMatch(message);
    }
    expect((await describeIn(east)).MultiRegionConsistency).toBe('STRONG');
  });
});

describe('dissolving an MRSC table', () => {
  it('one UpdateTable deleting the other replica and the witness leaves a regional table with every item', async () => {
    const table = 'MrscDissolve';
    await createRegional(west, table);
    await ddb(west).send(new UpdateTableCommand(strongInput(table)));
    await waitFor(
      'replica ACTIVE',
      async () => (await describeIn(west, table)).Replicas?.[0]?.ReplicaStatus === 'ACTIVE',
    );
    for (const [region, id] of [
      [west, 'from-west'],
      [east, 'from-east'],
    ] as const)
      await ddb(region).send(new PutItemCommand({ TableName: table, Item: key(id) }));
    const answer = await ddb(east).send(
      new UpdateTableCommand({
        TableName: table,
        ReplicaUpdates: [{ Delete: { RegionName: west } }],
        GlobalTableWitnessUpdates: [{ Delete: { RegionName: WITNESS } }],
      }),
    );
    expect(answer.TableDescription?.Replicas).toEqual([
      { RegionName: west, ReplicaStatus: 'DELETING' },
    ]);
    const after = await describeIn(east, table);
    expect(after.MultiRegionConsistency).toBeUndefined();
    expect(after.GlobalTableWitnesses).toBeUndefined();
    expect(after.Replicas).toBeUndefined();
    for (const id of ['from-west', 'from-east']) {
      const item = await ddb(east).send(
        new GetItemCommand({ TableName: table, Key: key(id), ConsistentRead: true }),
      );
      expect(item.Item, id).toEqual(key(id));
    }
    await waitFor('the us-west-2 replica deleted', async () => {
      const error = await sdkError(describeIn(west, table));
      return error.name === 'ResourceNotFoundException';
    });
  });
});

const boto3 = await promisify(execFile)('python3', ['-c', 'import boto3'])
  .then(() => true)
  .catch(() => false);

describe.skipIf(!boto3)('boto3 (botocore 1.43 knows the MRSC fields)', () => {
  it('creates an MRSC table and reads MultiRegionConsistency and GlobalTableWitnesses back', async () => {
    const script = `
import json, sys, boto3
url, table = sys.argv[1:3]
w = boto3.client('dynamodb', endpoint_url=url, region_name='us-west-2')
e = boto3.client('dynamodb', endpoint_url=url, region_name='us-east-1')
w.create_table(TableName=table, AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}], KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}], BillingMode='PAY_PER_REQUEST')
r = w.update_table(TableName=table, MultiRegionConsistency='STRONG', ReplicaUpdates=[{'Create': {'RegionName': 'us-east-1'}}], GlobalTableWitnessUpdates=[{'Create': {'RegionName': 'us-east-2'}}])
w.put_item(TableName=table, Item={'pk': {'S': 'k'}, 'v': {'S': 'west'}})
e.get_waiter('table_exists').wait(TableName=table, WaiterConfig={'Delay': 1, 'MaxAttempts': 20})
d = e.describe_table(TableName=table)['Table']
got = e.get_item(TableName=table, Key={'pk': {'S': 'k'}}, ConsistentRead=True)['Item']
print(json.dumps({'answer': r['TableDescription']['MultiRegionConsistency'], 'mode': d.get('MultiRegionConsistency'), 'witnesses': d.get('GlobalTableWitnesses'), 'item': got}))
`;
    const { stdout } = await promisify(execFile)('python3', ['-c', script, lab.url, 'MrscBoto'], {
      env: labEnv({ AWS_DEFAULT_REGION: west }),
    });
    const result = JSON.parse(stdout);
    expect(result.answer).toBe('STRONG');
    expect(result.mode).toBe('STRONG');
    expect(result.witnesses).toEqual([{ RegionName: WITNESS, WitnessStatus: 'ACTIVE' }]);
    expect(result.item).toEqual({ pk: { S: 'k' }, v: { S: 'west' } });
  });
});

describe('a restart of the lab server (last: it replaces the server)', () => {
  it('keeps its MRSC tables: still STRONG, still one state for both regions', async () => {
    const id = uniqueId('restart');
    await takeLock(west, id, 'before-restart');
    restarted = true;
    await lab.server.close();
    const again = await startLabServer({
      port: 0,
      dynamoDbLocalEndpoint: lab.ddb.endpoint,
      regions: REGIONS,
      replicationLagMs: 200,
      replicationPollIntervalMs: 25,
    });
    const eastClient = new DynamoDBClient(labClientConfig(east, again.url));
    try {
      const table = (await eastClient.send(new DescribeTableCommand({ TableName: TABLE }))).Table!;
      expect(table.MultiRegionConsistency).toBe('STRONG');
      expect(table.GlobalTableWitnesses).toEqual([
        { RegionName: WITNESS, WitnessStatus: 'ACTIVE' },
      ]);
      const refused = await sdkError(
        eastClient.send(
          new PutItemCommand({
            TableName: TABLE,
            Item: { ...key(id), owner: { S: 'after-restart' } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      expect(refused.name).toBe('ConditionalCheckFailedException');
      const { body } = await fetch(`${again.url}/_lab/replication`).then(async (r) => ({
        body: (await r.json()) as { directions: { pending: number; applied: number }[] },
      }));
      expect(body.directions.every((d) => d.applied === 0 && d.pending === 0)).toBe(true);
    } finally {
      eastClient.destroy();
      await again.close();
    }
  });
});
