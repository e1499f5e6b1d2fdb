import { describe, expect, it } from 'vitest';
import {
  dialledShares,
  trafficShares,
  type ShareGroup,
} from '../../src/core/status/traffic-share.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';
const CLIENTS = [WEST, EAST];

function groups(
  westDial: number,
  eastDial: number,
  westHealthy = true,
  eastHealthy = true,
): ShareGroup[] {
  return [
    { region: WEST, dial: westDial, hasHealthyEndpoint: westHealthy },
    { region: EAST, dial: eastDial, hasHealthyEndpoint: eastHealthy },
  ];
}

describe('dialledShares', () => {
  it.each([
    // west dial, east dial → west share, east share (clients nearest us-west-2)
    [100, 100, 1, 0],
    [100, 0, 1, 0],
    [0, 100, 0, 1],
    [50, 50, 0.5, 0.5],
    [90, 10, 0.9, 0.1],
    [90, 100, 0.9, 0.1],
    [25, 0, 1, 0], // the last dialled group keeps whatever reaches it
    [0, 0, 0, 0],
  ])('dials %i/%i give %f/%f', (w, e, ws, es) => {
    const shares = dialledShares(groups(w, e), CLIENTS);
    expect(shares[WEST]).toBeCloseTo(ws);
    expect(shares[EAST]).toBeCloseTo(es);
  });

  it('orders by proximity to the clients, not by config order', () => {
    const shares = dialledShares(groups(50, 50), [EAST, WEST]);
    expect(shares[EAST]).toBeCloseTo(0.5);
    expect(dialledShares(groups(100, 100), [EAST, WEST])[EAST]).toBe(1);
  });
});

describe('trafficShares', () => {
  it.each([
    // dials, health → shares, failOpen, failedOver
    { w: 100, e: 100, wh: true, eh: true, ws: 1, es: 0, failOpen: false, failedOver: [] },
    { w: 0, e: 100, wh: true, eh: true, ws: 0, es: 1, failOpen: false, failedOver: [] },
    { w: 100, e: 100, wh: false, eh: true, ws: 0, es: 1, failOpen: false, failedOver: [WEST] },
    // failover ignores the dial: a group dialled to 0 takes the failed group's share
    { w: 100, e: 0, wh: false, eh: true, ws: 0, es: 1, failOpen: false, failedOver: [WEST] },
    { w: 50, e: 50, wh: true, eh: false, ws: 1, es: 0, failOpen: false, failedOver: [EAST] },
    // nothing healthy: fail open to the closest group, dials and health ignored
    { w: 0, e: 100, wh: false, eh: false, ws: 1, es: 0, failOpen: true, failedOver: [] },
    // every dial at 0: the closest healthy group
    { w: 0, e: 0, wh: false, eh: true, ws: 0, es: 1, failOpen: false, failedOver: [] },
    { w: 0, e: 0, wh: true, eh: true, ws: 1, es: 0, failOpen: false, failedOver: [] },
  ])('dials $w/$e healthy $wh/$eh → $ws/$es', ({ w, e, wh, eh, ws, es, failOpen, failedOver }) => {
    const result = trafficShares(groups(w, e, wh, eh), CLIENTS);
    expect(result.shares[WEST]).toBeCloseTo(ws);
    expect(result.shares[EAST]).toBeCloseTo(es);
    expect(result.failOpen).toBe(failOpen);
    expect(result.failedOver).toEqual(failedOver);
  });

  it('always hands out all connections when any group exists', () => {
    for (const w of [0, 10, 50, 100]) {
      for (const e of [0, 30, 100]) {
        for (const wh of [true, false]) {
          for (const eh of [true, false]) {
            const total = Object.values(trafficShares(groups(w, e, wh, eh), CLIENTS).shares).reduce(
              (a, b) => a + b,
              0,
            );
            expect(total).toBeCloseTo(1);
          }
        }
      }
    }
  });
});
