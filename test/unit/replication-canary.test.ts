import { describe, expect, it } from 'vitest';
import {
  canaryId,
  canaryItem,
  canaryKey,
  isCanaryId,
  planCanaryKey,
} from '../../src/core/replication/canary.js';
import { allDirections, selectDirections } from '../../src/core/replication/deps.js';
import type { KeyAttribute } from '../../src/core/ports.js';

const hash = (type = 'S'): KeyAttribute => ({ name: 'MysfitId', type, keyType: 'HASH' });
const range = (type: string): KeyAttribute => ({ name: 'Sort', type, keyType: 'RANGE' });

describe('canary keys', () => {
  it('are `__canary#<runId>#<from>→<to>#<n>`, which the services treat as internal', () => {
    const id = canaryId('ab12cd34', 'us-west-2', 'us-east-1', 2);
    expect(id).toBe('__canary#ab12cd34#us-west-2→us-east-1#2');
    expect(id.startsWith('__')).toBe(true);
    expect(isCanaryId(id)).toBe(true);
    expect(isCanaryId('c0684344-1eb7-40e7-b334-06d25ac9268c')).toBe(false);
  });

  const plans: {
    name: string;
    key: KeyAttribute[];
    ok: boolean;
    item?: object;
    reason?: RegExp;
  }[] = [
    { name: 'string hash key', key: [hash()], ok: true, item: { MysfitId: 'ID' } },
    {
      name: 'string hash + string range',
      key: [hash(), range('S')],
      ok: true,
      item: { MysfitId: 'ID', Sort: 'ID' },
    },
    {
      name: 'string hash + number range',
      key: [range('N'), hash()],
      ok: true,
      item: { MysfitId: 'ID', Sort: 3 },
    },
    {
      name: 'number hash key',
      key: [hash('N')],
      ok: false,
      reason: /hash key MysfitId is of type N/,
    },
    {
      name: 'binary range key',
      key: [hash(), range('B')],
      ok: false,
      reason: /range key Sort is of type B/,
    },
    { name: 'no hash key', key: [], ok: false, reason: /no hash key/ },
  ];
  for (const p of plans) {
    it(`${p.name}: ${p.ok ? 'supported' : 'refused with a reason'}`, () => {
      const plan = planCanaryKey('T', p.key);
      expect(plan.ok).toBe(p.ok);
      if (plan.ok) expect(canaryKey(plan, 'ID', 3)).toEqual(p.item);
      else expect(plan.reason).toMatch(p.reason!);
    });
  }

  it('items carry only the key, CanaryWrittenAt and ExpiresAt one hour on (no GSI key attributes)', () => {
    const plan = planCanaryKey('MysfitsTable', [hash()]);
    if (!plan.ok) throw new Error(plan.reason);
    const now = 1_767_225_600_123;
    expect(canaryItem(plan, 'ID', 1, now)).toEqual({
      MysfitId: 'ID',
      CanaryWrittenAt: now,
      ExpiresAt: 1_767_225_600 + 3600,
    });
    expect(canaryItem(plan, 'ID', 1, now, 'ttl')).toMatchObject({ ttl: 1_767_225_600 + 3600 });
    expect(Object.keys(canaryItem(plan, 'ID', 1, now, 'ExpiresAt'))).toHaveLength(3);
  });
});

describe('directions', () => {
  it('are every ordered pair of configured regions, filtered by --from / --to', () => {
    const regions = ['us-west-2', 'us-east-1', 'eu-west-1'];
    expect(allDirections(regions.slice(0, 2))).toEqual([
      { from: 'us-west-2', to: 'us-east-1' },
      { from: 'us-east-1', to: 'us-west-2' },
    ]);
    expect(allDirections(regions)).toHaveLength(6);
    expect(selectDirections(regions, { from: 'us-east-1' })).toEqual([
      { from: 'us-east-1', to: 'us-west-2' },
      { from: 'us-east-1', to: 'eu-west-1' },
    ]);
    expect(selectDirections(regions, { from: 'us-east-1', to: 'eu-west-1' })).toEqual([
      { from: 'us-east-1', to: 'eu-west-1' },
    ]);
  });
});
