/**
 * The metrics `mysfits-dr metrics` reads for one region, as GetMetricData queries plus what
 * each row means (label, unit, how a window summarises it). Pure: built from the config
 * alone. The query ids are an API (the status command reads `requests`, `target5xx`,
 * `elb5xx` and `errorRate`; scripts read every id from `--json`): do not rename them.
 * docs/metrics.md documents every row.
 */
import type { Config, RegionConfig } from '../../config/schema.js';
import type { MetricQuery } from '../ports.js';

/** Which part of the system a row is about; rows are shown grouped in this order. */
export type MetricGroup = 'traffic' | 'latency' | 'targets' | 'ecs' | 'replication' | 'xray';

/** The unit of a row's values, as CloudWatch names it. */
export type MetricUnit = 'Count' | 'Percent' | 'Seconds' | 'Milliseconds';

/**
 * How a row summarises over the window: `count` rows add up (their overall value is the sum),
 * `rate` rows are percentages of other rows (overall: the ratio of their sums), `gauge` rows
 * have no meaningful overall value.
 */
export type MetricKind = 'count' | 'rate' | 'gauge';

/** One row of the metrics view: the query that feeds it and how to read it. */
export interface MetricRow {
  /** The GetMetricData query id (`^[a-z][a-zA-Z0-9_]*$`), stable across releases. */
  id: string;
  /** Short human label, e.g. `2xx rate` or `CPU mysfits-like`. */
  label: string;
  group: MetricGroup;
  unit: MetricUnit;
  kind: MetricKind;
  /** For `rate` rows: the ids whose window sums give the overall rate (num / den × 100). */
  ratio?: { numerator: string[]; denominator: string[] };
  query: MetricQuery;
}

/** The ALB `LoadBalancer` dimension: the part of the ARN after `:loadbalancer/`. */
export function loadBalancerDimension(arn: string): string {
  const at = arn.indexOf(':loadbalancer/');
  return at === -1 ? arn : arn.slice(at + ':loadbalancer/'.length);
}

/** The ALB `TargetGroup` dimension: the part of the ARN after its last `:`. */
export function targetGroupDimension(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/** The ECS `ClusterName` dimension: the name itself, or the part of an ARN after `cluster/`. */
export function clusterNameDimension(cluster: string): string {
  const at = cluster.indexOf(':cluster/');
  return at === -1 ? cluster : cluster.slice(at + ':cluster/'.length);
}

/** The id part for a name: every character outside `[a-zA-Z0-9_]` becomes `_`. */
export function idPart(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** The id of the replication latency query from a region to `receivingRegion`. */
export function replicationLatencyId(receivingRegion: string): string {
  return `replicationLatency_${idPart(receivingRegion)}`;
}

const ALB = 'AWS/ApplicationELB';
/** Requests the ALB received for targets: those that reached one, plus the 503s for want of one. */
const RECEIVED = '(FILL(requests, 0) + FILL(elb503, 0))';

function regionOf(config: Config, region: string): RegionConfig {
  const found = config.regions.find((r) => r.name === region);
  if (!found) throw new Error(`region ${region} is not in the config`);
  return found;
}

/**
 * Every row for one region, in display order. Ids: `requests`, `target2xx`, `target4xx`,
 * `target5xx`, `elb5xx`, `elb503`, `rate2xx`, `rate4xx`, `errorRate`, `responseTimeP50|P90|P99`,
 * `healthyHosts_<service>`, `cpu_<service>`, `memory_<service>`,
 * `replicationLatency_<other region>`, `xrayTraces_<group>` (names with `-` etc. as `_`).
 */
export function regionMetricRows(
  config: Config,
  region: string,
  periodSeconds: number,
): MetricRow[] {
  const r = regionOf(config, region);
  const lb = { LoadBalancer: loadBalancerDimension(r.loadBalancerArn) };
  const used = new Set<string>();
  const unique = (id: string) => {
    let candidate = id;
    for (let k = 2; used.has(candidate); k += 1) candidate = `${id}_${k}`;
    used.add(candidate);
    return candidate;
  };
  const metric = (
    id: string,
    label: string,
    group: MetricGroup,
    unit: MetricUnit,
    kind: MetricKind,
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
    stat: string,
  ): MetricRow => {
    const uid = unique(id);
    return {
      id: uid,
      label,
      group,
      unit,
      kind,
      query: { id: uid, label, namespace, metricName, dimensions, stat, periodSeconds },
    };
  };
  const rate = (id: string, label: string, numerator: string[]): MetricRow => {
    const uid = unique(id);
    const sum = numerator.map((n) => `FILL(${n}, 0)`).join(' + ');
    return {
      id: uid,
      label,
      group: 'traffic',
      unit: 'Percent',
      kind: 'rate',
      ratio: { numerator, denominator: ['requests', 'elb503'] },
      query: {
        id: uid,
        label,
        expression: `100 * (${sum}) / ${RECEIVED}`,
        periodSeconds,
      },
    };
  };
  const count = (id: string, label: string, metricName: string) =>
    metric(id, label, 'traffic', 'Count', 'count', ALB, metricName, lb, 'Sum');

  const rows: MetricRow[] = [
    count('requests', 'requests', 'RequestCount'),
    count('target2xx', 'target 2xx', 'HTTPCode_Target_2XX_Count'),
    count('target4xx', 'target 4xx', 'HTTPCode_Target_4XX_Count'),
    count('target5xx', 'target 5xx', 'HTTPCode_Target_5XX_Count'),
    count('elb5xx', 'ELB 5xx', 'HTTPCode_ELB_5XX_Count'),
    count('elb503', 'ELB 503', 'HTTPCode_ELB_503_Count'),
    rate('rate2xx', '2xx rate', ['target2xx']),
    rate('rate4xx', '4xx rate', ['target4xx']),
    rate('errorRate', '5xx rate', ['target5xx', 'elb5xx']),
  ];
  for (const p of ['p50', 'p90', 'p99']) {
    rows.push(
      metric(
        `responseTime${p.toUpperCase()}`,
        `response time ${p}`,
        'latency',
        'Seconds',
        'gauge',
        ALB,
        'TargetResponseTime',
        lb,
        p,
      ),
    );
  }
  for (const s of r.ecs.services) {
    const dims = { TargetGroup: targetGroupDimension(s.targetGroupArn), ...lb };
    rows.push(
      metric(
        `healthyHosts_${idPart(s.name)}`,
        `healthy hosts ${s.name}`,
        'targets',
        'Count',
        'gauge',
        ALB,
        'HealthyHostCount',
        dims,
        'Minimum',
      ),
    );
  }
  const cluster = clusterNameDimension(r.ecs.cluster);
  for (const s of r.ecs.services) {
    const dims = { ClusterName: cluster, ServiceName: s.name };
    for (const [id, label, name] of [
      ['cpu', 'CPU', 'CPUUtilization'],
      ['memory', 'memory', 'MemoryUtilization'],
    ] as const) {
      rows.push(
        metric(
          `${id}_${idPart(s.name)}`,
          `${label} ${s.name}`,
          'ecs',
          'Percent',
          'gauge',
          'AWS/ECS',
          name,
          dims,
          'Average',
        ),
      );
    }
  }
  for (const other of config.regions) {
    if (other.name === r.name) continue;
    rows.push(
      metric(
        replicationLatencyId(other.name),
        `replication → ${other.name}`,
        'replication',
        'Milliseconds',
        'gauge',
        'AWS/DynamoDB',
        'ReplicationLatency',
        { TableName: config.globalTable.name, ReceivingRegion: other.name },
        'Average',
      ),
    );
  }
  for (const group of r.xrayGroups) {
    rows.push(
      metric(
        `xrayTraces_${idPart(group)}`,
        `traces ${group}`,
        'xray',
        'Count',
        'count',
        'AWS/X-Ray',
        'ApproximateTraceCount',
        { GroupName: group },
        'Sum',
      ),
    );
  }
  return rows;
}

/**
 * The GetMetricData queries for one region (all of them fit one call): the queries of
 * `regionMetricRows`, ids stable. Throws when the region is not configured.
 */
export function regionMetricQueries(
  config: Config,
  region: string,
  periodSeconds: number,
): MetricQuery[] {
  return regionMetricRows(config, region, periodSeconds).map((row) => row.query);
}
