// `mysfits-dr metrics` as a process (the built CLI) against the lab: traffic sent through each
// region's load balancer shows up in the JSON document (validated against its schema) and in
// the tables; bad input exits 2; with one region's APIs down (on a lab of this file's own) the
// other region still renders and the exit code is 7.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { metricsDocumentSchema, type MetricsDocument } from '../../src/core/metrics/schema.js';
import { labClientEnv } from '../../src/lab/env.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';

const endpoint = inject('labEndpoint');
const REGIONS = ['us-west-2', 'us-east-1'] as const;
const SPARK = /[▁▂▃▄▅▆▇█·]/;

/** The environment `eval "$(mysfits-dr lab env)"` gives, for the lab at `url`, and no profile. */
function cliEnv(url: string): NodeJS.ProcessEnv {
  return {
    ...labClientEnv(url, 'us-west-2'),
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    MYSFITS_DR_CONFIG: `${REPO_ROOT}/mysfits-dr.config.json`,
  };
}

async function metricsJson(url: string, ...args: string[]) {
  const run = await runCli(['--json', 'metrics', ...args], { env: cliEnv(url) });
  expect(run.stdout.trim().split('\n'), run.stderr).toHaveLength(1);
  return { run, doc: metricsDocumentSchema.parse(JSON.parse(run.stdout)) };
}

const overall = (doc: MetricsDocument, region: string, id: string) =>
  doc.regions.find((r) => r.region === region)?.metrics.find((m) => m.id === id)?.summary.overall ??
  0;

/** GETs `/mysfits` from a load balancer `n` times; returns how many answered 2xx. */
async function browse(albUrl: string, n: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < n; i += 1) {
    const response = await fetch(`${albUrl}/mysfits`);
    await response.arrayBuffer();
    if (response.status >= 200 && response.status < 300) ok += 1;
  }
  return ok;
}

let ownLab: Promise<OwnLab>;

beforeAll(() => {
  // The outage test needs a lab of its own; start it now, while the other tests run.
  ownLab = startOwnLab();
  ownLab.catch(() => undefined);
});
afterAll(async () => {
  await (await ownLab.catch(() => undefined))?.stop();
});

describe('metrics against the shared lab', () => {
  const sent: Record<string, { requests: number; ok: number }> = {};

  it('counts the requests sent through each region, consistently, in a document that validates', async () => {
    const health = (await (await fetch(`${endpoint}/_lab/health`)).json()) as {
      components: Record<string, { url?: string }>;
    };
    for (const region of REGIONS) {
      const alb = health.components[`alb:${region}:mysfits-alb`]?.url;
      expect(alb, `the ${region} load balancer`).toBeTruthy();
      sent[region] = { requests: 15, ok: await browse(alb!, 15) };
      expect(sent[region].ok).toBeGreaterThan(0);
    }
    // The collectors flush every second; wait until both regions' counts are in.
    let last: MetricsDocument | undefined;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { run, doc } = await metricsJson(endpoint, '--since', '5m', '--period', '60');
      expect(run.code, run.stderr).toBe(0);
      last = doc;
      const done = REGIONS.every((r) => overall(doc, r, 'target2xx') >= sent[r]!.ok);
      if (done || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const doc = last!;
    expect(doc).toMatchObject({
      schemaVersion: 1,
      kind: 'metrics',
      status: 'ok',
      exitCode: 0,
      window: { periodSeconds: 60, periods: 5 },
    });
    expect(doc.regions.map((r) => [r.region, r.status])).toEqual([
      ['us-west-2', 'ok'],
      ['us-east-1', 'ok'],
    ]);
    const start = Date.parse(doc.window.start);
    const end = Date.parse(doc.window.end);
    for (const region of REGIONS) {
      const requests = overall(doc, region, 'requests');
      const ok = overall(doc, region, 'target2xx');
      expect(requests, `${region} requests`).toBeGreaterThanOrEqual(sent[region]!.requests);
      expect(ok, `${region} 2xx`).toBeGreaterThanOrEqual(sent[region]!.ok);
      expect(ok).toBeLessThanOrEqual(requests);
      const rate = overall(doc, region, 'rate2xx');
      expect(rate).toBeGreaterThan(0);
      expect(rate).toBeLessThanOrEqual(100);
      const r = doc.regions.find((x) => x.region === region)!;
      for (const m of r.metrics) {
        for (const t of m.timestamps) {
          expect(Date.parse(t)).toBeGreaterThanOrEqual(start);
          expect(Date.parse(t)).toBeLessThan(end);
        }
      }
      // ECS publishes CPU and memory for every running service.
      expect(
        r.metrics.find((m) => m.id === 'cpu_mysfits_core')?.summary.datapoints,
      ).toBeGreaterThan(0);
      expect(r.xray.map((g) => g.group)).toEqual(['like-service', 'like-service-errors-faults']);
    }
  });

  it('shows a row with a sparkline for every metric of every region', async () => {
    const { doc } = await metricsJson(endpoint, '--since', '5m');
    const run = await runCli(['metrics', '--since', '5m'], { env: cliEnv(endpoint) });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const sections = REGIONS.map((region) => lines.findIndex((l) => l.startsWith(region)));
    expect(sections[0]).toBeGreaterThanOrEqual(0);
    expect(sections[1]).toBeGreaterThan(sections[0]!);
    for (const [k, region] of REGIONS.entries()) {
      const own = lines.slice(sections[k], k === 0 ? sections[1] : undefined);
      for (const m of doc.regions.find((r) => r.region === region)!.metrics) {
        const row = own.find((l) => l.includes(` ${m.label} `));
        expect(row, `${region} ${m.label}`).toBeDefined();
        const trend = row!
          .slice(row!.indexOf(m.label) + m.label.length)
          .trim()
          .split(/\s+/)[0]!;
        expect([...trend], `${region} ${m.label}: ${row}`).toHaveLength(5);
        for (const c of trend) expect(c).toMatch(SPARK);
      }
      const requests = own.find((l) => l.includes(' requests '))!;
      expect(requests, 'traffic was sent: the requests row has a bar').toMatch(/[▁▂▃▄▅▆▇█]/);
    }
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('refuses a bad --since with exit 2, naming the option, the value and the fix', async () => {
    const run = await runCli(['metrics', '--since', 'bad'], { env: cliEnv(endpoint) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--since: "bad" is not a duration');
    expect(run.stderr).toMatch(/hint:.*--since 30s/);
    const json = await runCli(['--json', 'metrics', '--since', 'bad'], { env: cliEnv(endpoint) });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'BAD_DURATION', message: '--since: "bad" is not a duration', exitCode: 2 },
    });
  });

  it('refuses a region that is not configured, and a period CloudWatch does not serve', async () => {
    const region = await runCli(['metrics', '--region', 'eu-west-1'], { env: cliEnv(endpoint) });
    expect(region.code).toBe(2);
    expect(region.stderr).toContain('--region: "eu-west-1" is not a region of the config');
    expect(region.stderr).toContain('us-west-2, us-east-1');
    const period = await runCli(['metrics', '--period', '45'], { env: cliEnv(endpoint) });
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('--period: "45" is not a CloudWatch period');
  });

  it('reads 20-second periods, which GetMetricData serves for high-resolution metrics', async () => {
    const { run, doc } = await metricsJson(endpoint, '--since', '1m', '--period', '20');
    expect(run.code, run.stderr).toBe(0);
    expect(doc.window).toMatchObject({ periodSeconds: 20, periods: 3 });
    expect(Date.parse(doc.window.end) - Date.parse(doc.window.start)).toBe(60_000);
  });

  it('reads only the region --region names', async () => {
    const { run, doc } = await metricsJson(endpoint, '--region', 'us-east-1', '--since', '2m');
    expect(run.code, run.stderr).toBe(0);
    expect(doc.regions.map((r) => r.region)).toEqual(['us-east-1']);
  });
});

describe('metrics with one region’s APIs down (a lab of its own)', () => {
  it('renders the other region and exits 7', async () => {
    const lab = await ownLab;
    const fault = await runCli(['lab', 'fault', 'control-plane-outage', '--region', 'us-east-1'], {
      env: lab.env,
    });
    expect(fault.code, fault.stderr).toBe(0);

    const { run, doc } = await metricsJson(lab.endpoint, '--since', '5m');
    expect(run.code, run.stderr).toBe(7);
    expect(doc).toMatchObject({ status: 'unknown', exitCode: 7 });
    const [west, east] = doc.regions;
    expect(west).toMatchObject({ region: 'us-west-2', status: 'ok' });
    expect(west!.metrics.length).toBeGreaterThan(10);
    expect(west!.metrics.every((m) => m.status === 'ok')).toBe(true);
    expect(east).toMatchObject({
      region: 'us-east-1',
      status: 'unknown',
      metrics: [],
      failure: { call: 'cloudwatch:GetMetricData us-east-1', kind: 'unreachable' },
    });
    expect(east!.failure!.message).not.toBe('');
    expect(east!.xray.every((g) => g.status === 'unknown')).toBe(true);

    const human = await runCli(['metrics', '--since', '5m'], { env: cliEnv(lab.endpoint) });
    expect(human.code).toBe(7);
    expect(human.stdout).toMatch(/^us-west-2\s+● ok$/m);
    expect(human.stdout).toMatch(/^\s+traffic\s+requests\s+\S{5}\s/m);
    expect(human.stdout).toMatch(
      /^us-east-1\s+● unknown\n\s+could not read metrics: cloudwatch:GetMetricData us-east-1: /m,
    );
    expect(human.stderr).toContain('could not read the metrics of us-east-1');
  });
});
