// probeReplication against a fake two-region table on a virtual clock: what it measures, when
// it calls a direction stalled or unknown, and that every canary is deleted in both regions
// whatever happens (timeout, error, abort).
import { describe, expect, it } from 'vitest';
import type { DynamoDbPort, RegionPorts, SimpleItem } from '../../src/core/ports.js';
import type { ReplicationClock } from '../../src/core/replication/deps.js';
import { probeOptionsFor, probeReplication } from '../../src/core/replication/probe.js';
import { replicationProbeDocumentSchema } from '../../src/core/replication/schema.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';

/** Timers on a virtual time line; `run` advances to the next timer whenever the work is idle. */
class VirtualClock implements ReplicationClock {
  t = Date.parse('2026-03-01T12:00:00.000Z');
  private timers: { at: number; fire: () => void }[] = [];
  now = () => this.t;
  sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = () => {
        this.timers = this.timers.filter((x) => x !== timer);
        resolve();
      };
      const timer = {
        at: this.t + ms,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  /** Fires `fn` at virtual time `at` (ms from now). */
  at(ms: number, fn: () => void) {
    this.timers.push({ at: this.t + ms, fire: fn });
  }
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    void work.then(
      () => (done = true),
      () => (done = true),
    );
    for (let idle = 0; !done; ) {
      await new Promise((r) => setImmediate(r));
      if (done) break;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) {
        if (++idle > 100) throw new Error('deadlock: work pending with no timer');
        continue;
      }
      this.t = Math.max(this.t, next.at);
      next.fire();
    }
    return work;
  }
}

/** A global table in two regions: a put becomes visible elsewhere `lag` ms later (never when paused). */
class FakeTable {
  readonly items = new Map<string, Map<string, { item: SimpleItem; visibleAt: number }>>();
  readonly log: string[] = [];
  /** When (virtual ms) each logged call started, in log order. */
  readonly startedAt: number[] = [];
  lag: Record<string, number | null> = { [`${WEST}>${EAST}`]: 1000, [`${EAST}>${WEST}`]: 1000 };
  failing = new Set<string>();
  /** Virtual ms each call takes. */
  callMs = 10;
  constructor(private readonly clock: VirtualClock) {
    for (const r of [WEST, EAST]) this.items.set(r, new Map());
  }
  private async call(region: string, op: string, what: string) {
    this.log.push(`${op} ${region} ${what}`);
    this.startedAt.push(this.clock.now());
    await this.clock.sleep(this.callMs);
    if (this.failing.has(`${op} ${region}`)) {
      throw Object.assign(new Error(`${op} refused`), { name: 'ServiceUnavailable' });
    }
  }
  port(region: string): DynamoDbPort {
    const unused = () => Promise.reject(new Error('not used by the probe'));
    return {
      putItemIf: unused,
      deleteItemIf: unused,
      describeTable: async (name) => {
        await this.call(region, 'DescribeTable', name);
        return {
          name,
          status: 'ACTIVE',
          key: [{ name: 'MysfitId', type: 'S', keyType: 'HASH' }],
          replicas: [
            { region: WEST, status: 'ACTIVE' },
            { region: EAST, status: 'ACTIVE' },
          ],
        };
      },
      putItem: async (_t, item) => {
        const id = String(item.MysfitId);
        await this.call(region, 'PutItem', id);
        this.items.get(region)!.set(id, { item, visibleAt: this.clock.now() });
        for (const [other, map] of this.items) {
          const lag = this.lag[`${region}>${other}`];
          if (other !== region && lag !== null && lag !== undefined)
            map.set(id, { item, visibleAt: this.clock.now() + lag });
        }
      },
      getItem: async (_t, key) => {
        await this.call(region, 'GetItem', String(key.MysfitId));
        const found = this.items.get(region)!.get(String(key.MysfitId));
        return found && found.visibleAt <= this.clock.now() ? found.item : undefined;
      },
      deleteItem: async (_t, key) => {
        await this.call(region, 'DeleteItem', String(key.MysfitId));
        this.items.get(region)!.delete(String(key.MysfitId));
      },
    };
  }
  ports() {
    return { region: (name: string) => ({ dynamodb: this.port(name) }) as unknown as RegionPorts };
  }
  /** Canary ids that some region still holds. */
  left(): string[] {
    return [...this.items.values()].flatMap((m) => [...m.keys()]);
  }
}

const config = {
  globalTable: { name: 'MysfitsTable' },
  regions: [{ name: WEST }, { name: EAST }],
  thresholds: { maxReplicationLagSeconds: 5, staleAfterSeconds: 300 },
};

function setup() {
  const clock = new VirtualClock();
  const table = new FakeTable(clock);
  return { clock, table, deps: { ports: table.ports(), clock } };
}

describe('probeReplication', () => {
  it('defaults: 3 samples, 500 ms apart, 100 ms polls, timeout 2 × threshold but at least 5 s', () => {
    const o = probeOptionsFor(config, { runId: 'r' });
    expect(o).toMatchObject({
      samples: 3,
      intervalMs: 500,
      pollIntervalMs: 100,
      timeoutMs: 10_000,
    });
    const low = { ...config, thresholds: { ...config.thresholds, maxReplicationLagSeconds: 1 } };
    expect(probeOptionsFor(low, { runId: 'r' }).timeoutMs).toBe(5_000);
    expect(o.directions).toHaveLength(2);
  });

  it('measures the lag of both directions to within one poll and deletes every canary in both regions', async () => {
    const { clock, table, deps } = setup();
    table.lag[`${EAST}>${WEST}`] = 2000;
    const doc = await clock.run(probeReplication(deps, probeOptionsFor(config, { runId: 'run1' })));
    expect(replicationProbeDocumentSchema.parse(doc)).toEqual(doc);
    expect(doc.verdict).toBe('ok');
    const [west, east] = doc.directions;
    expect(west!.samples.map((s) => s.key)).toEqual(
      [1, 2, 3].map((n) => `__canary#run1#${WEST}→${EAST}#${n}`),
    );
    for (const [d, lag] of [
      [west!, 1000],
      [east!, 2000],
    ] as const) {
      expect(d.verdict).toBe('ok');
      expect(d.stats!.count).toBe(3);
      expect(d.stats!.minMs).toBeGreaterThanOrEqual(lag);
      expect(d.stats!.maxMs).toBeLessThanOrEqual(lag + 100 + 10);
      expect(d.resolutionMs).toBe(100);
      expect(d.cleanup).toEqual({ deleted: 6, failures: [] });
    }
    expect(table.left()).toEqual([]);
    // Every canary was deleted in its source region and in its receiving region.
    for (const s of [...west!.samples, ...east!.samples]) {
      expect(table.log.filter((l) => l.startsWith('DeleteItem') && l.endsWith(s.key))).toHaveLength(
        2,
      );
    }
    expect(table.log.filter((l) => l.startsWith('PutItem'))).toHaveLength(6);
  });

  it('deletes each canary in both regions at once, right after it is seen', async () => {
    const { clock, table, deps } = setup();
    table.callMs = 40;
    const doc = await clock.run(probeReplication(deps, probeOptionsFor(config, { runId: 'r' })));
    for (const s of doc.directions.flatMap((d) => d.samples)) {
      const at = (op: string) =>
        table.log.flatMap((l, i) =>
          l.startsWith(op) && l.endsWith(s.key) ? [table.startedAt[i]!] : [],
        );
      const [put] = at('PutItem');
      const deletes = at('DeleteItem');
      // Both deletes are sent together (not one after the other), as soon as the last poll
      // saw the canary: it lives from its PutItem to one DeleteItem round trip after that.
      expect(deletes).toHaveLength(2);
      expect(deletes[0]).toBe(deletes[1]);
      const polls = at('GetItem');
      expect(deletes[0]).toBe(polls.at(-1)! + table.callMs);
      expect(deletes[0]).toBe(Date.parse(s.seenAt!));
      expect(put).toBeLessThan(deletes[0]!);
    }
  });

  it('calls a direction lagging when its median is over the threshold', async () => {
    const { clock, table, deps } = setup();
    table.lag[`${WEST}>${EAST}`] = 6000;
    const doc = await clock.run(
      probeReplication(deps, probeOptionsFor(config, { runId: 'r', samples: 1 })),
    );
    expect(doc.directions.map((d) => d.verdict)).toEqual(['lagging', 'ok']);
    expect(doc.verdict).toBe('lagging');
  });

  it('calls a paused direction stalled after the timeout, stops it there and still cleans up', async () => {
    const { clock, table, deps } = setup();
    table.lag[`${WEST}>${EAST}`] = null;
    const started = clock.now();
    const doc = await clock.run(
      probeReplication(deps, probeOptionsFor(config, { runId: 'r', timeoutMs: 3000 })),
    );
    const [west, east] = doc.directions;
    expect(west).toMatchObject({ verdict: 'stalled', stats: null });
    expect(west!.samples).toHaveLength(1);
    expect(west!.samples[0]).toMatchObject({ outcome: 'timeout', lagMs: null, seenAt: null });
    expect(west!.message).toBe(
      `no canary written in ${WEST} reached ${EAST} within 3 s: replication is stalled or lagging by more than 3 s`,
    );
    expect(east!.verdict).toBe('ok');
    expect(west!.cleanup.deleted).toBe(2);
    expect(table.left()).toEqual([]);
    expect(doc.warnings).toEqual([west!.message]);
    expect(clock.now() - started).toBeLessThan(3000 + 2 * 1100 + 1000);
  });

  it('reports a region whose DynamoDB fails as unknown with the call and error', async () => {
    const { clock, table, deps } = setup();
    table.failing.add(`GetItem ${WEST}`);
    const doc = await clock.run(
      probeReplication(
        {
          ...deps,
          describeError: (e) => ({ kind: 'unreachable', message: (e as Error).message }),
        },
        probeOptionsFor(config, { runId: 'r' }),
      ),
    );
    const [west, east] = doc.directions;
    expect(west!.verdict).toBe('ok');
    expect(east).toMatchObject({
      verdict: 'unknown',
      failure: {
        kind: 'unreachable',
        call: `dynamodb:GetItem ${WEST}`,
        message: 'GetItem refused',
      },
    });
    expect(east!.samples[0]!.outcome).toBe('error');
    expect(table.left()).toEqual([]);
  });

  it('reports DescribeTable failing everywhere as unknown without writing anything', async () => {
    const { clock, table, deps } = setup();
    table.failing.add(`DescribeTable ${EAST}`);
    table.failing.add(`DescribeTable ${WEST}`);
    const doc = await clock.run(probeReplication(deps, probeOptionsFor(config, { runId: 'r' })));
    expect(doc.directions.map((d) => d.verdict)).toEqual(['unknown', 'unknown']);
    expect(doc.directions[0]!.failure?.call).toBe(`dynamodb:DescribeTable ${WEST}`);
    expect(table.log.some((l) => l.startsWith('PutItem'))).toBe(false);
  });

  it('takes the key schema from another region when one control plane is down', async () => {
    const { clock, table, deps } = setup();
    table.failing.add(`DescribeTable ${WEST}`);
    const doc = await clock.run(probeReplication(deps, probeOptionsFor(config, { runId: 'r' })));
    expect(doc.directions.map((d) => d.verdict)).toEqual(['ok', 'ok']);
    expect(table.log.some((l) => l.startsWith(`PutItem ${WEST}`))).toBe(true);
  });

  it('records failed deletes as cleanup failures and warnings', async () => {
    const { clock, table, deps } = setup();
    table.failing.add(`DeleteItem ${EAST}`);
    const doc = await clock.run(
      probeReplication(deps, probeOptionsFor(config, { runId: 'r', samples: 1, from: WEST })),
    );
    expect(doc.directions[0]!.verdict).toBe('ok');
    expect(doc.directions[0]!.cleanup).toMatchObject({
      deleted: 1,
      failures: [{ region: EAST, key: `__canary#r#${WEST}→${EAST}#1` }],
    });
    expect(doc.warnings[0]).toContain(
      `could not delete canary __canary#r#${WEST}→${EAST}#1 in ${EAST}`,
    );
  });

  it('stops at Ctrl-C (abort) and still deletes the canary it wrote', async () => {
    const { clock, table, deps } = setup();
    table.lag[`${WEST}>${EAST}`] = null;
    const controller = new AbortController();
    clock.at(1500, () => controller.abort());
    const doc = await clock.run(
      probeReplication(
        { ...deps, signal: controller.signal },
        probeOptionsFor(config, { runId: 'r', from: WEST }),
      ),
    );
    expect(doc.interrupted).toBe(true);
    expect(doc.directions[0]).toMatchObject({ verdict: 'unknown' });
    expect(doc.directions[0]!.samples[0]!.outcome).toBe('interrupted');
    expect(doc.directions[0]!.message).toContain('interrupted after 0 of 3 samples');
    expect(doc.directions[0]!.cleanup.deleted).toBe(2);
    expect(table.left()).toEqual([]);
  });
});
