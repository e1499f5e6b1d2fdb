// CloudWatch metric store: memory over a simulated day and GetMetricData latency on a full
// store. Drives the lab's CloudWatch (from dist/) with a fake clock at the `fast` profile's
// resolution (1 s data): ALB traffic through the collectors, target health, ECS and
// replication samplers every scaled minute (3 s), X-Ray counts and consumed capacity, in two
// regions. Prints heapUsed as simulated time passes, the last-hour / mid-day ratio, and the
// median GetMetricData time over the full store against an empty one (same queries,
// interleaved). Usage: node --expose-gc bench/cloudwatch-memory.js [hours] [rounds]
import { median } from './lib.js';

const dist = new URL('../dist/src/lab/', import.meta.url);
const { createCloudWatchService } = await import(new URL('services/cloudwatch/service.js', dist));
const { getMetricData } = await import(new URL('services/cloudwatch/ops-metric-data.js', dist));
const topology = await import(new URL('topology.js', dist));

const hours = Number(process.argv[2] ?? 24);
const rounds = Number(process.argv[3] ?? 200);
const REGIONS = ['us-west-2', 'us-east-1'];
const REQUESTS_PER_SECOND = 10;
const T0 = Date.UTC(2026, 0, 1);
const gc = globalThis.gc ?? (() => {});
if (!globalThis.gc) console.error('(run with node --expose-gc for steadier heap figures)');

let seed = 7;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

function service(clock) {
  return createCloudWatchService({
    regions: REGIONS,
    clock: { now: () => clock.now, scaled: (ms) => Math.round(ms * 0.05) },
    timers: false,
  });
}

const clock = { now: T0 };

/** Feeds `cw` the lab's traffic and samples from second `from` to `to` (clock shared). */
function simulate(cw, from, to, onSecond = () => {}) {
  const tasks = REGIONS.flatMap((region) =>
    topology.LAB_SERVICES.map((s) => ({
      region,
      clusterName: topology.LAB_CLUSTER,
      serviceName: s.name,
      pid: process.pid,
    })),
  );
  cw.collectors.setSources({
    targetHealth: () =>
      REGIONS.flatMap((region) =>
        ['core', 'like'].map((role) => ({
          region,
          loadBalancerArn: topology.labLoadBalancerArn(region),
          targetGroupArn: topology.labTargetGroupArn(region, role),
          healthy: 1,
          unhealthy: random() < 0.01 ? 1 : 0,
        })),
      ),
    ecsTasks: () => tasks,
    replication: () =>
      REGIONS.map((r) => ({
        from: r,
        to: REGIONS.find((x) => x !== r),
        tableName: topology.LAB_TABLE_NAME,
        lastLagMs: 200 + random() * 100,
        lastAppliedAt: clock.now,
      })),
  });
  for (let second = from; second < to; second++) {
    clock.now = T0 + second * 1000;
    for (const region of REGIONS) {
      for (let r = 0; r < REQUESTS_PER_SECOND; r++) {
        const like = random() < 0.5;
        const status = like && random() < 0.05 ? 500 : 200;
        cw.collectors.recordAlbRequest({
          region,
          loadBalancerArn: topology.labLoadBalancerArn(region),
          targetGroupArn: topology.labTargetGroupArn(region, like ? 'like' : 'core'),
          targetStatus: status,
          latencyMs: 2 + random() * 40,
          at: clock.now + r,
        });
        cw.collectors.recordConsumedCapacity({
          region,
          tableName: topology.LAB_TABLE_NAME,
          read: like ? 0 : 0.5,
          write: like ? 1 : 0,
          at: clock.now,
        });
        if (status === 500)
          cw.collectors.recordXRayCount({
            region,
            groupName: 'like-service-errors-faults',
            count: 1,
            at: clock.now,
          });
      }
    }
    cw.collectors.flush(clock.now + 1000);
    if (second % 3 === 0) cw.collectors.sample(clock.now);
    if (second % 60 === 0) for (const region of REGIONS) cw.store(region).prune();
    onSecond(second);
  }
}

const full = service(clock);
const series = [];
const started = process.hrtime.bigint();
const end = hours * 3600;
simulate(full, 0, end, (second) => {
  if (second % 1800 !== 0 && second !== end - 1) return;
  gc();
  const usage = process.memoryUsage();
  const pages = REGIONS.reduce((n, r) => n + full.store(r).size().pages, 0);
  series.push({
    hour: (second + 1) / 3600,
    heapMiB: usage.heapUsed / 2 ** 20,
    buffersMiB: usage.arrayBuffers / 2 ** 20,
    pages,
  });
});
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;

console.log(
  `simulated ${hours} h of the lab's metrics in ${elapsed.toFixed(1)} s (${REQUESTS_PER_SECOND} req/s per region)`,
);
const metrics = REGIONS.reduce((n, r) => n + full.store(r).size().metrics, 0);
console.log(`metrics held: ${metrics} (both regions)`);
console.log('hour  heapUsed  arrayBuffers  pages');
for (const p of series)
  console.log(
    `${p.hour.toFixed(1).padStart(4)}  ${p.heapMiB.toFixed(1).padStart(6)} MiB  ${p.buffersMiB.toFixed(1).padStart(7)} MiB  ${p.pages}`,
  );
const at = (h) =>
  series.reduce((best, p) => (Math.abs(p.hour - h) < Math.abs(best.hour - h) ? p : best));
const mid = at(hours / 2);
const last = series[series.length - 1];
const both = (p) => p.heapMiB + p.buffersMiB;
console.log(
  `heapUsed last hour / mid-day: ${(last.heapMiB / mid.heapMiB).toFixed(2)} (${last.heapMiB.toFixed(1)} / ${mid.heapMiB.toFixed(1)} MiB)`,
);
console.log(
  `heapUsed + arrayBuffers last hour / mid-day: ${(both(last) / both(mid)).toFixed(2)} (${both(last).toFixed(1)} / ${both(mid).toFixed(1)} MiB)`,
);

// GetMetricData: the dashboard's queries over the last 3 hours on the full store, on an empty
// store, and on a store that holds only those 3 hours (same traffic).
const fullNow = clock.now;
const recent = service(clock);
simulate(recent, Math.max(0, end - 3 * 3600), end);
clock.now = fullNow;
const empty = service(clock);
const lb = (region) => [
  { Name: 'LoadBalancer', Value: topology.labLoadBalancerArn(region).split('loadbalancer/')[1] },
];
const input = {
  StartTime: clock.now - 3 * 3600_000,
  EndTime: clock.now,
  MetricDataQueries: [
    ...REGIONS.map((region, i) => ({
      Id: `req${i}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'RequestCount',
          Dimensions: lb(region),
        },
        Period: 60,
        Stat: 'Sum',
      },
    })),
    {
      Id: 'err',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'HTTPCode_Target_5XX_Count',
          Dimensions: lb(REGIONS[0]),
        },
        Period: 60,
        Stat: 'Sum',
      },
      ReturnData: false,
    },
    { Id: 'rate', Expression: 'FILL(err, 0) / req0 * 100' },
    {
      Id: 'p99',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'TargetResponseTime',
          Dimensions: lb(REGIONS[0]),
        },
        Period: 60,
        Stat: 'p99',
      },
    },
    {
      Id: 'cpu',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ECS',
          MetricName: 'CPUUtilization',
          Dimensions: [
            { Name: 'ClusterName', Value: topology.LAB_CLUSTER },
            { Name: 'ServiceName', Value: 'mysfits-like' },
          ],
        },
        Period: 60,
        Stat: 'Average',
      },
    },
  ],
};
const time = (cw) => {
  const start = process.hrtime.bigint();
  const out = getMetricData(cw.context(REGIONS[0]), input);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, points: out.MetricDataResults.reduce((n, r) => n + r.Values.length, 0) };
};
const times = { full: [], empty: [], recent: [] };
let points = 0;
for (let i = 0; i < rounds; i++) {
  times.empty.push(time(empty).ms);
  times.recent.push(time(recent).ms);
  const run = time(full);
  times.full.push(run.ms);
  points = run.points;
}
const [f, e, r] = [median(times.full), median(times.empty), median(times.recent)];
console.log(
  `GetMetricData (6 queries, last 3 h at 60 s, ${points} datapoints), medians of ${rounds} interleaved rounds:`,
);
console.log(
  `  full store (${hours} h) ${f.toFixed(2)} ms; empty store ${e.toFixed(2)} ms (ratio ${(f / e).toFixed(1)})`,
);
console.log(
  `  store holding only those 3 h: ${r.toFixed(2)} ms (full / 3-hour ratio ${(f / r).toFixed(2)})`,
);
for (const cw of [full, recent, empty]) await cw.close();
