/**
 * Runs a mysfits-dr command inside this process, as `mysfits-dr <args> --json --yes` would
 * run: a fresh program, the caller's environment and global options, output captured. A
 * drill uses it so its failover is exactly the operator's failover (plan, preflight, lock,
 * journal) without a new Node.js process (and SDK load) per step.
 */
import { Writable } from 'node:stream';
import { EXIT_CODES } from '../../core/errors.js';
import type { CommandResult } from '../../drill/deps.js';
import type { Context } from '../context.js';

function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** The global options of `ctx` as arguments, so the command sees the same config and endpoint. */
export function globalArgs(ctx: Context): string[] {
  const g = ctx.globals;
  return [
    ...(g.config ? ['--config', g.config] : []),
    ...(g.profile ? ['--profile', g.profile] : []),
    ...(g.endpointUrl ? ['--endpoint-url', g.endpointUrl] : []),
    '--json',
    '--yes',
  ];
}

/** Runs `args` in process; resolves to the exit code, the JSON document and stderr. */
export async function runInProcess(
  ctx: Context,
  args: readonly string[],
  signal: AbortSignal,
): Promise<CommandResult> {
  const [{ buildProgram, runProgram }, { registrars }] = await Promise.all([
    import('../program.js'),
    import('../commands/index.js'),
  ]);
  const stdout = collector();
  const stderr = collector();
  let exitCode: number = EXIT_CODES.ok;
  const deps = {
    env: ctx.env,
    stdout: stdout.stream,
    stderr: stderr.stream,
    signal,
    version: 'in-process',
    setExitCode: (code: number) => {
      exitCode = code;
    },
  };
  await runProgram(buildProgram(deps, registrars), [...globalArgs(ctx), ...args], deps);
  const out = stdout.text().trim();
  let document: unknown;
  try {
    document = out ? JSON.parse(out) : undefined;
  } catch {
    document = { text: out };
  }
  return { exitCode, document, stderr: stderr.text().trim() };
}
