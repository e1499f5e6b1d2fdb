import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram, runProgram, type CommandRegistrar } from '../../src/cli/program.js';
import { DrError, EXIT_CODES, type ExitCodeName } from '../../src/core/errors.js';

function harness(registrar: CommandRegistrar, controller = new AbortController()) {
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
    signal: controller.signal,
    version: '9.9.9',
    setExitCode: (c: number) => (code = c),
  };
  const program = buildProgram(deps, [registrar]);
  return {
    controller,
    run: async (argv: string[]) => {
      await runProgram(program, argv, deps);
      return { code, out, err };
    },
  };
}

const throwing =
  (error: unknown): CommandRegistrar =>
  (program, run) => {
    program.command('boom').action(
      run(async () => {
        throw error;
      }),
    );
  };

describe('error → exit code', () => {
  const kinds = Object.keys(EXIT_CODES).filter((k) => k !== 'ok') as ExitCodeName[];
  for (const exit of kinds) {
    it(`a DrError of kind ${exit} exits ${EXIT_CODES[exit]}`, async () => {
      const h = harness(
        throwing(
          new DrError('it broke', { code: 'INTERNAL', exit, hint: 'do y', state: 'dial 100/0' }),
        ),
      );
      const { code, out, err } = await h.run(['boom']);
      expect(code).toBe(EXIT_CODES[exit]);
      expect(out).toBe('');
      expect(err).toContain('error: it broke');
      expect(err).toContain('state: dial 100/0');
      expect(err).toContain('hint: do y');
    });
  }

  it('prints the error as one JSON document on stdout with --json', async () => {
    const h = harness(
      throwing(new DrError('refused', { code: 'INTERNAL', exit: 'refused', hint: 'h' })),
    );
    const { code, out, err } = await h.run(['--json', 'boom']);
    expect(code).toBe(3);
    expect(err).toBe('');
    expect(JSON.parse(out)).toEqual({
      error: {
        code: 'INTERNAL',
        message: 'refused',
        hint: 'h',
        source: 'internal',
        exitCode: 3,
      },
    });
  });

  it('reports an unexpected exception as INTERNAL with exit 1, stack only with --verbose', async () => {
    const quiet = await harness(throwing(new TypeError('x is undefined'))).run(['boom']);
    expect(quiet.code).toBe(1);
    expect(quiet.err).toContain('unexpected error: x is undefined');
    expect(quiet.err).not.toContain('at ');
    const loud = await harness(throwing(new TypeError('x is undefined'))).run([
      '--verbose',
      'boom',
    ]);
    expect(loud.err).toMatch(/TypeError: x is undefined\n\s+at /);
  });

  it('exits 130 when the user interrupts a running command', async () => {
    const controller = new AbortController();
    const h = harness((program, run) => {
      program.command('wait').action(
        run(
          (ctx) =>
            new Promise((_resolve, reject) => {
              ctx.signal.addEventListener('abort', () => reject(new Error('stopped')));
            }),
        ),
      );
    }, controller);
    const pending = h.run(['wait']);
    setTimeout(() => controller.abort(), 20);
    const { code, err } = await pending;
    expect(code).toBe(130);
    expect(err).toContain('interrupted');
  });

  it('returns the exit code a command chooses', async () => {
    const h = harness((program, run) => {
      program.command('verdict').action(run(async () => 1));
    });
    expect((await h.run(['verdict'])).code).toBe(1);
  });
});
