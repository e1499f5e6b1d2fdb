// The tool's own overhead in a failover: `mysfits-dr failover --to us-east-1 --yes` (and
// `failback --yes`) as whole processes against a lab of the bench's own (fast timing), each
// measured three ways against the lab's configured floor for the path taken:
//  - process start → all new connections in the target, by this bench's own probe (a new
//    connection through the accelerator every 50 ms, at most 2 unanswered at once; "landed" is
//    the send time of the first request after which every answered request, until 1 s after
//    the command exited, was answered by the target; unanswered ones are counted apart);
//  - traffic change → the same moment (the change: the journal's step-start of the first dial
//    or switch step the run applied);
//  - the tool's own figure, measurements.landedAfterMs (from the change, by its landing step).
// Floors: `--via dials` (default), the accelerator's propagation of a dial change
// (acceleratorPropagationMs × timeScale); `--via routing-switch`, the health-check chain: the
// gate group's threshold × interval (the gate reads the switch at each check) + the
// accelerator's threshold × interval, each read from the lab and scaled by the profile's
// time scale.
// Failover and failback alternate for [rounds] rounds per path (default 3), after one warm-up
// pair; medians and ratios. Each round also times `status --json` alone (canary included), the
// baseline of process start → traffic change. Figures and how to read them: docs/benchmarks.md.
// Run: npm run build && node bench/failover.js [rounds]
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeEndpointGroupCommand,
  GlobalAcceleratorClient,
} from '@aws-sdk/client-global-accelerator';
import { labDown } from '../dist/src/cli/lab/control.js';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../dist/src/lab/env.js';
import { LAB_PROFILES, labClock } from '../dist/src/lab/profiles.js';
import { LAB_ACCELERATOR, labTargetGroupArn } from '../dist/src/lab/topology.js';
import { loadAverage, machineLine, median, ms, startFastLab } from './lib.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const rounds = Number(process.argv[2] ?? 3);
const WEST = 'us-west-2';
const EAST = 'us-east-1';
const PROBE_EVERY_MS = 50;
const PROBE_IN_FLIGHT = 2;
const PROBE_TIMEOUT_MS = 2_000;
const AFTER_EXIT_MS = 1_000;
const profile = LAB_PROFILES.fast;
const clock = labClock(profile);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'mysfits-dr.js');
const credentials = { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY };

const dir = mkdtempSync(join(tmpdir(), 'mysfits-bench-failover-'));
const runsDir = join(dir, 'runs');
const state = await startFastLab(dir);
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_ACCESS_KEY_ID: LAB_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: LAB_SECRET_ACCESS_KEY,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_ENDPOINT_URL: state.endpoint,
  AWS_REGION: WEST,
  MYSFITS_DR_APP_URL: state.acceleratorUrl,
  MYSFITS_DR_RUNS_DIR: runsDir,
  MYSFITS_DR_LAB_DIR: dir,
};

/** One request on a new connection through the accelerator: the region that answered 2xx. */
const regionOfNewConnection = () =>
  new Promise((resolve) => {
    const req = http.get(
      `${state.acceleratorUrl}/mysfits`,
      { agent: false, headers: { connection: 'close' }, timeout: PROBE_TIMEOUT_MS },
      (res) => {
        res.resume();
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        resolve(ok ? res.headers['x-mysfits-region'] : undefined);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(undefined));
  });

/**
 * Sends a new connection every PROBE_EVERY_MS, with at most PROBE_IN_FLIGHT unanswered at once
 * (a tick with that many waiting is skipped, so a slow lab is not buried under the bench's own
 * requests), until stopped.
 */
function startProbe() {
  const samples = [];
  let inFlight = 0;
  const timer = setInterval(() => {
    if (inFlight >= PROBE_IN_FLIGHT) return;
    inFlight += 1;
    const sample = { at: Date.now(), region: undefined, done: false };
    samples.push(sample);
    void regionOfNewConnection().then((region) => {
      inFlight -= 1;
      Object.assign(sample, { region, done: true });
    });
  }, PROBE_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      while (samples.some((s) => !s.done)) await new Promise((r) => setTimeout(r, 20));
      return samples;
    },
  };
}

/**
 * Send time of the first sample after which every answered sample landed in `target`
 * (a request that got no answer landed nowhere: counted apart, it does not end the streak).
 */
function landedAt(samples, target) {
  let at;
  for (const s of samples) {
    if (s.region === undefined) continue;
    if (s.region !== target) at = undefined;
    else at ??= s.at;
  }
  return at;
}

/** Waits until 20 new connections in a row land in `region` (the starting state is settled). */
async function settledIn(region) {
  const deadline = Date.now() + 120_000;
  let streak = 0;
  while (streak < 20) {
    if (Date.now() > deadline) throw new Error(`traffic did not settle in ${region}`);
    streak = (await regionOfNewConnection()) === region ? streak + 1 : 0;
    if (streak === 0) await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs the CLI; resolves with its exit code and stdout. */
function cli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * From the run's journal: when its plan was ready (the `start` record, written after the status
 * read, the checks and the lock) and when it first changed traffic (step-start of its first
 * applied dial or switch step).
 */
function journalTimes(runId) {
  const records = readFileSync(join(runsDir, `${runId}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const started = new Map();
  for (const r of records) {
    if (r.type === 'step-start') started.set(r.stepId, r.at);
    if (r.type === 'step-done' && /^(dial|switch):/.test(r.stepId))
      return { planAt: records[0].at, changeAt: started.get(r.stepId) };
  }
  throw new Error(`run ${runId} changed no dial or switch`);
}

/**
 * One failover or failback, timed; `target` is where traffic must end up. A refusal (exit 3:
 * nothing changed, e.g. a replication probe that did not settle on a loaded machine) is retried
 * twice; any other failure ends the benchmark.
 */
async function timed(args, source, target, attempt = 1) {
  await settledIn(source);
  const probe = startProbe();
  const started = Date.now();
  const run = await cli(['--json', ...args, '--yes']);
  const exitedAt = Date.now();
  await new Promise((r) => setTimeout(r, AFTER_EXIT_MS));
  const samples = await probe.stop();
  if (run.code === 3 && attempt < 3) {
    console.error(`${args.join(' ')} refused (${JSON.parse(run.stdout).error.message}); again`);
    return timed(args, source, target, attempt + 1);
  }
  if (run.code !== 0) throw new Error(`${args.join(' ')} exited ${run.code}: ${run.stdout}`);
  const doc = JSON.parse(run.stdout);
  const landed = landedAt(samples, target);
  if (landed === undefined)
    throw new Error(`${args.join(' ')}: new connections were not in ${target} at the end`);
  if (landed > exitedAt)
    console.error(`${args.join(' ')}: a connection landed outside ${target} after the exit`);
  const { planAt, changeAt } = journalTimes(doc.runId);
  const unanswered = samples.filter((s) => s.region === undefined).map((s) => s.at - changeAt);
  return {
    failed: unanswered.length
      ? `${unanswered.length} (${unanswered[0]}…${unanswered.at(-1)} ms from the change)`
      : '0',
    fromStartMs: landed - started,
    fromChangeMs: landed - changeAt,
    toolMs: doc.measurements.landedAfterMs,
    beforeChangeMs: changeAt - started,
    planMs: planAt - started,
    wallMs: exitedAt - started,
  };
}

const ga = new GlobalAcceleratorClient({ region: WEST, endpoint: state.endpoint, credentials });
const elb = new ElasticLoadBalancingV2Client({
  region: WEST,
  endpoint: state.endpoint,
  credentials,
});
const loadAtStart = loadAverage();
try {
  const groupArn = LAB_ACCELERATOR.endpointGroupArn(WEST);
  const group = (await ga.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: groupArn })))
    .EndpointGroup;
  const tg = (
    await elb.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [labTargetGroupArn(WEST, 'gate')] }),
    )
  ).TargetGroups[0];
  const scale = profile.timeScale;
  const dialFloor = clock.scaled(profile.acceleratorPropagationMs);
  // The routing gate reads the switch at each of its health checks: no refresh period.
  const refreshMs = 0;
  const gaMs = clock.scaled(group.ThresholdCount * group.HealthCheckIntervalSeconds * 1000);
  const albMs = (threshold) => clock.scaled(threshold * tg.HealthCheckIntervalSeconds * 1000);
  const switchFloor = {
    // failover: the source marked out turns unhealthy; failback: the primary marked in turns healthy
    failover: refreshMs + albMs(tg.UnhealthyThresholdCount) + gaMs,
    failback: refreshMs + albMs(tg.HealthyThresholdCount) + gaMs,
  };
  const paths = [
    { name: 'dials', via: [], floor: { failover: dialFloor, failback: dialFloor } },
    { name: 'routing-switch', via: ['--via', 'routing-switch'], floor: switchFloor },
  ];
  // A warm-up pair (not counted): the first run after lab up also pays for cold caches.
  await timed(['failover', '--to', EAST], WEST, EAST);
  await timed(['failback'], EAST, WEST);
  // Paths interleaved round by round, so a change in the machine's load hits both alike.
  const results = Object.fromEntries(paths.map((p) => [p.name, { failover: [], failback: [] }]));
  // The baseline of "start → first change": `status --json` alone (the read a failover's
  // preflight makes, canary included), as a whole process, in the same rounds.
  const statusMs = [];
  const statusRead = async () => {
    const t0 = Date.now();
    const run = await cli(['--json', 'status']);
    if (![0, 1].includes(run.code)) throw new Error(`status exited ${run.code}: ${run.stdout}`);
    statusMs.push(Date.now() - t0);
  };
  for (let i = 0; i < rounds; i += 1) {
    await statusRead();
    for (const path of paths) {
      const out = results[path.name];
      out.failover.push(await timed(['failover', '--to', EAST, ...path.via], WEST, EAST));
      out.failback.push(await timed(['failback', ...path.via], EAST, WEST));
    }
  }

  console.log(`failover and failback through the lab (fast timing, time scale ${scale})`);
  console.log(
    `  dials floor: accelerator propagation ${profile.acceleratorPropagationMs / 1000} s × ${scale} = ${ms(dialFloor)}`,
  );
  console.log(
    `  routing-switch floor: gate group threshold ${tg.UnhealthyThresholdCount} (unhealthy; healthy ${tg.HealthyThresholdCount}) × ${tg.HealthCheckIntervalSeconds} s × ${scale} = ${ms(albMs(tg.UnhealthyThresholdCount))} + accelerator ${group.ThresholdCount} × ${group.HealthCheckIntervalSeconds} s × ${scale} = ${ms(gaMs)}: ${ms(switchFloor.failover)} (failback ${ms(switchFloor.failback)})`,
  );
  for (const path of paths) {
    for (const kind of ['failover', 'failback']) {
      const runs = results[path.name][kind];
      const floor = path.floor[kind];
      const m = (key) => median(runs.map((r) => r[key]));
      const row = (label, key) =>
        console.log(
          `  ${label.padEnd(52)} ${ms(m(key)).padStart(10)}   ${(m(key) / floor).toFixed(2)}x`,
        );
      console.log(
        `${kind} --via ${path.name}: ${runs.length} rounds, medians; floor ${ms(floor)} (ratio to it)`,
      );
      row('process start → all new connections in the target', 'fromStartMs');
      row('traffic change → all in the target (own probe)', 'fromChangeMs');
      row("traffic change → landed (tool's landedAfterMs)", 'toolMs');
      row('process start → traffic change', 'beforeChangeMs');
      row('  of which process start → plan ready and locked', 'planMs');
      row('whole command, process start → exit', 'wallMs');
      const change = m('beforeChangeMs');
      console.log(
        `  process start → traffic change against \`status --json\` alone (${ms(median(statusMs))}): ${(change / median(statusMs)).toFixed(2)}x`,
      );
      console.log(`  probe requests unanswered: ${runs.map((r) => r.failed).join(', ')}`);
    }
  }
  console.log(machineLine(loadAtStart));
} finally {
  ga.destroy();
  elb.destroy();
  await labDown(dir, 30_000);
}
