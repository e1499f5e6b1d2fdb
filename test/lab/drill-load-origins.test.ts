// The game-day load from two places at once (`load.origins`) through the shared lab's
// accelerator, dials 100/100: the share sent from us-east-1's origin (source 127.0.1.1) is
// served by us-east-1 and the rest by us-west-2, with the load generator itself and with
// `drill run`; and a drill with origins is refused, before anything runs, when its load goes
// to an address off loopback (AWS), where the tool cannot choose where its clients sit.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ipv4LoopbackUrl, labLoadOrigins } from '../../src/drill/load-origins.js';
import { startLoad } from '../../src/drill/load.js';
import type { DrillJournal } from '../../src/drill/journal.js';
import { runCli } from '../helpers/cli.js';
import { labAcceleratorUrl, labEnv, sleep } from '../helpers/lab.js';

const endpoint = inject('labEndpoint');
const [west, east] = ['us-west-2', 'us-east-1'] as const;
const MIX = { [west]: 0.7, [east]: 0.3 };

/** The accelerator's address, as the lab's health endpoint reports it. */
const acceleratorUrl = () => labAcceleratorUrl(endpoint);

/** A drill that only waits under a load from both origins. */
const DRILL = `
title: load from two places
load:
  rate: 10
  warmup: 1s
  timeout: 15s
  origins: { "us-west-2": 0.7, "us-east-1": 0.3 }
method:
  - type: action
    name: pause
    provider: { type: wait, duration: 4s }
settle: 1s
`;

/** Writes the drill and runs `drill run` on it with `env`; the exit, stderr and the journal. */
async function runDrill(env: NodeJS.ProcessEnv) {
  const dir = await mkdtemp(join(tmpdir(), 'mysfits-origins-'));
  await writeFile(join(dir, 'origins.yaml'), DRILL);
  const out = join(dir, 'runs');
  const cli = await runCli(['drill', 'run', join(dir, 'origins.yaml'), '--yes', '--out', out], {
    env: labEnv({
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: west,
      MYSFITS_DR_RUNS_DIR: join(dir, 'ops'),
      ...env,
    }),
    timeoutMs: 180_000,
  });
  const [name] = await readdir(out).catch(() => []);
  const text = name ? await readFile(join(out, name, 'journal.json'), 'utf8').catch(() => '') : '';
  const journal = text ? (JSON.parse(text) as DrillJournal) : undefined;
  return { cli, journal };
}

describe('a load from two origins', () => {
  it("sends each origin's share from its source address; each is served by its nearest region", async () => {
    const url = ipv4LoopbackUrl(await acceleratorUrl());
    const run = startLoad({
      url,
      mysfitIds: [],
      ratePerSecond: 10,
      requestTimeoutMs: 15_000,
      origins: labLoadOrigins(MIX),
    });
    await sleep(4_000);
    const samples = await run.stop();
    const answered = samples.filter((s) => s.region !== null);
    expect(answered.length, JSON.stringify(samples.slice(0, 3))).toBeGreaterThanOrEqual(
      samples.length * 0.8,
    );
    for (const sample of answered)
      expect(sample.region, JSON.stringify(sample)).toBe(sample.origin);
    const fromEast = samples.filter((s) => s.origin === east).length;
    expect(Math.abs(fromEast - 0.3 * samples.length)).toBeLessThanOrEqual(1);
  });

  it('drill run with load.origins: the requests are served 70/30 by us-west-2/us-east-1', async () => {
    const { cli, journal } = await runDrill({ MYSFITS_DR_APP_URL: await acceleratorUrl() });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toMatch(/from us-west-2 70 %, us-east-1 30 %/);
    const { sent, byRegion } = journal!.measurements.requests;
    expect(sent).toBeGreaterThanOrEqual(30);
    // Each origin's requests are spread evenly: us-east-1's share of the answered ones is
    // 0.3 give or take the few requests a loaded machine may leave unanswered.
    const answered = (byRegion[west] ?? 0) + (byRegion[east] ?? 0);
    expect(answered).toBeGreaterThanOrEqual(sent * 0.8);
    expect(byRegion[east]! / sent).toBeGreaterThan(0.3 - (sent - answered + 1) / sent);
    expect(byRegion[east]! / sent).toBeLessThan(0.3 + (sent - answered + 1) / sent);
  });

  it('drill run with load.origins against AWS is refused before anything runs (exit 2)', async () => {
    const aws = 'https://a1234567890abcdef.awsglobalaccelerator.com';
    const { cli, journal } = await runDrill({ MYSFITS_DR_APP_URL: aws });
    expect(cli.code, cli.stderr).toBe(2);
    expect(cli.stderr).toContain(`the load goes to ${aws}`);
    expect(cli.stderr).toMatch(/cannot choose where its clients sit/);
    expect(cli.stderr).toMatch(/Remove load\.origins/);
    expect(journal).toBeUndefined();
  });
});
