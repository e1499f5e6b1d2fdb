import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityRun, DrillJournal, SeriesPoint } from '../../src/drill/journal.js';
import {
  renderHtmlReport,
  renderMarkdownReport,
  writeReports,
} from '../../src/drill/report/index.js';
import {
  escapeMarkdown,
  formatDuration,
  formatInstant,
  formatPercent,
} from '../../src/drill/report/format.js';
import { linePath, niceTicks } from '../../src/drill/report/svg-chart.js';
import { OUTAGE_EVENTS, outageMeasurements, passedRun } from '../helpers/drill-journal.js';

const T0 = '2025-06-01T12:00:00.000Z';
const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();

function activity(
  name: string,
  over: Partial<ActivityRun> = {},
  type: 'probe' | 'action' = 'action',
  provider = 'lab-fault',
): ActivityRun {
  return {
    activity: { type, name, provider: { type: provider } },
    status: 'succeeded',
    start: at(0),
    end: at(1500),
    duration: 1.5,
    ...over,
  };
}

function passingJournal(): DrillJournal {
  return {
    ...passedRun(T0, at(72_000)),
    experiment: {
      title: 'Regional outage',
      description: 'Take us-west-2 down.\nThe accelerator must move traffic.',
      file: 'drills/regional-outage.yaml',
    },
    steady_states: {
      before: {
        steady_state_met: true,
        probes: [activity('app answers', { tolerance_met: true, attempts: 1 }, 'probe', 'http')],
      },
      after: {
        steady_state_met: true,
        probes: [activity('app answers', { tolerance_met: true, attempts: 3 }, 'probe', 'http')],
      },
    },
    run: [
      activity('region outage us-west-2'),
      activity('wait for recovery', { duration: 30.2 }, 'probe', 'status'),
    ],
    rollbacks: [activity('clear faults')],
    measurements: outageMeasurements(T0, {
      replicationLag: {
        'us-west-2→us-east-1': [0, 5000, 10000, 15000, 20000].map((t, i) => ({
          t,
          ms: i === 4 ? null : 200 + i * 50,
        })),
        'us-east-1→us-west-2': [0, 5000, 10000].map((t) => ({ t, ms: 150 })),
      },
      events: [{ t: 0, kind: 'step', label: 'region outage us-west-2' }, ...OUTAGE_EVENTS],
      objectives: [
        { name: 'rto', target: 30_000, measured: 4400, unit: 'ms', met: true },
        { name: 'lostWrites', target: 0, measured: 0, unit: 'writes', met: true },
        { name: 'detection', target: 10_000, measured: 2100, unit: 'ms', met: true },
        { name: 'successRate', target: 0.9, measured: 0.9583, unit: 'ratio', met: true },
      ],
    }),
  };
}

function failingJournal(): DrillJournal {
  const j = passingJournal();
  j.status = 'failed';
  j.exitCode = 1;
  j.reason = '2 objectives missed';
  j.run[1] = activity('wait for recovery', {
    status: 'failed',
    exception: 'timed out after 30 s',
  });
  j.measurements.rpo = {
    lostWrites: 3,
    windowMs: 1200,
    checkedIn: ['us-east-1'],
    checkedAt: 58_000,
  };
  j.measurements.rtoMs = 72_500;
  j.measurements.objectives = [
    { name: 'rto', target: 5000, measured: 72_500, unit: 'ms', met: false },
    { name: 'rpo', target: 0, measured: 1200, unit: 'ms', met: false },
    { name: 'lostWrites', target: 0, measured: 3, unit: 'writes', met: false },
    { name: 'detection', target: 10_000, measured: null, unit: 'ms', met: false },
  ];
  return j;
}

function emptyJournal(): DrillJournal {
  const j = passingJournal();
  j.status = 'aborted';
  j.exitCode = 3;
  j.reason = 'the lab did not answer';
  j.steady_states = { before: null, after: null };
  j.run = [];
  j.rollbacks = [];
  j.measurements = {
    startedAt: T0,
    durationMs: 0,
    bucketMs: 1000,
    series: {},
    requests: { sent: 0, ok: 0, failed: 0, byRegion: {} },
    detectionMs: null,
    rtoMs: null,
    rpo: null,
    replicationLag: {},
    events: [],
    objectives: [{ name: 'rto', target: 30_000, measured: null, unit: 'ms', met: false }],
  };
  return j;
}

const EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

function hostileJournal(): DrillJournal {
  const j = passingJournal();
  j.experiment = { title: `Outage ${EVIL}`, description: `Tom & Jerry ${EVIL}`, file: 'a&b.yaml' };
  j.reason = `reason | with a pipe ${EVIL}`;
  j.run[0] = activity(`step ${EVIL}`, { status: 'failed', exception: `boom ${EVIL}` });
  j.measurements.events.push({ t: 30_000, kind: 'step', label: `event ${EVIL}` });
  j.measurements.series[`eu-<b>&"1`] = [{ t: 0, ok: 1, failed: 0 }];
  return j;
}

/** The `d` of each `path.series` in the requests chart, by region. */
function seriesPaths(html: string): Map<string, string> {
  const chart = /<svg id="chart-requests"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  const paths = new Map<string, string>();
  for (const m of chart.matchAll(/<path class="series" data-region="([^"]*)"[^>]* d="([^"]*)"/g)) {
    paths.set(m[1]!, m[2]!);
  }
  return paths;
}

function markdownRow(md: string, first: string): string[] {
  const line = md.split('\n').find((l) => l.startsWith(`| ${first} |`));
  expect(line, `a table row starting with ${first}`).toBeDefined();
  return line!.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
}

/** Expects each row named by a key to hold the given cells after its first. */
function expectRows(md: string, rows: Record<string, string[]>): void {
  for (const [first, cells] of Object.entries(rows))
    expect(markdownRow(md, first).slice(1), first).toEqual(cells);
}

describe('formatting for people', () => {
  it.each([
    [850, '850 ms'],
    [999.6, '1.0 s'],
    [4400, '4.4 s'],
    [59_960, '1 min'],
    [72_000, '1 min 12 s'],
    [3_600_000, '1 h'],
    [3_900_000, '1 h 5 min'],
    [-1500, '-1.5 s'],
    [null, 'not measured'],
  ])('formats %s ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('formats ratios, instants, and escapes Markdown', () => {
    expect(formatPercent(0.9583)).toBe('95.83 %');
    expect(formatPercent(null)).toBe('n/a');
    expect(formatInstant('2025-06-01T12:00:03.250Z')).toBe('2025-06-01 12:00:03.250 UTC');
    expect(formatInstant('2025-06-01T12:00:03Z')).toBe('2025-06-01 12:00:03 UTC');
    expect(escapeMarkdown('a|b <c> *d* & e\nf')).toBe('a\\|b \\<c\\> \\*d\\* \\& e f');
  });

  it('builds round ticks and gapped paths', () => {
    expect(niceTicks(0, 60_000, 6)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linePath([[0, 0], [10, 5], null, [20, 5]])).toBe('M0,0L10,5M20,5h0.5');
  });
});

describe('renderMarkdownReport', () => {
  it('reports a passing run: verdict, objectives, measurements, hypothesis, activities, timeline', () => {
    const md = renderMarkdownReport(passingJournal());
    expect(md).toMatch(/^# Drill report: Regional outage\n/);
    expect(md).toContain('Take us-west-2 down.\nThe accelerator must move traffic.');
    expect(md).toContain('| Started | 2025-06-01 12:00:00 UTC |');
    expect(md).toContain('| Duration | 1 min 12 s |');
    expect(md).toContain('## Verdict: PASSED');
    expect(md).toContain('| Exit code | 0 |');
    expectRows(md, {
      'Recovery time (RTO)': ['≤ 30.0 s', '4.4 s', '✔ met'],
      'Acknowledged writes lost (RPO)': ['≤ 0 writes', '0 writes', '✔ met'],
      'Request success rate': ['≥ 90 %', '95.83 %', '✔ met'],
    });
    expect(md).toContain('| Detection time (fault → noticed) | 2.1 s |');
    expect(md).toContain('| RPO checked in | us-east-1 at +58.0 s |');
    expect(md).toContain('| Requests answered OK | 1,150 (95.83 %) |');
    expect(md).toContain('| us-east-1 | 740 |');
    expect(md).toContain('### Before the method: ✔ met');
    expect(md).toContain('tolerance ✔ met; 3 attempts');
    expect(md).toContain('| 2 | wait for recovery | probe | status | succeeded | 30.2 s | — |');
    expect(md).toContain('| 1 | clear faults | action | lab-fault | succeeded | 1.5 s | — |');
    expect(md).toContain('| 2 | +20.0 s | fault | us-west-2 down |');
    expect(md).toContain('| 5 | +24.4 s | recovery | sustained success |');
    expect(md).toContain('| us-west-2 | 400 | 10 | 97.56 % | 0 s | +21.0 s | 20 req/s |');
    expect(md).toContain('| unserved | 0 | 40 | 0 % | +20.0 s | +23.0 s | 10 req/s |');
    expect(md).toContain('Lowest success rate: 0 % in the bucket at +20.0 s.');
    expect(md).toContain('| us-west-2→us-east-1 | 5 | 1 | 275 ms | 350 ms | unknown |');
  });

  it('reports a failing run with its missed objectives and the failed step', () => {
    const md = renderMarkdownReport(failingJournal());
    expect(md).toContain('## Verdict: FAILED');
    expect(md).toContain('| Exit code | 1 |');
    expect(md).toContain('4 of 4 missed.');
    expectRows(md, {
      'Recovery time (RTO)': ['≤ 5.0 s', '1 min 13 s', '✘ missed'],
      'Data-loss window (RPO)': ['≤ 0 ms', '1.2 s', '✘ missed'],
      'Acknowledged writes lost (RPO)': ['≤ 0 writes', '3 writes', '✘ missed'],
      'Detection time': ['≤ 10.0 s', 'not measured', '✘ missed'],
    });
    expect(md).toContain(
      '| 2 | wait for recovery | action | lab-fault | **failed** | 1.5 s | error: timed out after 30 s |',
    );
  });

  it('reports a run with no requests and null measurements without inventing numbers', () => {
    const md = renderMarkdownReport(emptyJournal());
    expect(md).toContain('## Verdict: ABORTED');
    expect(md).toContain('| Exit code | 3 |');
    expectRows(md, {
      'Recovery time (RTO)': ['≤ 30.0 s', 'not measured', '✘ missed'],
    });
    expect(md).toContain('| Detection time (fault → noticed) | not detected |');
    expect(md).toContain('| Acknowledged writes lost (RPO) | not measured |');
    expect(md).toContain('| Requests answered OK | 0 (n/a) |');
    expect(md).toContain('No request was answered by any region.');
    expect(md).toContain('### Before the method\n\nNot checked');
    expect(md).toContain('No activity ran.');
    expect(md).toContain('No rollback ran.');
    expect(md).toContain('No events were recorded.');
    expect(md).toContain('No request series was recorded.');
    expect(md).toContain('No replication lag was sampled.');
    expect(md).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('escapes the drill text so it cannot inject HTML or table cells', () => {
    const md = renderMarkdownReport(hostileJournal());
    // Every `<` from the drill is backslash-escaped, so a Markdown renderer shows it as text.
    expect(md).not.toMatch(/(?<!\\)</);
    expect(md).toContain('# Drill report: Outage \\<script\\>alert("x")\\</script\\> \\&');
    expect(md).toContain('Tom \\& Jerry');
    expect(md).toContain('| Drill file | a\\&b.yaml |');
    expect(md).toContain('error: boom \\<script\\>');
    expect(markdownRow(md, 'Reason')).toHaveLength(2);
    expect(md).toContain('| Reason | reason \\| with a pipe \\<script\\>');
  });
});

describe('renderHtmlReport', () => {
  it('renders the content and one requests series per region with data', () => {
    const html = renderHtmlReport(passingJournal());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>Drill report: Regional outage (PASSED)</title>');
    expect(html).toContain('<span class="verdict passed">PASSED</span>');
    expect(html).toMatch(
      /<td>Recovery time \(RTO\)<\/td><td class="num">≤ 30.0 s<\/td><td class="num">4.4 s<\/td><td class="met">✔ met<\/td>/,
    );
    const paths = seriesPaths(html);
    expect([...paths.keys()]).toEqual(['us-east-1', 'us-west-2']);
    for (const d of paths.values()) expect(d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){59}$/);
    expect(html).toMatch(/<path class="failed" data-kind="failed" d="M/);
    expect(html).toMatch(/<svg id="chart-success"[\s\S]*?<path class="rate" d="M/);
    expect(html).toMatch(/<path class="lag" data-direction="us-east-1→us-west-2"[^>]* d="M/);
    expect(html).toContain('class="lag-unknown"');
    for (const kind of ['step', 'fault', 'detection', 'failover', 'recovery', 'rollback']) {
      expect(html).toContain(`<g class="event" data-kind="${kind}"`);
    }
    const requests = /<svg id="chart-requests"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(requests.match(/<g class="event"/g)).toHaveLength(6);
    expect(requests).toContain('>2 us-west-2 down</text>');
    expect(requests).toMatch(
      /<g class="rto-span"><title>RTO 4.4 s<\/title><rect x="[\d.]+" y="[\d.]+" width="[\d.]+"/,
    );
    expect(html).toContain('<ul class="legend">');
    expect(html).toContain('seconds since start');
    expect(html).toContain('<th scope="row">RPO checked in</th><td>us-east-1 at +58.0 s</td>');
  });

  it('is self-contained: no external resources and no script that runs', () => {
    const html = renderHtmlReport(passingJournal());
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([' type="application/json" id="journal"']);
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
    const json = /<script type="application\/json" id="journal">([\s\S]*?)<\/script>/.exec(
      html,
    )![1]!;
    expect(JSON.parse(json)).toEqual(passingJournal());
  });

  it('marks missed objectives and a failed step', () => {
    const html = renderHtmlReport(failingJournal());
    expect(html).toContain('<span class="verdict failed">FAILED</span>');
    expect(html).toContain(
      '<tr class="missed-row"><td>Acknowledged writes lost (RPO)</td><td class="num">≤ 0 writes</td><td class="num">3 writes</td><td class="missed">✘ missed</td></tr>',
    );
    expect(html).toContain('<td class="num">not measured</td>');
    expect(html).toContain('<td class="status-failed">failed</td>');
    expect(html).toContain('<span class="error">timed out after 30 s</span>');
  });

  it('renders a run with no requests: empty charts that say so, no lag chart', () => {
    const html = renderHtmlReport(emptyJournal());
    expect(html).toContain('<svg id="chart-requests"');
    expect(seriesPaths(html).size).toBe(0);
    expect(html).toContain('No requests were sent during this run.');
    expect(html).not.toContain('<svg id="chart-lag"');
    expect(html).not.toContain('class="rto-span');
    expect(html).toContain('<span class="verdict aborted">ABORTED</span>');
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('shades an open span when the run never recovered', () => {
    const j = passingJournal();
    j.measurements.rtoMs = null;
    const html = renderHtmlReport(j);
    expect(html).toContain('<g class="rto-span open"><title>not recovered</title>');
  });

  it('escapes every journal string, in text, attributes and the data block', () => {
    const html = renderHtmlReport(hostileJournal());
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain(
      'Outage &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img',
    );
    expect(html).toContain('<code>a&amp;b.yaml</code>');
    expect(html).toContain('data-region="eu-&lt;b&gt;&amp;&quot;1"');
    expect(html).toContain('<span class="error">boom &lt;script&gt;');
    expect(html).toContain('\\u003cscript\\u003ealert');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    const json = /<script type="application\/json" id="journal">([\s\S]*?)<\/script>/.exec(
      html,
    )![1]!;
    expect(JSON.parse(json)).toEqual(hostileJournal());
  });
});

describe('a long run', () => {
  it('draws at most 1200 points per series, summing buckets, and keeps the totals', () => {
    const j = passingJournal();
    const points = (ok: number): SeriesPoint[] =>
      Array.from({ length: 5000 }, (_, i) => ({ t: i * 1000, ok: i % 2 ? ok : 0, failed: 0 }));
    j.measurements.series = { 'us-west-2': points(4), 'us-east-1': points(2) };
    j.measurements.durationMs = 5_000_000;
    const paths = seriesPaths(renderHtmlReport(j));
    for (const d of paths.values()) {
      const n = d.split(/[ML]/).length - 1;
      expect(n).toBeGreaterThan(500);
      expect(n).toBeLessThanOrEqual(1200);
    }
    expect(renderMarkdownReport(j)).toContain(
      '| us-west-2 | 10,000 | 0 | 100 % | +1.0 s | +1 h 23 min | 4 req/s |',
    );
  });
});

describe('writeReports', () => {
  it('writes <base>.md and <base>.html into the folder and returns their paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drill-report-'));
    try {
      const out = join(dir, 'nested', 'run');
      const paths = await writeReports(passingJournal(), out, 'report');
      expect(paths).toEqual({ markdown: join(out, 'report.md'), html: join(out, 'report.html') });
      expect(await readFile(paths.markdown, 'utf8')).toBe(renderMarkdownReport(passingJournal()));
      expect(await readFile(paths.html, 'utf8')).toBe(renderHtmlReport(passingJournal()));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
