import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRun, DrillJournal, ObjectiveResult } from '../../src/drill/journal.js';
import { renderJunit, writeJunit } from '../../src/drill/report/index.js';
import { junitCases, junitCounts, junitSuiteName } from '../../src/drill/report/junit.js';
import { escapeXmlAttribute, escapeXmlText, xmlSafe } from '../../src/drill/report/xml.js';

const XSD = resolve(__dirname, '../fixtures/junit/junit.xsd');
const T0 = '2026-12-01T14:48:33.250Z';
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
// A real consumer of JUnit files: junit-cli-report-viewer (npm), a devDependency.
const VIEWER = resolve(__dirname, '../../node_modules/junit-cli-report-viewer/index.js');

function step(
  name: string,
  over: Partial<ActivityRun> = {},
  type: 'probe' | 'action' = 'action',
): ActivityRun {
  return {
    activity: { type, name, provider: { type: type === 'probe' ? 'http' : 'lab-fault' } },
    status: 'succeeded',
    start: T0,
    end: T0,
    duration: 1.5,
    ...(type === 'probe' ? { tolerance_met: true, output: { ok: true } } : { output: {} }),
    ...over,
  };
}

const objective = (o: Partial<ObjectiveResult> & Pick<ObjectiveResult, 'name'>) =>
  ({ target: 30_000, measured: 4_400, unit: 'ms', met: true, ...o }) as ObjectiveResult;

/** A run of a drill with one probe, two method steps and one rollback. */
function journal(over: Partial<DrillJournal> = {}): DrillJournal {
  return {
    'mysfits-dr-journal': 1,
    'chaoslib-version': null,
    platform: 'linux x64',
    node: 'v24.0.0',
    start: T0,
    end: T0,
    duration: 72.5,
    status: 'completed',
    deviated: false,
    exitCode: 0,
    reason: 'every step ran, the steady state held and every objective was met',
    experiment: {
      title: 'Regional outage',
      file: '/pkg/drills/regional-outage.yaml',
      'steady-state-hypothesis': { title: 'app up', probes: [{ name: 'app answers' }] },
      method: [{ name: 'outage' }, { name: 'hold' }],
      rollbacks: [{ name: 'clear' }],
      'rollback-strategy': 'always',
    },
    steady_states: {
      before: { steady_state_met: true, probes: [step('app answers', {}, 'probe')] },
      after: { steady_state_met: true, probes: [step('app answers', {}, 'probe')] },
    },
    run: [step('outage'), step('hold')],
    rollbacks: [step('clear')],
    measurements: {
      startedAt: T0,
      durationMs: 72_500,
      bucketMs: 1000,
      series: {},
      requests: { sent: 100, ok: 100, failed: 0, byRegion: {} },
      detectionMs: 2_000,
      rtoMs: 4_400,
      rpo: { lostWrites: 0, windowMs: 0, checkedIn: ['us-east-1'], checkedAt: 70_000 },
      replicationLag: {},
      events: [],
      objectives: [
        objective({ name: 'rto' }),
        objective({ name: 'lostWrites', target: 0, measured: 0, unit: 'writes' }),
      ],
    },
    ...over,
  };
}

/** Steady states where the hypothesis probe failed before the method (`over` says how). */
const failedBefore = (over: Partial<ActivityRun>): DrillJournal['steady_states'] => ({
  before: {
    steady_state_met: false,
    probes: [step('app answers', { status: 'failed', ...over }, 'probe')],
  },
  after: null,
});

const outcomes = (j: DrillJournal) =>
  Object.fromEntries(
    junitCases(j, 'd').map((c) => [
      `${c.classname.replace(/^d\.?/, '') || 'd'}/${c.name}`,
      c.outcome,
    ]),
  );

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drill-junit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the XML and validates it against our JUnit XSD; returns the file. */
async function validated(xml: string, name: string): Promise<string> {
  const file = join(dir, `${name}.xml`);
  await writeFile(file, xml, 'utf8');
  if (hasXmllint) execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
  return file;
}

describe('drill JUnit results', () => {
  it('a passing run: every case passes, one per objective, probe and step', () => {
    const j = journal();
    const cases = junitCases(j, 'regional-outage');
    expect(cases.map((c) => `${c.classname} ${c.name}`)).toEqual([
      'regional-outage run',
      'regional-outage.objectives rto',
      'regional-outage.objectives lostWrites',
      'regional-outage.steady-state-before app answers',
      'regional-outage.method outage',
      'regional-outage.method hold',
      'regional-outage.steady-state-after app answers',
      'regional-outage.rollbacks clear',
    ]);
    expect(junitCounts(cases)).toEqual({ tests: 8, failures: 0, errors: 0, skipped: 0 });
    const xml = renderJunit(j, { hostname: 'ci-1' });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(xml).toContain(
      '<testsuite name="regional-outage" timestamp="2026-12-01T14:48:33" hostname="ci-1" tests="8" failures="0" errors="0" skipped="0" time="72.500"',
    );
    expect(xml).toContain(
      '<testcase name="rto" classname="regional-outage.objectives" time="0.000"/>',
    );
    expect(junitSuiteName(j)).toBe('regional-outage');
  });

  it('a missed objective is a failure naming the measured value and the objective', () => {
    const j = journal({
      status: 'failed',
      exitCode: 1,
      reason: 'objectives missed: rto, detection',
    });
    j.measurements.objectives = [
      objective({ name: 'rto', measured: 42_100, met: false }),
      objective({ name: 'detection', target: 10_000, measured: null, met: false }),
      objective({ name: 'successRate', target: 0.99, measured: 0.995, unit: 'ratio' }),
    ];
    const o = outcomes(j);
    expect(o['objectives/rto']).toMatchObject({
      kind: 'failure',
      type: 'objective-missed',
      message: 'rto missed: measured 42.1 s, objective ≤ 30.0 s',
    });
    expect(o['objectives/rto']).toHaveProperty(
      'text',
      expect.stringContaining('measured 42100 ms'),
    );
    expect(o['objectives/detection']).toMatchObject({
      kind: 'failure',
      message: 'detection missed: measured not measured, objective ≤ 10.0 s',
    });
    expect(o['objectives/successRate']).toEqual({ kind: 'passed' });
    expect(o['d/run']).toEqual({ kind: 'passed' });
    const xml = renderJunit(j);
    expect(xml).toContain('failures="2" errors="0" skipped="0"');
    expect(xml).toContain(
      '<failure message="rto missed: measured 42.1 s, objective ≤ 30.0 s" type="objective-missed">',
    );
  });

  it('an unmet tolerance is a failure with the measured output; a failed step skips the rest', () => {
    const j = journal({
      status: 'failed',
      exitCode: 1,
      deviated: true,
      reason: 'step outage failed',
    });
    j.run = [step('outage', { status: 'failed', exception: 'exit code 3; expected 0' })];
    j.steady_states = failedBefore({
      tolerance_met: false,
      output: { status: 503 },
      exception: 'tolerance not met: status is 503, expected 200',
    });
    (j.experiment['steady-state-hypothesis'] as { probes: unknown[] }).probes = [
      { name: 'app answers', tolerance: { path: 'status', equals: 200 } },
    ];
    const o = outcomes(j);
    expect(o['steady-state-before/app answers']).toMatchObject({
      kind: 'failure',
      type: 'tolerance-not-met',
      message: 'app answers: tolerance not met: status is 503, expected 200',
    });
    const text = (o['steady-state-before/app answers'] as { text: string }).text;
    expect(text).toContain('tolerance: {"path":"status","equals":200}');
    expect(text).toContain('measured output: {"status":503}');
    expect(o['method/outage']).toMatchObject({ kind: 'failure', type: 'step-failed' });
    expect(o['method/hold']).toEqual({
      kind: 'skipped',
      message: 'not reached: step outage failed',
    });
    expect(o['steady-state-after/app answers']).toMatchObject({ kind: 'skipped' });
  });

  it('an aborted run and a probe that could not run are errors; steps not reached are skipped', () => {
    const reason = 'tool error in app answers: the lab did not answer';
    const j = journal({ status: 'aborted', exitCode: 9, reason });
    j.steady_states = failedBefore({
      exception: 'the lab did not answer',
      output: undefined,
      tolerance_met: undefined,
    });
    j.run = [];
    j.rollbacks = [];
    const o = outcomes(j);
    expect(o['d/run']).toMatchObject({
      kind: 'error',
      type: 'aborted',
      message: `run aborted (exit 9): ${reason}`,
    });
    expect(o['objectives/rto']).toMatchObject({ kind: 'error', type: 'not-judged' });
    expect(o['steady-state-before/app answers']).toMatchObject({
      kind: 'error',
      type: 'could-not-run',
      message: 'app answers could not run: the lab did not answer',
    });
    expect(o['method/outage']).toEqual({ kind: 'skipped', message: `not reached: ${reason}` });
    expect(o['rollbacks/clear']).toEqual({ kind: 'skipped', message: `not run: ${reason}` });
    expect(renderJunit(j)).toContain('tests="8" failures="0" errors="4" skipped="4"');
  });

  it('rollbacks a passing run did not need (on-failure) are skipped with that reason', () => {
    const j = journal({ rollbacks: [] });
    j.experiment['rollback-strategy'] = 'on-failure';
    expect(outcomes(j)['rollbacks/clear']).toEqual({
      kind: 'skipped',
      message: 'not run: the rollback strategy is on-failure and the run passed',
    });
  });

  it('escapes text and attributes, and drops what XML 1.0 cannot carry', () => {
    expect(escapeXmlText('a < b && c > d ]]>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;');
    expect(escapeXmlAttribute(`"it's"\n\tx`)).toBe('&quot;it&apos;s&quot;&#10;&#9;x');
    expect(xmlSafe('\u001b[31mred\u001b[0m \u0000 \ud800 ok')).toBe('red \ufffd \ufffd ok');
  });

  it.skipIf(!hasXmllint)(
    'nasty names and messages survive a round trip through a parser (xmllint)',
    async () => {
      const nasty = `<a href="x">&amp; 'q' ]]> \u001b[1mbold\u001b[0m\nline 2`;
      const j = journal({ status: 'failed', exitCode: 1, reason: nasty });
      j.experiment.title = nasty;
      j.run = [
        step('outage', { status: 'failed', exception: nasty, output: { e: nasty } }),
        step('hold'),
      ];
      const file = await validated(renderJunit(j, { name: 'nasty <&>' }), 'nasty');
      const xpath = (expr: string) =>
        execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).replace(/\n$/, '');
      const clean = `<a href="x">&amp; 'q' ]]> bold\nline 2`;
      expect(xpath('string(//testsuite/@name)')).toBe('nasty <&>');
      expect(xpath('string(//property[@name="reason"]/@value)')).toBe(clean);
      expect(xpath('string(//testcase[@name="outage"]/failure/@message)')).toBe(`outage: ${clean}`);
      expect(xpath('string(//testsuite/system-out)')).toContain(clean);
    },
  );

  it.skipIf(!hasXmllint)(
    'every variant validates against our JUnit XSD (xmllint --schema)',
    async () => {
      const aborted = journal({
        status: 'interrupted',
        exitCode: 130,
        reason: 'interrupted (Ctrl-C)',
        run: [],
      });
      const missed = journal({ status: 'failed', exitCode: 1 });
      missed.measurements.objectives = [objective({ name: 'rto', measured: null, met: false })];
      const bare = journal({ experiment: { title: 'no file' } });
      for (const [name, j] of Object.entries({ passed: journal(), aborted, missed, bare }))
        await validated(renderJunit(j), name);
    },
  );

  it('a real consumer (junit-cli-report-viewer) reads and renders the file', async () => {
    const j = journal({ status: 'failed', exitCode: 1, reason: 'objectives missed: rto' });
    j.measurements.objectives = [objective({ name: 'rto', measured: 42_100, met: false })];
    const file = await writeJunit(j, join(dir, 'sub', 'junit.xml'), { name: 'regional-outage' });
    expect(await readFile(file, 'utf8')).toBe(renderJunit(j, { name: 'regional-outage' }));
    const shown = spawnSync(process.execPath, [VIEWER, file], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const output = shown.stdout + shown.stderr;
    expect(output).toContain('rto');
    expect(output).toContain('regional-outage');
  });
});
