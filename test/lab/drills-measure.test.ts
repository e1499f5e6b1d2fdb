/**
 * Drills that must fail, and fail the right way, against a lab of this file's own:
 * - RPO agrees with what the lab was made to do: replication us-west-2 → us-east-1 paused, then
 *   after P = 4 s us-west-2 down. The likes sent to us-west-2 from the pause to the outage (and
 *   within the replication lag before the pause: 250 ms configured in `fast`) are missing in
 *   us-east-1. With D = the outage's start − the pause's start (from the journal's events: P
 *   plus the steps' own overhead), the measured window must fall within [D − 0.5 s, D + 2.5 s]
 *   (the upper slack: the configured lag, the lab call taking effect after the step starts, and
 *   replication running behind on a busy 2-core machine), and the lost count must match the
 *   like rate over that window within 40 %. Its `lostWrites: 0` objective is too tight on
 *   purpose: exit 1, "objectives missed".
 * - A stop condition that trips (error rate): exit 9, and the rollback still clears the fault.
 * - Ctrl-C during a long wait: exit 130, journal `interrupted`, the rollback ran.
 * - The AWS fault actions through the AWS APIs, each undone with the previous step's output.
 */
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { describeRun, runDrillCli, useDrillLab } from '../helpers/drill-run.js';
import { sleep } from '../helpers/lab.js';

const FIXTURES = `${REPO_ROOT}test/fixtures/drills`;
const PAUSE_MS = 4_000;
const LIKES_PER_SECOND = 10;
const CASE_TIMEOUT_MS = 240_000;

const drillLab = useDrillLab();

/** The lab's active faults, from its HTTP API (cheap enough to poll). */
async function activeFaults(): Promise<unknown[]> {
  const res = await fetch(`${drillLab.lab.endpoint}/_lab/faults`);
  return ((await res.json()) as { faults: unknown[] }).faults;
}

describe('drills that fail against the lab', () => {
  it(
    'measures the RPO of a replication pause, and a too-tight lostWrites objective fails the run (exit 1)',
    async () => {
      const run = await runDrillCli(drillLab.env, `${FIXTURES}/rpo-window.yaml`, [
        '--var',
        `pause=${PAUSE_MS}ms`,
      ]);
      drillLab.log.push(describeRun('rpo-window', run));
      expect(run.cli.code, run.cli.stderr).toBe(1);
      expect(run.journal.deviated).toBe(false);
      expect(run.journal.reason).toBe('objectives missed: lostWrites');
      const rpo = run.journal.measurements.rpo!;
      expect(rpo.checkedIn).toEqual(['us-east-1']);
      const faults = run.journal.measurements.events.filter((e) => e.kind === 'fault');
      expect(faults.map((f) => f.label)).toEqual(['pause (lab-fault)', 'outage (lab-fault)']);
      const paused = faults[1]!.t - faults[0]!.t;
      expect(paused).toBeGreaterThanOrEqual(PAUSE_MS);
      expect(rpo.windowMs).toBeGreaterThanOrEqual(paused - 500);
      expect(rpo.windowMs).toBeLessThanOrEqual(paused + 2_500);
      const expected = (LIKES_PER_SECOND * rpo.windowMs) / 1000;
      expect(rpo.lostWrites).toBeGreaterThanOrEqual(expected * 0.6);
      expect(rpo.lostWrites).toBeLessThanOrEqual(expected * 1.4);
      expect(run.journal.measurements.objectives).toEqual([
        { name: 'lostWrites', target: 0, measured: rpo.lostWrites, unit: 'writes', met: false },
      ]);
      expect(await activeFaults()).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'a stop condition that trips aborts the run (exit 9) and the rollback clears the fault',
    async () => {
      const started = Date.now();
      const run = await runDrillCli(drillLab.env, `${FIXTURES}/stop-on-errors.yaml`);
      drillLab.log.push(describeRun('stop-on-errors', run));
      expect(run.cli.code, run.cli.stderr).toBe(9);
      expect(run.journal.status).toBe('aborted');
      expect(run.journal.reason).toMatch(
        /^stop condition errorRate: error rate \d+(\.\d)?% over the last 2000 ms is above 30\.0%/,
      );
      expect(run.journal.rollbacks).toMatchObject([
        { activity: { name: 'clear' }, status: 'succeeded' },
      ]);
      expect(Date.now() - started).toBeLessThan(55_000);
      expect(await activeFaults()).toEqual([]);
      await sleep(6_000); // the accelerator marks us-west-2 healthy again before the next case
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'Ctrl-C stops at the wait, runs the rollback and exits 130',
    async () => {
      let pid = 0;
      const running = runDrillCli(drillLab.env, `${FIXTURES}/long-hold.yaml`, [], {
        onSpawn: (p) => (pid = p),
      });
      const deadline = Date.now() + 60_000;
      while ((await activeFaults()).length === 0 && Date.now() < deadline) await sleep(250);
      // The fault is on as soon as slow-east's call lands; give the run a moment to record that
      // step and enter the hold, so the Ctrl-C falls in the wait, as the case says.
      await sleep(1_000);
      process.kill(pid, 'SIGINT');
      const run = await running;
      drillLab.log.push(describeRun('long-hold', run));
      expect(run.cli.code, run.cli.stderr).toBe(130);
      expect(run.journal.status).toBe('interrupted');
      expect(run.journal.run.map((r) => r.activity.name)).toEqual(['slow-east', 'hold']);
      expect(run.journal.rollbacks).toMatchObject([
        { activity: { name: 'clear' }, status: 'succeeded' },
      ]);
      expect(await activeFaults()).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "AWS fault actions run through the AWS APIs and are undone with the earlier steps' outputs",
    async () => {
      const run = await runDrillCli(drillLab.env, `${FIXTURES}/aws-faults.yaml`);
      drillLab.log.push(describeRun('aws-faults', run));
      expect(run.cli.code, run.cli.stderr).toBe(0);
      const outputs = Object.fromEntries(run.journal.run.map((r) => [r.activity.name, r.output]));
      expect(outputs.break).toMatchObject({ previousPath: '/' });
      expect(outputs.restore).toMatchObject({ previousPath: '/mysfits-dr-drill-broken' });
      expect(outputs['scale-to-zero']).toEqual({ previousDesiredCount: 1 });
      expect(outputs['scale-back']).toEqual({ previousDesiredCount: 0 });
    },
    CASE_TIMEOUT_MS,
  );
});
