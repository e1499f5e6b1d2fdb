/**
 * A property-style test of the traffic commands: a random sequence (seeded, replayable) of
 * `traffic set|drain|shift|switch` (the built CLI as a process) and lab faults (the lab's HTTP
 * fault API) against a lab of this file's own, checking after every command:
 *
 *  1. the exit code is one the README documents for a change (0 done, 1 failed, 3 refused,
 *     6 unreachable, 8 did not converge; 2 only for a --force naming a check the plan does not
 *     have), and stdout is one JSON document saying the same;
 *  2. a refused command (exit 3, PREFLIGHT_FAILED) changed nothing, nor did one that stopped
 *     before its run began (exit 6 unreachable, exit 2);
 *  3. the journal matches reality: its outcome is the one the exit code says; the dials read
 *     back from the accelerator and the routing switches read back from the table are the state
 *     the journal's `finish` record gives; and they are what its done steps set, the rest as
 *     before;
 *  4. traffic is never all dropped unless forced: a command that exits 0 without --force
 *     never takes away the last region that can serve (no outage or failing health checks,
 *     switched in) — neither by the switches nor, for a dial change, by the dials (some region
 *     that can serve keeps a dial above 0) — and once the lab has settled, new connections
 *     through the accelerator are answered 2xx by a region that can serve. A forced command
 *     (`drain --force last-healthy-region`) is journaled with the check it overrode.
 *
 * Own lab, not the shared one: faults and drained regions would break the files that read the
 * shared lab at the same time.
 *
 * Replay: MYSFITS_DR_PROPERTY_SEED=<seed> (and MYSFITS_DR_PROPERTY_STEPS=<n>;
 * MYSFITS_DR_PROPERTY_BUDGET_MS=0 to run every step however long it takes). The seed is in the
 * test's name and in every failure message, with each step run so far and its outcome.
 */
import http from 'node:http';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeRun, type JournalRecord, type RunSummary } from '../../src/core/ops/journal.js';
import { readState as readLabState } from '../../src/lab/state.js';
import { LAB_ACCELERATOR, labTargetGroupArn, type LabRegion } from '../../src/lab/topology.js';
import { runCli } from '../helpers/cli.js';
import { labClientConfig, labEnv, sleep } from '../helpers/lab.js';
import { startOwnLab, type OwnLab } from '../helpers/own-lab.js';

const REGIONS = ['us-west-2', 'us-east-1'] as const satisfies readonly LabRegion[];
type Region = (typeof REGIONS)[number];
const SEED = Number(process.env.MYSFITS_DR_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const STEPS = Number(process.env.MYSFITS_DR_PROPERTY_STEPS ?? 8);
/**
 * Wall-clock budget for the steps (0: none). Once spent, no new step starts: the run is a
 * prefix of the seeded sequence, said so in the output. On 2 shared cores at a load average of
 * 25–38, each CLI process took 10–40 s and 12 steps 2.5–4 minutes; the budget bounds that.
 */
const BUDGET_MS = Number(process.env.MYSFITS_DR_PROPERTY_BUDGET_MS ?? 50_000);
/**
 * How long the lab may take to settle after a change before new connections must all be
 * served: fast timing needs about 7 s (switch refresh 0.25 s + ALB 3 × 0.5 s + accelerator
 * 3 × 1.5 s); the rest is slack for a loaded machine. Polled, not slept.
 */
const SETTLE_MS = 30_000;
/** Each command's own --timeout: a change that does not take effect ends in exit 8. */
const COMMAND_TIMEOUT = '20s';
/** The control table, where the routing switches are. */
const CONTROL_TABLE = 'MysfitsDrControl';
/**
 * Exit codes a traffic change may end with (README), and the journal outcomes they go with:
 * ok, failed, refused, unreachable, did not converge.
 */
const OUTCOMES: Record<number, readonly string[]> = {
  0: ['completed', 'no-op'],
  1: ['failed'],
  3: ['refused'],
  6: ['failed'],
  8: ['failed'],
};

type Action =
  | { kind: 'set'; region: Region; percent: number }
  | { kind: 'drain'; region: Region; force: boolean }
  | { kind: 'shift'; to: Region; step: number }
  | { kind: 'switch'; region: Region; state: 'in' | 'out' }
  | { kind: 'fault'; fault: 'failing-health-checks' | 'region-outage'; region: Region }
  | { kind: 'fault'; fault: 'control-plane-outage'; region: Region }
  | { kind: 'clear' };

/** mulberry32: a small seeded PRNG, enough to pick actions reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The whole sequence from the seed alone (outcomes never steer it, so a replay is exact). */
function sequence(seed: number, count: number): Action[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted: [number, () => Action][] = [
    [22, () => ({ kind: 'set', region: pick(REGIONS), percent: pick([0, 25, 50, 75, 100]) })],
    [8, () => ({ kind: 'drain', region: pick(REGIONS), force: false })],
    [4, () => ({ kind: 'drain', region: pick(REGIONS), force: true })],
    [10, () => ({ kind: 'shift', to: pick(REGIONS), step: pick([50, 100]) })],
    [24, () => ({ kind: 'switch', region: pick(REGIONS), state: random() < 0.55 ? 'out' : 'in' })],
    [10, () => ({ kind: 'fault', fault: 'failing-health-checks', region: pick(REGIONS) })],
    // us-east-1 only: an outage of us-west-2 takes the accelerator's API down with it, which
    // the control-plane outage of us-west-2 covers while its data plane keeps serving.
    [4, () => ({ kind: 'fault', fault: 'region-outage', region: 'us-east-1' })],
    [4, () => ({ kind: 'fault', fault: 'control-plane-outage', region: 'us-west-2' })],
    [14, () => ({ kind: 'clear' })],
  ];
  const total = weighted.reduce((sum, [w]) => sum + w, 0);
  return Array.from({ length: count }, () => {
    let point = random() * total;
    for (const [weight, make] of weighted) {
      if (point < weight) return make();
      point -= weight;
    }
    return weighted[0]![1]();
  });
}

/** The CLI arguments of a traffic action (without --json, --yes, --timeout). */
function argsOf(action: Action): string[] | undefined {
  switch (action.kind) {
    case 'set':
      return ['traffic', 'set', action.region, String(action.percent)];
    case 'drain':
      return [
        'traffic',
        'drain',
        action.region,
        ...(action.force ? ['--force', 'last-healthy-region'] : []),
      ];
    case 'shift':
      return ['traffic', 'shift', '--to', action.to, '--step', String(action.step)].concat(
        action.step < 100 ? ['--interval', '1s'] : [],
      );
    case 'switch':
      return ['traffic', 'switch', action.region, action.state];
    default:
      return undefined;
  }
}

function labelOf(action: Action): string {
  if (action.kind === 'fault') return `fault ${action.fault} ${action.region}`;
  if (action.kind === 'clear') return 'fault clear';
  return argsOf(action)!.join(' ');
}

/** Dials (null while the accelerator's API does not answer) and routing switches. */
interface TrafficState {
  dials: Record<Region, number | null>;
  switches: Record<Region, 'in' | 'out'>;
}
interface Fault {
  kind: string;
  region?: string;
}

let lab: OwnLab;
let env: NodeJS.ProcessEnv;
let runsDir: string;
let appUrl: string;
let ga: GlobalAcceleratorClient;
const ddb = {} as Record<Region, DynamoDBClient>;
const elb = {} as Record<Region, ElasticLoadBalancingV2Client>;

beforeAll(async () => {
  lab = await startOwnLab({ timeoutMs: 240_000 });
  appUrl = (await readLabState(lab.dir))!.acceleratorUrl!;
  runsDir = await mkdtemp(join(tmpdir(), 'mysfits-property-runs-'));
  // MYSFITS_DR_LAB_ENDPOINT too: one inherited from the shell would point elsewhere.
  env = labEnv({
    AWS_ENDPOINT_URL: lab.endpoint,
    AWS_REGION: 'us-west-2',
    MYSFITS_DR_LAB_ENDPOINT: lab.endpoint,
    MYSFITS_DR_APP_URL: appUrl,
    MYSFITS_DR_RUNS_DIR: runsDir,
    ...lab.env,
  });
  // Retries: a kept-alive socket the lab closed meanwhile is reset on reuse (ECONNRESET).
  const config = (region: Region) => ({ ...labClientConfig(region, lab.endpoint), maxAttempts: 3 });
  ga = new GlobalAcceleratorClient(config('us-west-2'));
  for (const region of REGIONS) {
    ddb[region] = new DynamoDBClient(config(region));
    elb[region] = new ElasticLoadBalancingV2Client(config(region));
  }
}, 300_000);

afterAll(async () => {
  ga?.destroy();
  for (const region of REGIONS) {
    ddb[region]?.destroy();
    elb[region]?.destroy();
  }
  await lab?.stop();
});

async function faults(): Promise<Fault[]> {
  const response = await fetch(`${lab.endpoint}/_lab/faults`);
  return ((await response.json()) as { faults: Fault[] }).faults;
}

async function injectFault(body: Record<string, unknown> | undefined): Promise<void> {
  const response = await fetch(`${lab.endpoint}/_lab/faults`, {
    method: body ? 'POST' : 'DELETE',
    ...(body ? { headers: { 'content-type': 'application/json' } } : {}),
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`/_lab/faults answered ${response.status}`);
}

async function switchIn(region: Region, reader: Region): Promise<'in' | 'out'> {
  const { Item } = await ddb[reader].send(
    new GetItemCommand({
      TableName: CONTROL_TABLE,
      Key: { Pk: { S: `routing#${region}` } },
      ConsistentRead: true,
    }),
  );
  return Item?.RoutingState?.S === 'out' ? 'out' : 'in';
}

/**
 * The traffic state as the lab holds it: dials from the accelerator's API, each routing
 * switch from its own region's replica (the one its tasks read), from the other one while the
 * region is down. With no outage the replicas must agree once replication has carried the
 * last write (polled).
 */
async function readTraffic(): Promise<TrafficState> {
  const dial = (region: Region) =>
    ga
      .send(
        new DescribeEndpointGroupCommand({
          EndpointGroupArn: LAB_ACCELERATOR.endpointGroupArn(region),
        }),
      )
      .then(
        (answer) => answer.EndpointGroup!.TrafficDialPercentage!,
        () => null,
      );
  const other = (region: Region) => REGIONS.find((r) => r !== region)!;
  const [dials, switches, active] = await Promise.all([
    Promise.all(REGIONS.map(dial)),
    Promise.all(REGIONS.map((r) => switchIn(r, r).catch(() => switchIn(r, other(r))))),
    faults(),
  ]);
  const state: TrafficState = {
    dials: Object.fromEntries(REGIONS.map((r, i) => [r, dials[i]!])) as TrafficState['dials'],
    switches: Object.fromEntries(
      REGIONS.map((r, i) => [r, switches[i]!]),
    ) as TrafficState['switches'],
  };
  if (!active.some((f) => f.kind === 'region-outage')) {
    const deadline = Date.now() + 10_000;
    for (const region of REGIONS) {
      while ((await switchIn(region, other(region))) !== state.switches[region]) {
        if (Date.now() > deadline)
          throw new Error(`the ${region} routing switch differs between the replicas`);
        await sleep(100);
      }
    }
  }
  return state;
}

const show = (s: TrafficState) =>
  REGIONS.map((r) => `${r} dial ${s.dials[r] ?? '?'} ${s.switches[r]}`).join(', ');

/** Equal where both are known (a dial is unknown while the accelerator's API is down). */
function same(a: TrafficState, b: TrafficState): boolean {
  return REGIONS.every(
    (r) =>
      a.switches[r] === b.switches[r] &&
      (a.dials[r] === null || b.dials[r] === null || a.dials[r] === b.dials[r]),
  );
}

/**
 * The state in the journal's `finish` record, as the tool words it:
 * `dials us-west-2 0%, us-east-1 100%; routing switch: us-west-2 OUT` (or `all regions in`;
 * `unknown` for what it could not read).
 */
function parseJournalState(text: string): TrafficState {
  const match = /^dials (.+); routing switch: (.+)$/.exec(text);
  if (!match) throw new Error(`the journal's state is not in the tool's words: ${text}`);
  const dials = {} as Record<Region, number | null>;
  for (const part of match[1]!.split(', ')) {
    const [region, value] = part.split(' ') as [Region, string];
    dials[region] = value === 'unknown' ? null : Number(value.replace('%', ''));
  }
  const out = match[2] === 'all regions in' ? [] : match[2]!.split(', ');
  if (out.some((s) => !s.endsWith(' OUT')))
    throw new Error(`a routing switch the tool could not read: ${text}`);
  const switches = Object.fromEntries(
    REGIONS.map((r) => [r, out.includes(`${r} OUT`) ? 'out' : 'in']),
  ) as Record<Region, 'in' | 'out'>;
  return { dials, switches };
}

/** Regions that can serve: switched in, no outage or failing-health-checks fault. */
function serving(state: TrafficState, active: readonly Fault[]): Region[] {
  return REGIONS.filter(
    (r) =>
      state.switches[r] === 'in' &&
      !active.some(
        (f) => f.region === r && ['region-outage', 'failing-health-checks'].includes(f.kind),
      ),
  );
}

/** One request on a new connection through the accelerator: status and serving region. */
function probe(): Promise<string> {
  return new Promise((resolve) => {
    const request = http.get(
      `${appUrl}/mysfits`,
      { agent: false, headers: { connection: 'close' }, timeout: 3_000 },
      (response) => {
        response.resume();
        resolve(`${response.statusCode ?? 0}:${response.headers['x-mysfits-region'] ?? '-'}`);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve('0:-'));
  });
}

/** Polls until 8 new connections (sent together) are all answered 2xx by `regions`. */
async function trafficSettles(regions: readonly Region[]): Promise<string | true> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const seen = await Promise.all(Array.from({ length: 8 }, probe));
    const served = (s: string) => /^2\d\d:/.test(s) && regions.includes(s.slice(4) as Region);
    if (seen.every(served)) return true;
    if (Date.now() > deadline) return seen.join(' ');
    await sleep(250);
  }
}

/** Waits until the tool can see a fault just injected (targets unhealthy, or the API down). */
async function faultVisible(action: Extract<Action, { kind: 'fault' }>): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    // Visible once a target group has no healthy target, or the region's API fails.
    const visible = await Promise.all(
      (['core', 'like'] as const).map((role) =>
        elb[action.region].send(
          new DescribeTargetHealthCommand({
            TargetGroupArn: labTargetGroupArn(action.region, role),
          }),
        ),
      ),
    ).then(
      (groups) =>
        groups.some(
          (g) => !g.TargetHealthDescriptions?.some((t) => t.TargetHealth?.State === 'healthy'),
        ),
      () => true,
    );
    if (visible) return;
    if (Date.now() > deadline) throw new Error(`the lab did not show ${labelOf(action)}`);
    await sleep(200);
  }
}

/** The states a run may have left: its done/skipped steps applied; a failed step either way. */
function expectedStates(before: TrafficState, run: RunSummary): TrafficState[] {
  let states = [structuredClone(before)];
  for (const step of run.steps) {
    const [what, region, value] = step.id.split(':') as [string, Region, string];
    if ((what !== 'dial' && what !== 'switch') || step.status === 'pending') continue;
    const applied = states.map((s) => {
      const next = structuredClone(s);
      if (what === 'dial') next.dials[region] = Number(value);
      else next.switches[region] = value as 'in' | 'out';
      return next;
    });
    if (step.status === 'done' || step.status === 'skipped') states = applied;
    else states = [...states, ...applied];
  }
  return states;
}

/** Runs a traffic command and checks the invariants after it; throws the reason if one breaks. */
async function commandAndCheck(action: Action, args: string[]): Promise<string> {
  const [before, faultsNow] = await Promise.all([readTraffic(), faults()]);
  const t0 = Date.now();
  const run = await runCli(['--json', ...args, '--yes', '--timeout', COMMAND_TIMEOUT], {
    env,
    timeoutMs: 120_000,
  });
  const cliMs = Date.now() - t0;
  const code = run.code ?? -1;
  // Invariant 1: a documented exit code, and one JSON document saying the same.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CLI JSON, checked field by field
  let doc: any;
  try {
    doc = JSON.parse(run.stdout);
  } catch {
    throw new Error(`exit ${code}, stdout not one JSON document: ${run.stdout} ${run.stderr}`);
  }
  // A forced check the plan does not have is a usage error (exit 2) before any run begins:
  // while the accelerator's API is down, a dial plan has no `last-healthy-region` to force.
  const unknownForced = code === 2 && 'force' in action && doc.error?.code === 'UNKNOWN_CHECK';
  if (!OUTCOMES[code] && !unknownForced)
    throw new Error(`exit ${run.code ?? run.signal}, not 0/1/3/6/8: ${run.stdout} ${run.stderr}`);
  const runId: string | undefined = doc.runId ?? doc.error?.details?.runId;
  if (!runId && (code === 6 || unknownForced)) {
    // Stopped before a run began (unreachable, e.g. no region's DynamoDB control plane answers
    // so the table's key cannot be read; or the usage error above): nothing may have changed.
    const after = await readTraffic();
    if (!same(before, after))
      throw new Error(`exit ${code}, yet the lab went from ${show(before)} to ${show(after)}`);
    return `exit ${code} (${doc.error?.code}) before a run began, nothing changed; CLI ${cliMs} ms`;
  }
  if (!runId) throw new Error(`no run id in the output: ${run.stdout} ${run.stderr}`);
  if (code === 0 ? doc.kind !== 'operation' : !doc.error)
    throw new Error(`exit ${code} with the wrong document: ${run.stdout}`);
  if (code === 3 && doc.error.code !== 'PREFLIGHT_FAILED')
    throw new Error(`exit 3 without a preflight check refusing: ${doc.error.code}`);

  // Invariant 3: the journal's outcome and state are the lab's.
  const records = (await readFile(join(runsDir, `${runId}.jsonl`), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JournalRecord);
  const journal = summarizeRun(records)!;
  const after = await readTraffic();
  const outcome = journal.outcome ?? 'unfinished';
  let said = `exit ${code}, ${outcome}`;
  if (!OUTCOMES[code]!.includes(outcome))
    throw new Error(`exit ${code} but the journal says ${outcome}: ${run.stderr.trim()}`);
  const journaled = parseJournalState(journal.state ?? '');
  if (!same(journaled, after))
    throw new Error(
      `the journal says the run left "${journal.state}"; the lab reads ${show(after)}`,
    );
  const allowed = expectedStates(before, journal);
  if (!allowed.some((s) => same(s, after))) {
    const steps = journal.steps.map((s) => `${s.id} ${s.status}`).join(', ') || 'none';
    throw new Error(
      `the lab reads ${show(after)}; the journal's steps (${steps}) from ${show(before)} allow only ${allowed.map(show).join(' | ')}`,
    );
  }

  // Invariant 2: a refusal changed nothing.
  const start = records.find((r) => r.type === 'start');
  const checks = start?.type === 'start' ? start.checks : [];
  if (code === 3) {
    said += ` by ${checks
      .filter((c) => !c.ok && !c.forced)
      .map((c) => c.name)
      .join(', ')}`;
    if (!same(before, after))
      throw new Error(`refused, yet the lab went from ${show(before)} to ${show(after)}`);
    if (journal.steps.some((s) => s.status !== 'pending'))
      throw new Error(`refused, yet the journal has steps run`);
  }
  const forced = checks.filter((c) => c.forced).map((c) => c.name);
  if (forced.length) said += `, forced ${forced.join(', ')}`;
  if (code !== 0) return `${said}; CLI ${cliMs} ms`;

  // Invariant 4: nothing unforced takes away the last region that can serve.
  const active = await faults();
  const servingBefore = serving(before, faultsNow);
  const servingAfter = serving(after, active);
  if (servingAfter.length === 0 && servingBefore.length > 0)
    throw new Error(
      `exit 0 left no region that can serve (${show(after)}); before, ${servingBefore.join(', ')} could`,
    );
  if (action.kind === 'drain' && action.force) {
    const check = checks.find((c) => c.name === 'last-healthy-region');
    if (check && !check.ok && !check.forced)
      throw new Error('the check --force overrode is not journaled as forced');
  }
  if (action.kind !== 'switch' && forced.length === 0) {
    const dialled = (s: TrafficState, regions: Region[]) =>
      regions.filter((r) => (s.dials[r] ?? 0) > 0);
    if (dialled(before, servingBefore).length > 0 && dialled(after, servingAfter).length === 0)
      throw new Error(
        `exit 0 left no region that can serve with a dial above 0 (${show(after)}); before, ${dialled(before, servingBefore).join(', ')} had one`,
      );
  }
  // Faults took everything down, not the command.
  if (servingAfter.length === 0) return `${said}; CLI ${cliMs} ms`;
  const settled = await trafficSettles(servingAfter);
  if (settled !== true)
    throw new Error(
      `new connections not all 2xx from ${servingAfter.join(', ')} within ${SETTLE_MS} ms: ${settled}`,
    );
  return `${said}; CLI ${cliMs} ms`;
}

/** Runs one step (a command or a fault); returns what happened, throws if an invariant broke. */
async function step(action: Action): Promise<string> {
  const args = argsOf(action);
  if (args) return commandAndCheck(action, args);
  const before = await readTraffic();
  if (action.kind === 'fault') {
    await injectFault({ kind: action.fault, region: action.region });
    await faultVisible(action);
  } else {
    await injectFault(undefined);
  }
  const after = await readTraffic();
  if (!same(before, after))
    throw new Error(`a fault changed the traffic state: ${show(before)} → ${show(after)}`);
  return 'done';
}

describe('traffic commands under random sequences of changes and faults', () => {
  it(`keep a region serving and the journal true (seed ${SEED})`, async () => {
    const replay = `MYSFITS_DR_PROPERTY_SEED=${SEED} MYSFITS_DR_PROPERTY_STEPS=${STEPS} MYSFITS_DR_PROPERTY_BUDGET_MS=0`;
    const actions = sequence(SEED, STEPS);
    console.log(`traffic property: seed ${SEED}, ${STEPS} steps (replay: ${replay})`);
    const log: string[] = [];
    const started = Date.now();
    for (const [index, action] of actions.entries()) {
      if (BUDGET_MS > 0 && index > 0 && Date.now() - started > BUDGET_MS) {
        log.push(`budget of ${BUDGET_MS} ms spent: steps ${index + 1}–${STEPS} not run`);
        break;
      }
      const t0 = Date.now();
      try {
        const said = await step(action);
        log.push(`${labelOf(action)} → ${said} (${Date.now() - t0} ms)`);
      } catch (error) {
        throw new Error(
          [
            `invariant broken at step ${index + 1} (${labelOf(action)}): ${(error as Error).message}`,
            `seed ${SEED} (replay: ${replay})`,
            'steps run:',
            ...log.map((line, i) => `  ${i + 1}. ${line}`),
            `not run: ${
              actions
                .slice(index + 1)
                .map(labelOf)
                .join(' | ') || 'none'
            }`,
          ].join('\n'),
          { cause: error },
        );
      }
    }
    console.log(
      [
        `traffic property: seed ${SEED}, ${STEPS} steps in ${((Date.now() - started) / 1000).toFixed(1)} s (replay: ${replay})`,
        ...log.map((line, i) => `  ${i + 1}. ${line}`),
      ].join('\n'),
    );
    const commands = log.filter((line) => line.startsWith('traffic'));
    expect(commands.length).toBeGreaterThan(0);
  }, 600_000);
});
