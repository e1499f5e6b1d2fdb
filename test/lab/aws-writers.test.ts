// The write methods of the AWS adapters (src/aws/*) through `awsPortFactory`, with the real
// SDK v3 over HTTP against a lab of this file's own (it changes dials and desired counts, so
// it must not disturb the shared lab): DescribeListener, the traffic dial through
// UpdateEndpointGroup (read back, propagation, out-of-range refusal), ECS desired counts that
// really start and stop tasks, and conditional DynamoDB writes. What each write sends is also
// checked on recording clients, so nothing beyond the fields asked for reaches AWS.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { GlobalAcceleratorClient } from '@aws-sdk/client-global-accelerator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceleratorWriter } from '../../src/aws/accelerator.js';
import { dynamoDbPort } from '../../src/aws/dynamodb.js';
import { ecsWriter } from '../../src/aws/ecs.js';
import { classifyAwsError } from '../../src/aws/errors.js';
import { awsPortFactory, type AwsPortFactory } from '../../src/aws/ports.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { readState } from '../../src/lab/state.js';
import { waitFor } from '../helpers/lab.js';
import { labAwsSettings } from '../helpers/lab-ports.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';

const config = parseConfig(labConfig(), 'lab');
const [west, east] = config.regions;
const TABLE = config.globalTable.name;

let lab: OwnLab;
let ports: AwsPortFactory;
beforeAll(async () => {
  lab = await startOwnLab();
  ports = awsPortFactory(labAwsSettings(lab.endpoint), { requestTimeoutMs: 5_000, maxAttempts: 2 });
});
afterAll(async () => {
  ports?.destroy();
  await lab?.stop();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  );
}

/** A client whose `send` records each command's input and answers `answer`. */
function recording<C>(answer: unknown = {}): { client: C; inputs: unknown[] } {
  const inputs: unknown[] = [];
  const client = {
    send: async (command: { input: unknown }) => {
      inputs.push(command.input);
      return answer;
    },
  } as unknown as C;
  return { client, inputs };
}

describe('Global Accelerator', () => {
  it("describes the listener with the lab accelerator's port", async () => {
    const state = await readState(lab.dir);
    const port = Number(new URL(state!.acceleratorUrl!).port);
    const listener = await ports.accelerator().describeListener(config.accelerator.listenerArn);
    expect(listener).toEqual({
      arn: config.accelerator.listenerArn,
      protocol: 'TCP',
      portRanges: [{ fromPort: port, toPort: port }],
    });
  });

  it('sets the traffic dial: shown at once, IN_PROGRESS until deployed, endpoints kept', async () => {
    const ga = ports.accelerator();
    const arn = east!.endpointGroupArn;
    const before = await ga.describeEndpointGroup(arn);
    const endpoints = (g: typeof before) =>
      g.endpoints.map((e) => ({ endpointId: e.endpointId, weight: e.weight }));
    try {
      const set = await ga.setTrafficDial(arn, 25);
      expect(set.arn).toBe(arn);
      expect(set.region).toBe(east!.name);
      expect(set.trafficDialPercentage).toBe(25);
      expect(endpoints(set)).toEqual(endpoints(before));
      expect((await ga.describeAccelerator(config.accelerator.arn)).status).toBe('IN_PROGRESS');
      const read = await ga.describeEndpointGroup(arn);
      expect(read.trafficDialPercentage).toBe(25);
      expect(endpoints(read)).toEqual(endpoints(before));
      await waitFor(
        'the change to deploy',
        async () =>
          (await ga.describeAccelerator(config.accelerator.arn)).status === 'DEPLOYED' || undefined,
        15_000,
      );
      expect((await ga.describeEndpointGroup(west!.endpointGroupArn)).trafficDialPercentage).toBe(
        100,
      );
    } finally {
      await ga.setTrafficDial(arn, before.trafficDialPercentage);
    }
    expect((await ga.describeEndpointGroup(arn)).trafficDialPercentage).toBe(
      before.trafficDialPercentage,
    );
  });

  it("lets an out-of-range dial fail with the API's InvalidArgumentException", async () => {
    const error = await failure(ports.accelerator().setTrafficDial(east!.endpointGroupArn, 101));
    expect((error as Error).name).toBe('InvalidArgumentException');
    expect(classifyAwsError(error).kind).toBe('error');
  });

  it('sends only the group ARN and the dial (never EndpointConfigurations)', async () => {
    const { client, inputs } = recording<GlobalAcceleratorClient>({
      EndpointGroup: {
        EndpointGroupArn: 'arn:g',
        EndpointGroupRegion: 'r',
        TrafficDialPercentage: 0,
      },
    });
    const group = await acceleratorWriter(client).setTrafficDial('arn:g', 0);
    expect(inputs).toEqual([{ EndpointGroupArn: 'arn:g', TrafficDialPercentage: 0 }]);
    expect(group).toEqual({ arn: 'arn:g', region: 'r', trafficDialPercentage: 0, endpoints: [] });
  });
});

describe('ECS', () => {
  it('sets the desired count; the tasks follow (2, then back to 1)', async () => {
    const ecs = ports.region(west!.name).ecs;
    const cluster = west!.ecs.cluster;
    const name = west!.ecs.services[0]!.name;
    const running = (count: number) =>
      waitFor(
        `${name} running ${count}`,
        async () => {
          const [s] = await ecs.describeServices(cluster, [name]);
          return s!.running === count && s!.desired === count ? s : undefined;
        },
        45_000,
      );
    const [before] = await ecs.describeServices(cluster, [name]);
    expect(before!.desired).toBe(1);
    try {
      const up = await ecs.setDesiredCount(cluster, name, 2);
      expect(up).toMatchObject({ name, status: 'ACTIVE', desired: 2 });
      expect(up.deployments.some((d) => d.status === 'PRIMARY' && d.desired === 2)).toBe(true);
      await running(2);
      const down = await ecs.setDesiredCount(cluster, name, 1);
      expect(down).toMatchObject({ name, desired: 1 });
      await running(1);
    } finally {
      await ecs.setDesiredCount(cluster, name, before!.desired);
    }
  });

  it('lets an unknown service fail as not-found', async () => {
    const error = await failure(
      ports.region(west!.name).ecs.setDesiredCount(west!.ecs.cluster, 'no-such-service', 1),
    );
    expect(classifyAwsError(error).kind).toBe('not-found');
  });

  it('sends only the desired count', async () => {
    const { client, inputs } = recording<ECSClient>({
      service: { serviceName: 'svc', status: 'ACTIVE', desiredCount: 3 },
    });
    const service = await ecsWriter(client).setDesiredCount('c', 'svc', 3);
    expect(inputs).toEqual([{ cluster: 'c', service: 'svc', desiredCount: 3 }]);
    expect(service).toEqual({
      name: 'svc',
      status: 'ACTIVE',
      desired: 3,
      running: 0,
      pending: 0,
      deployments: [],
    });
  });
});

describe('DynamoDB conditional writes', () => {
  const keys: Record<string, string>[] = [];
  const key = () => {
    const k = { MysfitId: `__writer-test-${randomUUID()}` };
    keys.push(k);
    return k;
  };
  afterAll(async () => {
    for (const k of keys) await ports.region(west!.name).dynamodb.deleteItem(TABLE, k);
  });

  it('puts an item once when it does not exist, then answers false', async () => {
    const dynamodb = ports.region(west!.name).dynamodb;
    const k = key();
    const absent = { expression: 'attribute_not_exists(#k)', names: { '#k': 'MysfitId' } };
    expect(await dynamodb.putItemIf(TABLE, { ...k, Owner: 'a' }, absent)).toBe(true);
    expect(await dynamodb.putItemIf(TABLE, { ...k, Owner: 'b' }, absent)).toBe(false);
    expect(await dynamodb.getItem(TABLE, k)).toEqual({ ...k, Owner: 'a' });
  });

  it("deletes a lock only for its owner: false for another, true for the owner's", async () => {
    const dynamodb = ports.region(west!.name).dynamodb;
    const k = key();
    await dynamodb.putItem(TABLE, { ...k, Owner: 'me', Expires: Date.now() + 60_000 });
    const owner = (me: string) => ({
      expression: '#owner = :me',
      names: { '#owner': 'Owner' },
      values: { ':me': me },
    });
    expect(await dynamodb.deleteItemIf(TABLE, k, owner('someone-else'))).toBe(false);
    expect(await dynamodb.getItem(TABLE, k)).toMatchObject({ Owner: 'me' });
    expect(await dynamodb.deleteItemIf(TABLE, k, owner('me'))).toBe(true);
    expect(await dynamodb.getItem(TABLE, k)).toBeUndefined();
  });

  it('takes an expired lock with a numeric value in the condition', async () => {
    const dynamodb = ports.region(west!.name).dynamodb;
    const k = key();
    await dynamodb.putItem(TABLE, { ...k, Owner: 'old', Expires: 1 });
    const free = {
      expression: 'attribute_not_exists(#k) OR #exp < :now',
      names: { '#k': 'MysfitId', '#exp': 'Expires' },
      values: { ':now': Date.now() },
    };
    expect(await dynamodb.putItemIf(TABLE, { ...k, Owner: 'new', Expires: 2e15 }, free)).toBe(true);
    expect(await dynamodb.putItemIf(TABLE, { ...k, Owner: 'late', Expires: 2e15 }, free)).toBe(
      false,
    );
    expect(await dynamodb.getItem(TABLE, k)).toMatchObject({ Owner: 'new' });
  });

  it('lets other errors propagate (an unknown table is not-found)', async () => {
    const error = await failure(
      ports
        .region(west!.name)
        .dynamodb.putItemIf('NoSuchTable', key(), { expression: 'attribute_not_exists(MysfitId)' }),
    );
    expect(classifyAwsError(error).kind).toBe('not-found');
  });

  it('omits empty names and values maps from the request', async () => {
    const { client, inputs } = recording<DynamoDBClient>();
    const port = dynamoDbPort(client, 'us-west-2');
    await port.putItemIf('T', { K: 'x' }, { expression: 'attribute_not_exists(K)', values: {} });
    await port.deleteItemIf(
      'T',
      { K: 'x' },
      { expression: '#a = :v', names: { '#a': 'A' }, values: { ':v': 7 } },
    );
    expect(inputs).toEqual([
      { TableName: 'T', Item: { K: { S: 'x' } }, ConditionExpression: 'attribute_not_exists(K)' },
      {
        TableName: 'T',
        Key: { K: { S: 'x' } },
        ConditionExpression: '#a = :v',
        ExpressionAttributeNames: { '#a': 'A' },
        ExpressionAttributeValues: { ':v': { N: '7' } },
      },
    ]);
  });
});
