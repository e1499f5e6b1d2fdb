/**
 * Every bundled drill passes against a lab of this file's own, run as the operator runs it
 * (`mysfits-dr drill run <name>`), with shortened waits. Each leaves the lab as it found it
 * (its rollbacks clear its faults and fail back), which the next drill's hypothesis checks.
 *
 * The regional outage also shows that the measured detection and RTO agree with what the
 * lab is configured to do: in `fast` timing the accelerator's health checks run every
 * 30 s × 0.05 = 1.5 s with a threshold of 3, so an endpoint is marked UNHEALTHY 4.5 s after
 * it stops answering (the detection floor). Detection (traffic answered elsewhere) must fall
 * within [0, floor + 3 s] and RTO within [floor − 3 s, floor + 6 s]: the lower bound allows
 * for the first failure coming up to one health-check interval after the fault, the upper
 * bound for the 5 s success window's granularity and a busy 2-core machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, runDrillCli, useDrillLab } from '../helpers/drill-run.js';

const DETECTION_FLOOR_MS = 30_000 * 3 * 0.05;
const CASE_TIMEOUT_MS = 300_000;

const drillLab = useDrillLab();

describe('bundled drills against the lab', () => {
  it(
    'regional-outage passes; detection and RTO agree with the health-check floor; nothing lost',
    async () => {
      // A 5 s outage keeps the test short; the requests failing until detection (~4.5 s) are
      // then a larger share of the run than with the drill's 10 s default, hence the lower bar.
      const junit = join(await mkdtemp(join(tmpdir(), 'mysfits-junit-')), 'results.xml');
      const run = await runDrillCli(drillLab.env, 'regional-outage', [
        '--var',
        'outage=5s',
        '--var',
        'minSuccessRate=0.5',
        '--junit',
        junit,
      ]);
      drillLab.log.push(describeRun('regional-outage', run));
      expect(run.cli.code, run.cli.stderr).toBe(0);
      const m = run.journal.measurements;
      expect(run.journal.status).toBe('completed');
      expect(m.detectionMs).not.toBeNull();
      expect(m.detectionMs!).toBeLessThanOrEqual(DETECTION_FLOOR_MS + 3_000);
      expect(m.rtoMs).not.toBeNull();
      expect(m.rtoMs!).toBeGreaterThanOrEqual(DETECTION_FLOOR_MS - 3_000);
      expect(m.rtoMs!).toBeLessThanOrEqual(DETECTION_FLOOR_MS + 6_000);
      expect(m.rpo).toMatchObject({ lostWrites: 0, checkedIn: ['us-west-2', 'us-east-1'] });
      // Both regions served, and the events the report draws are there in order.
      expect(Object.keys(m.requests.byRegion).sort()).toEqual(['us-east-1', 'us-west-2']);
      const kinds = m.events.map((e) => e.kind);
      expect(kinds.indexOf('fault')).toBeLessThan(kinds.indexOf('detection'));
      expect(kinds.indexOf('detection')).toBeLessThan(kinds.indexOf('recovery'));
      // The reports were written and carry the measured figures.
      expect(run.markdown).toContain('Regional outage');
      expect(run.html).toContain('data-region="us-east-1"');
      expect(run.cli.stdout).toMatch(/PASSED/);
      // The JUnit results: every objective, probe and step a passing case.
      const xml = await readFile(junit, 'utf8');
      const objectives = m.objectives.length;
      expect(objectives).toBeGreaterThan(0);
      expect(xml).toMatch(
        /<testsuite name="regional-outage" [^>]*failures="0" errors="0" skipped="0"/,
      );
      for (const o of m.objectives)
        expect(xml).toContain(`<testcase name="${o.name}" classname="regional-outage.objectives"`);
      for (const step of run.journal.run)
        expect(xml).toContain(`name="${step.activity.name}" classname="regional-outage.method"`);
      expect(xml).toContain('classname="regional-outage.steady-state-after"');
      const xsd = spawnSync('xmllint', [
        '--noout',
        '--schema',
        'test/fixtures/junit/junit.xsd',
        junit,
      ]);
      if (!xsd.error) expect(xsd.status, String(xsd.stderr)).toBe(0);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'planned-failover passes: no failed request beyond 1 %, zero acknowledged likes lost',
    async () => {
      const run = await runDrillCli(drillLab.env, 'planned-failover');
      drillLab.log.push(describeRun('planned-failover', run));
      expect(run.cli.code, run.cli.stderr).toBe(0);
      // Without --junit the results go beside the journal.
      expect(await readFile(join(run.folder, 'junit.xml'), 'utf8')).toMatch(
        /<testsuite name="planned-failover" [^>]*failures="0" errors="0"/,
      );
      const m = run.journal.measurements;
      expect(m.rpo?.lostWrites).toBe(0);
      expect(m.requests.ok / m.requests.sent).toBeGreaterThanOrEqual(0.99);
      expect(m.requests.byRegion['us-east-1']).toBeGreaterThan(0);
      expect(run.journal.run.find((r) => r.activity.name === 'failover')).toMatchObject({
        status: 'succeeded',
        output: { exitCode: 0 },
      });
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'clients-in-two-places passes: 70/30 by origin, all in us-east-1 during the failover, 70/30 after the failback',
    async () => {
      const run = await runDrillCli(drillLab.env, 'clients-in-two-places');
      drillLab.log.push(describeRun('clients-in-two-places', run));
      expect(run.cli.code, run.cli.stderr).toBe(0);
      const output = (name: string) =>
        run.journal.run.find((r) => r.activity.name === name)?.output as {
          regions: Record<string, { share: number | null }>;
        };
      const share = (name: string, region: string) => output(name).regions[region]?.share ?? 0;
      expect(share('both-places-on-target', 'us-east-1')).toBe(1);
      for (const probe of ['each-place-back-on-its-region']) {
        expect(share(probe, 'us-west-2')).toBeGreaterThanOrEqual(0.55);
        expect(share(probe, 'us-east-1')).toBeGreaterThanOrEqual(0.15);
      }
      // Before the failover each place was served by its own region (the hypothesis held).
      const before = run.journal.steady_states.before?.probes.find(
        (p) => p.activity.name === 'each-place-served-by-its-region',
      );
      expect(before).toMatchObject({ status: 'succeeded', tolerance_met: true });
      expect(run.journal.measurements.rpo?.lostWrites).toBe(0);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'replication-pause-failover passes: the failover is refused (exit 3) while replication is paused',
    async () => {
      const run = await runDrillCli(drillLab.env, 'replication-pause-failover');
      drillLab.log.push(describeRun('replication-pause-failover', run));
      expect(run.cli.code, run.cli.stderr).toBe(0);
      const refused = run.journal.run.find((r) => r.activity.name === 'failover-refused');
      expect(refused).toMatchObject({ status: 'succeeded', output: { exitCode: 3 } });
      expect(JSON.stringify(refused?.output)).toMatch(/replication/);
      expect(run.journal.measurements.rpo?.lostWrites).toBe(0);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'control-plane-failover passes: dials refused, the routing switch moves traffic',
    async () => {
      const run = await runDrillCli(drillLab.env, 'control-plane-failover');
      drillLab.log.push(describeRun('control-plane-failover', run));
      expect(run.cli.code, run.cli.stderr).toBe(0);
      expect(run.journal.run.find((r) => r.activity.name === 'failover-by-switch')).toMatchObject({
        status: 'succeeded',
        output: { exitCode: 0 },
      });
      expect(run.journal.measurements.rpo?.lostWrites).toBe(0);
    },
    CASE_TIMEOUT_MS,
  );
});
