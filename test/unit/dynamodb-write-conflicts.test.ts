// Which MRSC writes conflict: a write of an item that another region is writing at that
// moment gets ReplicatedWriteConflictException; the same region, other items, or the same
// item after the first write ended do not.
import { describe, expect, it } from 'vitest';
import type { GlobalTableRecord } from '../../src/lab/services/dynamodb/global-table-store.js';
import { WriteConflicts, writtenItems } from '../../src/lab/services/dynamodb/write-conflicts.js';

const table: GlobalTableRecord = {
  tableName: 'Control',
  replicas: [
    { region: 'us-west-2', status: 'ACTIVE' },
    { region: 'us-east-1', status: 'ACTIVE' },
  ],
  createdAt: 0,
  consistency: 'STRONG',
  keyAttributes: ['pk', 'sk'],
};
const key = (pk: string) => ({ pk: { S: pk }, sk: { S: 'x' } });

describe('writtenItems', () => {
  it('reads the key of PutItem, UpdateItem, DeleteItem and each BatchWriteItem request', () => {
    const put = writtenItems(
      'PutItem',
      { TableName: 'Control', Item: { ...key('a'), v: { N: '1' } } },
      [table],
    );
    const update = writtenItems('UpdateItem', { TableName: 'Control', Key: key('a') }, [table]);
    expect(put).toEqual(update);
    const batch = writtenItems(
      'BatchWriteItem',
      {
        RequestItems: {
          Control: [{ PutRequest: { Item: key('b') } }, { DeleteRequest: { Key: key('c') } }],
          Other: [{ PutRequest: { Item: key('d') } }],
        },
      },
      [table],
    );
    expect(batch).toHaveLength(2);
    expect(batch).not.toContain(put[0]);
    expect(writtenItems('GetItem', { TableName: 'Control', Key: key('a') }, [table])).toEqual([]);
    expect(writtenItems('PutItem', { TableName: 'Other', Item: key('a') }, [table])).toEqual([]);
  });
});

describe('WriteConflicts', () => {
  const item = writtenItems('PutItem', { TableName: 'Control', Item: key('lock') }, [table]);
  const other = writtenItems('PutItem', { TableName: 'Control', Item: key('other') }, [table]);

  it('refuses a write from another region while one is in flight, and only then', () => {
    const conflicts = new WriteConflicts();
    const release = conflicts.begin('us-west-2', item);
    let error: unknown;
    try {
      conflicts.begin('us-east-1', item);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'ReplicatedWriteConflictException',
      status: 400,
      message: expect.stringContaining('being modified by a request in another Region'),
    });
    conflicts.begin('us-east-1', other)();
    conflicts.begin('us-west-2', item)();
    release();
    conflicts.begin('us-east-1', item)();
  });
});
