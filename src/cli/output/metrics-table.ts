/**
 * Renders the `metrics` document for a terminal: per region one aligned table, a row per
 * metric with a sparkline over the window's periods and its latest/min/max and overall
 * values. A metric without datapoints reads `no data`, one that could not be read
 * `unknown`; neither is ever shown as 0. Colour only through the given style.
 */
import type { ChalkInstance } from 'chalk';
import { onGrid } from '../../core/metrics/summary.js';
import type {
  MetricSeriesReport,
  MetricsDocument,
  RegionMetrics,
  XRayGroupReport,
} from '../../core/metrics/schema.js';
import { sparkline, SPARK_MISSING } from './sparkline.js';

/** Most characters a sparkline takes; longer windows are averaged into this many columns. */
export const SPARKLINE_WIDTH = 40;

const NONE = '—';

const GROUP_TITLES: Record<MetricSeriesReport['group'], string> = {
  traffic: 'traffic',
  latency: 'latency',
  targets: 'targets',
  ecs: 'ECS',
  replication: 'replication',
  xray: 'X-Ray',
};

function trimNumber(n: number, digits: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function duration(ms: number): string {
  if (Math.abs(ms) >= 1000) return `${trimNumber(ms / 1000, 2)} s`;
  return `${trimNumber(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
}

/** A value in the row's unit, for people: `1,234`, `12.5%`, `38 ms`, `1.2 s`. */
export function formatValue(value: number | null, unit: MetricSeriesReport['unit']): string {
  if (value === null) return NONE;
  switch (unit) {
    case 'Percent':
      return `${trimNumber(value, 1)}%`;
    case 'Seconds':
      return duration(value * 1000);
    case 'Milliseconds':
      return duration(value);
    default:
      return trimNumber(value, 1);
  }
}

type Cell = { text: string; paint?: (s: string) => string };
type Row = Cell[];

/** Pads each column to its widest cell (numbers right-aligned), then paints. */
function layout(rows: Row[], rightAligned: ReadonlySet<number>, indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c.text].length)));
  const last = widths.length - 1;
  return rows.map((row) =>
    (
      indent +
      row
        .map((c, i) => {
          // Padding stays outside the colour codes, so trailing blanks can be trimmed.
          const pad = i === last ? '' : ' '.repeat((widths[i] ?? 0) - [...c.text].length);
          const text = c.paint && c.text ? c.paint(c.text) : c.text;
          return rightAligned.has(i) ? pad + text : text + pad;
        })
        .join('  ')
    ).trimEnd(),
  );
}

function xrayDetail(g: XRayGroupReport | undefined, style: ChalkInstance): Cell {
  if (!g) return { text: '' };
  if (g.status === 'unknown')
    return { text: `X-Ray unknown: ${g.failure?.message ?? 'not read'}`, paint: style.red };
  return {
    text: `${g.total} requests: ${g.errors} errors (4xx), ${g.faults} faults (5xx), ${g.throttles} throttled`,
    ...(g.faults || g.errors ? { paint: style.yellow } : {}),
  };
}

function metricRow(
  m: MetricSeriesReport,
  doc: MetricsDocument,
  groupTitle: string,
  xray: XRayGroupReport | undefined,
  style: ChalkInstance,
): Row {
  const title = { text: groupTitle, paint: style.bold };
  if (m.status === 'unknown') {
    const why = m.failure?.message ?? 'not read';
    return [
      title,
      { text: m.label },
      { text: 'unknown', paint: style.red },
      { text: 'unknown', paint: style.red },
      { text: '' },
      { text: '' },
      { text: '' },
      { text: why, paint: style.red },
    ];
  }
  const grid = onGrid(
    { timestamps: m.timestamps.map((t) => Date.parse(t)), values: m.values },
    {
      startMs: Date.parse(doc.window.start),
      periodSeconds: doc.window.periodSeconds,
      periods: doc.window.periods,
    },
  );
  const s = m.summary;
  const empty = s.datapoints === 0;
  const detail = xrayDetail(xray, style);
  return [
    title,
    { text: m.label },
    { text: sparkline(grid, { width: SPARKLINE_WIDTH }), paint: empty ? style.dim : style.cyan },
    empty ? { text: 'no data', paint: style.dim } : { text: formatValue(s.latest, m.unit) },
    { text: formatValue(s.min, m.unit), ...(empty ? { paint: style.dim } : {}) },
    { text: formatValue(s.max, m.unit), ...(empty ? { paint: style.dim } : {}) },
    { text: formatValue(s.overall, m.unit), ...(s.overall === null ? { paint: style.dim } : {}) },
    detail,
  ];
}

function renderRegion(region: RegionMetrics, doc: MetricsDocument, style: ChalkInstance): string {
  const state = region.status === 'ok' ? style.green('● ok') : style.red('● unknown');
  const head = `${style.bold(region.region)}  ${state}`;
  const lines: string[] = [head];
  if (region.status === 'unknown') {
    const f = region.failure;
    lines.push(
      `  ${style.red('could not read metrics:')} ${f ? `${f.call}: ${f.message} (${f.kind})` : 'no answer'}`,
    );
  }
  const xrayByGroup = new Map(region.xray.map((g) => [g.group, g]));
  const rows: Row[] = [];
  if (region.metrics.length) {
    rows.push(
      ['', 'metric', 'trend', 'latest', 'min', 'max', 'overall', ''].map((text) => ({
        text,
        paint: style.dim,
      })),
    );
  }
  let group: string | undefined;
  for (const m of region.metrics) {
    const title = m.group === group ? '' : GROUP_TITLES[m.group];
    group = m.group;
    const xrayGroup =
      m.group === 'xray' && 'dimensions' in m.source ? m.source.dimensions.GroupName : undefined;
    const xray = xrayGroup === undefined ? undefined : xrayByGroup.get(xrayGroup);
    if (xrayGroup !== undefined) xrayByGroup.delete(xrayGroup);
    rows.push(metricRow(m, doc, title, xray, style));
  }
  lines.push(...layout(rows, new Set([3, 4, 5, 6]), '  '));
  // Groups without a trace-count row (the region's metrics could not be read).
  for (const g of xrayByGroup.values()) {
    lines.push(`  ${style.bold('X-Ray')} ${g.group}: ${xrayDetail(g, style).text}`);
  }
  return lines.join('\n');
}

const hhmm = (iso: string) => iso.slice(11, 16);

/** The whole view: a header line, one table per region, and a legend. */
export function renderMetrics(doc: MetricsDocument, style: ChalkInstance): string {
  const w = doc.window;
  const head =
    `${doc.application}: ${w.periods} periods of ${w.periodSeconds} s, ` +
    `${w.start.slice(0, 10)} ${hhmm(w.start)}–${hhmm(w.end)} UTC (the last period is still filling)`;
  const legend = style.dim(
    `${SPARK_MISSING} = no datapoint in that period · overall = sum for counts, ` +
      `share of all requests for rates · ${NONE} = nothing to show`,
  );
  return [head, '', ...doc.regions.map((r) => renderRegion(r, doc, style) + '\n'), legend].join(
    '\n',
  );
}
