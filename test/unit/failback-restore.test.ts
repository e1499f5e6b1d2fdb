import { describe, expect, it } from 'vitest';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';
import { failbackDials } from '../../src/core/failover/failback-dials.js';
import {
  failoverRunsOf,
  recordedCapacity,
  recordedDials,
} from '../../src/core/failover/recorded-state.js';
import type { JournalRecord, RunListing } from '../../src/core/ops/journal.js';

const config = parseConfig(labConfig(), 'lab');
const done = (stepId: string, result: Record<string, number | null>): JournalRecord => ({
  type: 'step-done',
  at: 0,
  stepId,
  durationMs: 1,
  result,
});

describe('what a failover found, read back from its journal', () => {
  const gradual: JournalRecord[] = [
    { type: 'step-start', at: 0, stepId: 'dial:us-east-1:100' },
    done('dial:us-east-1:100', { dial: 100, from: 40 }),
    done('dial:us-west-2:50', { dial: 50, from: 100 }),
    done('check:us-east-1:50', {}),
    done('dial:us-west-2:0', { dial: 0, from: 50 }),
    done('scale:us-west-2:mysfits-core:0', { desired: 3 }),
    done('scale:us-west-2:mysfits-like:0', { desired: 2 }),
    done('scale:us-east-1:mysfits-core:3', { desired: 3 }),
  ];

  it("each region's dial before its first change (a gradual shift changes one several times)", () =>
    expect(recordedDials(gradual)).toEqual({ 'us-east-1': 40, 'us-west-2': 100 }));

  it('the desired counts a region had before --scale-source-down, for that region only', () => {
    expect(recordedCapacity(gradual, 'us-west-2')).toEqual({
      'mysfits-core': 3,
      'mysfits-like': 2,
    });
    expect(recordedCapacity(gradual, 'us-east-1')).toEqual({});
  });

  it('a dial step whose starting dial was unknown records nothing', () =>
    expect(recordedDials([done('dial:us-west-2:0', { dial: 0, from: null })])).toEqual({}));

  it("only this deployment's failovers that were not refused", () => {
    const run = (runId: string, kind: string, deployment: string, outcome?: string) =>
      ({ runId, kind, deployment, outcome, summary: '', operator: '', startedAt: 0 }) as RunListing;
    const runs = [
      run('a', 'failover', 'lab', 'refused'),
      run('b', 'failback', 'lab', 'completed'),
      run('c', 'failover', 'other', 'completed'),
      run('d', 'failover', 'lab', 'interrupted'),
      run('e', 'failover', 'lab', 'completed'),
    ];
    expect(failoverRunsOf(runs, 'lab').map((r) => r.runId)).toEqual(['d', 'e']);
  });
});

describe('the dials a failback restores', () => {
  it("the failover's, for every region", () =>
    expect(
      failbackDials(config, 'us-west-2', {
        runId: 'failover-1',
        dials: { 'us-east-1': 40, 'us-west-2': 100 },
      }),
    ).toEqual({ dials: { 'us-west-2': 100, 'us-east-1': 40 }, source: 'the failover failover-1' }));

  it("the config's baseline when no failover recorded dials, else every region at 100", () => {
    const withBaseline = { ...config, baseline: { dials: { 'us-west-2': 100, 'us-east-1': 0 } } };
    expect(failbackDials(withBaseline, 'us-west-2', undefined)).toEqual({
      dials: { 'us-west-2': 100, 'us-east-1': 0 },
      source: "the config's baseline",
    });
    expect(failbackDials(config, 'us-west-2', { runId: 'switch-only', dials: {} })).toEqual({
      dials: { 'us-west-2': 100, 'us-east-1': 100 },
      source: 'the default baseline',
    });
  });

  it('never leaves the target at 0: it is where the failback sends traffic', () =>
    expect(
      failbackDials(config, 'us-west-2', {
        runId: 'f',
        dials: { 'us-west-2': 0, 'us-east-1': 100 },
      }).dials,
    ).toEqual({ 'us-west-2': 100, 'us-east-1': 100 }));
});
