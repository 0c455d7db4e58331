// Rendering an executed notebook: escaped outputs, tables, re-rendered charts, images, errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodeCell, Notebook, Output } from '../src/jupyter/ipynb.js';
import { findTitleHeading, renderNotebook, stripAnsi } from '../src/report/render/notebook-html.js';
import { countMarks } from './svg.js';

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const VEGA = 'application/vnd.vegalite.v5+json';
const TABLE = 'application/vnd.basel-lab.table+json';
const chartSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  data: {
    values: [
      { n: 1, ms: 2 },
      { n: 2, ms: 3 },
      { n: 3, ms: 5 },
    ],
  },
  mark: { type: 'line', point: true },
  encoding: { x: { field: 'n', type: 'quantitative' }, y: { field: 'ms', type: 'quantitative' } },
};

function codeCell(source: string, outputs: Output[]): CodeCell {
  return {
    cell_type: 'code',
    id: `c${Math.random().toString(16).slice(2, 10)}`,
    metadata: {},
    source,
    outputs,
    execution_count: 1,
  };
}
function notebookOf(...cells: Notebook['cells']): Notebook {
  return { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 };
}
const display = (data: Record<string, unknown>): Output => ({ output_type: 'display_data', data, metadata: {} });
const render = async (...outputs: Output[]) =>
  (await renderNotebook(notebookOf(codeCell('x', outputs)), 'test')).markup;

describe('renderNotebook', () => {
  it('renders markdown cells through the markdown factory, escaping raw HTML', async () => {
    const out = (
      await renderNotebook(
        notebookOf({
          cell_type: 'markdown',
          id: 'm1',
          metadata: {},
          source: ['# Title <script>x</script>\n', 'with $x^2$'],
        }),
        'nb',
      )
    ).markup;
    assert.match(out, /<h1>Title &lt;script&gt;x&lt;\/script&gt;<\/h1>/);
    assert.match(out, /class="katex"/);
  });

  it('can leave out the title line that a page section already shows, and only that line', async () => {
    const nb = notebookOf(codeCell('x', []), {
      cell_type: 'markdown',
      id: 'm1',
      metadata: {},
      source: ['Intro\n', '# 1. The *title*\n', 'Body text\n', '## Later heading'],
    });
    assert.deepEqual(findTitleHeading(nb), { cellIndex: 1, lineIndex: 1, text: '1. The *title*' });
    const kept = (await renderNotebook(nb, 'nb')).markup;
    const omitted = (await renderNotebook(nb, 'nb', undefined, { omitTitle: true })).markup;
    assert.match(kept, /<h1>1\. The <em>title<\/em><\/h1>/);
    assert.doesNotMatch(omitted, /<h1>/);
    for (const text of ['Intro', 'Body text', '<h2>Later heading</h2>']) assert.ok(omitted.includes(text), text);
    assert.equal(findTitleHeading(notebookOf(codeCell('# not markdown', []))), null);
    // Inside a page section (an h2), the notebook's own sections are one level lower.
    const nested = (await renderNotebook(nb, 'nb', undefined, { omitTitle: true, headingOffset: 1 })).markup;
    assert.match(nested, /<h3>Later heading<\/h3>/);
    assert.doesNotMatch(nested, /<h2>/);
  });

  it('highlights code cells as TypeScript and shows the execution count', async () => {
    const out = (await renderNotebook(notebookOf(codeCell('const n = 1e9; // <b>', [])), 'nb')).markup;
    assert.match(
      out,
      /<details class="cell-input" open><summary><span class="prompt" aria-label="execution count">\[1\]<\/span> code<\/summary><pre><code class="hljs language-typescript"><span class="hljs-keyword">const<\/span>/,
    );
    assert.match(out, /&lt;b&gt;/);
  });

  it('escapes stream text and styles stderr', async () => {
    const out = await render(
      { output_type: 'stream', name: 'stdout', text: ['<b>hi</b>\n'] },
      { output_type: 'stream', name: 'stderr', text: '\u001b[31mwarn\u001b[0m <i>' },
    );
    assert.match(out, /<pre class="output stream stdout">&lt;b&gt;hi&lt;\/b&gt;\n<\/pre>/);
    assert.match(out, /<pre class="output stream stderr">warn &lt;i&gt;<\/pre>/);
  });

  it('never inserts HTML or SVG from the notebook', async () => {
    const withPlain = await render(display({ 'text/html': '<script>alert(1)</script>', 'text/plain': 'a <table>' }));
    assert.match(withPlain, /<pre class="output text">a &lt;table&gt;<\/pre>/);
    assert.ok(!withPlain.includes('<script'));
    const htmlOnly = await render(display({ 'text/html': '<img src=x onerror=alert(1)>' }));
    assert.match(htmlOnly, /<pre class="output text">&lt;img src=x onerror=alert\(1\)&gt;<\/pre>/);
    const svgOnly = await render(display({ 'image/svg+xml': '<svg onload="alert(1)"><script>x</script></svg>' }));
    assert.match(svgOnly, /<img alt="output image" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+">/);
    assert.ok(!svgOnly.includes('onload'));
  });

  it("re-renders a Vega-Lite bundle to inline SVG, ignoring the bundle's own SVG", async () => {
    const out = await render(
      display({ [VEGA]: chartSpec, 'image/svg+xml': '<svg><script>evil()</script></svg>', 'text/plain': 'chart' }),
    );
    assert.match(out, /<figure class="output chart"><svg role="img"/);
    assert.ok(!out.includes('evil()'));
    assert.equal(countMarks(out).symbol, 3);
  });

  it('shows a chart that does not render as a note, and warns naming the notebook and cell', async () => {
    const nb = notebookOf(
      { cell_type: 'markdown', id: 'm', metadata: {}, source: 'x' },
      codeCell('x', [display({ [VEGA]: { mark: 'nonsense', data: { values: [] } } })]),
    );
    const warnings: string[] = [];
    const out = String(await renderNotebook(nb, '03-chunking.ipynb', undefined, { warn: (w) => warnings.push(w) }));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^chart "notebook 03-chunking.ipynb, cell 2".*; the chart is not shown$/);
    assert.match(
      out,
      /<p class="output unsupported" role="note">Chart not shown: chart &quot;notebook 03-chunking.ipynb, cell 2&quot;/,
    );
  });

  it('renders table JSON as an escaped table, with null as "not measured"', async () => {
    const table = {
      title: 'Variants <at> N',
      columns: [
        { key: 'variant', label: 'variant' },
        { key: 'ms', label: 'median', unit: 'ms' },
      ],
      rows: [
        { variant: '<b>loop</b>', ms: 12.5 },
        { variant: 'arrays', ms: null },
      ],
      note: 'arrays: skipped & why',
    };
    const out = await render(
      display({ [TABLE]: table, 'text/html': '<table><script>x</script></table>', 'text/plain': 'table' }),
    );
    assert.match(out, /<div class="table-scroll"><table><caption>Variants &lt;at&gt; N<\/caption>/);
    assert.match(out, /<th scope="col">median \(ms\)<\/th>/);
    assert.match(out, /<tr><td>&lt;b&gt;loop&lt;\/b&gt;<\/td><td class="num">12.5<\/td><\/tr>/);
    assert.match(out, /<td class="missing">not measured<\/td>/);
    assert.match(out, /<p class="table-note">arrays: skipped &amp; why<\/p>/);
    assert.ok(!out.includes('<script'));
  });

  it('shows malformed table JSON as a note naming the cell, never as markup', async () => {
    assert.match(
      await render(display({ [TABLE]: { columns: [], rows: [] } })),
      /Table not shown: notebook test, cell 1: table JSON at columns is not valid \(Too small/,
    );
    const out = await render(
      display({ [TABLE]: { columns: [{ key: 'a', label: 'A' }], rows: [{ a: { html: '<b>' } }] } }),
    );
    assert.match(out, /Table not shown: notebook test, cell 1: table JSON at rows\.0\.a is not valid/);
    assert.ok(!out.includes('<b>'));
  });

  it('shows a PNG only when its base64 is a valid PNG', async () => {
    assert.match(
      await render(display({ 'image/png': `${PNG_1X1}\n` })),
      new RegExp(`<img alt="output image" src="data:image/png;base64,${PNG_1X1.replace(/\+/g, '\\+')}">`),
    );
    const bad = await render(display({ 'image/png': 'AAAA" onerror="alert(1)', 'text/plain': 'fallback' }));
    assert.ok(!bad.includes('<img'));
    assert.match(bad, /fallback/);
    assert.ok(!(await render(display({ 'image/png': 'AAAAAAAA', 'text/plain': 'not a png' }))).includes('<img'));
  });

  it('renders error outputs with ANSI codes stripped and text escaped', async () => {
    const out = await render({
      output_type: 'error',
      ename: 'RangeError',
      evalue: 'bad <n>',
      traceback: ['\u001b[31mRangeError\u001b[0m: bad <n>', '    at \u001b[1mcell\u001b[0m'],
    });
    assert.match(
      out,
      /<pre class="output error"><strong>RangeError: bad &lt;n&gt;<\/strong>\nRangeError: bad &lt;n&gt;\n {4}at cell<\/pre>/,
    );
    assert.ok(!out.includes('\u001b'));
  });

  it('says when an output has no representation it can show', async () => {
    assert.match(
      await render(display({ 'application/x-unknown': 1 })),
      /Output not shown: no supported representation \(application\/x-unknown\)/,
    );
  });
});

describe('stripAnsi', () => {
  for (const [input, expected] of [
    ['\u001b[0;31mred\u001b[0m', 'red'],
    ['\u001b[1A\u001b[2Kline', 'line'],
    ['plain', 'plain'],
  ]) {
    it(JSON.stringify(input), () => assert.equal(stripAnsi(input!), expected));
  }
});
