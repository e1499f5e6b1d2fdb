/**
 * The same result rendered for a terminal and for a pipe, side by side (as the GitHub CLI
 * tests its commands): colour only on a terminal and never with NO_COLOR or --no-color, the
 * same words either way, and --json one document with no colour and nothing decorative.
 */
import { describe, expect, it } from 'vitest';
import { showLabStatus } from '../../../src/cli/commands/lab.js';
import { showLock } from '../../../src/cli/commands/lock.js';
import { runMetrics } from '../../../src/cli/commands/metrics.js';
import { showReplicationLag, showReplicationProbe } from '../../../src/cli/commands/replication.js';
import { showStatus } from '../../../src/cli/commands/status.js';
import type { Context } from '../../../src/cli/context.js';
import { assessStatus } from '../../../src/core/status/assess.js';
import { createTestContext, type TestContextOptions } from '../../helpers/context.js';
import { lagDoc, probeDoc } from '../../helpers/replication-docs.js';
import { config, healthyFacts } from '../../helpers/status-facts.js';
import { stripAnsi } from '../../helpers/streams.js';

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[\d+m/u;
const NOW = Date.parse('2026-12-01T10:00:00Z');

/** One result shown by a command's show function; returns its exit code. */
type Show = (ctx: Context) => Promise<number>;

/** [command, its show function, whether its terminal view uses colour at all]. */
const SHOWN: [string, Show, boolean][] = [
  [
    'status',
    async (ctx) => {
      const doc = assessStatus(config, healthyFacts());
      await showStatus(ctx, doc);
      return doc.exitCode;
    },
    true,
  ],
  ['replication lag', (ctx) => showReplicationLag(ctx, lagDoc), true],
  ['replication probe', (ctx) => showReplicationProbe(ctx, probeDoc), true],
  [
    'lock show (held)',
    async (ctx) =>
      showLock(ctx, {
        runId: 'r-1',
        owner: 'ana@laptop',
        operation: 'failover',
        acquiredAt: NOW - 60_000,
        expiresAt: NOW + 60_000,
        region: 'us-west-2',
        fence: 7,
      }),
    false,
  ],
  ['lock show (free)', async (ctx) => showLock(ctx, undefined), false],
  [
    'lab status',
    (ctx) =>
      showLabStatus(ctx, {
        running: true,
        state: {
          version: 1,
          pid: 4242,
          groupLeader: true,
          port: 4580,
          endpoint: 'http://127.0.0.1:4580',
          acceleratorUrl: 'http://127.0.0.1:4581',
          profile: 'fast',
          startedAt: '2026-12-01T09:00:00.000Z',
          status: 'ready',
          processes: [],
        },
        health: {
          healthy: false,
          components: {
            'dynamodb-local': { healthy: true, url: 'http://127.0.0.1:4590' },
            'us-east-1/like': { healthy: false, detail: '0/2 tasks running' },
          },
        },
        faults: [{ id: 'f1', kind: 'region-outage', region: 'us-east-1', expiresAt: null }],
      }),
    true,
  ],
];

async function shown(show: Show, options: TestContextOptions) {
  const t = createTestContext({ now: NOW, ...options });
  const code = await show(t.ctx);
  return { code, stdout: t.stdout(), stderr: t.stderr() };
}

describe.each(SHOWN)('%s on a terminal and on a pipe', (_name, show, coloured) => {
  it('colours only the terminal; both say the same', async () => {
    const tty = await shown(show, { tty: true });
    const pipe = await shown(show, { tty: false });
    if (coloured) expect(tty.stdout).toMatch(SGR);
    else expect(tty.stdout).toBe(pipe.stdout);
    expect(pipe.stdout).not.toMatch(SGR);
    expect(pipe.stderr).not.toMatch(SGR);
    expect(stripAnsi(tty.stdout)).toBe(pipe.stdout);
    expect(stripAnsi(tty.stderr)).toBe(pipe.stderr);
    expect(tty.code).toBe(pipe.code);
  });

  it.each([
    ['NO_COLOR', { tty: true, env: { NO_COLOR: '1' } }],
    ['--no-color', { tty: true, color: false }],
    ['TERM=dumb', { tty: true, env: { TERM: 'dumb' } }],
  ] as const)('no colour on a terminal with %s', async (_flag, options) => {
    const run = await shown(show, options);
    expect(run.stdout + run.stderr).not.toMatch(SGR);
    expect(run.stdout).toBe((await shown(show, { tty: false })).stdout);
  });

  it.each([true, false])('--json (terminal: %s) prints one JSON document only', async (tty) => {
    const run = await shown(show, { tty, json: true });
    expect(run.stdout).not.toMatch(SGR);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toBeTypeOf('object');
    expect(run.code).toBe((await shown(show, { tty: false })).code);
  });
});

describe('the spinner appears only on a terminal, never with --json or in CI', () => {
  // Nothing listens on port 9: the read fails fast and the command reports it (exit 7).
  const read = (options: TestContextOptions) =>
    shown((ctx) => runMetrics(ctx, { since: 15 * 60_000, period: 60 }), {
      config,
      endpointUrl: 'http://127.0.0.1:9',
      ...options,
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', ...options.env },
    });
  const SPINNER_HIDDEN = '\u001b[?25l';

  it('terminal: an animated line, cleared before the result', async () => {
    const run = await read({ tty: true });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(SPINNER_HIDDEN);
    expect(run.stderr).toContain('reading metrics of us-west-2, us-east-1');
  });

  it.each([
    ['a pipe', { tty: false }],
    ['CI', { tty: true, env: { CI: 'true' } }],
  ] as const)('%s: the progress is one plain line', async (_name, options) => {
    const run = await read(options);
    expect(run.code).toBe(7);
    expect(run.stderr).not.toContain(SPINNER_HIDDEN);
    expect(run.stderr.split('\n')[0]).toBe('reading metrics of us-west-2, us-east-1');
  });

  it('--json: nothing on stderr, one document on stdout', async () => {
    const run = await read({ tty: true, json: true });
    expect(run.code).toBe(7);
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
  });
});
