import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillJournal } from '../../src/drill/journal.js';
import { writeReports } from '../../src/drill/report/index.js';
import { OUTAGE_EVENTS, outageMeasurements, passedRun } from '../helpers/drill-journal.js';

// The HTML report is opened in a real browser, as an auditor would open it: it must render
// its charts with data, log no error, and fetch nothing. CI installs Chromium (.ci/run).
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`drill-report-browser: skipped, ${CHROMIUM} is absent (apt-get install chromium)`);
}

// The tests compile without the DOM library; these are the parts used inside the page.
declare const window: { __injected?: number };
declare function getComputedStyle(element: unknown): { stroke: string };

const T0 = '2025-06-01T12:00:00.000Z';

/** A regional outage: us-west-2 serves, fails at 20 s, us-east-1 takes over at 24 s. */
function journal(): DrillJournal {
  const step = {
    activity: {
      type: 'action' as const,
      name: 'region outage <us-west-2>',
      provider: { type: 'lab-fault' },
    },
    status: 'succeeded' as const,
    start: T0,
    end: T0,
    duration: 0.2,
  };
  return {
    ...passedRun(T0, '2025-06-01T12:01:00.000Z'),
    experiment: {
      title: 'Regional outage <script>window.__injected = 1</script>',
      description: 'Tom & Jerry take us-west-2 down.',
    },
    steady_states: { before: { steady_state_met: true, probes: [] }, after: null },
    run: [step],
    rollbacks: [],
    measurements: outageMeasurements(T0, {
      replicationLag: {
        'us-west-2→us-east-1': [0, 10_000, 20_000, 30_000].map((t, i) => ({
          t,
          ms: 100 * (i + 1),
        })),
      },
      events: [...OUTAGE_EVENTS],
      objectives: [{ name: 'rto', target: 30_000, measured: 4400, unit: 'ms', met: true }],
    }),
  };
}

describe.skipIf(!hasChromium)('the HTML drill report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drill-report-browser-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders the charts with data, logs no error and requests nothing but the file', async () => {
    const { html } = await writeReports(journal(), dir, 'report');
    const url = pathToFileURL(html).href;
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning')
        problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) =>
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`),
    );
    page.on('request', (r) => requests.push(r.url()));

    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok()).toBe(true);

    expect(await page.title()).toBe(
      'Drill report: Regional outage <script>window.__injected = 1</script> (PASSED)',
    );
    expect(await page.evaluate(() => window.__injected)).toBeUndefined();
    expect(await page.locator('h1').textContent()).toContain(
      '<script>window.__injected = 1</script>',
    );

    const chart = page.locator('svg#chart-requests');
    await expect.poll(() => chart.count()).toBe(1);
    const series = chart.locator('path.series');
    expect(await series.evaluateAll((ps) => ps.map((p) => p.getAttribute('data-region')))).toEqual([
      'us-east-1',
      'us-west-2',
    ]);
    for (const region of ['us-east-1', 'us-west-2']) {
      const box = await chart.locator(`path.series[data-region="${region}"]`).boundingBox();
      expect(box, region).not.toBeNull();
      expect(box!.width, region).toBeGreaterThan(100);
      expect(box!.height, region).toBeGreaterThan(10);
    }
    const failed = await chart.locator('path.failed').boundingBox();
    expect(failed!.width).toBeGreaterThan(0);
    expect(await chart.locator('path.failed').evaluate((p) => getComputedStyle(p).stroke)).toBe(
      'rgb(211, 47, 47)',
    );

    const markers = chart.locator('g.event');
    expect(await markers.count()).toBe(5);
    expect(await markers.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-kind')))).toEqual([
      'fault',
      'detection',
      'failover',
      'recovery',
      'rollback',
    ]);
    for (let i = 0; i < 5; i++) {
      const box = await markers.nth(i).locator('line').first().boundingBox();
      expect(box!.height).toBeGreaterThan(50);
    }
    expect(await chart.locator('g.event text').allTextContents()).toContain('1 us-west-2 down');
    const rto = await chart.locator('g.rto-span rect').boundingBox();
    expect(rto!.width).toBeGreaterThan(5);

    const rate = await page.locator('svg#chart-success path.rate').boundingBox();
    expect(rate!.width).toBeGreaterThan(100);
    const lag = await page.locator('svg#chart-lag path.lag').boundingBox();
    expect(lag!.width).toBeGreaterThan(100);
    expect(await page.locator('ul.legend').count()).toBe(3);

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
