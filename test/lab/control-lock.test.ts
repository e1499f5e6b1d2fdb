// The operations lock over the lab's DynamoDB, with the real SDK over HTTP (core/ops/lock.ts,
// control-store.ts, docs/operations.md "The operations lock"):
// - the control table (MRSC, seeded as `lab up` seeds it): two operators each seeing only one
//   region of a partial us-west-2 outage race for the lock: exactly one gets it; with the
//   witness and us-west-2 out (no quorum) the lock fails closed and nothing is written;
// - no control table (the app's global table): the lock is taken only in its home region; an
//   operator who cannot reach it, or whose calls there are throttled, gets LOCK_UNAVAILABLE,
//   never the lock in another region, unless `--force lock-region` (allowOtherRegions);
// - the fencing token: a run whose lock was broken (and taken by another run) is stopped by
//   the executor before its next step (FENCED_OUT, journaled), and its renewals, audit
//   records and switch writes are refused.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbPort } from '../../src/aws/dynamodb.js';
import { fileJournal } from '../../src/cli/ops/journal-file.js';
import { recordRun } from '../../src/core/ops/audit.js';
import {
  APP_TABLE_IDS,
  CONTROL_HASH_KEY,
  CONTROL_TABLE_IDS,
  type ControlStore,
} from '../../src/core/ops/control-store.js';
import { executePlan } from '../../src/core/ops/executor.js';
import { OperationLock } from '../../src/core/ops/lock.js';
import type { JournalRecord } from '../../src/core/ops/journal.js';
import { switchStep } from '../../src/core/traffic/steps.js';
import { seedControlTable } from '../../src/lab/seed-control.js';
import { seedWorkshopData } from '../../src/lab/seed.js';
import {
  labClientConfig,
  REGIONS,
  startTestLab,
  type TestLab,
  uniqueId,
  waitFor,
} from '../helpers/lab.js';
import { sdkError } from '../helpers/test-bed.js';

const [WEST, EAST] = REGIONS;
const WITNESS = 'us-east-2';
const CONTROL = 'MysfitsDrControlTest';
const APP = 'MysfitsTableTest';
const TTL = 60_000;
/** An address where nothing listens: the region as an operator on the wrong side of a partition sees it. */
const UNREACHABLE = 'http://127.0.0.1:9';

let lab: TestLab;
const clients: DynamoDBClient[] = [];

/** A DynamoDB port of `region`, through the lab or (unreachable) through nothing. */
function port(region: string, reachable = true) {
  const client = new DynamoDBClient({
    ...labClientConfig(region, reachable ? lab.url : UNREACHABLE),
  });
  clients.push(client);
  return { name: region, dynamodb: dynamoDbPort(client, region) };
}

/** One operator's view of the control items: which regions it can reach. */
function store(
  kind: 'control' | 'app',
  sees: { west?: boolean; east?: boolean } = {},
): ControlStore {
  const regions = [port(WEST, sees.west ?? true), port(EAST, sees.east ?? true)];
  return kind === 'control'
    ? { mode: 'strong', table: CONTROL, hashKey: CONTROL_HASH_KEY, ids: CONTROL_TABLE_IDS, regions }
    : { mode: 'home-region', table: APP, hashKey: 'MysfitId', ids: APP_TABLE_IDS, regions };
}

const lockOf = (s: ControlStore, allowOtherRegions = false) =>
  new OperationLock({ store: s, now: Date.now, allowOtherRegions });

async function fault(body: object): Promise<void> {
  const { status } = await lab.api('POST', '/_lab/faults', body);
  expect(status).toBe(201);
}

/** Frees the lock of whoever holds it (each test starts with a free lock, its token kept). */
async function freeLock(s: ControlStore): Promise<void> {
  const holder = await lockOf(s).holder();
  if (holder) await lockOf(s).break(holder.runId);
}

beforeAll(async () => {
  lab = await startTestLab();
  // As `lab up` seeds them: the control table made STRONG with UpdateTable, and the app's
  // global table (hash key MysfitId) with its replica.
  expect(
    await seedControlTable(lab.url, {
      tableName: CONTROL,
      primaryRegion: WEST,
      secondaryRegion: EAST,
      witnessRegion: WITNESS,
    }),
  ).toBe(true);
  await seedWorkshopData(lab.url, { primaryRegion: WEST, secondaryRegion: EAST, tableName: APP });
}, 120_000);
afterAll(async () => {
  for (const client of clients) client.destroy();
  await lab?.stop();
});
afterEach(async () => {
  await lab.api('DELETE', '/_lab/faults');
  await freeLock(store('control'));
  await freeLock(store('app'));
});

describe('the control table (MRSC)', () => {
  it('seeding again leaves the STRONG table as it is', async () => {
    const again = await seedControlTable(lab.url, {
      tableName: CONTROL,
      primaryRegion: WEST,
      secondaryRegion: EAST,
      witnessRegion: WITNESS,
    });
    expect(again).toBe(false);
  });

  it('partial us-west-2 outage, each operator seeing one region: exactly one gets the lock', async () => {
    for (let round = 0; round < 3; round++) {
      const alice = lockOf(store('control', { east: false })); // reaches us-west-2 only
      const bob = lockOf(store('control', { west: false })); // reaches us-east-1 only
      const [a, b] = await Promise.allSettled([
        alice.acquire(uniqueId('alice'), 'alice@laptop', 'failover', TTL),
        bob.acquire(uniqueId('bob'), 'bob@laptop', 'failover', TTL),
      ]);
      const won = [a, b].filter((r) => r.status === 'fulfilled');
      const lost = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost[0]!.reason).toMatchObject({ code: 'LOCK_HELD' });
      // Both regions' replicas name the same holder, each operator read it in its own region.
      const winner = (won[0] as PromiseFulfilledResult<{ runId: string }>).value.runId;
      expect((await alice.holder())?.runId).toBe(winner);
      expect((await bob.holder())?.runId).toBe(winner);
      await freeLock(store('control'));
    }
  });

  it('us-west-2 down for everyone: taken in us-east-1 with the witness, the same lock', async () => {
    await fault({ kind: 'region-outage', region: WEST });
    const lock = lockOf(store('control'));
    const taken = await lock.acquire(uniqueId('run'), 'alice@laptop', 'failover', TTL);
    expect(taken.region).toBe(EAST);
    expect(taken.movedFrom).toBeUndefined();
    await lab.api('DELETE', '/_lab/faults');
    // us-west-2 is back: it shows the lock taken in us-east-1 at once (strong consistency).
    const west = lockOf(store('control', { east: false }));
    expect((await west.holder())?.runId).toBe(taken.runId);
    await expect(
      west.acquire(uniqueId('bob'), 'bob@laptop', 'failover', TTL),
    ).rejects.toMatchObject({ code: 'LOCK_HELD' });
  });

  it('quorum lost (the witness and us-west-2 out): fails closed, nothing written', async () => {
    const before = await lockOf(store('control')).holder();
    await fault({ kind: 'witness-outage', region: WITNESS });
    await fault({ kind: 'region-outage', region: WEST });
    const error = await sdkError(
      lockOf(store('control')).acquire(uniqueId('run'), 'alice@laptop', 'failover', TTL),
    );
    expect(error).toMatchObject({ code: 'LOCK_UNAVAILABLE' });
    expect(error.message).toMatch(new RegExp(`no replica of control table ${CONTROL}`));
    expect(error.message).toContain(`${EAST}: `);
    expect(error.hint).toMatch(/quorum/);
    await lab.api('DELETE', '/_lab/faults');
    expect(await lockOf(store('control')).holder()).toEqual(before);
  });
});

describe('no control table: the lock stays in its home region', () => {
  it('an operator who cannot reach us-west-2 gets LOCK_UNAVAILABLE, not a second lock', async () => {
    const alice = lockOf(store('app', { east: false }));
    const bob = lockOf(store('app', { west: false }));
    const taken = await alice.acquire(uniqueId('alice'), 'alice@laptop', 'failover', TTL);
    expect(taken.region).toBe(WEST);
    const error = await sdkError(bob.acquire(uniqueId('bob'), 'bob@laptop', 'failover', TTL));
    expect(error.code).toBe('LOCK_UNAVAILABLE');
    expect(error.message).toMatch(/the home region us-west-2 of the lock did not answer/);
    expect(error.hint).toMatch(/--force lock-region/);
    // Nothing was written in us-east-1's replica by Bob.
    const east = await store('app').regions[1]!.dynamodb.getItem(APP, {
      MysfitId: APP_TABLE_IDS.lock,
    });
    expect(east?.RunId ?? taken.runId).toBe(taken.runId);
    // Alice is done: her lock goes, in us-west-2 and (by replication) in us-east-1.
    expect(await alice.release(taken.runId)).toBe(true);
  });

  it('throttling in us-west-2: a clear error, no move to us-east-1', async () => {
    await fault({ kind: 'throttling', region: WEST, share: 1 });
    const runId = uniqueId('run');
    const error = await sdkError(
      lockOf(store('app')).acquire(runId, 'alice@laptop', 'failover', TTL),
    );
    expect(error.code).toBe('LOCK_UNAVAILABLE');
    expect(error.message).toMatch(/us-west-2: .*(Throttl|Rate exceeded)/i);
    expect(error.message).not.toMatch(/us-east-1:/);
    const east = await store('app').regions[1]!.dynamodb.getItem(APP, {
      MysfitId: APP_TABLE_IDS.lock,
    });
    expect(east?.RunId).not.toBe(runId);
  });

  it('--force lock-region: taken in us-east-1, saying it moved from us-west-2', async () => {
    // The global table replicates the earlier cases' lock writes (Alice's, then its release)
    // to us-east-1 with a lag: wait until its replica holds what us-west-2's does, the lock free.
    const [westReplica, eastReplica] = store('app').regions.map((r) => r.dynamodb);
    const key = { MysfitId: APP_TABLE_IDS.lock };
    await waitFor(
      'the us-east-1 replica of the lock item to catch up with us-west-2, free',
      async () => {
        const [west, east] = await Promise.all([
          westReplica!.getItem(APP, key),
          eastReplica!.getItem(APP, key),
        ]);
        const same = (a?: object, b?: object) =>
          JSON.stringify(Object.entries(a ?? {}).sort()) ===
          JSON.stringify(Object.entries(b ?? {}).sort());
        return !west?.RunId && same(west, east);
      },
      30_000,
    );
    await fault({ kind: 'throttling', region: WEST, share: 1 });
    const lock = lockOf(store('app'), true);
    const taken = await lock.acquire(uniqueId('run'), 'alice@laptop', 'failover', TTL);
    expect(taken).toMatchObject({ region: EAST, movedFrom: WEST });
    // The run keeps its lock where it took it: renewals go to us-east-1 too.
    expect(await lock.renew(taken.runId, TTL)).toBe(true);
    expect(await lock.release(taken.runId)).toBe(true);
  });
});

describe('the fencing token', () => {
  it('a broken run is stopped before its next step, journaled FENCED_OUT; its writes are refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fence-journal-'));
    try {
      const oldStore = store('control');
      const old = lockOf(oldStore);
      const oldRun = `failover-${Date.now()}-old`;
      const held = await old.acquire(oldRun, 'alice@laptop', 'failover', TTL);
      const target = {
        store: oldStore,
        write: (item: Parameters<typeof old.putFenced>[0], o: { everyRegion: boolean }) =>
          old.putFenced(item, o),
        runId: oldRun,
        owner: 'alice@laptop',
      };
      const newer = lockOf(store('control', { west: false }));
      const newRun = uniqueId('new');
      const journal = fileJournal(dir);
      // Between the two steps another operator breaks the old run's lock and takes it.
      const interleaved = {
        ...journal,
        async append(runId: string, record: JournalRecord) {
          await journal.append(runId, record);
          if (record.type === 'step-done') {
            expect(await newer.break(oldRun)).toBe(true);
            await newer.acquire(newRun, 'bob@laptop', 'failback', TTL);
          }
        },
      };
      const plan = {
        kind: 'traffic-switch',
        request: {},
        summary: 'mark us-west-2 out, then in',
        checks: [],
        alreadyDone: false,
        steps: [switchStep(target, WEST, 'out', {}), switchStep(target, WEST, 'in', {})],
      };
      const error = await sdkError(
        executePlan(
          plan,
          oldRun,
          {
            journal: interleaved,
            timer: { now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
            signal: new AbortController().signal,
            operator: 'alice@laptop',
            onProgress: () => undefined,
            describeState: async () => 'state',
            beforeApply: () => old.assertHeld().then(() => undefined),
          },
          { resumeCommand: 'mysfits-dr traffic switch --resume' },
        ),
      );
      expect(error.code).toBe('FENCED_OUT');
      expect(error.message).toMatch(new RegExp(`now failback run ${newRun} by bob@laptop`));
      const records = await journal.read(oldRun);
      expect(records.find((r) => r.type === 'step-failed')).toMatchObject({
        stepId: `switch:${WEST}:in`,
        error: { code: 'FENCED_OUT' },
      });
      expect(records.at(-1)).toMatchObject({ type: 'finish', outcome: 'failed' });
      // The switch kept the old run's only write, with its token; the new holder's is higher.
      const item = await oldStore.regions[0]!.dynamodb.getItem(CONTROL, {
        Pk: CONTROL_TABLE_IDS.routing(WEST),
      });
      expect(item).toMatchObject({ RoutingState: 'out', RunId: oldRun, Fence: held.fence });
      const now = await newer.holder();
      expect(now).toMatchObject({ runId: newRun, fence: held.fence + 2 });
      // Every later write of the old run is refused; the new holder keeps the lock.
      expect(await old.renew(oldRun, TTL)).toBe(false);
      expect(await old.release(oldRun)).toBe(false);
      await expect(
        old.putFenced({ Pk: CONTROL_TABLE_IDS.routing(WEST), RoutingState: 'in' }),
      ).rejects.toMatchObject({ code: 'FENCED_OUT' });
      await expect(
        recordRun(
          { store: oldStore, fence: () => old.assertHeld() },
          { runId: oldRun, kind: 'failover', summary: 's', operator: 'alice', startedAt: 1 },
        ),
      ).rejects.toMatchObject({ code: 'FENCED_OUT' });
      expect((await newer.holder())?.runId).toBe(newRun);
      expect(
        (
          await oldStore.regions[0]!.dynamodb.getItem(CONTROL, {
            Pk: CONTROL_TABLE_IDS.routing(WEST),
          })
        )?.RoutingState,
      ).toBe('out');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an item written by a newer holder is not overwritten by an older token', async () => {
    const first = lockOf(store('control'));
    const runA = uniqueId('a');
    await first.acquire(runA, 'alice', 'failover', TTL);
    await first.release(runA);
    const second = lockOf(store('control'));
    const runB = uniqueId('b');
    const b = await second.acquire(runB, 'bob', 'failover', TTL);
    const key = { Pk: CONTROL_TABLE_IDS.routing(EAST) };
    await second.putFenced({ ...key, RoutingState: 'out', RunId: runB });
    // The same conditional write as putFenced, with the token the first run held: refused.
    const stale = await store('control').regions[1]!.dynamodb.putItemIf(
      CONTROL,
      { ...key, RoutingState: 'in', RunId: runA, Fence: b.fence - 1 },
      {
        expression: 'attribute_not_exists(#fence) OR #fence <= :fence',
        names: { '#fence': 'Fence' },
        values: { ':fence': b.fence - 1 },
      },
    );
    expect(stale).toBe(false);
    expect(await store('control').regions[0]!.dynamodb.getItem(CONTROL, key)).toMatchObject({
      RoutingState: 'out',
      RunId: runB,
      Fence: b.fence,
    });
    await second.release(runB);
  });
});
