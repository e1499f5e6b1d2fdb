// The program a run builds (src/cli/main.ts, commands/by-name.ts): only the named top-level
// command's module and subtree when argv names one, every command otherwise. What this proves:
// the map from command names to registrars says exactly what each registrar adds, the name is read past the global options
// as commander reads them, and a command built alone parses, helps and fails as in the full
// program.
import { describe, expect, it } from 'vitest';
import { registrarLoaders, registrarsFor } from '../../src/cli/commands/by-name.js';
import { registrars } from '../../src/cli/commands/index.js';
import { buildProgram, commandNameOf, runProgram } from '../../src/cli/program.js';
import type { CommandRegistrar } from '../../src/cli/program.js';
import { captureStream } from '../helpers/streams.js';

/** The process pieces a program takes, over in-memory streams. */
function depsOf() {
  let code = -1;
  const deps = {
    env: {},
    stdout: captureStream(),
    stderr: captureStream(),
    signal: new AbortController().signal,
    version: '9.9.9',
    setExitCode: (c: number) => (code = c),
  };
  return { deps, code: () => code };
}

/** Runs argv through a program built from `from`; returns the exit code and both streams. */
async function run(from: readonly CommandRegistrar[], argv: string[]) {
  const { deps, code } = depsOf();
  await runProgram(buildProgram(deps, from), argv, deps);
  return { code: code(), out: deps.stdout.text(), err: deps.stderr.text() };
}

/** The top-level command names a program built from `from` has. */
function namesOf(from: readonly CommandRegistrar[]): string[] {
  return buildProgram(depsOf().deps, from).commands.map((c) => c.name());
}

describe('the program built for one run', () => {
  it('maps each top-level command to the registrar that adds it, and every registrar', async () => {
    const all = namesOf(registrars);
    expect(Object.keys(registrarLoaders).sort()).toEqual([...all].sort());
    for (const register of registrars) {
      for (const name of namesOf([register])) {
        expect(await registrarLoaders[name]!(), name).toBe(register);
      }
    }
  });

  it('reads the command name past the global options and their values', async () => {
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
    expect(await registrarsFor('lock')).toEqual([await registrarLoaders.lock!()]);
    expect(await registrarsFor('toString')).toBe(registrars);
    expect(await registrarsFor(undefined)).toBe(registrars);
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
      const alone = await run(await registrarsFor(commandNameOf(argv)), argv);
      expect(alone, argv.join(' ')).toEqual(await run(registrars, argv));
    }
  });
});
