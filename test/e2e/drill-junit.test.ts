/**
 * `drill run` writes JUnit XML: by default `junit.xml` in the run folder, with `--junit FILE`
 * there instead. A run against a closed port aborts at its first step, which makes a fast
 * check of the errors and skips (the bundled drills' passing runs are checked in
 * test/lab/drills-bundled.test.ts). Validated against our JUnit XSD when xmllint is present.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const XSD = join(REPO_ROOT, 'test/fixtures/junit/junit.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

const DRILL = `
title: "JUnit <smoke> & co"
objectives: { rto: 30s }
method:
  - { type: action, name: outage, provider: { type: lab-fault, kind: region-outage, region: us-west-2 } }
  - { type: action, name: hold, provider: { type: wait, duration: 1s } }
rollbacks:
  - { type: action, name: clear, provider: { type: lab-clear } }
`;

/** Runs the drill against a closed port; returns the run, its folder and the temp dir. */
async function runAborting(args: readonly string[] = []) {
  const dir = await mkdtemp(join(tmpdir(), 'mysfits-drill-junit-'));
  const file = join(dir, 'smoke.yaml');
  await writeFile(file, DRILL);
  const out = join(dir, 'runs');
  const run = await runCli(['drill', 'run', file, '--yes', '--out', out, ...args], {
    env: { MYSFITS_DR_LAB_ENDPOINT: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' },
  });
  const [name] = await readdir(out);
  return { run, dir, folder: join(out, name ?? '') };
}

describe('drill run: JUnit results', () => {
  it('writes junit.xml in the run folder: the abort and the unreachable step are errors', async () => {
    const { run, folder } = await runAborting();
    expect(run.code, run.stderr).toBe(9);
    const path = join(folder, 'junit.xml');
    expect(run.stdout).toContain(`junit:   ${path}`);
    const xml = await readFile(path, 'utf8');
    expect(xml).toContain(
      '<testsuites name="mysfits-dr drill smoke" tests="5" failures="0" errors="4" skipped="1"',
    );
    expect(xml).toContain('<property name="title" value="JUnit &lt;smoke&gt; &amp; co"/>');
    expect(xml).toMatch(
      /<testcase name="run" classname="smoke" time="[\d.]+">\s*<error message="run aborted \(exit 9\): tool error in outage/,
    );
    expect(xml).toMatch(
      /<testcase name="outage" classname="smoke.method"[^>]*>\s*<error message="outage could not run/,
    );
    expect(xml).toMatch(
      /<testcase name="hold" classname="smoke.method"[^>]*>\s*<skipped message="not reached/,
    );
    if (hasXmllint) execFileSync('xmllint', ['--noout', '--schema', XSD, path], { stdio: 'pipe' });
  });

  it('--junit FILE writes it there instead (and says so in --json)', async () => {
    const target = join(await mkdtemp(join(tmpdir(), 'mysfits-junit-')), 'ci', 'results.xml');
    const { run, folder } = await runAborting(['--junit', target, '--json']);
    expect(run.code, run.stderr).toBe(9);
    const doc = JSON.parse(run.stdout) as { reports: { junit: string } };
    expect(doc.reports.junit).toBe(target);
    expect(await readFile(target, 'utf8')).toContain('<testsuite name="smoke"');
    expect(existsSync(join(folder, 'junit.xml'))).toBe(false);
  });

  it('--junit with an empty value is a usage error naming the flag (exit 2)', async () => {
    const run = await runCli(['drill', 'run', 'regional-outage', '--junit', '']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--junit "" is empty');
  });
});
