/**
 * The operation use case (src/core/ops/operation.ts) with in-memory fakes for every port: the
 * journal, the lock, the audit trail, the live state, the accelerator and the operator. It
 * takes the lock (or stops when another run holds it), journals refused and no-op runs, runs a
 * confirmed plan, resumes from the journaled request and stops at Ctrl-C with the state left.
 */
import { describe, expect, it } from 'vitest';
import { DrError } from '../../src/core/errors.js';
import type { JournalRecord, JournalStore, RunListing } from '../../src/core/ops/journal.js';
import { summarizeRun } from '../../src/core/ops/journal.js';
import {
  runOperation,
  type AuditedRun,
  type OperationDeps,
  type OperationSpec,
} from '../../src/core/ops/operation.js';
import { trafficSetRequestSchema, type TrafficSetRequest } from '../../src/core/ops/requests.js';
import type { CheckResult, Plan, Step } from '../../src/core/ops/step.js';
import type { Timer } from '../../src/core/read-budget.js';

/** A journal in memory. */
function memoryJournal(): JournalStore & { records: Map<string, JournalRecord[]> } {
  const records = new Map<string, JournalRecord[]>();
  return {
    records,
    async append(runId, record) {
      records.set(runId, [...(records.get(runId) ?? []), record]);
    },
    async read(runId) {
      return records.get(runId) ?? [];
    },
    async list() {
      return [...records.keys()].flatMap((id): RunListing[] => {
        const run = summarizeRun(records.get(id)!);
        return run ? [{ ...run }] : [];
      });
    },
  };
}

/** Virtual time: short sleeps pass at once, long ones (the lock heartbeat) only end on abort. */
function fakeTimer(): Timer {
  let now = 1_800_000_000_000;
  return {
    now: () => (now += 1),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        if (ms >= 10_000) return signal?.addEventListener('abort', () => resolve());
        now += ms;
        setImmediate(resolve);
      }),
  };
}

interface Case {
  checks?: CheckResult[];
  alreadyDone?: boolean;
  force?: string[];
  dryRun?: boolean;
  confirm?: boolean;
  lockHeld?: boolean;
  resume?: string | true;
  journal?: Record<string, JournalRecord[]>;
  /** Aborts the signal when the step applies (as Ctrl-C does). */
  interruptInStep?: boolean;
  accelerator?: string[];
  waitDeployedMs?: number;
  /** The lock was taken outside its home region (`--force lock-region`). */
  lockMovedFrom?: string;
  /** The lock is no longer the run's after this many guard checks. */
  fencedAfter?: number;
}

const REQUEST: TrafficSetRequest = { region: 'us-east-1', percent: 50, timeoutMs: 60_000 };

function harness(c: Case) {
  const journal = memoryJournal();
  for (const [id, records] of Object.entries(c.journal ?? {})) journal.records.set(id, records);
  const abort = new AbortController();
  const calls: string[] = [];
  const audits: AuditedRun[] = [];
  const built: TrafficSetRequest[] = [];
  const statuses = [...(c.accelerator ?? [])];
  const step: Step = {
    id: 'dial:us-east-1',
    title: 'set the us-east-1 dial to 50 %',
    done: async () => false,
    apply: async () => {
      calls.push('apply');
      if (c.interruptInStep) abort.abort();
      return { landedAfterMs: 10 };
    },
  };
  const second: Step = { ...step, id: 'observe:us-east-1', title: 'watch' };
  const spec: OperationSpec<TrafficSetRequest> = {
    kind: 'traffic-set',
    request: REQUEST,
    schema: trafficSetRequestSchema,
    dryRun: c.dryRun ?? false,
    ...(c.resume === undefined ? {} : { resume: c.resume }),
    force: c.force ?? [],
    resumeCommand: (runId) => `mysfits-dr traffic set us-east-1 50 --resume ${runId} --yes`,
    ...(c.waitDeployedMs === undefined ? {} : { waitDeployedMs: c.waitDeployedMs }),
  };
  const deps: OperationDeps<TrafficSetRequest> = {
    journal,
    timer: fakeTimer(),
    signal: abort.signal,
    operator: 'ops@host',
    newRunId: (kind) => `${kind}-new`,
    ui: {
      showPlan: () => calls.push('show'),
      confirm: async () => (calls.push('confirm'), c.confirm ?? true),
      info: () => undefined,
      warn: (text) => calls.push(`warn ${text}`),
      progress: () => ({ event: () => undefined, succeed: () => undefined, fail: () => undefined }),
    },
    connect: async () => ({
      lock: {
        acquire: async () => {
          calls.push('acquire');
          if (c.lockHeld)
            throw new DrError('another operation holds the lock', {
              code: 'LOCK_HELD',
              exit: 'lockHeld',
            });
          return c.lockMovedFrom
            ? { region: 'us-east-1', movedFrom: c.lockMovedFrom }
            : { region: 'us-west-2' };
        },
        renew: async () => true,
        release: async () => (calls.push('release'), true),
      },
      guard: async () => {
        calls.push('guard');
        if (
          c.fencedAfter !== undefined &&
          calls.filter((x) => x === 'guard').length > c.fencedAfter
        )
          throw new DrError('fenced out: the lock is now run b', { code: 'FENCED_OUT' });
      },
      audit: async (run) => audits.push(run),
      describeState: async () => 'dials us-east-1 50%',
      acceleratorStatus: async () => {
        const status = statuses.length > 1 ? statuses.shift()! : statuses[0];
        if (status === 'unreadable') throw new Error('ECONNREFUSED');
        return status ?? 'DEPLOYED';
      },
      probe: {
        url: 'http://accelerator',
        request: async () => ({ ok: true, status: 200, region: 'us-east-1', ms: 1 }),
      },
      build: async (request): Promise<Plan> => {
        built.push(request);
        return {
          kind: 'traffic-set',
          request: { region: request.region, percent: request.percent },
          summary: 'traffic-set: set the us-east-1 dial to 50%',
          checks: (c.checks ?? [{ name: 'receivers-healthy', ok: true, detail: 'ok' }]).map(
            (x) => ({ ...x }),
          ),
          steps: [step, second],
          alreadyDone: c.alreadyDone ?? false,
        };
      },
    }),
  };
  return { spec, deps, journal, calls, audits, built };
}

const failing = [{ name: 'last-healthy-region', ok: false, detail: 'no other region' }];
const records = (h: ReturnType<typeof harness>, id: string) =>
  (h.journal.records.get(id) ?? []).map((r) =>
    r.type === 'finish' ? `finish ${r.outcome}` : r.type,
  );

describe('runOperation', () => {
  it.each([
    {
      name: 'a confirmed plan runs',
      c: {},
      type: 'ran',
      journal: ['start', 'step-start', 'step-done', 'step-start', 'step-done', 'finish completed'],
      audits: [undefined, 'completed'],
    },
    {
      name: 'an end state that holds is a journaled no-op',
      c: { alreadyDone: true },
      type: 'already-done',
      journal: ['start', 'finish no-op'],
      audits: ['no-op'],
    },
    {
      name: 'a forced check lets the plan run',
      c: { checks: failing, force: ['last-healthy-region'] },
      type: 'ran',
      journal: ['start', 'step-start', 'step-done', 'step-start', 'step-done', 'finish completed'],
      audits: [undefined, 'completed'],
    },
    {
      name: 'a dry run journals nothing and takes no lock',
      c: { dryRun: true, checks: failing },
      type: 'planned',
      journal: [],
      audits: [],
    },
  ])('$name', async ({ c, type, journal, audits }) => {
    const h = harness(c);
    const result = await runOperation(h.spec, h.deps);
    expect(result.type).toBe(type);
    expect(records(h, 'traffic-set-new')).toEqual(journal);
    expect(h.audits.map((a) => a.outcome)).toEqual(audits);
    expect(h.calls.includes('acquire')).toBe(!c.dryRun);
    expect(h.calls.includes('release')).toBe(!c.dryRun);
    if (result.type === 'planned') expect(result.document.outcome).toBe('refused');
    if (result.type === 'ran') {
      expect(result.document).toMatchObject({
        kind: 'operation',
        outcome: 'completed',
        runId: 'traffic-set-new',
      });
      expect(result.measured).toMatchObject({ landedAfterMs: 10, probeFailures: 0 });
    }
  });

  it.each([
    {
      name: 'a held lock stops before anything is read or written',
      c: { lockHeld: true },
      code: 'LOCK_HELD',
      journal: [],
      audits: [],
      applied: false,
    },
    {
      name: 'a failed check refuses, journaled and audited',
      c: { checks: failing },
      code: 'PREFLIGHT_FAILED',
      journal: ['start', 'finish refused'],
      audits: ['refused'],
      applied: false,
    },
    {
      name: 'a check forced by a wrong name is a usage error',
      c: { checks: failing, force: ['nope'] },
      code: 'UNKNOWN_CHECK',
      journal: [],
      audits: [],
      applied: false,
    },
    {
      name: 'an unconfirmed plan changes nothing',
      c: { confirm: false },
      code: 'NOT_CONFIRMED',
      journal: [],
      audits: [],
      applied: false,
    },
    {
      name: 'Ctrl-C in a step ends the run interrupted',
      c: { interruptInStep: true },
      code: 'INTERRUPTED',
      journal: ['start', 'step-start', 'step-done', 'finish interrupted'],
      audits: [undefined, 'interrupted'],
      applied: true,
    },
  ])('$name', async ({ c, code, journal, audits, applied }) => {
    const h = harness(c);
    await expect(runOperation(h.spec, h.deps)).rejects.toMatchObject({ code });
    expect(records(h, 'traffic-set-new')).toEqual(journal);
    expect(h.audits.map((a) => a.outcome)).toEqual(audits);
    expect(h.calls.includes('apply')).toBe(applied);
    // The lock is released whenever it was taken.
    expect(h.calls.includes('release')).toBe(!c.lockHeld && h.calls.includes('acquire'));
  });

  it('a refusal says what state the system is in and carries the document', async () => {
    const h = harness({ checks: failing });
    const error = (await runOperation(h.spec, h.deps).catch((e: unknown) => e)) as DrError;
    expect(error.state).toBe('nothing was changed; dials us-east-1 50%');
    expect(error.details).toMatchObject({ outcome: 'refused', state: 'dials us-east-1 50%' });
  });

  const interruptedRun = (request: Record<string, unknown>): JournalRecord[] => [
    {
      type: 'start',
      at: 1,
      runId: 'traffic-set-old',
      kind: 'traffic-set',
      request,
      summary: 's',
      operator: 'o',
      checks: [],
      steps: [{ id: 'dial:us-east-1', title: 't' }],
    },
    { type: 'finish', at: 2, outcome: 'interrupted' },
  ];

  it('--resume continues the run with its journaled request', async () => {
    const journaled = { region: 'us-east-1', percent: 25, timeoutMs: 30_000 };
    const h = harness({ resume: true, journal: { 'traffic-set-old': interruptedRun(journaled) } });
    const result = await runOperation(h.spec, h.deps);
    expect(result.type).toBe('ran');
    expect(h.built).toEqual([journaled]);
    const start = h.journal.records
      .get('traffic-set-old')!
      .filter((r) => r.type === 'start')
      .at(-1);
    expect(start).toMatchObject({ resumed: true, request: journaled });
  });

  it.each<{
    name: string;
    journal: Record<string, JournalRecord[]>;
    resume: string | true;
    code: string;
  }>([
    { name: 'no run to resume', journal: {}, resume: true as const, code: 'NO_RUN_TO_RESUME' },
    {
      name: 'a run of another kind',
      journal: {
        'failover-old': [
          { ...interruptedRun({})[0]!, kind: 'failover', runId: 'failover-old' } as JournalRecord,
        ],
      },
      resume: 'failover-old',
      code: 'RUN_KIND_MISMATCH',
    },
    {
      name: 'a journaled request that is not valid',
      journal: { 'traffic-set-old': interruptedRun({ region: 'us-east-1', percent: '50' }) },
      resume: true as const,
      code: 'RUN_REQUEST_INVALID',
    },
  ])('--resume refuses $name', async ({ journal, resume, code }) => {
    const h = harness({ resume, journal });
    await expect(runOperation(h.spec, h.deps)).rejects.toMatchObject({ code });
    expect(h.calls).not.toContain('acquire');
  });

  it.each([
    {
      name: 'waits until the accelerator is deployed',
      accelerator: ['IN_PROGRESS', 'IN_PROGRESS', 'DEPLOYED'],
      code: undefined,
    },
    {
      name: 'leaves an unreadable accelerator to the checks',
      accelerator: ['unreadable'],
      code: undefined,
    },
    {
      name: 'stops when it does not deploy in time',
      accelerator: ['IN_PROGRESS'],
      code: 'NOT_CONVERGED',
    },
  ])('--wait $name', async ({ accelerator, code }) => {
    const h = harness({ accelerator, waitDeployedMs: 5_000 });
    const run = runOperation(h.spec, h.deps);
    if (code) {
      await expect(run).rejects.toMatchObject({ code, state: 'nothing was changed' });
      expect(h.calls).not.toContain('apply');
    } else {
      expect((await run).type).toBe('ran');
    }
  });

  it('--force lock-region is no check of the plan; a lock taken elsewhere is journaled as forced', async () => {
    const h = harness({ force: ['lock-region'], lockMovedFrom: 'us-west-2' });
    expect((await runOperation(h.spec, h.deps)).type).toBe('ran');
    const start = h.journal.records.get('traffic-set-new')![0]!;
    expect(start.type === 'start' && start.checks[0]).toEqual({
      name: 'lock-region',
      ok: false,
      forced: true,
      detail:
        'the operations lock was taken in us-east-1: its home region us-west-2 did not answer',
    });
  });

  it('a lock broken between steps stops the run before the next step (FENCED_OUT, journaled)', async () => {
    const h = harness({ fencedAfter: 1 });
    await expect(runOperation(h.spec, h.deps)).rejects.toMatchObject({ code: 'FENCED_OUT' });
    expect(h.calls.filter((x) => x === 'apply')).toHaveLength(1);
    expect(records(h, 'traffic-set-new')).toEqual([
      'start',
      'step-start',
      'step-done',
      'step-start',
      'step-failed',
      'finish failed',
    ]);
    const failed = h.journal.records.get('traffic-set-new')!.find((r) => r.type === 'step-failed');
    expect(failed).toMatchObject({ error: { code: 'FENCED_OUT' } });
  });
});
