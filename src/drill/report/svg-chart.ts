/**
 * A small SVG charting kit for the HTML report: linear scales, "nice" ticks, line and area
 * paths, axes, shaded spans and labelled vertical event markers. Everything returns SVG
 * markup as strings; every text that comes from a journal is escaped here.
 */
import { escapeHtml, truncate } from './format.js';

/** Space around the plot area, px (in viewBox units). */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A linear map from a data domain to a pixel range. */
export interface Scale {
  (value: number): number;
  domain: [number, number];
  range: [number, number];
}

/** A linear scale; a zero-width domain maps everything to the range's start. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = ((value: number) => r0 + (value - d0) * k) as Scale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** About `count` evenly spaced round values (1, 2, 2.5 or 5 × 10ⁿ apart) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toFixed(10)));
  }
  return ticks;
}

/** A round upper bound at or above `max` (the last of `niceTicks(0, max)` steps), at least `floor`. */
export function niceMax(max: number, floor = 1, count = 5): number {
  if (!(max > 0)) return floor;
  const ticks = niceTicks(0, max, count);
  const last = ticks[ticks.length - 1] ?? max;
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : max;
  return Math.max(floor, last >= max ? last : last + step);
}

/** A coordinate for SVG markup, to a tenth of a pixel. */
export function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/**
 * A polyline path through `points`; a null point breaks the line (a gap in the data). An
 * isolated point becomes a tiny segment, which a round line cap draws as a dot.
 */
export function linePath(points: readonly ([number, number] | null)[]): string {
  const parts: string[] = [];
  let run = 0;
  const close = (): void => {
    if (run === 1) parts.push('h0.5');
    run = 0;
  };
  for (const p of points) {
    if (p === null) {
      close();
      continue;
    }
    parts.push(`${run > 0 ? 'L' : 'M'}${num(p[0])},${num(p[1])}`);
    run++;
  }
  close();
  return parts.join('');
}

/** A closed area between `points` and the horizontal line y = `baseline`. */
export function areaPath(points: readonly [number, number][], baseline: number): string {
  if (points.length === 0) return '';
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const top = points.map((p) => `L${num(p[0])},${num(p[1])}`).join('');
  return `M${num(first[0])},${num(baseline)}${top}L${num(last[0])},${num(baseline)}Z`;
}

/** The geometry of one chart: size, plot area and its scales. */
export interface Frame {
  width: number;
  height: number;
  margin: Margin;
  x: Scale;
  y: Scale;
}

/** A frame of `width` × `height` whose plot area maps x ∈ xDomain, y ∈ yDomain. */
export function frame(
  width: number,
  height: number,
  margin: Margin,
  xDomain: [number, number],
  yDomain: [number, number],
): Frame {
  return {
    width,
    height,
    margin,
    x: linearScale(xDomain, [margin.left, width - margin.right]),
    y: linearScale(yDomain, [height - margin.bottom, margin.top]),
  };
}

/** How the axes of a chart are labelled. */
export interface AxesOptions {
  xLabel: string;
  yLabel: string;
  xTickFormat: (v: number) => string;
  yTickFormat: (v: number) => string;
  xTicks?: number;
  yTicks?: number;
}

/** Gridlines, ticks and axis titles of `f`. */
export function axes(f: Frame, o: AxesOptions): string {
  const [x0, x1] = f.x.range;
  const [y0, y1] = f.y.range;
  const out: string[] = ['<g class="axes">'];
  for (const v of niceTicks(f.y.domain[0], f.y.domain[1], o.yTicks ?? 4)) {
    const y = num(f.y(v));
    out.push(
      `<line class="grid" x1="${num(x0)}" x2="${num(x1)}" y1="${y}" y2="${y}"/>`,
      `<text class="tick y" x="${num(x0 - 6)}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(o.yTickFormat(v))}</text>`,
    );
  }
  for (const v of niceTicks(f.x.domain[0], f.x.domain[1], o.xTicks ?? 8)) {
    const x = num(f.x(v));
    out.push(
      `<line class="tick-mark" x1="${x}" x2="${x}" y1="${num(y0)}" y2="${num(y0 + 4)}"/>`,
      `<text class="tick x" x="${x}" y="${num(y0 + 16)}" text-anchor="middle">${escapeHtml(o.xTickFormat(v))}</text>`,
    );
  }
  out.push(
    `<line class="axis" x1="${num(x0)}" x2="${num(x1)}" y1="${num(y0)}" y2="${num(y0)}"/>`,
    `<line class="axis" x1="${num(x0)}" x2="${num(x0)}" y1="${num(y0)}" y2="${num(y1)}"/>`,
    `<text class="axis-title" x="${num((x0 + x1) / 2)}" y="${num(f.height - 4)}" text-anchor="middle">${escapeHtml(o.xLabel)}</text>`,
    `<text class="axis-title" transform="translate(12 ${num((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(o.yLabel)}</text>`,
    '</g>',
  );
  return out.join('');
}

/** A shaded band over the plot area from x = `from` to `to` (data units), labelled at its top. */
export function span(f: Frame, from: number, to: number, label: string, cls: string): string {
  const [y0, y1] = f.y.range;
  const a = f.x(Math.max(f.x.domain[0], from));
  const b = f.x(Math.min(f.x.domain[1], to));
  const w = Math.max(1, b - a);
  return (
    `<g class="${escapeHtml(cls)}"><title>${escapeHtml(label)}</title>` +
    `<rect x="${num(a)}" y="${num(y1)}" width="${num(w)}" height="${num(y0 - y1)}"/>` +
    `<text x="${num(a + w / 2)}" y="${num(y1 + 12)}" text-anchor="middle">${escapeHtml(label)}</text></g>`
  );
}

/** A moment to mark with a vertical line. */
export interface Marker {
  t: number;
  kind: string;
  /** Short text drawn by the line (truncated to fit). */
  text: string;
  /** Full description for the tooltip. */
  title: string;
}

/** Rows of labels above the plot area that `markers` may use. */
export const MARKER_ROWS = 4;
const ROW_HEIGHT = 13;
const CHAR_WIDTH = 7;

/**
 * Vertical lines for `markers`, each `<g class="event" data-kind="…">`. With `labels`,
 * texts go in up to MARKER_ROWS rows above the plot area (needs a top margin of
 * `MARKER_ROWS * 13 + 4`), numbered from 1 in the order given (sort by time first), each
 * in the first row where it does not overlap the previous label; where none is free, only
 * its number, and where even that does not fit, no text (the tooltip and the report's
 * timeline still name it). Without `labels`, the lines carry tooltips only.
 */
export function eventMarkers(f: Frame, markers: readonly Marker[], labels: boolean): string {
  const [y0, y1] = f.y.range;
  const rowEnds = new Array<number>(MARKER_ROWS).fill(-Infinity);
  const out: string[] = ['<g class="events">'];
  markers.forEach((m, i) => {
    const x = f.x(Math.min(f.x.domain[1], Math.max(f.x.domain[0], m.t)));
    const attrs = `class="event" data-kind="${escapeHtml(m.kind)}" data-t="${num(m.t)}"`;
    let text = '';
    if (labels) {
      // A label runs right of its line, or left of it where it would leave the chart.
      const fit = (label: string): { label: string; left: number; right: number; row: number } => {
        const w = label.length * CHAR_WIDTH + 2;
        const flip = x + w > f.width - 2;
        const left = flip ? x - w : x;
        return {
          label,
          left,
          right: flip ? x : x + w,
          row: rowEnds.findIndex((end) => end + 6 <= left),
        };
      };
      let p = fit(`${i + 1} ${truncate(m.text, 28)}`);
      if (p.row < 0) p = fit(String(i + 1));
      if (p.row >= 0) {
        rowEnds[p.row] = p.right;
        const ty = f.margin.top - 4 - (MARKER_ROWS - 1 - p.row) * ROW_HEIGHT;
        const flipped = p.left < x;
        text =
          `<line class="leader" x1="${num(x)}" x2="${num(x)}" y1="${num(ty + 2)}" y2="${num(y1)}"/>` +
          `<text x="${num(flipped ? x - 2 : x + 2)}" y="${num(ty)}"${flipped ? ' text-anchor="end"' : ''}>${escapeHtml(p.label)}</text>`;
      }
    }
    out.push(
      `<g ${attrs}><title>${escapeHtml(m.title)}</title>` +
        `<line x1="${num(x)}" x2="${num(x)}" y1="${num(y0)}" y2="${num(y1)}"/>${text}</g>`,
    );
  });
  out.push('</g>');
  return out.join('');
}

/** An `<svg>` element wrapping `body`, scaled to its container, with an accessible title. */
export function svg(id: string, f: Frame, title: string, body: string): string {
  return (
    `<svg id="${escapeHtml(id)}" class="chart" viewBox="0 0 ${f.width} ${f.height}" ` +
    `role="img" aria-labelledby="${escapeHtml(id)}-title" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${escapeHtml(id)}-title">${escapeHtml(title)}</title>${body}</svg>`
  );
}
