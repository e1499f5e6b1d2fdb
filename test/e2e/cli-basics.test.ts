import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import pkg from '../../package.json' with { type: 'json' };

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/;

describe('the mysfits-dr executable', () => {
  it('prints its version on stdout and exits 0', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it('prints help listing the command groups', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const word of [
      'config',
      'lab',
      '--json',
      '--endpoint-url',
      '--profile',
      '--no-color',
      '--yes',
    ]) {
      expect(run.stdout).toContain(word);
    }
  });

  it('exits 2 on an unknown command and suggests the right one', async () => {
    const run = await runCli(['confg']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/unknown command 'confg'/);
    expect(run.stderr).toMatch(/Did you mean config\?/);
  });

  it('exits 2 on a bad option value, with a JSON error document under --json', async () => {
    const run = await runCli(['--json', 'lab', 'up', '--port', '99999']);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as {
      error: { code: string; message: string; exitCode: number; hint: string };
    };
    expect(doc.error).toMatchObject({ code: 'BAD_PORT', exitCode: 2 });
    expect(doc.error.message).toContain('99999');
    expect(doc.error.hint).toContain('--port 4580');
  });

  it('keeps errors on stderr and colours them only when allowed', async () => {
    const coloured = await runCli(['config', 'validate', '--config', '/nonexistent.json'], {
      env: { FORCE_COLOR: '1' },
    });
    expect(coloured.code).toBe(2);
    expect(coloured.stderr).toMatch(ANSI);
    const noColorEnv = await runCli(['config', 'validate', '--config', '/nonexistent.json'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(noColorEnv.stderr).not.toMatch(ANSI);
    const noColorFlag = await runCli(
      ['--no-color', 'config', 'validate', '--config', '/nonexistent.json'],
      { env: { FORCE_COLOR: '1' } },
    );
    expect(noColorFlag.stderr).not.toMatch(ANSI);
    expect(noColorFlag.stderr).toMatch(/^error: cannot read the config file/);
  });
});
