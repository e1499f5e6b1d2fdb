/**
 * The `metrics` use case: per region, one GetMetricData call with every query of
 * `regionMetricRows` and one X-Ray service graph per configured group, all regions at once.
 * A region (or a group) that cannot be read is reported `unknown` with why; the others are
 * reported all the same. Returns the `metrics --json` document; never throws for AWS errors.
 */
import type { Config } from '../../config/schema.js';
import { EXIT_CODES } from '../errors.js';
import type { MetricSeries, PortFactory, XRayGroupStats } from '../ports.js';
import { regionMetricRows, type MetricRow } from './queries.js';
import type {
  MetricSeriesReport,
  MetricsDocument,
  MetricsFailure,
  RegionMetrics,
  XRayGroupReport,
} from './schema.js';
import { cleanPoints, ratioPercent, summarize, type Points } from './summary.js';
import type { MetricsWindow } from './window.js';

/** Turns whatever an adapter threw into a failure kind and a short message. */
export type DescribeError = (error: unknown) => Pick<MetricsFailure, 'kind' | 'message'>;

/** What to read. */
export interface ReadMetricsRequest {
  /** Regions to read, in display order; each must be in the config. */
  regions: readonly string[];
  window: MetricsWindow;
}

/** GetMetricData statuses that mean the query could not be computed. */
const FAILED_STATUS = new Set(['InternalError', 'Forbidden']);

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(read: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error };
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Reads every requested region; see the module comment. */
export async function readMetrics(
  ports: PortFactory,
  config: Config,
  request: ReadMetricsRequest,
  describeError: DescribeError,
): Promise<MetricsDocument> {
  const { window } = request;
  const regions = await Promise.all(
    request.regions.map((region) => readRegion(ports, config, region, window, describeError)),
  );
  const complete = regions.every(
    (r) =>
      r.status === 'ok' &&
      r.metrics.every((m) => m.status === 'ok') &&
      r.xray.every((g) => g.status === 'ok'),
  );
  return {
    schemaVersion: 1,
    kind: 'metrics',
    application: config.application,
    generatedAt: iso(window.nowMs),
    status: complete ? 'ok' : 'unknown',
    exitCode: complete ? EXIT_CODES.ok : EXIT_CODES.unknown,
    window: {
      start: iso(window.startMs),
      end: iso(window.endMs),
      periodSeconds: window.periodSeconds,
      periods: window.periods,
    },
    regions,
  };
}

async function readRegion(
  ports: PortFactory,
  config: Config,
  region: string,
  window: MetricsWindow,
  describeError: DescribeError,
): Promise<RegionMetrics> {
  const rows = regionMetricRows(config, region, window.periodSeconds);
  const groups = config.regions.find((r) => r.name === region)?.xrayGroups ?? [];
  // X-Ray is asked for what has happened so far, not for the rest of the current period.
  const xrayEndMs = Math.min(window.endMs, window.nowMs);
  const failure = (error: unknown, call: string): MetricsFailure => ({
    ...describeError(error),
    call,
  });
  const [series, stats] = await Promise.all([
    settle(() =>
      ports.region(region).cloudwatch.getMetricData(
        rows.map((r) => r.query),
        window.startMs,
        window.endMs,
      ),
    ),
    Promise.all(
      groups.map((group) =>
        settle(() => ports.region(region).xray.groupStats(group, window.startMs, xrayEndMs)),
      ),
    ),
  ]);
  const xray = groups.map((group, i) => {
    const read = stats[i]!;
    return read.ok
      ? xrayReport(group, read.value)
      : xrayUnknown(group, failure(read.error, `xray:GetServiceGraph ${region} ${group}`));
  });
  if (!series.ok) {
    return {
      region,
      status: 'unknown',
      failure: failure(series.error, `cloudwatch:GetMetricData ${region}`),
      metrics: [],
      xray,
    };
  }
  const byId = new Map(series.value.map((s) => [s.id, s]));
  const points = new Map<string, Points>();
  for (const row of rows) {
    const found = byId.get(row.id);
    if (found && !FAILED_STATUS.has(found.statusCode))
      points.set(row.id, cleanPoints(found, window));
  }
  return {
    region,
    status: 'ok',
    metrics: rows.map((row) => metricReport(row, byId.get(row.id), points, region)),
    xray,
  };
}

function metricReport(
  row: MetricRow,
  found: MetricSeries | undefined,
  points: ReadonlyMap<string, Points>,
  region: string,
): MetricSeriesReport {
  const q = row.query;
  const source =
    'expression' in q
      ? { expression: q.expression }
      : {
          namespace: q.namespace,
          metricName: q.metricName,
          stat: q.stat,
          dimensions: { ...q.dimensions },
        };
  const own = points.get(row.id);
  const base = {
    id: row.id,
    label: row.label,
    group: row.group,
    unit: row.unit,
    kind: row.kind,
    source,
  };
  if (!own) {
    const message = found
      ? `CloudWatch answered ${found.statusCode}${found.messages.length ? `: ${found.messages.join('; ')}` : ''}`
      : 'CloudWatch returned no result for this query';
    return {
      ...base,
      status: 'unknown',
      failure: { kind: 'error', call: `cloudwatch:GetMetricData ${region} ${row.id}`, message },
      messages: found?.messages ?? [],
      timestamps: [],
      values: [],
      summary: { datapoints: 0, latest: null, latestAt: null, min: null, max: null, overall: null },
    };
  }
  const summary = summarize(own, row.kind);
  if (row.ratio) {
    const inputs = [...row.ratio.numerator, ...row.ratio.denominator];
    summary.overall = inputs.every((id) => points.has(id))
      ? ratioPercent(
          row.ratio.numerator.map((id) => points.get(id)),
          row.ratio.denominator.map((id) => points.get(id)),
        )
      : null;
  }
  return {
    ...base,
    status: 'ok',
    messages: found?.messages ?? [],
    timestamps: own.timestamps.map(iso),
    values: [...own.values],
    summary: { ...summary, latestAt: summary.latestAt === null ? null : iso(summary.latestAt) },
  };
}

function xrayReport(group: string, s: XRayGroupStats): XRayGroupReport {
  return {
    group,
    status: 'ok',
    total: s.total,
    ok: s.ok,
    errors: s.errors,
    faults: s.faults,
    throttles: s.throttles,
  };
}

function xrayUnknown(group: string, failure: MetricsFailure): XRayGroupReport {
  return {
    group,
    status: 'unknown',
    failure,
    total: null,
    ok: null,
    errors: null,
    faults: null,
    throttles: null,
  };
}
