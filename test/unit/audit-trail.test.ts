/**
 * The shared audit trail (src/core/ops/audit.ts) over in-memory replicas of the table: it is
 * written and read in the first configured region that answers, so a primary that does not
 * answer does not lose the record; the index lists each run once and keeps the newest 100.
 */
import { describe, expect, it } from 'vitest';
import {
  AUDIT_INDEX_ID,
  AUDIT_INDEX_SIZE,
  listRuns,
  recordRun,
  type AuditRegion,
} from '../../src/core/ops/audit.js';
import type { ItemCondition, DynamoDbPort, SimpleItem } from '../../src/core/ports.js';

const TABLE = 'MysfitsTable';
const KEY = 'MysfitId';

/**
 * One region's replica: items in a map, conditions as the trail uses them (`attribute_not_exists`
 * and `#v = :v`). `down` makes every call fail as an unreachable endpoint does; `failAfter`
 * fails every call after that many.
 */
function replica(options: { down?: boolean; failAfter?: number } = {}) {
  const items = new Map<string, SimpleItem>();
  let calls = 0;
  const call = () => {
    calls++;
    if (options.down || (options.failAfter !== undefined && calls > options.failAfter))
      throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'NetworkingError' });
  };
  const id = (key: SimpleItem) => String(key[KEY]);
  const holds = (condition: ItemCondition, current: SimpleItem | undefined) =>
    condition.expression.startsWith('attribute_not_exists')
      ? current === undefined
      : current !== undefined && current.Version === condition.values?.[':v'];
  const port: DynamoDbPort = {
    describeTable: () => Promise.reject(new Error('unused')),
    async putItem(_table, item) {
      call();
      items.set(id(item), item);
    },
    async getItem(_table, key) {
      call();
      return items.get(id(key));
    },
    async deleteItem(_table, key) {
      call();
      items.delete(id(key));
    },
    async putItemIf(_table, item, condition) {
      call();
      if (!holds(condition, items.get(id(item)))) return false;
      items.set(id(item), item);
      return true;
    },
    async deleteItemIf() {
      call();
      return false;
    },
  };
  return { port, items };
}

const run = (runId: string, extra: Record<string, unknown> = {}) => ({
  runId,
  kind: 'failover',
  summary: 'failover: move all traffic from us-west-2 to us-east-1',
  operator: 'alice@host',
  startedAt: 1_000,
  ...extra,
});

const indexOf = (items: Map<string, SimpleItem>) =>
  JSON.parse(String(items.get(AUDIT_INDEX_ID)?.Runs ?? '[]')) as string[];

describe('recordRun: the first region that answers', () => {
  const cases = [
    { name: 'both answer: the primary', west: {}, east: {}, written: 'us-west-2' },
    {
      name: 'the primary down: the other region',
      west: { down: true },
      east: {},
      written: 'us-east-1',
    },
    {
      name: 'the primary fails between the record and the index: the other region, whole',
      west: { failAfter: 1 },
      east: {},
      written: 'us-east-1',
    },
  ];
  it.each(cases)('$name', async ({ west, east, written }) => {
    const replicas = { 'us-west-2': replica(west), 'us-east-1': replica(east) };
    const regions: AuditRegion[] = Object.entries(replicas).map(([name, r]) => ({
      name,
      dynamodb: r.port,
    }));
    const deps = { regions, table: TABLE, hashKey: KEY };
    expect(await recordRun(deps, run('failover-1'))).toBe(written);
    const { items } = replicas[written as keyof typeof replicas];
    expect(items.get('__audit#failover-1')).toMatchObject({
      RunId: 'failover-1',
      Kind: 'failover',
    });
    expect(indexOf(items)).toEqual(['failover-1']);
    // The finish rewrites the record; the index lists the run once.
    await recordRun(deps, run('failover-1', { finishedAt: 2_000, outcome: 'completed' }));
    expect(items.get('__audit#failover-1')).toMatchObject({
      Outcome: 'completed',
      FinishedAt: 2_000,
    });
    expect(indexOf(items)).toEqual(['failover-1']);
    expect((await listRuns(deps)).map((r) => [r.runId, r.outcome])).toEqual([
      ['failover-1', 'completed'],
    ]);
  });

  it('no region answers: AUDIT_UNAVAILABLE naming each region (the caller warns)', async () => {
    const regions = ['us-west-2', 'us-east-1'].map((name) => ({
      name,
      dynamodb: replica({ down: true }).port,
    }));
    await expect(recordRun({ regions, table: TABLE, hashKey: KEY }, run('r-1'))).rejects.toThrow(
      /could not be written in any region \(us-west-2: connect ECONNREFUSED; us-east-1: connect ECONNREFUSED\)/,
    );
    await expect(listRuns({ regions, table: TABLE, hashKey: KEY })).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
    });
  });

  it('one region given as before: written there, no fallback', async () => {
    const only = replica();
    expect(await recordRun({ dynamodb: only.port, table: TABLE, hashKey: KEY }, run('r-1'))).toBe(
      "the table's region",
    );
    expect(indexOf(only.items)).toEqual(['r-1']);
  });
});

describe('the index', () => {
  it(`keeps the newest ${AUDIT_INDEX_SIZE} runs; listRuns shows them newest first`, async () => {
    const west = replica();
    const deps = {
      regions: [{ name: 'us-west-2', dynamodb: west.port }],
      table: TABLE,
      hashKey: KEY,
    };
    for (let i = 0; i < AUDIT_INDEX_SIZE + 3; i++)
      await recordRun(deps, run(`run-${i}`, { startedAt: i }));
    const ids = indexOf(west.items);
    expect(ids).toHaveLength(AUDIT_INDEX_SIZE);
    expect(ids[0]).toBe('run-3');
    const listed = await listRuns(deps);
    expect(listed[0]?.runId).toBe(`run-${AUDIT_INDEX_SIZE + 2}`);
    expect(listed).toHaveLength(AUDIT_INDEX_SIZE);
  });
});
