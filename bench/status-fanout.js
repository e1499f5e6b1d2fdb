// status's fan-out: how long `gatherStatus` (in-process, from dist/) takes as the number of
// regions and of services per region grows, with every AWS call slowed by the lab's `latency`
// fault (100 ms on the API plane of both lab regions), so each call costs a known floor.
// Larger topologies are simulated by config: regions r0…rN-1 are mapped onto the lab's two
// regions (r0 → us-west-2, r1 → us-east-1, r2 → us-west-2…) by a PortFactory wrapper, and the
// lab's two services are repeated (same names and target groups: each entry is still its own
// DescribeTargetHealth call; DescribeServices takes them 10 a call). Each size is timed with
// status's default concurrency (32) and, as the baseline, with concurrency 1 (one call after
// another), without the replication probe; also with no practical cap (1000 in flight), to show
// what the cap costs. Prints calls made, the floor no schedule can beat, the times, this
// process's CPU time during the parallel run (SDK clients: signing, serialising, parsing), the
// parallel time relative to the smallest size (flatness) and sequential ÷ parallel.
// Run: npm run build && node bench/status-fanout.js [rounds] [sequentialRounds] [factors]
// (factors: services-per-region multipliers, default 1,4,8; 1,4,16 runs about 2.5–3 minutes)
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ECS_DESCRIBE_BATCH } from '../dist/src/aws/ecs.js';
import { classifyAwsError } from '../dist/src/aws/errors.js';
import { awsPortFactory } from '../dist/src/aws/ports.js';
import { systemTimer } from '../dist/src/cli/timer.js';
import { labConfig } from '../dist/src/config/lab-config.js';
import { parseConfig } from '../dist/src/config/loader.js';
import { gatherStatus } from '../dist/src/core/status/gather.js';
import { LAB_ACCESS_KEY_ID, LAB_SECRET_ACCESS_KEY } from '../dist/src/lab/env.js';
import { freePort } from '../dist/src/lab/processes.js';
import { labDownAndClean, labUpArgs, loadAverage, machineLine, median, ms } from './lib.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const rounds = Number(process.argv[2] ?? 3);
const sequentialRounds = Number(process.argv[3] ?? 1);
const LATENCY_MS = 100;
const REGION_COUNTS = [2, 4, 8];
const SERVICE_FACTORS = (process.argv[4] ?? '1,4,8').split(',').map(Number);
const CONCURRENCY = 32; // status's default (--concurrency)
const UNCAPPED = 1000;
const PER_CALL_MS = 3_000; // status's default (--timeout)
const TOTAL_MS = 120_000; // far above status's 10 s default, so the sequential runs finish
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'mysfits-dr.js');

const base = parseConfig(labConfig(), 'labConfig()');
const labRegions = base.regions;

/** The lab's config with `regionCount` regions r0…, each with its services repeated `factor` times. */
function scaledConfig(regionCount, factor) {
  const regions = Array.from({ length: regionCount }, (_, i) => {
    const lab = labRegions[i % labRegions.length];
    return {
      ...lab,
      name: `r${i}`,
      ecs: {
        ...lab.ecs,
        services: Array.from({ length: factor }, () => lab.ecs.services).flat(),
      },
    };
  });
  // Built from the parsed lab config without zod: the schema checks each ARN's region.
  return { ...base, primaryRegion: 'r0', regions };
}

/**
 * A PortFactory for the simulated regions: r<i> gets the ports of lab region i mod 2, from
 * its own AWS port factory (own SDK clients and sockets, as a real region would have), built
 * by `makeFactory`; the accelerator's API is the lab's. Counts the AWS calls made in
 * `counter.calls` (each DescribeServices batch of 10 services is one call).
 */
function mappedPorts(makeFactory, counter) {
  const factories = new Map();
  const factory = (name) => {
    if (!factories.has(name)) factories.set(name, makeFactory());
    return factories.get(name);
  };
  const counted =
    (fn, calls = () => 1) =>
    (...args) => {
      counter.calls += calls(...args);
      return fn(...args);
    };
  const regions = new Map();
  let accelerator;
  return {
    accelerator() {
      if (!accelerator) {
        const a = factory('accelerator').accelerator();
        accelerator = {
          describeAccelerator: counted(a.describeAccelerator),
          describeEndpointGroup: counted(a.describeEndpointGroup),
        };
      }
      return accelerator;
    },
    region(name) {
      if (!regions.has(name)) {
        const lab = labRegions[Number(name.slice(1)) % labRegions.length].name;
        const p = factory(name).region(lab);
        regions.set(name, {
          ...p,
          ecs: {
            describeServices: counted(p.ecs.describeServices, (_cluster, names) =>
              Math.ceil(names.length / ECS_DESCRIBE_BATCH),
            ),
          },
          elbv2: { describeTargetHealth: counted(p.elbv2.describeTargetHealth) },
          cloudwatch: {
            ...p.cloudwatch,
            describeAlarms: counted(p.cloudwatch.describeAlarms),
            getMetricData: counted(p.cloudwatch.getMetricData),
          },
          dynamodb: { ...p.dynamodb, describeTable: counted(p.dynamodb.describeTable) },
        });
      }
      return regions.get(name);
    },
    destroy() {
      for (const f of factories.values()) f.destroy();
    },
  };
}

/** Every fact that could not be read (all must be known for a timing to count). */
function unknownFacts(facts) {
  const found = [];
  const fact = (f) => {
    if (f && typeof f === 'object' && 'known' in f && !f.known) found.push(f.failure);
  };
  fact(facts.accelerator);
  for (const r of facts.regions) {
    [r.endpointGroup, r.services, r.alarms, r.errorRate, r.replica].forEach(fact);
    for (const t of r.targetGroups) fact(t.targets);
  }
  return found;
}

const dir = mkdtempSync(join(tmpdir(), 'mysfits-bench-fanout-'));
const port = String(await freePort());
const endpoint = `http://127.0.0.1:${port}`;
let ports;
try {
  execFileSync(
    process.execPath,
    labUpArgs(bin, { port, acceleratorPort: String(await freePort()), dir }),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  for (const region of labRegions.map((r) => r.name)) {
    const response = await fetch(`${endpoint}/_lab/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency', region, plane: 'api', ms: LATENCY_MS }),
    });
    if (!response.ok) throw new Error(`latency fault on ${region}: ${await response.text()}`);
  }
  const counter = { calls: 0 };
  ports = mappedPorts(
    () =>
      awsPortFactory(
        {
          env: {},
          endpointUrl: endpoint,
          credentials: { accessKeyId: LAB_ACCESS_KEY_ID, secretAccessKey: LAB_SECRET_ACCESS_KEY },
        },
        // as status builds them
        {
          acceleratorRegion: base.accelerator.apiRegion,
          requestTimeoutMs: PER_CALL_MS,
          maxAttempts: 3,
        },
      ),
    counter,
  );

  /** One gatherStatus run: wall ms, CPU ms and calls made; throws on an unknown fact if `check`. */
  const gather = async (config, concurrency, check = true) => {
    counter.calls = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const facts = await gatherStatus(
      config,
      { ports, timer: systemTimer, classify: classifyAwsError },
      { perCallMs: PER_CALL_MS, totalMs: TOTAL_MS, concurrency },
    );
    const elapsed = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const failed = unknownFacts(facts);
    if (check && failed.length > 0)
      throw new Error(`unknown facts: ${JSON.stringify(failed.slice(0, 3))}`);
    return { ms: elapsed, cpuMs: (user + system) / 1000, calls: counter.calls };
  };

  const sizes = REGION_COUNTS.flatMap((regionCount) =>
    SERVICE_FACTORS.map((factor) => ({
      regionCount,
      services: factor * labRegions[0].ecs.services.length,
      config: scaledConfig(regionCount, factor),
      parallel: [],
      sequential: [],
      uncapped: [],
      cpu: [],
      calls: 0,
    })),
  );
  const loadAtStart = loadAverage();
  // Warm-up (unchecked: first calls may time out on a loaded machine): every simulated
  // region's clients, the code paths, the lab's first answers.
  await gather(sizes[0].config, CONCURRENCY, false);
  await gather(sizes[sizes.length - 1].config, CONCURRENCY, false);
  for (let i = 0; i < Math.max(rounds, sequentialRounds); i += 1) {
    for (const size of sizes) {
      if (i < sequentialRounds) size.sequential.push((await gather(size.config, 1)).ms);
      if (i < rounds) {
        const run = await gather(size.config, CONCURRENCY);
        size.parallel.push(run.ms);
        size.cpu.push(run.cpuMs);
        size.calls = run.calls;
        size.uncapped.push((await gather(size.config, UNCAPPED)).ms);
      }
    }
  }

  const smallest = median(sizes[0].parallel);
  console.log(
    `status fan-out: gatherStatus, ${LATENCY_MS} ms added to every API call (lab latency fault); ` +
      `medians of ${rounds} rounds (sequential: ${sequentialRounds}), interleaved`,
  );
  const columns = [
    ['regions', 7],
    ['services/region', 15],
    ['calls', 5],
    [`floor (${CONCURRENCY})`, 10],
    [`parallel (${CONCURRENCY})`, 13],
    ['sequential (1)', 14],
    [`no cap (${UNCAPPED})`, 14],
    ['client CPU', 10],
    ['parallel ÷ smallest', 19],
    ['sequential ÷ parallel', 21],
  ];
  const line = (cells) => `  ${cells.map((c, i) => c.padStart(columns[i][1])).join('  ')}`;
  console.log(line(columns.map(([h]) => h)));
  for (const size of sizes) {
    const par = median(size.parallel);
    const seq = median(size.sequential);
    // No schedule beats this: each call costs LATENCY_MS, at most CONCURRENCY run at once,
    // and a region's DescribeServices batches run one after another.
    const floor =
      LATENCY_MS *
      Math.max(Math.ceil(size.calls / CONCURRENCY), Math.ceil(size.services / ECS_DESCRIBE_BATCH));
    console.log(
      line([
        String(size.regionCount),
        String(size.services),
        String(size.calls),
        ms(floor),
        ms(par),
        ms(seq),
        ms(median(size.uncapped)),
        ms(median(size.cpu)),
        `${(par / smallest).toFixed(2)}x`,
        `${(seq / par).toFixed(1)}x`,
      ]),
    );
  }
  console.log(`  ${machineLine(loadAtStart)}`);
} finally {
  ports?.destroy();
  labDownAndClean(bin, dir);
}
