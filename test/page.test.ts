// The page shell: self-contained, no script or remote resource, escaped, with a table of contents; at phone width in Chromium.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { renderChartFigure } from '../src/report/render/chart-html.js';
import { timeVsNChart } from '../src/report/charts/charts.js';
import { html, unsafe } from '../src/report/render/html.js';
import { createMarkdown } from '../src/report/render/markdown.js';
import { renderNotebook } from '../src/report/render/notebook-html.js';
import { renderPage } from '../src/report/render/page.js';
import type { ResultsFile } from '../src/results/schema.js';
import { writeFileAtomic } from '../src/util/atomic.js';
import { FIXTURES, tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

async function buildSamplePage(): Promise<string> {
  const results = JSON.parse(readFileSync(join(FIXTURES, 'results', 'n-sweep.json'), 'utf8')) as ResultsFile;
  const md = createMarkdown();
  const notebook = await renderNotebook(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'markdown',
          id: 'm1',
          metadata: {},
          source:
            'Summing $1/x^2$ as in [the article](https://example.org/basel).\n\n$$\\sum_{x=1}^\\infty \\frac{1}{x^2} = \\frac{\\pi^2}{6}$$',
        },
        {
          cell_type: 'code',
          id: 'c1',
          metadata: {},
          execution_count: 1,
          source: 'showTable(summary)',
          outputs: [
            {
              output_type: 'display_data',
              metadata: {},
              data: {
                'application/vnd.basel-lab.table+json': {
                  columns: Array.from({ length: 12 }, (_, i) => ({
                    key: `c${i}`,
                    label: `a long column heading ${i}`,
                    unit: 'ms',
                  })),
                  rows: [{ c0: 1.5, c1: null }],
                },
              },
            },
            { output_type: 'display_data', metadata: {}, data: { 'image/png': PNG_1X1 } },
            { output_type: 'stream', name: 'stdout', text: 'x'.repeat(300) },
          ],
        },
      ],
    },
    'sample.ipynb',
  );
  return renderPage({
    title: 'basel-lab <report>',
    intro: html`<p>Measured on ${'<script>alert("host")</script>'}.</p>`,
    sections: [
      {
        id: 'summary',
        title: 'Summary & charts',
        html: html`${unsafe(md.render('See **the charts**.'))}${await renderChartFigure(timeVsNChart(results))}`,
      },
      { id: 'nb-01', title: 'Naive loops', html: notebook },
    ],
    footer: html`<p>Built from <a href="results/n-sweep.json">results/n-sweep.json</a>.</p>`,
  });
}

const page = await buildSamplePage();

describe('renderPage', () => {
  it('is one self-contained document with no script and no remote resource', () => {
    assert.match(page, /^<!doctype html>\n<html lang="en">/);
    assert.ok(!/<script\b/i.test(page), 'no <script>');
    assert.ok(!/<link\b/i.test(page), 'no <link>');
    for (const tag of page.match(/<(img|script|link|iframe|source|video|audio|embed|object|image|use)\b[^>]*>/gi) ??
      []) {
      assert.doesNotMatch(tag, /\s(src|href|srcset|data|xlink:href)="(https?:)?\/\//i, tag);
    }
    assert.doesNotMatch(page, /url\((?!data:|#)/, 'every CSS url() is a data: URL');
    assert.match(
      page,
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:; font-src data:;/,
    );
  });

  it('keeps links in prose as links', () => {
    assert.match(page, /<a href="https:\/\/example.org\/basel">the article<\/a>/);
  });

  it('escapes the title and values from files', () => {
    assert.match(page, /<title>basel-lab &lt;report&gt;<\/title>/);
    assert.match(page, /Measured on &lt;script&gt;alert\(&quot;host&quot;\)&lt;\/script&gt;/);
  });

  it('has a table of contents linking every section', () => {
    assert.match(
      page,
      /<nav class="toc" aria-label="Contents">[^]*<li><a href="#summary">Summary &amp; charts<\/a><\/li>\n<li><a href="#nb-01">Naive loops<\/a><\/li>/,
    );
    assert.match(
      page,
      /<section id="summary" aria-labelledby="summary-title">\n<h2 id="summary-title">Summary &amp; charts<\/h2>/,
    );
  });

  it('styles light and dark mode, KaTeX and highlighted code inline', () => {
    assert.match(page, /<meta name="color-scheme" content="light dark">/);
    assert.match(page, /@media \(prefers-color-scheme: dark\)/);
    assert.match(page, /@font-face\{[^}]*font-family:KaTeX_Main;[^}]*src:url\(data:font\/woff2;base64,/);
    assert.match(page, /\.hljs-keyword/);
  });

  it('shows chart notes under the chart', () => {
    assert.match(
      page,
      /<figure class="chart" id="chart-time-vs-n">\n<figcaption>Time vs N<\/figcaption>\n<svg role="img"/,
    );
    assert.match(page, /<ul class="notes"><li>arrays at N=1e10: not measured: needs 320 GB/);
  });

  it('refuses bad or repeated section ids', () => {
    const section = { id: 'a', title: 'A', html: html`` };
    assert.throws(
      () => renderPage({ title: 't', sections: [{ ...section, id: '1 bad"' }] }),
      /section id "1 bad\\"" must start with a letter/,
    );
    assert.throws(() => renderPage({ title: 't', sections: [section, section] }), /section id "a" is used twice/);
  });

  it(
    'at 375 px in Chromium: no horizontal page scroll, charts drawn, no request and no console error',
    { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is not installed` },
    async () => {
      const file = join(tempDir(), 'index.html');
      writeFileAtomic(file, page);
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        for (const colorScheme of ['light', 'dark'] as const) {
          const context = await browser.newContext({ viewport: { width: 375, height: 800 }, colorScheme });
          const browserPage = await context.newPage();
          const requests: string[] = [];
          const problems: string[] = [];
          browserPage.on('request', (request) => {
            if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requests.push(request.url());
          });
          browserPage.on('console', (message) => {
            if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
          });
          browserPage.on('pageerror', (error) => problems.push(error.message));
          await browserPage.goto(pathToFileURL(file).href);
          const layout = await browserPage.evaluate(() => ({
            pageWidth: document.documentElement.scrollWidth,
            svgWidths: Array.from(document.querySelectorAll('figure.chart svg')).map(
              (svg) => svg.getBoundingClientRect().width,
            ),
            svgHeights: Array.from(document.querySelectorAll('figure.chart svg')).map(
              (svg) => svg.getBoundingClientRect().height,
            ),
            textColor: getComputedStyle(document.querySelector('figure.chart svg text')!).fill,
            bodyColor: getComputedStyle(document.body).color,
            katexFont: getComputedStyle(document.querySelector('.katex')!).fontFamily,
            fontsLoaded: document.fonts.status,
          }));
          assert.equal(layout.pageWidth, 375, `${colorScheme}: page is ${layout.pageWidth}px wide`);
          assert.equal(layout.svgWidths.length, 1);
          assert.ok(
            layout.svgWidths.every((w) => w > 300 && w <= 375),
            `svg widths ${layout.svgWidths}`,
          );
          assert.ok(
            layout.svgHeights.every((h) => h > 150),
            `svg heights ${layout.svgHeights}`,
          );
          assert.equal(layout.textColor, layout.bodyColor, `${colorScheme}: chart text follows the page colour`);
          assert.match(layout.katexFont, /KaTeX_Main/);
          assert.deepEqual(requests, []);
          assert.deepEqual(problems, []);
          await context.close();
        }
      } finally {
        await browser.close();
      }
    },
  );
});
