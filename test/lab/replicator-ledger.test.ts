// The replicator's bookkeeping without streams or DynamoDB Local: which stream records are
// echoes, which queued changes are applied, coalesced or superseded, and when a repair is
// needed. Table-driven over hand-made stream records.
import { describe, expect, it } from 'vitest';
import { type Delivery, ReplicationLedger } from '../../src/lab/dataplane/replicator-ledger.js';
import {
  canonicalImage,
  changeHash,
  type Image,
} from '../../src/lab/dataplane/replicator-state.js';
import type { StreamRecord } from '../../src/lab/dataplane/replicator-stream-reader.js';

const W = 'us-west-2';
const E = 'us-east-1';
const T = 'Table';
const keys = { id: { S: 'k' } };
const item = (v: string): Image => ({ ...keys, v: { S: v } });

function record(oldImage: Image | null, newImage: Image | null): StreamRecord {
  return {
    eventName: newImage ? (oldImage ? 'MODIFY' : 'INSERT') : 'REMOVE',
    dynamodb: {
      Keys: keys,
      OldImage: oldImage ?? undefined,
      NewImage: newImage ?? undefined,
    } as never,
  };
}

function setup() {
  const ledger = new ReplicationLedger([W, E]);
  const observe = (region: string, oldImage: Image | null, newImage: Image | null, at = 0) =>
    ledger.observe(T, region, record(oldImage, newImage), at, [W, E]);
  const due = (from: string, to: string) =>
    ledger.due(ledger.direction(from, to), 10_000, 0, () => true).flat();
  // Simulates the replicator applying a delivery on top of `current` in the target.
  const apply = (delivery: Delivery, current: Image | null) => {
    const changed = canonicalImage(current) !== canonicalImage(delivery.image);
    ledger.applied(delivery, { changed, hash: changeHash(current, delivery.image) });
    ledger.finish(delivery);
    ledger.removeFinished(ledger.direction(delivery.from, delivery.to), new Set([delivery]));
  };
  return { ledger, observe, due, apply };
}

describe('ReplicationLedger', () => {
  it('queues a local write for the other region and swallows its echo there (no ping-pong)', () => {
    const { ledger, observe, due, apply } = setup();
    observe(W, null, item('a'));
    const [delivery] = due(W, E);
    expect(delivery).toMatchObject({ from: W, to: E, image: item('a') });
    expect(ledger.decide(delivery!)).toBe('apply');
    apply(delivery!, null);
    observe(E, null, item('a')); // the echo of our own write
    expect(due(E, W)).toEqual([]);
    expect(ledger.direction(W, E).echoesSuppressed).toBe(1);
  });

  it('treats a matching image with a different old image as a real local write', () => {
    const { observe, due, apply } = setup();
    observe(W, null, item('a'));
    apply(due(W, E)[0]!, null);
    observe(E, item('x'), item('a')); // same new image, but not the change we made
    expect(due(E, W)).toHaveLength(1);
  });

  it('applies a change older than the winner while it is newer than what the target holds', () => {
    const { ledger, observe, due, apply } = setup();
    observe(W, null, item('1'));
    const [first] = due(W, E);
    observe(W, item('1'), item('2')); // a newer write, not yet due
    expect(ledger.isCurrent(first!)).toBe(false);
    expect(ledger.decide(first!)).toBe('apply'); // a hot item keeps being refreshed
    apply(first!, null);
    const [second] = due(W, E);
    expect(ledger.decide(second!)).toBe('apply');
  });

  it('supersedes a change when the target wrote the item later itself', () => {
    const { ledger, observe, due } = setup();
    observe(W, null, item('west'));
    observe(E, null, item('east')); // read last: the last writer
    expect(ledger.decide(due(W, E)[0]!)).toBe('superseded');
    expect(ledger.decide(due(E, W)[0]!)).toBe('apply');
  });

  it('coalesces a change the target already got a newer version of', () => {
    const { ledger, observe, due, apply } = setup();
    observe(W, null, item('1'));
    observe(W, item('1'), item('2'));
    const [older, newer] = due(W, E);
    apply(newer!, null);
    expect(ledger.decide(older!)).toBe('coalesced');
  });

  it('asks for a repair when a replicated write landed after a newer local write', () => {
    const { ledger, observe, due, apply } = setup();
    observe(W, null, item('west'));
    apply(due(W, E)[0]!, item('east-unseen')); // east had a write we had not read yet
    observe(E, null, item('east-unseen')); // now read: a newer local write
    observe(E, item('east-unseen'), item('west')); // then the echo of our overwrite
    const [repair] = ledger.takeRepairs();
    expect(repair).toMatchObject({ to: E, image: item('east-unseen') });
    expect(ledger.isCurrent(repair!)).toBe(true);
    expect(due(E, W).map((d) => d.image)).toEqual([item('east-unseen')]);
  });

  it('expects no echo from a write that changed nothing, and replicates deletes', () => {
    const { ledger, observe, due, apply } = setup();
    observe(W, null, item('a'));
    apply(due(W, E)[0]!, item('a')); // already there: no stream record will follow
    observe(W, item('a'), null);
    const [remove] = due(W, E);
    expect(remove?.image).toBeNull();
    apply(remove!, item('a'));
    observe(E, item('a'), null);
    expect(due(E, W)).toEqual([]);
    expect(ledger.direction(W, E).echoesSuppressed).toBe(1);
  });

  it('holds changes for a region that does not receive yet and drops them with the region', () => {
    const { ledger, observe } = setup();
    observe(W, null, item('a'));
    expect(ledger.due(ledger.direction(W, E), 10_000, 0, () => false)).toEqual([]);
    expect(ledger.queue(W, E)).toHaveLength(1);
    ledger.dropRegion(T, E);
    expect(ledger.queue(W, E)).toHaveLength(0);
  });
});
