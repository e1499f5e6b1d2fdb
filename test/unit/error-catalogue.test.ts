import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  DrError,
  ERROR_CATALOGUE,
  ERROR_CODES,
  EXIT_CODES,
  drError,
  exitCode,
  internalError,
  interrupted,
  isErrorCode,
  notConfirmed,
  notConverged,
  toErrorDocument,
  unknownRegion,
  usageError,
  type ErrorCode,
  type ExitCodeName,
} from '../../src/core/errors.js';
import {
  README_MARKERS,
  renderErrorDocs,
  renderExitCodeTable,
} from '../../src/core/errors/docs.js';

async function formatted(text: string, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every error code written as a literal where an error is built, with where it is. */
function codesUsedInSrc(): Map<string, string> {
  const patterns = [
    /\bcode: '([A-Z][A-Z0-9_]+)'/g,
    /\b(?:usageError|drError)\(\s*'([A-Z][A-Z0-9_]+)'/g,
    /\blabError\(\s*\d+,\s*'([A-Z][A-Z0-9_]+)'/g,
  ];
  const found = new Map<string, string>();
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns)
      for (const match of text.matchAll(pattern)) found.set(match[1]!, file);
  }
  return found;
}

describe('the error catalogue', () => {
  it('has every error code used in src', () => {
    const used = codesUsedInSrc();
    expect(used.size).toBeGreaterThan(40);
    for (const [code, file] of used) expect(isErrorCode(code), `${code} (${file})`).toBe(true);
  });

  it('has no code that src never uses', () => {
    const text = sourceFiles('src')
      .filter((f) => !/[/\\]catalogue[-.]/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(ERROR_CODES.filter((code) => !text.includes(`'${code}'`))).toEqual([]);
  });

  it('says for every code what happened and what to do, in sentences', () => {
    for (const code of ERROR_CODES) {
      const entry = ERROR_CATALOGUE[code];
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(EXIT_CODES[entry.exit], code).toBeTypeOf('number');
      expect(['user', 'aws', 'internal'], code).toContain(entry.source);
      expect(entry.summary, code).toMatch(/^\S.*[.)]$/);
      expect(entry.fix, code).toMatch(/^\S.*[.)]$/);
    }
  });
});

describe('DrError and the factories', () => {
  it('take exit code and source from the catalogue unless the call site says otherwise', () => {
    const held = new DrError('held', { code: 'LOCK_HELD' });
    expect([held.exit, held.exitCode, held.source, held.hint]).toEqual([
      'lockHeld',
      5,
      'user',
      undefined,
    ]);
    const lab = drError('LAB_ERROR', 'bad', { exit: 'usage', source: 'user' });
    expect([lab.exitCode, lab.source]).toEqual([2, 'user']);
  });

  it('give the catalogue hint only when the call site gives none', () => {
    expect(drError('INTERNAL', 'x').hint).toMatch(/bug in mysfits-dr/);
    expect(drError('INTERNAL', 'x', { hint: 'mine' }).hint).toBe('mine');
    expect(drError('AWS_ERROR', 'x').hint).toBeUndefined();
  });

  const table: {
    what: string;
    error: DrError;
    code: ErrorCode;
    exit: ExitCodeName;
    message: string;
  }[] = [
    {
      what: 'interrupted()',
      error: interrupted(),
      code: 'INTERRUPTED',
      exit: 'interrupted',
      message: 'interrupted',
    },
    {
      what: 'interrupted(where, state)',
      error: interrupted('interrupted while waiting', { state: 'nothing was changed' }),
      code: 'INTERRUPTED',
      exit: 'interrupted',
      message: 'interrupted while waiting',
    },
    {
      what: 'notConfirmed',
      error: notConfirmed('nothing was changed'),
      code: 'NOT_CONFIRMED',
      exit: 'refused',
      message: 'not confirmed: nothing was changed',
    },
    {
      what: 'notConverged',
      error: notConverged('still IN_PROGRESS'),
      code: 'NOT_CONVERGED',
      exit: 'notConverged',
      message: 'still IN_PROGRESS',
    },
    {
      what: 'internalError',
      error: internalError(new Error('boom')),
      code: 'INTERNAL',
      exit: 'failed',
      message: 'unexpected error: boom',
    },
    {
      what: 'usageError',
      error: usageError('BAD_PORT', '--port: "x" is not a TCP port', 'Pass 4580.'),
      code: 'BAD_PORT',
      exit: 'usage',
      message: '--port: "x" is not a TCP port',
    },
  ];
  for (const row of table) {
    it(`${row.what} builds ${row.code} (exit ${EXIT_CODES[row.exit]})`, () => {
      expect(row.error).toBeInstanceOf(DrError);
      expect([row.error.code, row.error.exit, row.error.message]).toEqual([
        row.code,
        row.exit,
        row.message,
      ]);
    });
  }

  it('unknownRegion names the flag, the value and the regions to choose from', () => {
    const flagged = unknownRegion('eu-west-3', ['us-west-2', 'us-east-1'], '--to');
    expect([flagged.code, flagged.exitCode, flagged.message, flagged.hint]).toEqual([
      'UNKNOWN_REGION',
      2,
      '--to: "eu-west-3" is not a configured region',
      'Pass one of us-west-2, us-east-1 (e.g. --to us-west-2).',
    ]);
    expect(unknownRegion('x', ['a']).message).toBe('region "x" is not a configured region');
  });

  it('keep the --json document as it was', () => {
    const error = interrupted('interrupted before "scale"', { state: '1/3 steps done' });
    expect(toErrorDocument(error)).toEqual({
      error: {
        code: 'INTERRUPTED',
        message: 'interrupted before "scale"',
        state: '1/3 steps done',
        source: 'user',
        exitCode: 130,
      },
    });
    expect(notConfirmed('the lock was left as it is', 'Pass --yes.').hint).toBe('Pass --yes.');
  });

  it('name exit codes', () => {
    expect(exitCode('lockHeld')).toBe(5);
    expect(exitCode('unknown')).toBe(7);
    expect(isErrorCode('LOCK_HELD')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });
});

describe('the generated documentation', () => {
  const docs = readFileSync('docs/errors.md', 'utf8');
  const readme = readFileSync('README.md', 'utf8');
  const stale = 'stale: run `npm run build && node scripts/generate-error-docs.mjs`';

  it('lists every error code in docs/errors.md with its exit code', () => {
    for (const code of ERROR_CODES) {
      const { exit } = ERROR_CATALOGUE[code];
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${code}\` `));
      expect(row, code).toBeDefined();
      expect(row!.split('|')[2]!.trim(), code).toBe(`${EXIT_CODES[exit]} (\`${exit}\`)`);
    }
  });

  it('docs/errors.md is the generated one', async () => {
    expect(docs, stale).toBe(await formatted(renderErrorDocs(), 'docs/errors.md'));
  });

  it("the README's exit-code table is the generated one", async () => {
    const start = readme.indexOf(README_MARKERS.start);
    const end = readme.indexOf(README_MARKERS.end);
    expect(start, 'README has the exit-code markers').toBeGreaterThanOrEqual(0);
    const table = readme.slice(start + README_MARKERS.start.length, end).trim();
    expect(table, stale).toBe((await formatted(renderExitCodeTable(), 'README.md')).trim());
  });
});
