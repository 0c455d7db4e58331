import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  chartBundle,
  inKernel,
  progressDisplay,
  progressText,
  showChart,
  showTable,
  tableBundle,
} from '../src/chapters/display.js';
import { VEGA_LITE_MIME } from '../src/report/charts/chart-data.js';
import { TABLE_MIME, type Table } from '../src/report/table/model.js';
import { tableText } from '../src/report/table/text.js';
import { REPO_ROOT, tempDir } from './helpers.js';

const TABLE: Table = {
  title: 'Per-term time',
  columns: [
    { key: 'variant', label: 'variant' },
    { key: 'time', label: 'time', unit: 'ns' },
    { key: 'note', label: 'note' },
  ],
  rows: [
    { variant: 'loop', time: 1.25, note: '<fast> & "simple"' },
    { variant: 'idiomatic', time: 12, note: null },
  ],
  note: 'N = 1e6',
};

const SPEC = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  title: 'Two points',
  data: {
    values: [
      { n: 1, t: 2 },
      { n: 10, t: 3 },
    ],
  },
  mark: 'line',
  encoding: { x: { field: 'n', type: 'quantitative' }, y: { field: 't', type: 'quantitative' } },
};

test('outside a kernel the helpers return their bundle instead of throwing', () => {
  assert.equal(inKernel(), false);
  const bundle = showTable(TABLE);
  assert.ok(bundle !== undefined);
  assert.deepEqual(Object.keys(bundle).sort(), [TABLE_MIME, 'text/html', 'text/plain'].sort());
  assert.deepEqual(bundle[TABLE_MIME], TABLE);
});

test('the text table aligns columns, right-aligns numbers and puts units in the header', () => {
  assert.equal(
    tableText(TABLE),
    [
      'Per-term time',
      'variant    time (ns)  note',
      '---------  ---------  -----------------',
      'loop            1.25  <fast> & "simple"',
      'idiomatic         12  not measured',
      'N = 1e6',
    ].join('\n'),
  );
});

test("the HTML table is the report's, with every value escaped", () => {
  const html = String(showTable(TABLE)?.['text/html']);
  assert.match(html, /<caption>Per-term time<\/caption>/);
  assert.match(html, /<th scope="col">time \(ns\)<\/th>/);
  assert.match(html, /&lt;fast&gt; &amp; &quot;simple&quot;/);
  assert.doesNotMatch(html, /<fast>/);
});

test('a chart is the Vega-Lite spec, an SVG rendering and a text line', async () => {
  const bundle = await showChart(SPEC);
  assert.ok(bundle !== undefined);
  assert.deepEqual(bundle[VEGA_LITE_MIME], SPEC);
  assert.match(String(bundle['image/svg+xml']), /^<svg[\s\S]*Two points[\s\S]*<\/svg>$/);
  assert.equal(bundle['text/plain'], '[chart: Two points]');
});

test('progress outside a kernel returns its current line', () => {
  const progress = progressDisplay('sweep');
  assert.deepEqual(progress.update(3, 6, 'N=1e6'), { 'text/plain': 'sweep [##########----------] 3/6 N=1e6' });
  assert.deepEqual(progress.done('sweep done'), { 'text/plain': 'sweep done' });
  assert.equal(progressText('x', 0, 0), 'x [####################] 0/0');
});

test('inside a kernel, bundles go to tslab with display ids; progress updates in place', async () => {
  // Stand in for the module a tslab kernel has loaded (tslab/dist/jupyter.js), with its writer set.
  const sent: { content: { data: Record<string, unknown>; transient: { display_id?: string } }; update: boolean }[] =
    [];
  const fakePath = join(tempDir(), 'node_modules', 'tslab', 'dist', 'jupyter.js');
  const require = createRequire(import.meta.url);
  const module = {
    exports: { lastWriteDisplayData: (content: never, update: boolean) => sent.push({ content, update }) },
  };
  require.cache[fakePath] = module as unknown as NodeJS.Module;
  after(() => {
    delete require.cache[fakePath];
  });

  assert.equal(inKernel(), true);
  assert.equal(showTable(TABLE), undefined, 'nothing is returned, so tslab does not print it as the value');
  assert.deepEqual(sent[0]?.content.data, tableBundle(TABLE));
  assert.equal(sent[0]?.update, false);

  assert.equal(await showChart(SPEC), undefined);
  assert.deepEqual(sent[1]?.content.data, await chartBundle(SPEC));

  const progress = progressDisplay('sweep');
  progress.update(1, 4);
  progress.update(2, 4); // within the minimum interval: skipped
  progress.update(4, 4); // the last step is always shown
  progress.done('sweep: 4 points');
  const updates = sent.slice(2);
  assert.deepEqual(
    updates.map((entry) => entry.update),
    [false, true, true],
  );
  assert.deepEqual(
    updates.map((entry) => entry.content.data['text/plain']),
    ['sweep [#####---------------] 1/4', 'sweep [####################] 4/4', 'sweep: 4 points'],
  );
  const ids = new Set(updates.map((entry) => entry.content.transient.display_id));
  assert.equal(ids.size, 1);
  assert.match(String([...ids][0]), /^basel-lab-progress-/);
});

test('the package can be require()d, as tslab loads it (no top-level await in its module graph)', () => {
  const require = createRequire(import.meta.url);
  const index = require(join(REPO_ROOT, 'dist', 'src', 'index.js')) as { showTable?: unknown };
  assert.equal(typeof index.showTable, 'function');
});
