// `mysfits-dr replication lag` and `replication probe`, the built CLI run as a process against a
// lab of this file's own (its replication lag and pauses are changed here): the probe measures
// the lab's configured lag in both directions, calls a paused direction stalled, leaves no
// canary behind and never shows one to the app; `lag` reads CloudWatch, missing data is not 0.
// Needs `npm run build` first.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  replicationLagDocumentSchema,
  replicationProbeDocumentSchema,
  type ReplicationProbeDocument,
} from '../../src/core/replication/schema.js';
import { WORKSHOP_ITEMS } from '../../src/lab/seed.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { labClientConfig, labEnv, sleep, waitFor } from '../helpers/lab.js';
import { type OwnLab, startOwnLab } from '../helpers/own-lab.js';

const WEST = 'us-west-2';
const EAST = 'us-east-1';
const TABLE = 'MysfitsTable';
/**
 * How far above the lab's configured lag a direction's median may be: the lab's stream poll
 * (50 ms) and apply time, plus the probe's resolution (100 ms poll + one GetItem). Measured
 * excess of the median: 62–179 ms over 60 runs on Node 20 (docs/replication.md), and once
 * 315 ms in a full suite on Node 24 with the other worker's lab files writing alongside; 400 ms
 * leaves headroom and still tells the configured lag from the next one the file sets (1000 ms).
 */
const TOLERANCE_MS = 400;

let lab: OwnLab;
let clients: Record<string, DynamoDBClient>;

beforeAll(async () => {
  lab = await startOwnLab();
  clients = Object.fromEntries(
    [WEST, EAST].map((r) => [r, new DynamoDBClient(labClientConfig(r, lab.endpoint))]),
  );
});
afterAll(async () => {
  for (const c of Object.values(clients ?? {})) c.destroy();
  await lab?.stop();
});

function cli(...args: string[]) {
  return runCli(['--endpoint-url', lab.endpoint, ...args], {
    env: {
      ...labEnv(),
      ...lab.env,
      AWS_PROFILE: undefined,
      AWS_SESSION_TOKEN: undefined,
      MYSFITS_DR_CONFIG: `${REPO_ROOT}/mysfits-dr.config.json`,
    },
  });
}

async function setLag(lagMs: number) {
  const response = await fetch(`${lab.endpoint}/_lab/replication`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lagMs }),
  });
  expect(response.status).toBe(200);
}

/** Keys starting `__canary` in a region's table, or in one of its indexes. */
async function canaries(region: string, index?: string): Promise<string[]> {
  const out = await clients[region]!.send(
    new ScanCommand({
      TableName: TABLE,
      ...(index ? { IndexName: index } : {}),
      FilterExpression: 'begins_with(MysfitId, :p)',
      ExpressionAttributeValues: { ':p': { S: '__canary' } },
    }),
  );
  return (out.Items ?? []).map((i) => i.MysfitId!.S!);
}

function probeOf(stdout: string): ReplicationProbeDocument {
  return replicationProbeDocumentSchema.parse(JSON.parse(stdout));
}

function expectLagNear(doc: ReplicationProbeDocument, lagMs: number) {
  expect(doc.directions.map((d) => `${d.from}>${d.to}`)).toEqual([
    `${WEST}>${EAST}`,
    `${EAST}>${WEST}`,
  ]);
  for (const d of doc.directions) {
    expect(d.verdict, d.message).toBe('ok');
    expect(d.stats!.count).toBe(3);
    expect(d.stats!.medianMs).toBeGreaterThanOrEqual(lagMs);
    expect(d.stats!.medianMs).toBeLessThanOrEqual(lagMs + TOLERANCE_MS);
  }
}

describe('replication lag and probe against the lab', () => {
  it('lag: a fresh lab has no ReplicationLatency yet: missing, a warning, exit 7, never 0', async () => {
    const run = await cli('--json', 'replication', 'lag');
    expect(run.code, run.stderr).toBe(7);
    const doc = replicationLagDocumentSchema.parse(JSON.parse(run.stdout));
    expect(doc.directions.map((d) => d.verdict)).toEqual(['missing', 'missing']);
    for (const d of doc.directions) {
      expect(d.latency).toBeNull();
      expect(d.pendingReplicationCount).toEqual({ status: 'not-published' });
    }
    expect(run.stderr).toContain(`warning: ${WEST} → ${EAST}: no ReplicationLatency datapoint`);
  });

  it("probe: measures the lab's default lag (fast profile, 250 ms) in both directions", async () => {
    const run = await cli('--json', 'replication', 'probe');
    expect(run.code, run.stderr).toBe(0);
    expectLagNear(probeOf(run.stdout), 250);
  });

  it('probe: measures a 1000 ms lag; the app and its indexes never see a canary meanwhile', async () => {
    await setLag(1000);
    const seeded = WORKSHOP_ITEMS.map((i) => i.MysfitId!.S!).sort();
    const health = (await (await fetch(`${lab.endpoint}/_lab/health`)).json()) as {
      components: Record<string, { url?: string }>;
    };
    const app = health.components.accelerator!.url!;
    let finished = false;
    const probe = cli('--json', 'replication', 'probe').finally(() => (finished = true));
    let sawCanaryInTable = false;
    let appChecks = 0;
    while (!finished) {
      const list = (await (await fetch(`${app}/mysfits`)).json()) as {
        mysfits: { mysfitId: string }[];
      };
      expect(list.mysfits.map((m) => m.mysfitId).sort()).toEqual(seeded);
      appChecks++;
      for (const index of ['GoodEvilIndex', 'LawChaosIndex'])
        expect(await canaries(WEST, index)).toEqual([]);
      if ((await canaries(WEST)).length + (await canaries(EAST)).length > 0)
        sawCanaryInTable = true;
    }
    const run = await probe;
    expect(run.code, run.stderr).toBe(0);
    expectLagNear(probeOf(run.stdout), 1000);
    expect(sawCanaryInTable).toBe(true);
    expect(appChecks).toBeGreaterThan(3);
    await setLag(250);
  });

  it('lag: after replicated writes every direction is ok with a fresh datapoint', async () => {
    // The lab publishes ReplicationLatency once per period (3 s in the fast lab); on a busy
    // machine the newest datapoint can come a little late, so allow a few periods for it.
    let run = await cli('--json', 'replication', 'lag');
    for (let i = 0; i < 10 && run.code !== 0; i++) {
      await sleep(2_000);
      run = await cli('--json', 'replication', 'lag');
    }
    expect(run.code, run.stdout).toBe(0);
    const doc = replicationLagDocumentSchema.parse(JSON.parse(run.stdout));
    for (const d of doc.directions) {
      expect(d.verdict).toBe('ok');
      expect(d.latency!.latestAverageMs).toBeGreaterThan(0);
      expect(d.latency!.ageMs).toBeLessThan(doc.thresholds.staleAfterSeconds * 1000);
    }
    const text = await cli('replication', 'lag');
    expect(text.stdout).toMatch(new RegExp(`${WEST} → ${EAST}\\s+ok\\s+\\d+(\\.\\d+)? m?s`));
  }, 60_000);

  it('probe: a paused direction is stalled within --timeout (exit 1), the other ok', async () => {
    const pause = await runCli(
      ['lab', 'fault', 'replication-pause', '--from', WEST, '--to', EAST],
      { env: lab.env },
    );
    expect(pause.code, pause.stderr).toBe(0);
    try {
      const started = Date.now();
      const run = await cli('--json', 'replication', 'probe', '--timeout', '3s');
      const elapsed = Date.now() - started;
      expect(run.code, run.stderr).toBe(1);
      const doc = probeOf(run.stdout);
      const [west, east] = doc.directions;
      expect(west).toMatchObject({ from: WEST, to: EAST, verdict: 'stalled', stats: null });
      expect(west!.samples).toHaveLength(1);
      expect(west!.message).toBe(
        `no canary written in ${WEST} reached ${EAST} within 3 s: replication is stalled or lagging by more than 3 s`,
      );
      expect(east!.verdict).toBe('ok');
      expect(doc.verdict).toBe('stalled');
      expect(run.stderr).toContain(`warning: no canary written in ${WEST} reached ${EAST}`);
      expect(elapsed).toBeLessThan(3000 + 5000);
      // Nothing is left while the pause holds the deleted canary's changes back.
      expect([...(await canaries(WEST)), ...(await canaries(EAST))]).toEqual([]);
    } finally {
      await runCli(['lab', 'fault', 'clear'], { env: lab.env });
    }
  });

  it('leaves no canary in either region once replication has settled', async () => {
    await waitFor(
      'no canary in either region',
      async () => (await canaries(WEST)).length + (await canaries(EAST)).length === 0,
      10_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect([...(await canaries(WEST)), ...(await canaries(EAST))]).toEqual([]);
  });

  it('refuses a --from that is not a configured region with exit 2, naming flag, value and fix', async () => {
    const run = await cli('replication', 'probe', '--from', 'eu-west-3');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from: "eu-west-3" is not a configured region');
    expect(run.stderr).toContain(`${WEST}, ${EAST}`);
    const json = await cli('--json', 'replication', 'lag', '--to', WEST, '--from', WEST);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.code).toBe('SAME_REGION');
  });
});
