import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { registrars } from '../../src/cli/commands/index.js';
import { buildProgram } from '../../src/cli/program.js';
import { EXIT_CODES } from '../../src/core/errors.js';

const readme = readFileSync('README.md', 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`## ${title}`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 3);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README', () => {
  it('documents exactly the exit codes the CLI uses', () => {
    const documented = [...section('Exit codes').matchAll(/^\|\s*(\d+)\s*\|/gm)].map((m) =>
      Number(m[1]),
    );
    expect(documented.sort((a, b) => a - b)).toEqual(
      Object.values(EXIT_CODES).sort((a, b) => a - b),
    );
  });

  it('lists every command and subcommand in its command reference', () => {
    const program = buildProgram(
      {
        env: {},
        stdout: new PassThrough(),
        stderr: new PassThrough(),
        signal: new AbortController().signal,
        version: '0',
        setExitCode: () => undefined,
      },
      registrars,
    );
    const reference = section('Commands');
    const names: string[] = [];
    for (const command of program.commands) {
      const subs = command.commands.filter((c) => c.name() !== 'help');
      if (subs.length === 0) names.push(command.name());
      for (const sub of subs) names.push(`${command.name()} ${sub.name()}`);
    }
    for (const name of names) expect(reference, name).toContain(`\`${name}`);
  });
});
