import { describe, expect, it } from 'vitest';
import type { CommandResult, DrillDeps } from '../../src/drill/deps.js';
import type { DrillJournal } from '../../src/drill/journal.js';
import type { LoadRun, LoadSample } from '../../src/drill/load.js';
import { parseDrill } from '../../src/drill/parse.js';
import { runDrill } from '../../src/drill/runner.js';

interface Fake {
  deps: DrillDeps;
  calls: string[];
  interrupt: AbortController;
  journals: DrillJournal[];
}

/** Deps that record every call; commands answer from `commands` by their first word. */
function fakeDeps(
  options: {
    commands?: Record<string, CommandResult | (() => CommandResult)>;
    samples?: LoadSample[];
    addFault?: () => Promise<{ id: string }>;
    counters?: Map<string, number>;
  } = {},
): Fake {
  const calls: string[] = [];
  const interrupt = new AbortController();
  const journals: DrillJournal[] = [];
  const samples = options.samples ?? [];
  const load: LoadRun = {
    t0: 0,
    stats: (windowMs) => (
      calls.push(`stats ${windowMs}`),
      {
        elapsedMs: 0,
        windowMs: 1000,
        regions: {
          'us-west-2': { requests: 10, ok: 10, ratePerSecond: 10, successRate: 1, share: 1 },
        },
        window: { requests: 10, ok: 10, ratePerSecond: 10, successRate: 1, share: 1 },
        totals: { sent: 10, done: 10, ok: 10, failed: 0, inFlight: 0, skipped: 0, byRegion: {} },
      }
    ),
    samples: () => samples,
    stop: async () => samples,
  };
  const deps: DrillDeps = {
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const t = setTimeout(resolve, Math.min(ms, 50));
        signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      }),
    interrupt: interrupt.signal,
    runCommand: async (args) => {
      calls.push(`command ${args.join(' ')}`);
      const answer = options.commands?.[args[0]!] ?? { exitCode: 0, document: {}, stderr: '' };
      return typeof answer === 'function' ? answer() : answer;
    },
    lab: {
      addFault: async (fault) => {
        calls.push(`fault ${String(fault.kind)}`);
        return options.addFault ? options.addFault() : { id: 'f1' };
      },
      clearFaults: async (id) => void calls.push(`clear ${id ?? 'all'}`),
      setReplicationLag: async () => undefined,
    },
    aws: {
      scaleService: async () => ({ previousDesiredCount: 2 }),
      setHealthCheckPath: async () => ({ targetGroupArn: 'tg', previousPath: '/' }),
      startFisExperiment: async () => ({ experimentId: 'x', state: 'running' }),
      stopFisExperiment: async () => ({ state: 'stopped' }),
    },
    http: async () => ({ status: 200 }),
    appUrl: async () => 'http://app',
    startLoad: async () => load,
    readLikeCounters: async (region) => {
      calls.push(`rpo ${region}`);
      return options.counters ?? new Map();
    },
    regions: ['us-west-2', 'us-east-1'],
    readSignals: async () => ({ alarmsInAlarm: [], unhealthyRegions: [], replicationLagMs: {} }),
    saveJournal: async (j) => void journals.push(j),
    progress: () => undefined,
    platform: 'test',
    nodeVersion: 'v20',
  };
  return { deps, calls, interrupt, journals };
}

function drill(text: string) {
  const parsed = parseDrill(text);
  if (!parsed.drill) throw new Error(JSON.stringify(parsed.issues));
  return parsed.drill;
}

const BASIC = `
title: basic
steady-state-hypothesis:
  title: ok
  probes:
    - { type: probe, name: healthy, provider: { type: status }, tolerance: { path: exitCode, equals: 0 } }
method:
  - { type: action, name: outage, provider: { type: lab-fault, kind: region-outage, region: us-west-2 } }
  - { type: action, name: move, provider: { type: failover, to: us-east-1 } }
  - { type: action, name: heal, provider: { type: lab-clear, id: "\${steps.outage.id}" } }
rollbacks:
  - { type: action, name: clear, provider: { type: lab-clear } }
settle: 0s
`;

describe('drill runner', () => {
  it('passes: hypothesis, method with step outputs, rollbacks; journal says completed, exit 0', async () => {
    const fake = fakeDeps();
    const journal = await runDrill(drill(BASIC), fake.deps);
    expect(journal.status).toBe('completed');
    expect(journal.exitCode).toBe(0);
    expect(fake.calls).toEqual([
      'command status',
      'fault region-outage',
      'command failover --to us-east-1',
      'clear f1',
      'command status',
      'clear all',
    ]);
    expect(journal.steady_states.before?.steady_state_met).toBe(true);
    expect(journal.run.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(journal.measurements.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['fault', 'failover', 'rollback']),
    );
    expect(fake.journals.length).toBeGreaterThan(3);
  });

  it('a steady state that does not hold before: nothing is injected, no rollbacks, exit 1', async () => {
    const fake = fakeDeps({ commands: { status: { exitCode: 1, document: {}, stderr: '' } } });
    const journal = await runDrill(drill(BASIC), fake.deps);
    expect(journal.exitCode).toBe(1);
    expect(journal.deviated).toBe(true);
    expect(journal.reason).toMatch(/did not hold before/);
    expect(fake.calls).toEqual(['command status']);
  });

  it('an action that exits otherwise than expected fails the run (exit 1) and rollbacks still run', async () => {
    const fake = fakeDeps({
      commands: {
        failover: {
          exitCode: 3,
          document: { error: { message: 'refused: replication' } },
          stderr: '',
        },
      },
    });
    const journal = await runDrill(drill(BASIC), fake.deps);
    expect(journal.exitCode).toBe(1);
    expect(journal.reason).toMatch(
      /step move failed: exit code 3; expected 0: refused: replication/,
    );
    expect(fake.calls.at(-1)).toBe('clear all');
    expect(fake.calls).not.toContain('clear f1');
  });

  it('a tool error aborts the run (exit 9); rollbacks run and a failing rollback does not stop the next', async () => {
    const text = BASIC.replace(
      'rollbacks:\n',
      'rollbacks:\n  - { type: action, name: broken, provider: { type: failback } }\n',
    );
    const fake = fakeDeps({
      addFault: async () => {
        throw new Error('the lab did not answer');
      },
      commands: { failback: { exitCode: 6, document: {}, stderr: '' } },
    });
    const journal = await runDrill(drill(text), fake.deps);
    expect(journal.status).toBe('aborted');
    expect(journal.exitCode).toBe(9);
    expect(journal.reason).toMatch(/tool error in outage: the lab did not answer/);
    expect(journal.rollbacks.map((r) => [r.activity.name, r.status])).toEqual([
      ['broken', 'failed'],
      ['clear', 'succeeded'],
    ]);
  });

  it('Ctrl-C stops at the step boundary, runs the rollbacks, exit 130', async () => {
    const fake = fakeDeps();
    const text = BASIC.replace(
      '  - { type: action, name: move',
      '  - { type: action, name: pause, provider: { type: wait, duration: 30s } }\n  - { type: action, name: move',
    );
    setTimeout(() => fake.interrupt.abort(), 30);
    const journal = await runDrill(drill(text), fake.deps);
    expect(journal.status).toBe('interrupted');
    expect(journal.exitCode).toBe(130);
    expect(fake.calls).not.toContain('command failover --to us-east-1');
    expect(fake.calls.at(-1)).toBe('clear all');
  });

  it('a stop condition (maximum duration) aborts with exit 9 and says which', async () => {
    const text = `
title: long
stop-conditions: { maxDuration: 100ms }
method:
  - { type: action, name: a, provider: { type: wait, duration: 20s } }
  - { type: action, name: b, provider: { type: lab-clear } }
`;
    const fake = fakeDeps();
    const slow = {
      ...fake.deps,
      sleep: (ms: number, signal?: AbortSignal) =>
        new Promise<void>((resolve) => {
          const t = setTimeout(resolve, ms);
          signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
        }),
    };
    const journal = await runDrill(drill(text), slow);
    expect(journal.exitCode).toBe(9);
    expect(journal.reason).toMatch(/stop condition maxDuration/);
    expect(fake.calls).not.toContain('clear all');
  }, 10_000);

  it('a probe retries until its tolerance holds', async () => {
    let n = 0;
    const fake = fakeDeps({
      commands: { status: () => ({ exitCode: ++n < 3 ? 1 : 0, document: {}, stderr: '' }) },
    });
    const text = `
title: retry
method:
  - { type: probe, name: p, provider: { type: status }, tolerance: { path: exitCode, equals: 0 }, retry: { timeout: 5s, interval: 10ms } }
`;
    const journal = await runDrill(drill(text), fake.deps);
    expect(journal.exitCode).toBe(0);
    expect(journal.run[0]).toMatchObject({ status: 'succeeded', attempts: 3, tolerance_met: true });
  });

  it('objectives: a lost acknowledged like misses lostWrites (exit 1, not deviated)', async () => {
    const like = (t: number, regionLikes: number): LoadSample => ({
      t,
      kind: 'like',
      ok: true,
      status: 200,
      region: 'us-west-2',
      latencyMs: 5,
      mysfitId: 'm',
      regionLikes,
    });
    const samples = [like(10, 1), like(20, 2)];
    const fake = fakeDeps({ samples, counters: new Map([['m#us-west-2', 1]]) });
    const text = `
title: rpo
objectives: { lostWrites: 0 }
load: { rate: 1, warmup: 0s }
settle: 0s
method:
  - { type: action, name: a, provider: { type: wait, duration: 1ms } }
`;
    const journal = await runDrill(drill(text), fake.deps);
    expect(journal.exitCode).toBe(1);
    expect(journal.deviated).toBe(false);
    expect(journal.reason).toMatch(/objectives missed: lostWrites/);
    expect(journal.measurements.rpo).toMatchObject({
      lostWrites: 1,
      checkedIn: ['us-west-2', 'us-east-1'],
    });
    expect(journal.measurements.objectives).toEqual([
      { name: 'lostWrites', target: 0, measured: 1, unit: 'writes', met: false },
    ]);
  });

  it('a load probe reads the window it names (durations are converted once), and step outputs feed later steps', async () => {
    const fake = fakeDeps();
    const text = `
title: window
load: { rate: 1, warmup: 0s }
method:
  - { type: probe, name: recent, provider: { type: load, window: 2s }, tolerance: { path: window.successRate, min: 0.9 } }
  - { type: action, name: fault, provider: { type: lab-fault, kind: latency, region: us-east-1, ms: 5 } }
  - { type: action, name: clear, provider: { type: lab-clear, id: "\${steps.fault.id}" } }
`;
    const journal = await runDrill(drill(text), fake.deps);
    expect(journal.exitCode).toBe(0);
    expect(fake.calls).toContain('stats 2000');
    expect(fake.calls).toContain('clear f1');
  });
});
