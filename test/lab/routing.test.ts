// The lab endpoint's routing and error shapes, over HTTP with the real SDK: regions are
// separate databases, unknown operations/regions/services and real-looking keys get the
// AWS-shaped errors SPEC.md documents.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { REGIONS, startTestLab, uniqueId } from '../helpers/lab.js';
import { sdkError, useTestBed } from '../helpers/test-bed.js';

const lab = useTestBed(startTestLab);
const [west, east] = REGIONS;

function createInput(name: string) {
  return new CreateTableCommand({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
}

function raw(headers: Record<string, string>, body = '{}') {
  return fetch(lab.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', ...headers },
    body,
  });
}

describe('routing by the credential scope', () => {
  it('keeps one database per region: a table made in one region is not in the other', async () => {
    const name = uniqueId('regional').slice(0, 40);
    await lab.client(west).send(createInput(name));
    const westTables = await lab.client(west).send(new ListTablesCommand({}));
    const eastTables = await lab.client(east).send(new ListTablesCommand({}));
    expect(westTables.TableNames).toContain(name);
    expect(eastTables.TableNames).not.toContain(name);
    const error = await sdkError(
      lab.client(east).send(new DescribeTableCommand({ TableName: name })),
    );
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('shows every client the same data whatever dummy access key it uses', async () => {
    const name = uniqueId('shared').slice(0, 40);
    await lab.client(west).send(createInput(name));
    await lab
      .client(west, 'someoneelse')
      .send(new PutItemCommand({ TableName: name, Item: { id: { S: 'a' } } }));
    const got = await lab
      .client(west, 'test')
      .send(new GetItemCommand({ TableName: name, Key: { id: { S: 'a' } } }));
    expect(got.Item?.id?.S).toBe('a');
  });

  it('answers ARNs in the caller region, not DynamoDB Local\'s "ddblocal"', async () => {
    const name = uniqueId('arn').slice(0, 40);
    const created = await lab.client(east).send(createInput(name));
    expect(created.TableDescription?.TableArn).toBe(
      `arn:aws:dynamodb:${east}:000000000000:table/${name}`,
    );
  });
});

describe('errors as AWS gives them', () => {
  it('ResourceNotFoundException for a missing table', async () => {
    const error = await sdkError(
      lab.client(west).send(new DescribeTableCommand({ TableName: 'NoSuchTable' })),
    );
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('UnknownOperationException for an operation DynamoDB does not have', async () => {
    const client = lab.client(west);
    client.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-target'] =
          'DynamoDB_20120810.Frobnicate';
        return next(args);
      },
      { step: 'build' },
    );
    const error = await sdkError(client.send(new ListTablesCommand({})));
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('UnknownOperationException naming an AWS operation the lab does not implement', async () => {
    const response = await raw({
      'x-amz-target': 'DynamoDB_20120810.CreateBackup',
      authorization: `AWS4-HMAC-SHA256 Credential=mysfitslab/20260101/${west}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amz-crc32')).toMatch(/^\d+$/);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe('com.amazon.coral.service#UnknownOperationException');
    expect(body.message).toContain('CreateBackup');
  });

  it('refuses real-looking access keys with 403 and says how to use the lab credentials', async () => {
    const error = await sdkError(
      lab.client(west, 'AKIAIOSFODNN7EXAMPLE').send(new ListTablesCommand({})),
    );
    expect(error.name).toBe('UnrecognizedClientException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toContain('Real AWS credentials');
    expect(error.message).toContain('eval "$(mysfits-dr lab env)"');
    expect(error.message).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('refuses STS keys for any service, even one the lab does not emulate', async () => {
    const response = await raw({
      authorization:
        'AWS4-HMAC-SHA256 Credential=ASIAXXXXXXXXXXXXXXXX/20260101/us-west-2/sqs/aws4_request, SignedHeaders=host, Signature=0',
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { __type: string }).__type).toContain(
      'UnrecognizedClientException',
    );
  });

  it('MissingAuthenticationTokenException for an unsigned request', async () => {
    const response = await raw({ 'x-amz-target': 'DynamoDB_20120810.ListTables' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe('com.amazon.coral.service#MissingAuthenticationTokenException');
  });

  it('InvalidSignatureException for a region the lab does not serve', async () => {
    const client = new DynamoDBClient({
      region: 'eu-west-1',
      endpoint: lab.url,
      credentials: { accessKeyId: 'mysfitslab', secretAccessKey: 'mysfitslab' },
    });
    const error = await sdkError(client.send(new ListTablesCommand({})));
    client.destroy();
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$metadata.attempts).toBe(1); // not retried
    expect(error.message).toContain("not 'eu-west-1'");
    expect(error.message).toContain('us-west-2, us-east-1');
  });

  it('UnsupportedServiceException naming a service the lab does not emulate', async () => {
    const response = await raw({
      'x-amz-target': 'AmazonSQS.ListQueues',
      authorization:
        'AWS4-HMAC-SHA256 Credential=mysfitslab/20260101/us-west-2/sqs/aws4_request, SignedHeaders=host, Signature=0',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe('UnsupportedServiceException');
    expect(body.message).toContain("'sqs'");
  });
});

describe('lab endpoints', () => {
  it('reports health with DynamoDB Local, each region and each replication direction', async () => {
    const { status, body } = await lab.api('GET', '/_lab/health');
    expect(status).toBe(200);
    expect(body.healthy).toBe(true);
    expect(Object.keys(body.components)).toEqual(
      expect.arrayContaining([
        'dynamodb-local',
        `region:${west}`,
        `region:${east}`,
        `replication:${west}->${east}`,
        `replication:${east}->${west}`,
      ]),
    );
  });

  it('rejects bad fault requests with 400 naming field, value and fix', async () => {
    const unknownKind = await lab.api('POST', '/_lab/faults', { kind: 'meteor', from: west });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error.issues[0]).toMatchObject({ path: 'kind', value: 'meteor' });
    expect(unknownKind.body.error.issues[0].message).toContain('replication-pause');
    const badRegion = await lab.api('POST', '/_lab/faults', {
      kind: 'replication-pause',
      from: west,
      to: 'mars-1',
    });
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.error.issues).toEqual([
      expect.objectContaining({
        path: 'to',
        value: 'mars-1',
        message: expect.stringContaining(east),
      }),
    ]);
    const notJson = await lab.api('POST', '/_lab/faults', '{nope');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('INVALID_JSON');
    const badLag = await lab.api('PUT', '/_lab/replication', { lagMs: -5 });
    expect(badLag.status).toBe(400);
    expect(badLag.body.error.issues[0]).toMatchObject({ path: 'lagMs', value: -5 });
    expect((await lab.api('DELETE', '/_lab/faults/fault-nope')).status).toBe(404);
    expect((await lab.api('GET', '/_lab/nothing')).status).toBe(404);
  });
});

describe('consumed capacity', () => {
  it('is answered only to a client that asks for it, and the answer still passes the SDK checksum', async () => {
    const client = lab.client(west);
    const table = uniqueId('capacity').slice(0, 40);
    await client.send(createInput(table));
    const quiet = await client.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: 'a' } } }),
    );
    expect(quiet.ConsumedCapacity).toBeUndefined();
    const asked = await client.send(
      new PutItemCommand({
        TableName: table,
        Item: { id: { S: 'b' } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(asked.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 1 });
  });
});
