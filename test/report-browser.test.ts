// The generated report in Debian's Chromium: no console error, no request but the file, every chart drawn; plus the smoke end to end.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { NOTEBOOKS_DIR } from '../src/util/paths.js';
import { publishReport } from '../src/report/publish.js';
import { FIXTURES, runCli, tempDir } from './helpers.js';
import { FIXED_BUILD, FIXTURE_MACHINE_ID, writeReportFixture } from './report-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (CI installs it)`;
if (skip !== false) process.stdout.write(`# skipping the browser checks: ${skip}\n`);
/** The smoke profile runs every stage for real: specs and probe, four sweeps, the notebooks. */
const END_TO_END_TIMEOUT_MS = 900_000;

/**
 * A desktop and a phone width: the page must not scroll sideways at either. At the desktop width every table
 * fits its column with every number in view; on the phone a wide table may scroll inside its frame (its
 * first column stays put), but the summary shows numbers and every table data beside the names.
 */
const LAYOUT_WIDTHS_PX = [1280, 390];
const PHONE_MAX_PX = 640;

/**
 * What does not fit at the page's current width: the page wider than the window, a table (or chart) wider
 * than its column, or a number cell with no visible box inside its table's frame.
 */
async function layoutProblems(page: import('playwright-core').Page): Promise<string[]> {
  return page.evaluate((phoneMaxPx) => {
    const phone = window.innerWidth <= phoneMaxPx;
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`page ${root.scrollWidth}px wide in ${root.clientWidth}px`);
    const name = (el: Element) => el.querySelector('caption')?.textContent ?? el.closest('[id]')?.id ?? '?';
    for (const frame of Array.from(document.querySelectorAll('.table-scroll'))) {
      const table = frame.querySelector('table');
      if (table === null) continue;
      if (!phone && frame.scrollWidth > frame.clientWidth)
        problems.push(`table "${name(table)}" ${frame.scrollWidth}px wide in ${frame.clientWidth}px`);
      const box = frame.getBoundingClientRect();
      const inView = (cell: Element) => {
        const r = cell.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.left >= box.left - 1 && r.right <= box.right + 1;
      };
      const numbers = Array.from(table.querySelectorAll('td.num'));
      const shown = numbers.filter(inView).length;
      if (!phone && shown < numbers.length)
        problems.push(`"${name(table)}": ${numbers.length - shown} of ${numbers.length} numbers not in view`);
      // On a phone: the summary shows numbers, every other table a value or a reason beside the row's name.
      const data = Array.from(table.querySelectorAll<HTMLTableCellElement>('td.num, td.missing')).filter(
        (cell) => cell.cellIndex > 0,
      );
      if (phone && frame.closest('#summary') !== null && numbers.length > 0 && shown === 0)
        problems.push(`the summary "${name(table)}" shows no number`);
      if (phone && data.length > 0 && !data.some(inView)) problems.push(`"${name(table)}" shows only names`);
    }
    for (const svg of Array.from(document.querySelectorAll('figure.chart > svg'))) {
      const figure = svg.parentElement!;
      if (svg.getBoundingClientRect().width > figure.clientWidth + 1) problems.push(`chart ${figure.id} overflows`);
    }
    return problems;
  }, PHONE_MAX_PX);
}

/** A4 less the print stylesheet's 12 mm margins, in CSS pixels (96 per inch). */
const PRINT_WIDTH_PX = Math.floor(((210 - 2 * 12) / 25.4) * 96);

/** What printing would cut off: with print media at the printed width, any table or chart wider than the page. */
async function printProblems(page: import('playwright-core').Page): Promise<string[]> {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: PRINT_WIDTH_PX, height: 1100 });
  try {
    return await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const problems: string[] = [];
      const name = (el: Element) => el.querySelector('caption')?.textContent ?? el.closest('[id]')?.id ?? '?';
      for (const el of Array.from(document.querySelectorAll('table, figure.chart > svg'))) {
        const right = el.getBoundingClientRect().right;
        if (right > width + 1)
          problems.push(`"${name(el.closest('figure') ?? el)}" ends at ${Math.round(right)}px of ${width}px`);
      }
      return problems;
    });
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

/** What the page looks like to a browser: charts and their drawn marks, requests, console problems. */
async function checkInBrowser(
  htmlPath: string,
  screenshotPath: string,
): Promise<{ charts: { id: string; marks: number }[] }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const url = pathToFileURL(htmlPath).href;
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => {
      if (request.url() !== url && !request.url().startsWith('data:')) requests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url, { waitUntil: 'load' });
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll('figure.chart')).map((figure) => ({
        id: figure.id,
        marks: figure.querySelectorAll('svg g.role-mark path, svg g.role-mark line, svg g.role-mark rect').length,
        hasSvg: figure.querySelector('svg') !== null,
        height: figure.querySelector('svg')?.getBoundingClientRect().height ?? 0,
      })),
    );
    await page.screenshot({ path: screenshotPath, fullPage: false });
    for (const width of LAYOUT_WIDTHS_PX) {
      await page.setViewportSize({ width, height: 900 });
      assert.deepEqual(await layoutProblems(page), [], `at ${width} px`);
    }
    assert.deepEqual(await printProblems(page), [], 'printed on A4, every column is on the page');
    assert.deepEqual(requests, [], 'no network request but the page itself');
    assert.deepEqual(problems, [], 'no console error or warning');
    for (const chart of charts) {
      assert.ok(chart.hasSvg, `${chart.id} has an <svg>`);
      assert.ok(chart.marks > 0, `${chart.id} draws marks`);
      assert.ok(chart.height > 100, `${chart.id} is visible (${chart.height}px high)`);
    }
    assert.ok(existsSync(screenshotPath));
    return { charts };
  } finally {
    await browser.close();
  }
}

describe('the report in Chromium', { skip }, () => {
  it('opens from file:// with every chart drawn, nothing requested, no console error', async () => {
    const out = tempDir('basel-lab-report-browser-');
    writeReportFixture(out);
    const { htmlPath, viewModel } = await publishReport(out, {
      profile: 'quick',
      machineId: FIXTURE_MACHINE_ID,
      build: FIXED_BUILD,
    });
    const { charts } = await checkInBrowser(htmlPath, join(out, 'screenshot.png'));
    // The front page's figures and the data section's sample-order charts carry their chart id; a notebook's chart output is a figure too, without one.
    assert.deepEqual(
      charts.filter((c) => c.id !== '').map((c) => c.id),
      [...viewModel.charts, ...viewModel.data.sampleCharts].map((c) => `chart-${c.id}`),
    );
    assert.equal(charts.filter((c) => c.id === '').length, 1, "the fixture notebook's chart");
  });

  it(
    '`basel-lab report --profile smoke` records, sweeps, runs the notebooks and renders a page that passes',
    { timeout: END_TO_END_TIMEOUT_MS },
    async () => {
      const out = tempDir('basel-lab-report-e2e-');
      // The chapter notebooks when the package has them; until then a fixture notebook exercises the same path.
      const hasChapters =
        existsSync(NOTEBOOKS_DIR) && readdirSync(NOTEBOOKS_DIR).some((name) => name.endsWith('.ipynb'));
      const notebooksDir = hasChapters ? NOTEBOOKS_DIR : join(FIXTURES, 'report-notebooks');
      const result = runCli(
        ['report', '--profile', 'smoke', '--out', out, ...(hasChapters ? [] : ['--notebooks', notebooksDir])],
        { timeoutMs: END_TO_END_TIMEOUT_MS },
      );
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout.trim(), join(out, 'index.html'));
      assert.equal(readdirSync(join(out, 'machines')).length, 1, 'this machine recorded once');
      const [machineDir] = readdirSync(join(out, 'results'));
      assert.deepEqual(readdirSync(join(out, 'results', machineDir!)).sort(), [
        'chunk-smoke.json',
        'explore.json', // chapter 7's lab.save
        'n-smoke.json',
        'peers-smoke.json',
        'steps-smoke.json',
        'workers-smoke.json',
      ]);
      const expectedNotebooks = readdirSync(notebooksDir)
        .filter((name) => name.endsWith('.ipynb'))
        .sort();
      assert.deepEqual(readdirSync(join(out, 'notebooks')).sort(), expectedNotebooks);
      assert.ok(existsSync(join(out, 'results.csv')));
      const { charts } = await checkInBrowser(join(out, 'index.html'), join(out, 'screenshot.png'));
      for (const id of ['chart-time-vs-n', 'chart-chunk-size', 'chart-workers-vs-n', 'chart-cache-probe'])
        assert.ok(
          charts.some((c) => c.id === id),
          id,
        );

      // Re-running with --no-run renders the same stored data without measuring anything.
      const again = runCli(['report', '--no-run', '--profile', 'smoke', '--out', out, '--quiet']);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(again.stderr, '');
    },
  );
});
