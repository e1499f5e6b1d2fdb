/**
 * The shared audit trail (src/core/ops/audit.ts) over in-memory replicas of the table: it is
 * written and read in the first configured region that answers, so a primary that does not
 * answer does not lose the record; the index lists each run once and keeps the newest 100;
 * a fenced record is refused once the run no longer holds the lock.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_INDEX_SIZE, listRuns, recordRun } from '../../src/core/ops/audit.js';
import {
  APP_TABLE_IDS,
  type ControlRegion,
  type ControlStore,
} from '../../src/core/ops/control-store.js';
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
    condition.expression.includes('#fence')
      ? current?.Fence === undefined ||
        Number(current.Fence) <= Number(condition.values?.[':fence'])
      : condition.expression.startsWith('attribute_not_exists')
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
  JSON.parse(String(items.get(APP_TABLE_IDS.auditIndex)?.Runs ?? '[]')) as string[];

/** The trail in the app's table (no control table) over these regions. */
const storeOf = (regions: ControlRegion[]): { store: ControlStore } => ({
  store: { mode: 'home-region', table: TABLE, hashKey: KEY, ids: APP_TABLE_IDS, regions },
});

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
    const regions: ControlRegion[] = Object.entries(replicas).map(([name, r]) => ({
      name,
      dynamodb: r.port,
    }));
    const deps = storeOf(regions);
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
    await expect(recordRun(storeOf(regions), run('r-1'))).rejects.toThrow(
      /could not be written.*\(us-west-2: connect ECONNREFUSED; us-east-1: connect ECONNREFUSED\)/,
    );
    await expect(listRuns(storeOf(regions))).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
    });
  });

  it('a fenced record: refused (FENCED_OUT) once the run no longer holds the lock', async () => {
    const west = replica();
    const deps = storeOf([{ name: 'us-west-2', dynamodb: west.port }]);
    const fenced = (fence: number) => ({ ...deps, fence: async () => ({ fence }) });
    await recordRun(fenced(3), run('r-1'));
    expect(west.items.get('__audit#r-1')).toMatchObject({ Fence: 3 });
    const stale = Object.assign(new Error('fenced out'), { code: 'FENCED_OUT' });
    await expect(
      recordRun({ ...deps, fence: () => Promise.reject(stale) }, run('r-1', { outcome: 'failed' })),
    ).rejects.toMatchObject({ code: 'FENCED_OUT' });
    expect(west.items.get('__audit#r-1')?.Outcome).toBeUndefined();
  });
});

describe('the index', () => {
  it(`keeps the newest ${AUDIT_INDEX_SIZE} runs; listRuns shows them newest first`, async () => {
    const west = replica();
    const deps = storeOf([{ name: 'us-west-2', dynamodb: west.port }]);
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
