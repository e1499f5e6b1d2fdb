// The program a run builds (src/cli/main.ts): only the named top-level command's subtree when
// argv names one, every command otherwise. What this proves: the map from command names to
// registrars says exactly what each registrar adds, the name is read past the global options
// as commander reads them, and a command built alone parses, helps and fails as in the full
// program.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { registrarOf, registrars, registrarsFor } from '../../src/cli/commands/index.js';
import { buildProgram, commandNameOf, runProgram } from '../../src/cli/program.js';
import type { CommandRegistrar } from '../../src/cli/program.js';

/** Runs argv through a program built from `from`; returns the exit code and both streams. */
async function run(from: readonly CommandRegistrar[], argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  let code = -1;
  const deps = {
    env: {},
    stdout,
    stderr,
    signal: new AbortController().signal,
    version: '9.9.9',
    setExitCode: (c: number) => (code = c),
  };
  await runProgram(buildProgram(deps, from), argv, deps);
  return { code, out, err };
}

/** The top-level command names a program built from `from` has. */
function namesOf(from: readonly CommandRegistrar[]): string[] {
  const deps = {
    env: {},
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    signal: new AbortController().signal,
    version: '9.9.9',
    setExitCode: () => {},
  };
  return buildProgram(deps, from).commands.map((c) => c.name());
}

describe('the program built for one run', () => {
  it('maps each top-level command to the registrar that adds it, and every registrar', () => {
    const all = namesOf(registrars);
    expect(Object.keys(registrarOf).sort()).toEqual([...all].sort());
    for (const register of registrars) {
      for (const name of namesOf([register])) expect(registrarOf[name], name).toBe(register);
    }
  });

  it('reads the command name past the global options and their values', () => {
    const cases: [string[], string | undefined][] = [
      [['lock', 'show'], 'lock'],
      [['--json', '-y', 'lock', 'show'], 'lock'],
      [['-c', 'status', 'lock', 'show'], 'lock'],
      [['--config=x.json', '--profile', 'lock', 'config', 'validate'], 'config'],
      [['--endpoint-url', 'http://127.0.0.1:9', 'status'], 'status'],
      [['-vc', 'x.json', 'history'], 'history'],
      [['--no-color', 'lab', 'up'], 'lab'],
      // Nothing the program would run as a command: no name, so every command is built.
      [[], undefined],
      [['--help'], undefined],
      [['--bogus', 'lock', 'show'], undefined],
      [['--endpoint-url', 'not a url', 'lock', 'show'], undefined],
    ];
    for (const [argv, name] of cases) expect(commandNameOf(argv), argv.join(' ')).toBe(name);
    expect(registrarsFor('lock')).toEqual([registrarOf.lock]);
    expect(registrarsFor('toString')).toBe(registrars);
    expect(registrarsFor(undefined)).toBe(registrars);
  });

  it('parses, helps and fails as the full program does', async () => {
    const argvs = [
      ['lock', '--help'],
      ['traffic', 'set', '--help'],
      ['lock', 'nope'],
      ['lock', 'show', '--jsn'],
      ['failback', '--help'],
      ['traffic', 'set', 'us-west-2'],
      ['lok', 'show'],
      ['help', 'lock'],
    ];
    for (const argv of argvs) {
      const alone = await run(registrarsFor(commandNameOf(argv)), argv);
      expect(alone, argv.join(' ')).toEqual(await run(registrars, argv));
    }
  });
});
