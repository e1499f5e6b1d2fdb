import { describe, expect, it } from 'vitest';
import { tableHashKey, tableReplicas } from '../../src/cli/ops/table-access.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import type { PortFactory } from '../../src/core/ports.js';

/** Ports whose DynamoDB answers DescribeTable per region as `tables` says (an Error is thrown). */
function ports(tables: Record<string, string | Error>, calls: string[]): PortFactory {
  return {
    accelerator: () => {
      throw new Error('not used');
    },
    region: (name: string) =>
      ({
        dynamodb: {
          describeTable: async () => {
            calls.push(name);
            const answer = tables[name];
            if (answer instanceof Error) throw answer;
            return { key: [{ name: answer, keyType: 'HASH' }] };
          },
        },
      }) as unknown as ReturnType<PortFactory['region']>,
  };
}

const withPrimary = (primary: string, partitionKey?: string) =>
  parseConfig(
    {
      ...labConfig(),
      primaryRegion: primary,
      globalTable: { name: 'MysfitsTable', ...(partitionKey ? { partitionKey } : {}) },
    },
    'test',
  );

describe('the global table as commands reach it', () => {
  it('orders the replicas primary first, whatever the config order', () => {
    const calls: string[] = [];
    const names = (primary: string) =>
      tableReplicas(withPrimary(primary), ports({}, calls)).map((r) => r.name);
    expect(names('us-west-2')).toEqual(['us-west-2', 'us-east-1']);
    expect(names('us-east-1')).toEqual(['us-east-1', 'us-west-2']);
  });

  it('uses the configured partition key without any DescribeTable call', async () => {
    const calls: string[] = [];
    const down = new Error('control plane down');
    const key = await tableHashKey(
      withPrimary('us-west-2', 'PK'),
      ports({ 'us-west-2': down, 'us-east-1': down }, calls),
    );
    expect(key).toBe('PK');
    expect(calls).toEqual([]);
  });

  it('reads the key from the first replica that answers, the primary first', async () => {
    const calls: string[] = [];
    const key = await tableHashKey(
      withPrimary('us-west-2'),
      ports({ 'us-west-2': new Error('timed out'), 'us-east-1': 'MysfitId' }, calls),
    );
    expect(key).toBe('MysfitId');
    expect(calls).toEqual(['us-west-2', 'us-east-1']);
  });

  it('names every region and its error when no replica answers (TABLE_UNREADABLE)', async () => {
    const calls: string[] = [];
    const failure = tableHashKey(
      withPrimary('us-east-1'),
      ports({ 'us-west-2': new Error('reset'), 'us-east-1': new Error('refused') }, calls),
    );
    await expect(failure).rejects.toMatchObject({
      code: 'TABLE_UNREADABLE',
      message: expect.stringMatching(/us-east-1: refused; us-west-2: reset/),
    });
    expect(calls).toEqual(['us-east-1', 'us-west-2']);
  });
});
