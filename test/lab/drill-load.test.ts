// The game-day load through the shared lab's accelerator, with nothing broken: every
// request is served by us-west-2 (the region closest to this client, dials 100/100), every
// like is acknowledged with its sequence number in (mysfit, region), and once replication
// has settled both regions' replicas hold every acknowledged like (0 lost).
import { describe, expect, inject, it } from 'vitest';
import { listMysfitIds, sendAppRequest } from '../../src/aws/app-load.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { startLoad } from '../../src/drill/load.js';
import { lostLikes, requestTotals } from '../../src/drill/measure.js';
import { readVisibleLikeCounters } from '../../src/drill/rpo.js';
import { labAcceleratorUrl, sleep, waitFor } from '../helpers/lab.js';
import { useLabPorts } from '../helpers/lab-ports.js';

const endpoint = inject('labEndpoint');
const config = parseConfig(labConfig(), 'lab');
const [west, east] = config.regions.map((r) => r.name) as [string, string];

const ports = useLabPorts(endpoint);

/** The accelerator's address, as the lab's health endpoint reports it. */
const acceleratorUrl = () => labAcceleratorUrl(endpoint);

describe('game-day load through the accelerator', () => {
  it('is served by us-west-2, acknowledges likes with sequence numbers, and loses none', async () => {
    const url = await acceleratorUrl();
    const ids = (await listMysfitIds(url, 5_000)).slice(0, 3);
    expect(ids.length).toBeGreaterThan(0);
    // A game day starts from a steady state: a freshly started lab's first likes can be slow
    // enough for the ALB's idle timeout (504) while the tasks warm up.
    await waitFor(
      'a like of each mysfit answered',
      async () => {
        const answers = await Promise.all(
          ids.map((id) =>
            sendAppRequest(url, { method: 'POST', path: `/mysfits/${id}/like`, timeoutMs: 10_000 }),
          ),
        );
        return answers.every((a) => a.ok);
      },
      30_000,
    );

    // A modest rate: the lab runs every service on this machine, often a busy 2-core one.
    const run = startLoad({ url, mysfitIds: ids, ratePerSecond: 10, requestTimeoutMs: 15_000 });
    await sleep(3_000);
    const live = run.stats(2_000);
    const samples = await run.stop();

    // Served by us-west-2. A request may time out on an overloaded host (no region); none may
    // be answered by another region or fail in a service.
    const totals = requestTotals(samples);
    const failures = JSON.stringify(samples.filter((s) => !s.ok).slice(0, 5));
    expect(totals.sent).toBeGreaterThanOrEqual(25);
    expect(totals.ok, failures).toBeGreaterThanOrEqual(totals.sent * 0.5);
    expect(Object.keys(totals.byRegion), failures).toEqual([west]);
    expect(samples.filter((s) => !s.ok && s.region !== null)).toEqual([]);
    expect(live.regions[west]!.requests).toBeGreaterThan(0);

    const likes = samples.filter((s) => s.kind === 'like' && s.ok);
    expect(likes.length).toBeGreaterThanOrEqual(5);
    for (const like of likes) {
      expect(ids).toContain(like.mysfitId);
      expect(like.regionLikes, `like ${JSON.stringify(like)} has no regionLikes`).toBeTypeOf(
        'number',
      );
    }
    // Within one (mysfit, region) the acknowledged sequence numbers are distinct.
    for (const id of ids) {
      const numbers = likes.filter((l) => l.mysfitId === id).map((l) => l.regionLikes);
      expect(new Set(numbers).size).toBe(numbers.length);
    }

    // Every acknowledged like is in both replicas once replication has caught up.
    for (const region of [west, east]) {
      const dynamodb = ports.region(region).dynamodb;
      // The like counters are in the likes table (the app's table holds only mysfits).
      const table = { name: config.likesTable.name, hashKey: config.likesTable.partitionKey };
      const result = await waitFor(
        `every acknowledged like visible in ${region}`,
        async () => {
          const visible = await readVisibleLikeCounters(dynamodb, table, [west, east], ids);
          const lost = lostLikes(samples, visible, null);
          return lost.lostWrites === 0 && { visible, lost };
        },
        15_000,
      );
      expect(result.lost).toEqual({ lostWrites: 0, windowMs: 0, lost: [] });
      for (const id of ids) {
        const acked = likes.filter((l) => l.mysfitId === id).map((l) => l.regionLikes!);
        expect(result.visible.get(`${id}#${west}`)).toBeGreaterThanOrEqual(Math.max(...acked));
      }
    }
  });
});
