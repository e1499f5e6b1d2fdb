// `mysfits-dr status --json` as a whole process against a lab (fast timing), beside the same
// facts gathered with the official AWS CLI (/usr/bin/aws) the way an operator would: the
// accelerator and its endpoint groups, then per region ECS services, target health of each
// target group, the gating alarms, the 5xx/requests window (GetMetricData) and the table's
// replica. The AWS CLI sequence runs one call after another (an operator's script) and, as a
// stronger baseline, all at once (`&` … `wait`). `status --no-probe` is the like-for-like
// subject (no canary); `status` with its replication probe is reported on its own line.
// Interleaved rounds, medians and their ratios.
// Run: npm run build && node bench/status-vs-aws-cli.js [rounds]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labConfig } from '../dist/src/config/lab-config.js';
import { loadBalancerDimension } from '../dist/src/core/metrics/queries.js';
import { labClientEnv } from '../dist/src/lab/env.js';
import { freePort } from '../dist/src/lab/processes.js';
import { labDownAndClean, labUpArgs, loadAverage, machineLine, median, ms } from './lib.js';

const rounds = Number(process.argv[2] ?? 3);
const AWS = '/usr/bin/aws';
const WINDOW_SECONDS = 300; // status's error-rate window (ERROR_RATE_WINDOW_SECONDS)
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'mysfits-dr.js');
const configFile = join(root, 'mysfits-dr.config.json'); // exactly labConfig() (a test keeps them equal)
const config = labConfig();

/** Runs a command to completion; its wall time and stdout (exit code must be 0). */
function runSync(command, args, env) {
  const started = performance.now();
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms: elapsed, stdout: result.stdout };
}

/** Starts every command at once and waits for all of them: the wall time of the lot. */
async function runParallel(commands, env) {
  const started = performance.now();
  await Promise.all(
    commands.map(
      ([command, args]) =>
        new Promise((resolve, reject) => {
          const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
          let stderr = '';
          child.stdout.resume();
          child.stderr.on('data', (d) => (stderr += d));
          child.on('error', reject);
          child.on('close', (code) =>
            code === 0
              ? resolve()
              : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`)),
          );
        }),
    ),
  );
  return performance.now() - started;
}

/** The GetMetricData queries status reads for a region's error rate (ids as in status). */
function errorRateQueries(region) {
  const dimensions = [
    { Name: 'LoadBalancer', Value: loadBalancerDimension(region.loadBalancerArn) },
  ];
  return [
    ['requests', 'RequestCount'],
    ['target5xx', 'HTTPCode_Target_5XX_Count'],
    ['elb5xx', 'HTTPCode_ELB_5XX_Count'],
    ['elb503', 'HTTPCode_ELB_503_Count'],
  ].map(([Id, MetricName]) => ({
    Id,
    MetricStat: {
      Metric: { Namespace: 'AWS/ApplicationELB', MetricName, Dimensions: dimensions },
      Period: 60,
      Stat: 'Sum',
    },
  }));
}

/** The operator's AWS CLI calls for the facts status shows, as argument lists, in order. */
function awsCalls(endpoint, nowMs) {
  const apiRegion = config.accelerator.apiRegion;
  const call = (region, ...args) => [
    AWS,
    ['--endpoint-url', endpoint, '--region', region, '--output', 'json', ...args],
  ];
  const calls = [
    call(
      apiRegion,
      'globalaccelerator',
      'describe-accelerator',
      '--accelerator-arn',
      config.accelerator.arn,
    ),
    ...config.regions.map((r) =>
      call(
        apiRegion,
        'globalaccelerator',
        'describe-endpoint-group',
        '--endpoint-group-arn',
        r.endpointGroupArn,
      ),
    ),
  ];
  const iso = (t) => new Date(t).toISOString();
  for (const r of config.regions) {
    const services = r.ecs.services;
    calls.push(
      call(
        r.name,
        'ecs',
        'describe-services',
        '--cluster',
        r.ecs.cluster,
        '--services',
        ...services.map((s) => s.name),
      ),
      ...services.map((s) =>
        call(r.name, 'elbv2', 'describe-target-health', '--target-group-arn', s.targetGroupArn),
      ),
      call(r.name, 'cloudwatch', 'describe-alarms', '--alarm-names', ...r.alarms),
      call(
        r.name,
        'cloudwatch',
        'get-metric-data',
        '--metric-data-queries',
        JSON.stringify(errorRateQueries(r)),
        '--start-time',
        iso(nowMs - WINDOW_SECONDS * 1000),
        '--end-time',
        iso(nowMs),
      ),
      call(r.name, 'dynamodb', 'describe-table', '--table-name', config.globalTable.name),
    );
  }
  return calls;
}

/** Every read of a status document that failed (a fact shown as UNKNOWN). */
function failures(doc) {
  const found = [];
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (v.failure) found.push(v.failure);
      Object.values(v).forEach(walk);
    }
  };
  walk(doc);
  return found;
}

const dir = mkdtempSync(join(tmpdir(), 'mysfits-bench-status-'));
const port = String(await freePort());
const acceleratorPort = String(await freePort());
try {
  execFileSync(process.execPath, labUpArgs(bin, { port, acceleratorPort, dir }), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  // Only the lab is reachable: its dummy keys, no profile or config files, no pager, no IMDS.
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...labClientEnv(endpoint, 'us-west-2'),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
  };
  const status = (...flags) => {
    const run = runSync(
      process.execPath,
      [bin, '--config', configFile, '--endpoint-url', endpoint, '--json', 'status', ...flags],
      env,
    );
    const doc = JSON.parse(run.stdout);
    const failed = failures(doc);
    if (doc.overall !== 'healthy' || failed.length > 0)
      throw new Error(`status ${flags.join(' ')}: ${doc.overall}, ${JSON.stringify(failed)}`);
    return { ms: run.ms, readMs: doc.durationMs };
  };
  const sequential = () => {
    const started = performance.now();
    for (const [command, args] of awsCalls(endpoint, Date.now()))
      JSON.parse(runSync(command, args, env).stdout);
    return performance.now() - started;
  };
  const parallel = () => runParallel(awsCalls(endpoint, Date.now()), env);

  // Warm-up (page cache, the lab's first answers); every call's output is checked in the rounds.
  runSync(...awsCalls(endpoint, Date.now())[0], env);
  status('--no-probe');
  status();

  const loadAtStart = loadAverage();
  const times = {
    start: [],
    seq: [],
    par: [],
    noProbe: [],
    noProbeRead: [],
    probe: [],
    probeRead: [],
  };
  for (let i = 0; i < rounds; i += 1) {
    times.start.push(runSync(AWS, ['--version'], env).ms);
    times.seq.push(sequential());
    times.par.push(await parallel());
    const a = status('--no-probe');
    times.noProbe.push(a.ms);
    times.noProbeRead.push(a.readMs);
    const b = status();
    times.probe.push(b.ms);
    times.probeRead.push(b.readMs);
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const calls = awsCalls(endpoint, Date.now()).length;
  const row = (label, v, extra = '') =>
    console.log(
      `  ${label.padEnd(40)}${ms(v).padStart(11)}${(v / m.seq).toFixed(3).padStart(10)}${(v / m.par).toFixed(3).padStart(10)}${extra}`,
    );
  console.log(
    `status vs the AWS CLI (${AWS}), lab in fast timing, ${rounds} interleaved rounds, medians`,
  );
  console.log(
    `  ${''.padEnd(40)}${'wall'.padStart(11)}${'÷ aws seq'.padStart(10)}${'÷ aws par'.padStart(10)}`,
  );
  console.log(`  ${'aws --version (start-up alone)'.padEnd(40)}${ms(m.start).padStart(11)}`);
  row(`aws, ${calls} calls one after another`, m.seq, `   (${ms(m.seq / calls)} a call)`);
  row(`aws, ${calls} calls all at once`, m.par);
  row('mysfits-dr status --json --no-probe', m.noProbe, `   (reads ${ms(m.noProbeRead)})`);
  row('mysfits-dr status --json (with probe)', m.probe, `   (reads ${ms(m.probeRead)})`);
  console.log(`  ${machineLine(loadAtStart)}`);
} finally {
  labDownAndClean(bin, dir);
}
