/**
 * `mysfits-dr drill` without a lab: listing, validation with every problem named, invalid
 * drills refused before anything runs (exit 2, no run folder), and `drill report`
 * re-rendering a journal.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const INVALID = `
title: broken
method:
  - { type: action, name: a, provider: { type: wait, duration: soon } }
  - { type: probe, name: b, provider: { type: lab-fault, kind: region-outage, region: us-west-2 } }
  - { type: action, name: c, provider: { type: lab-clear, id: "\${steps.zz.id}" } }
`;

/**
 * `drill run <drill> --out <fresh folder>` with the lab and AWS pointed at a closed port, so
 * anything it tried to run would fail; returns the run and the folder, to check it stayed empty.
 */
async function runNowhere(drill: string) {
  const out = await mkdtemp(join(tmpdir(), 'mysfits-drill-out-'));
  const run = await runCli(['drill', 'run', drill, '--out', out], {
    env: {
      MYSFITS_DR_LAB_ENDPOINT: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
    },
  });
  return { run, out };
}

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mysfits-drill-e2e-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('mysfits-dr drill', () => {
  it('list: the five bundled drills, all valid', async () => {
    const run = await runCli(['--json', 'drill', 'list']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { drills: { name: string; valid: boolean }[] };
    expect(doc.drills.map((d) => d.name)).toEqual([
      'clients-in-two-places',
      'control-plane-failover',
      'planned-failover',
      'regional-outage',
      'replication-pause-failover',
    ]);
    expect(doc.drills.every((d) => d.valid)).toBe(true);
  });

  it('validate: exit 2 and every problem with its path, the value and what is expected', async () => {
    const file = await tempFile('broken.yaml', INVALID);
    const run = await runCli(['drill', 'validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('3 problems');
    expect(run.stderr).toMatch(
      /\$\.method\[0\]\.provider\.duration: found "soon"; expected a duration such as 30s/,
    );
    expect(run.stderr).toMatch(
      /\$\.method\[1\]\.provider\.type: found "lab-fault"; expected a probe provider/,
    );
    expect(run.stderr).toMatch(/\$\.method\[2\]: .*"zz" is not one/);
    const json = await runCli(['--json', 'drill', 'validate', file]);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout) as { valid: boolean; issues: { path: string }[] };
    expect(doc.valid).toBe(false);
    expect(doc.issues).toHaveLength(3);
  });

  it('validate: a bundled drill by name, with --var overrides', async () => {
    const run = await runCli(['drill', 'validate', 'regional-outage', '--var', 'outage=30s']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid \(Regional outage.*5 steps, 1 rollbacks\)/);
    const bad = await runCli(['drill', 'validate', 'regional-outage', '--var', 'outage']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--var "outage" is not name=value/);
  });

  it('run: an invalid drill is refused before anything runs (exit 2, no run folder)', async () => {
    const file = await tempFile('broken.yaml', INVALID);
    const { run, out } = await runNowhere(file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a valid drill');
    expect(run.stderr).toContain('nothing was run');
    expect(await readdir(out)).toEqual([]);
  });

  it('run: without --yes and without a terminal it refuses (exit 3) and runs nothing', async () => {
    const { run, out } = await runNowhere('regional-outage');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('not confirmed: the drill was not run');
    expect(run.stderr).toContain('--yes');
    expect(await readdir(out)).toEqual([]);
  });

  it('run: an unknown drill name lists the bundled ones (exit 2)', async () => {
    const run = await runCli(['drill', 'run', 'no-such-drill']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/neither a file nor a bundled drill/);
    expect(run.stderr).toContain('regional-outage');
  });

  it('report: renders the Markdown and HTML report of a journal again', async () => {
    const journal = {
      'mysfits-dr-journal': 1,
      'chaoslib-version': null,
      platform: 'linux x64',
      node: 'v20',
      start: '2026-12-01T10:00:00.000Z',
      end: '2026-12-01T10:01:00.000Z',
      duration: 60,
      status: 'completed',
      deviated: false,
      exitCode: 0,
      reason: 'every step ran',
      experiment: { title: 'Re-rendered drill' },
      steady_states: { before: null, after: null },
      run: [],
      rollbacks: [],
      measurements: {
        startedAt: '2026-12-01T10:00:00.000Z',
        durationMs: 3000,
        bucketMs: 1000,
        series: { 'us-west-2': [0, 1000, 2000].map((t) => ({ t, ok: 10, failed: 0 })) },
        requests: { sent: 30, ok: 30, failed: 0, byRegion: { 'us-west-2': 30 } },
        detectionMs: null,
        rtoMs: 0,
        rpo: null,
        replicationLag: {},
        events: [],
        objectives: [],
      },
    };
    const file = await tempFile('journal.json', JSON.stringify(journal));
    const run = await runCli(['drill', 'report', file]);
    expect(run.code, run.stderr).toBe(0);
    const dir = file.slice(0, file.lastIndexOf('/'));
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toContain('Re-rendered drill');
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('data-region="us-west-2"');
    const notJournal = await tempFile('x.json', '{"a":1}');
    const bad = await runCli(['drill', 'report', notJournal]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a mysfits-dr drill journal');
  });
});
