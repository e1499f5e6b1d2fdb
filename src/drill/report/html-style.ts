/**
 * The HTML report's stylesheet, inlined in the page (no external fonts or files): system
 * fonts, a readable measure, tables, verdict colours, chart strokes per class and event
 * kind, and print rules so the report prints to PDF as evidence.
 */

/** Colours of event markers by kind (also used by the legend swatches). */
export const EVENT_COLOURS: Record<string, string> = {
  step: '#9e9e9e',
  fault: '#b71c1c',
  detection: '#e65100',
  failover: '#1565c0',
  recovery: '#2e7d32',
  rollback: '#6a1b9a',
  'stop-condition': '#795548',
  interrupt: '#212121',
};

const eventRules = Object.entries(EVENT_COLOURS)
  .map(
    ([kind, colour]) =>
      `.event[data-kind="${kind}"] line{stroke:${colour}}.event[data-kind="${kind}"] text{fill:${colour}}` +
      `ul.legend .key-event.kind-${kind} .swatch{background:${colour}}`,
  )
  .join('\n');

/** The whole stylesheet. */
export const REPORT_CSS = `
:root{--fg:#1b1b1b;--muted:#5f6368;--line:#d0d4d9;--bg:#fff;--ok:#1b7f3b;--bad:#b3261e;--warn:#a15c00}
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:24px 20px 48px;background:var(--bg)}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1rem;margin:1.25rem 0 .5rem}
p.description{white-space:pre-wrap;margin:.25rem 0 1rem;color:var(--fg)}
.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f5;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.facts th{width:34%;background:#fafbfc}
.verdict{display:inline-block;font-weight:700;padding:2px 10px;border-radius:4px;color:#fff;letter-spacing:.04em}
.verdict.passed{background:var(--ok)}.verdict.failed{background:var(--bad)}
.verdict.aborted,.verdict.interrupted{background:var(--warn)}
.met{color:var(--ok);font-weight:600}.missed{color:var(--bad);font-weight:600}
tr.missed-row td{background:#fdf1f0}
.status-failed{color:var(--bad);font-weight:600}.status-skipped{color:var(--muted)}
.error{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;white-space:pre-wrap;word-break:break-word}
figure{margin:1rem 0 1.5rem}
figcaption{font-weight:600;margin-bottom:.25rem}
svg.chart{display:block;width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:4px}
svg.chart text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#444}
svg.chart .grid{stroke:#eceff1}
svg.chart .axis,svg.chart .tick-mark{stroke:#90a4ae}
svg.chart .axis-title{fill:var(--muted)}
svg.chart .series,svg.chart .lag{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg.chart .failed{fill:none;stroke:#d32f2f;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg.chart .failed-area{fill:#d32f2f;fill-opacity:.18;stroke:none}
svg.chart .rate{fill:none;stroke:#37474f;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg.chart .objective{stroke:#2e7d32;stroke-dasharray:6 4}
svg.chart .rto-span rect{fill:#ffb300;fill-opacity:.16}
svg.chart .rto-span.open rect{fill:#d32f2f;fill-opacity:.10}
svg.chart .rto-span text{fill:#8d5a00;font-weight:600}
svg.chart .event line{stroke-width:1.25;stroke-dasharray:4 3}
svg.chart .event line.leader{stroke-dasharray:1 2;stroke-width:1}
svg.chart .event text{font-weight:600}
svg.chart .lag-unknown{fill:#d32f2f}
svg.chart .no-data{fill:var(--muted);font-size:14px}
ul.legend{list-style:none;padding:0;margin:.4rem 0 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.85rem;color:#333}
ul.legend .swatch{display:inline-block;width:18px;height:4px;margin-right:6px;vertical-align:middle;background:#999;border-radius:2px}
ul.legend .key-failed .swatch{background:#d32f2f}ul.legend .key-rate .swatch{background:#37474f}
ul.legend .key-objective .swatch{background:repeating-linear-gradient(90deg,#2e7d32 0 6px,transparent 6px 10px)}
ul.legend .key-rto .swatch{height:12px;background:rgba(255,179,0,.35)}
ul.legend .key-unknown .swatch{width:8px;height:8px;border-radius:50%;background:#d32f2f}
ul.legend .key-event .swatch{width:3px;height:14px}
footer{margin-top:2.5rem;font-size:.8rem;color:var(--muted)}
${eventRules}
@media print{body{background:#fff}main{max-width:none;padding:0}figure,table,tr{break-inside:avoid}h2{break-after:avoid}}
`;
