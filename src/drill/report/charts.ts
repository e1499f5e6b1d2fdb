/**
 * The HTML report's charts, as inline SVG with an HTML legend each: requests per region
 * over time (failed requests in red), success rate over time, and replication lag per
 * direction. All share one time axis in seconds since the run started, the shaded RTO span
 * and vertical markers for the run's events. Stable hooks for tests and tools:
 * `svg#chart-requests path.series[data-region]`, `path.failed`, `svg#chart-success path.rate`,
 * `svg#chart-lag path.lag[data-direction]`, `g.event[data-kind]`, `g.rto-span`.
 */
import type { DrillJournal, SeriesPoint } from '../journal.js';
import { escapeHtml, formatOffset, formatSecondsTick } from './format.js';
import { endOfAxis, regionsOf, rtoSpan, sortedEvents, UNSERVED_KEY } from './summary.js';
import {
  areaPath,
  axes,
  eventMarkers,
  frame,
  linePath,
  MARKER_ROWS,
  niceMax,
  num,
  span,
  svg,
  type Frame,
  type Marker,
} from './svg-chart.js';

/** Line colours of regions (and lag directions), in sorted order; red is kept for failures. */
export const PALETTE = ['#1f6fd1', '#168a4a', '#8a4fd1', '#c77700', '#00838f', '#6d4c41'];
const WIDTH = 960;
const MAX_POINTS = 1200;

/** One chart: its SVG and its legend. */
export interface Chart {
  id: string;
  title: string;
  svg: string;
  legend: string;
}

interface LegendItem {
  label: string;
  cls: string;
  color?: string;
}

function legend(items: readonly LegendItem[]): string {
  const li = items.map(
    (i) =>
      `<li class="${escapeHtml(i.cls)}"><span class="swatch"${i.color ? ` style="background:${i.color}"` : ''}></span>${escapeHtml(i.label)}</li>`,
  );
  return `<ul class="legend">${li.join('')}</ul>`;
}

/** Sums each run of `factor` buckets into one, so a long run stays a light SVG. */
function merge(points: readonly SeriesPoint[], bucketMs: number, factor: number): SeriesPoint[] {
  if (factor <= 1) return [...points].sort((a, b) => a.t - b.t);
  const width = bucketMs * factor;
  const byT = new Map<number, SeriesPoint>();
  for (const p of points) {
    const t = Math.floor(p.t / width) * width;
    const sum = byT.get(t) ?? { t, ok: 0, failed: 0 };
    sum.ok += p.ok;
    sum.failed += p.failed;
    byT.set(t, sum);
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** The series at a resolution of at most MAX_POINTS buckets, and that resolution. */
function resampled(journal: DrillJournal): {
  bucketMs: number;
  series: Record<string, SeriesPoint[]>;
} {
  const m = journal.measurements;
  const bucketMs = m.bucketMs > 0 ? m.bucketMs : 1000;
  const longest = Math.max(0, ...Object.values(m.series ?? {}).map((p) => p.length));
  const factor = Math.max(1, Math.ceil(longest / MAX_POINTS));
  const series: Record<string, SeriesPoint[]> = {};
  for (const [key, points] of Object.entries(m.series ?? {}))
    series[key] = merge(points, bucketMs, factor);
  return { bucketMs: bucketMs * factor, series };
}

function markers(journal: DrillJournal): Marker[] {
  return sortedEvents(journal).map((e) => ({
    t: e.t,
    kind: e.kind,
    text: e.label,
    title: `${formatOffset(e.t)} ${e.kind}: ${e.label}`,
  }));
}

function decorations(journal: DrillJournal, f: Frame, labels: boolean): string {
  const rto = rtoSpan(journal);
  const shaded = rto
    ? span(f, rto.from, rto.to, rto.label, rto.recovered ? 'rto-span' : 'rto-span open')
    : '';
  return shaded + eventMarkers(f, markers(journal), labels);
}

function decorationLegend(journal: DrillJournal): LegendItem[] {
  const items: LegendItem[] = [];
  if (rtoSpan(journal))
    items.push({ label: 'RTO: first failed request → sustained success', cls: 'key-rto' });
  const kinds = [...new Set(sortedEvents(journal).map((e) => e.kind))];
  for (const kind of kinds) items.push({ label: `event: ${kind}`, cls: `key-event kind-${kind}` });
  return items;
}

/** A finished chart: its SVG from `body`, its legend from `items` and the time-axis decorations. */
function chartOf(
  journal: DrillJournal,
  id: string,
  title: string,
  f: Frame,
  body: readonly string[],
  items: readonly LegendItem[],
): Chart {
  return {
    id,
    title,
    svg: svg(id, f, title, body.join('')),
    legend: legend([...items, ...decorationLegend(journal)]),
  };
}

const timeAxis = { xLabel: 'seconds since start', xTickFormat: formatSecondsTick };

function noData(f: Frame, text: string): string {
  const x = (f.x.range[0] + f.x.range[1]) / 2;
  const y = (f.y.range[0] + f.y.range[1]) / 2;
  return `<text class="no-data" x="${num(x)}" y="${num(y)}" text-anchor="middle">${escapeHtml(text)}</text>`;
}

/** Requests per second answered OK per region (one `path.series` each), failed ones in red. */
export function requestsChart(journal: DrillJournal): Chart {
  const { bucketMs, series } = resampled(journal);
  const regions = regionsOf(journal);
  const perSecond = (n: number): number => (n * 1000) / bucketMs;
  const failedByT = new Map<number, number>();
  let max = 0;
  for (const [key, points] of Object.entries(series)) {
    for (const p of points) {
      failedByT.set(p.t, (failedByT.get(p.t) ?? 0) + p.failed);
      if (key !== UNSERVED_KEY) max = Math.max(max, perSecond(p.ok));
    }
  }
  for (const n of failedByT.values()) max = Math.max(max, perSecond(n));
  const margin = { top: MARKER_ROWS * 13 + 8, right: 16, bottom: 36, left: 56 };
  const f = frame(WIDTH, 320, margin, [0, endOfAxis(journal)], [0, niceMax(max)]);
  const mid = (t: number): number => f.x(t + bucketMs / 2);
  const body: string[] = [axes(f, { ...timeAxis, yLabel: 'requests / s', yTickFormat: String })];
  body.push(decorations(journal, f, true));
  const failed = [...failedByT.entries()].sort((a, b) => a[0] - b[0]);
  if (failed.some(([, n]) => n > 0)) {
    const pts = failed.map(([t, n]) => [mid(t), f.y(perSecond(n))] as [number, number]);
    body.push(
      `<path class="failed-area" d="${areaPath(pts, f.y(0))}"/>`,
      `<path class="failed" data-kind="failed" d="${linePath(pts)}"><title>failed or unanswered requests</title></path>`,
    );
  }
  regions.forEach((region, i) => {
    const pts = (series[region] ?? []).map(
      (p) => [mid(p.t), f.y(perSecond(p.ok))] as [number, number],
    );
    body.push(
      `<path class="series" data-region="${escapeHtml(region)}" stroke="${PALETTE[i % PALETTE.length]}" d="${linePath(pts)}"><title>${escapeHtml(region)}: requests answered OK</title></path>`,
    );
  });
  const total = Object.values(series).some((points) => points.some((p) => p.ok + p.failed > 0));
  if (!total) body.push(noData(f, 'No requests were sent during this run.'));
  const title = 'Requests per region over time';
  const items: LegendItem[] = regions.map((r, i) => ({
    label: `${r} (answered OK)`,
    cls: 'key-series',
    color: PALETTE[i % PALETTE.length]!,
  }));
  items.push({ label: 'failed or unanswered (any region)', cls: 'key-failed' });
  return chartOf(journal, 'chart-requests', title, f, body, items);
}

/** Share of requests answered OK per bucket (gaps where none was sent), with the objective. */
export function successChart(journal: DrillJournal): Chart {
  const { bucketMs, series } = resampled(journal);
  const byT = new Map<number, { ok: number; all: number }>();
  for (const points of Object.values(series)) {
    for (const p of points) {
      const sum = byT.get(p.t) ?? { ok: 0, all: 0 };
      sum.ok += p.ok;
      sum.all += p.ok + p.failed;
      byT.set(p.t, sum);
    }
  }
  const margin = { top: 12, right: 16, bottom: 36, left: 56 };
  const f = frame(WIDTH, 220, margin, [0, endOfAxis(journal)], [0, 1]);
  const pct = (v: number): string => `${Math.round(v * 100)} %`;
  const body: string[] = [axes(f, { ...timeAxis, yLabel: 'success rate', yTickFormat: pct })];
  body.push(decorations(journal, f, false));
  const objective = journal.measurements.objectives?.find((o) => o.name === 'successRate');
  if (objective) {
    const y = f.y(Math.min(1, Math.max(0, objective.target)));
    body.push(
      `<line class="objective" x1="${num(f.x.range[0])}" x2="${num(f.x.range[1])}" y1="${num(y)}" y2="${num(y)}"><title>objective ≥ ${pct(objective.target)}</title></line>`,
    );
  }
  const points = [...byT.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, s]) =>
      s.all === 0 ? null : ([f.x(t + bucketMs / 2), f.y(s.ok / s.all)] as [number, number]),
    );
  if (points.some((p) => p !== null)) {
    body.push(`<path class="rate" d="${linePath(points)}"><title>success rate</title></path>`);
  } else {
    body.push(noData(f, 'No requests, no success rate.'));
  }
  const title = 'Success rate over time';
  const items: LegendItem[] = [{ label: 'requests answered OK / sent', cls: 'key-rate' }];
  if (objective)
    items.push({ label: `objective (≥ ${pct(objective.target)})`, cls: 'key-objective' });
  return chartOf(journal, 'chart-success', title, f, body, items);
}

/** Replication lag per direction (`path.lag` each; gaps where it could not be read); null with no samples. */
export function lagChart(journal: DrillJournal): Chart | null {
  const lag = journal.measurements.replicationLag ?? {};
  const directions = Object.keys(lag)
    .filter((d) => (lag[d] ?? []).length > 0)
    .sort();
  if (directions.length === 0) return null;
  let max = 0;
  for (const d of directions) for (const s of lag[d] ?? []) max = Math.max(max, s.ms ?? 0);
  const margin = { top: 12, right: 16, bottom: 36, left: 56 };
  const f = frame(WIDTH, 220, margin, [0, endOfAxis(journal)], [0, niceMax(max)]);
  const body: string[] = [
    axes(f, { ...timeAxis, yLabel: 'lag (ms)', yTickFormat: (v) => String(v) }),
    decorations(journal, f, false),
  ];
  directions.forEach((d, i) => {
    const samples = [...(lag[d] ?? [])].sort((a, b) => a.t - b.t);
    const color = PALETTE[i % PALETTE.length]!;
    const pts = samples.map((s) =>
      s.ms === null ? null : ([f.x(s.t), f.y(s.ms)] as [number, number]),
    );
    const unknown = samples
      .filter((s) => s.ms === null)
      .map(
        (s) =>
          `<circle class="lag-unknown" cx="${num(f.x(s.t))}" cy="${num(f.y(0))}" r="3"><title>${escapeHtml(d)} at ${formatOffset(s.t)}: lag unknown</title></circle>`,
      );
    body.push(
      `<path class="lag" data-direction="${escapeHtml(d)}" stroke="${color}" d="${linePath(pts)}"><title>${escapeHtml(d)}</title></path>`,
      ...unknown,
    );
  });
  const title = 'Replication lag per direction';
  const items: LegendItem[] = directions.map((d, i) => ({
    label: d,
    cls: 'key-series',
    color: PALETTE[i % PALETTE.length]!,
  }));
  const anyUnknown = directions.some((d) => (lag[d] ?? []).some((s) => s.ms === null));
  if (anyUnknown) items.push({ label: 'lag could not be read', cls: 'key-unknown' });
  return chartOf(journal, 'chart-lag', title, f, body, items);
}
