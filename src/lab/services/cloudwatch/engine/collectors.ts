/**
 * Turns what the lab's data planes do into the metrics AWS services publish:
 *  (a) ALB requests → AWS/ApplicationELB RequestCount, HTTPCode_Target_2XX…5XX_Count,
 *      HTTPCode_ELB_4XX/5XX_Count (and 502/503/504), TargetResponseTime (s), by LoadBalancer
 *      and by TargetGroup + LoadBalancer (each request counts as a value 1, as ALB publishes
 *      counts; a count metric only has datapoints for periods with requests);
 *  (b) target health → HealthyHostCount / UnHealthyHostCount by TargetGroup + LoadBalancer;
 *  (c) ECS task processes → AWS/ECS CPUUtilization / MemoryUtilization (% of the task's
 *      reserved CPU units / MiB, from /proc) by ClusterName + ServiceName and by ClusterName;
 *  (d) replication → AWS/DynamoDB ReplicationLatency (ms) in the source region by TableName +
 *      ReceivingRegion; consumed capacity → Consumed{Read,Write}CapacityUnits by TableName;
 *  (e) X-Ray group counts → AWS/X-Ray ApproximateTraceCount by GroupName;
 *  (f) any per-second sum (`addSum`), e.g. the accelerator's flows and bytes
 *      (accelerator-metrics.ts).
 * Events are gathered per second and flushed every second; samplers run every scaled
 * minute (at least every second, at most every minute). Data is high resolution (1 s)
 * when the clock is scaled, standard (60 s) in real time, so alarms see scaled windows.
 */
import type { LabClock, LabLog } from '../../../dataplane/contracts.js';
import type { MetricDimension, StoredDatum } from './store.js';
import { EcsSampler } from './ecs-sampler.js';
import {
  type AlbRequestSample,
  arnDimension,
  type CollectorSources,
  type ConsumedCapacitySample,
  type SummedMetric,
  type XRayGroupCount,
} from './collector-inputs.js';

/** The collectors' input records and arnDimension, re-exported for the lead's wiring. */
export * from './collector-inputs.js';

/** What the collectors need. */
export interface CollectorOptions {
  clock: LabClock;
  publish(region: string, datum: StoredDatum): void;
  log?: LabLog;
  sources?: CollectorSources;
}

interface Bucket extends SummedMetric {
  at: number;
  values: Map<number, number>;
}

/** A bucket's key: one metric (name and dimensions) in one region and second. */
function bucketKey(metric: SummedMetric, second: number): string {
  const dims = metric.dimensions.map((d) => `${d.Name}=${d.Value}`).join(',');
  return [metric.region, metric.namespace, metric.metricName, dims, second].join('\u0000');
}

/** The collectors. */
export class CloudWatchCollectors {
  readonly #options: CollectorOptions;
  #sources: CollectorSources;
  readonly #buckets = new Map<string, Bucket>();
  readonly #ecs = new EcsSampler();
  readonly #replicated = new Map<string, number | null | undefined>();
  #timers: NodeJS.Timeout[] = [];

  constructor(options: CollectorOptions) {
    this.#options = options;
    this.#sources = options.sources ?? {};
  }

  /** Storage resolution of the data: 1 s when AWS minutes are shortened, else 60 s. */
  get storageResolution(): 1 | 60 {
    return this.#options.clock.scaled(60_000) < 60_000 ? 1 : 60;
  }

  /** Wall ms between samples: a scaled minute, between 1 s and 60 s. */
  get sampleIntervalMs(): number {
    return Math.min(60_000, Math.max(1_000, this.#options.clock.scaled(60_000)));
  }

  /** Replaces the sampler sources. */
  setSources(sources: CollectorSources): void {
    this.#sources = { ...this.#sources, ...sources };
  }

  #add(
    region: string,
    namespace: string,
    metricName: string,
    dimensions: MetricDimension[],
    unit: string,
    at: number,
    value: number,
    count = 1,
  ): void {
    const second = Math.floor(at / 1000) * 1000;
    const key = bucketKey({ region, namespace, metricName, dimensions, unit }, second);
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { region, namespace, metricName, dimensions, unit, at: second, values: new Map() };
      this.#buckets.set(key, bucket);
    }
    bucket.values.set(value, (bucket.values.get(value) ?? 0) + count);
  }

  /** Records one ALB request. */
  recordAlbRequest(event: AlbRequestSample): void {
    const lb = [{ Name: 'LoadBalancer', Value: arnDimension(event.loadBalancerArn) }];
    const both = event.targetGroupArn
      ? [{ Name: 'TargetGroup', Value: arnDimension(event.targetGroupArn) }, ...lb]
      : undefined;
    const count = (name: string, dims: MetricDimension[][]) =>
      dims.forEach((d) =>
        this.#add(event.region, 'AWS/ApplicationELB', name, d, 'Count', event.at, 1),
      );
    const all = both ? [lb, both] : [lb];
    const reachedTarget =
      event.targetStatus !== undefined || event.elbStatus === 502 || event.elbStatus === 504;
    if (event.targetGroupArn && reachedTarget) count('RequestCount', all);
    if (event.targetStatus !== undefined) {
      const klass = Math.floor(event.targetStatus / 100);
      if (klass >= 2 && klass <= 5) count(`HTTPCode_Target_${klass}XX_Count`, all);
      all.forEach((d) =>
        this.#add(
          event.region,
          'AWS/ApplicationELB',
          'TargetResponseTime',
          d,
          'Seconds',
          event.at,
          event.latencyMs / 1000,
        ),
      );
    }
    if (event.elbStatus !== undefined) {
      const klass = Math.floor(event.elbStatus / 100);
      if (klass === 4 || klass === 5) count(`HTTPCode_ELB_${klass}XX_Count`, [lb]);
      if ([502, 503, 504].includes(event.elbStatus))
        count(`HTTPCode_ELB_${event.elbStatus}_Count`, [lb]);
    }
  }

  /** Records the capacity one DynamoDB request consumed. */
  recordConsumedCapacity(event: ConsumedCapacitySample): void {
    const dims = [{ Name: 'TableName', Value: event.tableName }];
    const at = event.at ?? this.#options.clock.now();
    const consumed = [
      ['ConsumedReadCapacityUnits', event.read],
      ['ConsumedWriteCapacityUnits', event.write],
    ] as const;
    for (const [metricName, units] of consumed)
      if (units > 0) this.#add(event.region, 'AWS/DynamoDB', metricName, dims, 'Count', at, units);
  }

  /** Records traces counted for an X-Ray group (summed per second into one value). */
  recordXRayCount(event: XRayGroupCount): void {
    const dims = [{ Name: 'GroupName', Value: event.groupName }];
    const at = event.at ?? this.#options.clock.now();
    const metric = { region: event.region, namespace: 'AWS/X-Ray', dimensions: dims };
    this.addSum({ ...metric, metricName: 'ApproximateTraceCount', unit: 'Count' }, at, event.count);
  }

  /** Adds `value` to a metric's one value of the second `at` falls in (a per-second sum). */
  addSum(metric: SummedMetric, at: number, value: number): void {
    const second = Math.floor(at / 1000) * 1000;
    const key = bucketKey(metric, second);
    const bucket = this.#buckets.get(key);
    const total = (bucket ? [...bucket.values.keys()][0]! : 0) + value;
    this.#buckets.set(key, { ...metric, at: second, values: new Map([[total, 1]]) });
  }

  /** Publishes the buckets of seconds that ended before `nowMs` (all of them with `all`). */
  flush(nowMs: number, all = false): void {
    const current = Math.floor(nowMs / 1000) * 1000;
    for (const [key, bucket] of this.#buckets) {
      if (!all && bucket.at >= current) continue;
      this.#buckets.delete(key);
      const values = [...bucket.values.keys()];
      const counts = [...bucket.values.values()];
      const single =
        values.length === 1 &&
        values[0] === 1 &&
        bucket.unit === 'Count' &&
        bucket.namespace === 'AWS/ApplicationELB';
      this.#options.publish(bucket.region, {
        namespace: bucket.namespace,
        metricName: bucket.metricName,
        dimensions: bucket.dimensions,
        timestampMs: bucket.at,
        unit: bucket.unit,
        storageResolution: this.storageResolution,
        sample: single
          ? { kind: 'set', count: counts[0]!, sum: counts[0]!, min: 1, max: 1 }
          : { kind: 'values', values, counts },
      });
    }
  }

  /** Runs the samplers once (target health, ECS tasks, replication). */
  sample(nowMs: number): void {
    const publish = (
      region: string,
      namespace: string,
      metricName: string,
      dimensions: MetricDimension[],
      unit: string,
      values: number[],
    ) =>
      values.length > 0 &&
      this.#options.publish(region, {
        namespace,
        metricName,
        dimensions,
        timestampMs: nowMs,
        unit,
        storageResolution: this.storageResolution,
        sample: { kind: 'values', values, counts: values.map(() => 1) },
      });
    for (const group of this.#sources.targetHealth?.() ?? []) {
      const dims = [
        { Name: 'TargetGroup', Value: arnDimension(group.targetGroupArn) },
        { Name: 'LoadBalancer', Value: arnDimension(group.loadBalancerArn) },
      ];
      publish(group.region, 'AWS/ApplicationELB', 'HealthyHostCount', dims, 'Count', [
        group.healthy,
      ]);
      publish(group.region, 'AWS/ApplicationELB', 'UnHealthyHostCount', dims, 'Count', [
        group.unhealthy,
      ]);
    }
    for (const service of this.#ecs.sample(this.#sources.ecsTasks?.() ?? [], nowMs)) {
      const byService = [
        { Name: 'ClusterName', Value: service.clusterName },
        { Name: 'ServiceName', Value: service.serviceName },
      ];
      const byCluster = [{ Name: 'ClusterName', Value: service.clusterName }];
      for (const dims of [byService, byCluster]) {
        publish(service.region, 'AWS/ECS', 'CPUUtilization', dims, 'Percent', service.cpu);
        publish(service.region, 'AWS/ECS', 'MemoryUtilization', dims, 'Percent', service.memory);
      }
    }
    for (const stat of this.#sources.replication?.() ?? []) {
      const key = `${stat.from}>${stat.to}>${stat.tableName}`;
      if (stat.lastLagMs === null) continue;
      if (stat.lastAppliedAt !== undefined && this.#replicated.get(key) === stat.lastAppliedAt)
        continue;
      this.#replicated.set(key, stat.lastAppliedAt);
      const dims = [
        { Name: 'TableName', Value: stat.tableName },
        { Name: 'ReceivingRegion', Value: stat.to },
      ];
      publish(stat.from, 'AWS/DynamoDB', 'ReplicationLatency', dims, 'Milliseconds', [
        stat.lastLagMs,
      ]);
    }
  }

  /** Starts the flush (every second) and sampling timers. */
  start(): void {
    if (this.#timers.length > 0) return;
    const { clock, log } = this.#options;
    const guard = (what: string, run: () => void) => () => {
      try {
        run();
      } catch (error) {
        log?.(`cloudwatch: ${what} failed: ${(error as Error).message}`);
      }
    };
    this.#timers = [
      setInterval(
        guard('flush', () => this.flush(clock.now())),
        1_000,
      ),
      setInterval(
        guard('sampling', () => this.sample(clock.now())),
        this.sampleIntervalMs,
      ),
    ];
    for (const timer of this.#timers) timer.unref();
  }

  /** Stops the timers and publishes what is still gathered. */
  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    this.flush(this.#options.clock.now(), true);
  }
}
