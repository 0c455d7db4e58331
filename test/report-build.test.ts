// The report's render stage on fixtures: view-model snapshot, HTML pieces, escaping, "not measured", chart failures.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildReport } from '../src/pipeline/build-report.js';
import { runReportNotebooks } from '../src/pipeline/run-notebooks.js';
import { loadReportInputs } from '../src/report/load.js';
import { publishReport } from '../src/report/publish.js';
import { renderReport } from '../src/report/render/report-html.js';
import { cellText, isMissing, type Table } from '../src/report/table/model.js';
import { cachedSvgRenderer } from '../src/report/render/svg-cache.js';
import { buildViewModel, type TableOrMissing } from '../src/report/view-model.js';
import { CSV_COLUMNS } from '../src/results/csv.js';
import { FIXTURES, tempDir } from './helpers.js';
import { FIXED_BUILD, FIXTURE_MACHINE_ID, HOSTILE_HOSTNAME, writeReportFixture } from './report-fixture.js';
import { assertSnapshot } from './snapshot.js';

const out = tempDir('basel-lab-report-');
writeReportFixture(out);
const published = await publishReport(out, {
  profile: 'quick',
  machineId: FIXTURE_MACHINE_ID,
  build: FIXED_BUILD,
  debug: true,
});
const page = readFileSync(published.htmlPath, 'utf8');
const vm = published.viewModel;

/** The table, failing the test when the view-model says it is missing. */
function tableOf(value: TableOrMissing): Table {
  assert.ok('table' in value, 'missing' in value ? value.missing : 'no table');
  return value.table;
}

/** Every cell of a column as the page shows it. */
function columnTexts(table: Table, key: string): string[] {
  const column = table.columns.find((c) => c.key === key)!;
  return table.rows.map((row) => cellText(row[key], column));
}

describe('report view-model', () => {
  it('matches its snapshot', () => {
    assertSnapshot('report-view-model', vm);
  });

  it('is written beside the page as JSON when debugging', () => {
    assert.equal(published.viewModelPath, join(out, 'index.viewmodel.json'));
    assert.deepEqual(JSON.parse(readFileSync(published.viewModelPath!, 'utf8')), JSON.parse(JSON.stringify(vm)));
  });

  it('describes the subject machine and every sweep kind, missing ones as not measured', () => {
    assert.deepEqual(
      tableOf(vm.machine).columns.map((c) => c.label),
      ['spec', FIXTURE_MACHINE_ID],
    );
    assert.deepEqual(
      vm.sweeps.map((s) => s.kind),
      ['n', 'steps', 'chunk', 'workers'],
    );
    assert.match(
      vm.sweeps.find((s) => s.kind === 'steps')!.text,
      /^not measured: no steps sweep stored for fixture-host-abc123 at profile quick$/,
    );
    assert.match(vm.sweeps.find((s) => s.kind === 'n')!.text, /^\d+ points measured, 1 skipped, 1 failed/);
  });

  it('marks exactly one fastest measured cell per column of the headline table', () => {
    const headline = tableOf(vm.headline);
    const nColumns = headline.columns.filter((c) => c.key.startsWith('n'));
    assert.ok(nColumns.length > 0);
    for (const column of nColumns) {
      const measured = headline.rows.flatMap((row) => {
        const cell = row[column.key];
        return typeof cell === 'object' && cell !== null && 'value' in cell ? [cell] : [];
      });
      const fastest = measured.filter((c) => c.fastest === true);
      if (measured.length === 0) {
        assert.equal(fastest.length, 0);
        continue;
      }
      assert.equal(fastest.length, 1);
      assert.equal(fastest[0]!.value, Math.min(...measured.map((c) => c.value)));
    }
  });

  it('says why a cell is not measured, never blank or zero', () => {
    const headline = tableOf(vm.headline);
    const texts = headline.columns
      .filter((c) => c.key.startsWith('n'))
      .flatMap((c) => headline.rows.filter((row) => isMissing(row[c.key])).map((row) => cellText(row[c.key], c)));
    assert.ok(
      texts.includes('not measured: needs 320 GB (4 arrays of 8·N bytes), machine has 16 GB'),
      texts.join('\n'),
    );
    assert.ok(texts.some((t) => /^not measured: run failed: RangeError/.test(t)));
    assert.ok(texts.some((t) => t === 'not measured: not in the stored n sweep'));
  });

  it('labels the article\u2019s figures as published there and joins them through mirrors', () => {
    const table = vm.articleComparison;
    const loop = table.rows.findIndex((row) => row.variant === 'loop');
    assert.equal(table.rows[loop]!.mirrors, 'basel_less_pythonic');
    assert.equal(columnTexts(table, 'article-1e9')[loop], '59,250');
    assert.equal(columnTexts(table, 'article-1e10')[loop], '592,000 (est.)');
    assert.match(
      vm.articleComparison.note ?? '',
      /^As published in the reference article .* Apple M1 Pro — not measured by basel-lab\./,
    );
    assert.ok(vm.languages.rows.some((row) => row.implementation === 'C (-O3)' && row.source === 'study, M1 Pro'));
  });

  it('lists every machine side by side, this one first and the reference last, and the napkin verdict', () => {
    assert.deepEqual(
      vm.machineSpecs.columns.map((c) => c.label),
      ['spec', FIXTURE_MACHINE_ID, 'hostile', 'reference-m1-pro'],
    );
    assert.ok(vm.napkin.tables.length > 0);
    assert.match(tableOf(vm.napkin.tables[0]!).note ?? '', /Verdict: (agrees|disagrees): near-best chunks end at/);
  });
});

describe('report HTML', () => {
  it('marks the fastest cell with a star and words, not colour alone', () => {
    assert.match(
      page,
      /<td class="num fastest"><strong>[\d.,]+ \(±[\d.]+%\)<\/strong> <span class="fastest-mark" title="fastest in this column">★<span class="visually-hidden"> fastest<\/span><\/span><\/td>/,
    );
  });

  it('shows missing cells as not measured with the reason', () => {
    assert.match(page, /<td class="missing">not measured: needs 320 GB/);
  });

  it('draws every chart as an inline SVG figure', () => {
    for (const chart of vm.charts)
      assert.match(
        page,
        new RegExp(`<figure class="chart" id="chart-${chart.id}">\\n<figcaption>[^<]+</figcaption>\\n<svg role="img"`),
      );
    assert.ok(
      vm.charts.some((c) => c.id === 'chunk-size') &&
        vm.charts.some((c) => c.id === 'workers-vs-n') &&
        vm.charts.some((c) => c.id === 'time-vs-n'),
    );
  });

  it('renders each notebook as a section in order, with math at build time and the stop reason', () => {
    const intro = page.indexOf('<section id="notebook-01-intro"');
    const stopped = page.indexOf('<section id="notebook-02-stopped"');
    assert.ok(
      intro > page.indexOf('<section id="napkin"') && stopped > intro && page.indexOf('<section id="data"') > stopped,
    );
    assert.match(page, /<span class="katex">/);
    assert.match(page, /This notebook did not run through: stopped at cell 2: RangeError: boom &lt;b&gt;/);
  });

  it('links the data relative to the page and names the versions it was built with', () => {
    for (const href of [
      'results.csv',
      `results/${FIXTURE_MACHINE_ID}/n-quick.json`,
      `machines/${FIXTURE_MACHINE_ID}.json`,
      'notebooks/01-intro.ipynb',
    ])
      assert.ok(page.includes(`<a href="${href}">`), href);
    assert.match(
      page,
      /Built 2026-11-24T12:30:00.000Z with basel-lab 0.1.0, node 20.20.2, v8 11.3, vega 6.x, vega-lite 6.4.x, katex 0.x, markdown-it 14.x\./,
    );
    const csv = readFileSync(join(out, 'results.csv'), 'utf8');
    assert.equal(csv.split(/\r?\n/)[0], CSV_COLUMNS.join(','));
    assert.match(csv, /fixture-host-abc123,workers,quick,/);
  });
});

describe('report escaping', () => {
  it('shows a hostile machine record as text', () => {
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!page.includes(HOSTILE_HOSTNAME));
    assert.ok(page.includes('&lt;img src=x onerror=alert(2)&gt;'));
  });

  it('escapes markdown HTML and notebook HTML outputs; the page has no script at all', () => {
    assert.doesNotMatch(page, /<script\b/i);
    assert.doesNotMatch(page, /<img src=x/);
    assert.doesNotMatch(page, /<b onclick/);
    assert.match(page, /&lt;b onclick=&quot;alert\(5\)&quot;&gt;bold&lt;\/b&gt;/);
    assert.match(page, /<td>&lt;i&gt;arrays&lt;\/i&gt;<\/td>/);
  });
});

describe('report without results', () => {
  it('renders every section, saying what is not measured', async () => {
    const empty = tempDir('basel-lab-report-empty-');
    const { htmlPath, viewModel, viewModelPath } = await publishReport(empty, {
      profile: 'smoke',
      machineId: 'nobody',
      build: FIXED_BUILD,
      debug: false,
    });
    const emptyPage = readFileSync(htmlPath, 'utf8');
    assert.equal(viewModelPath, null);
    assert.ok(!existsSync(join(empty, 'index.viewmodel.json')));
    assert.equal(viewModel.charts.length, 0);
    assert.match(emptyPage, /<p class="missing">not measured: no results stored at profile smoke<\/p>/);
    assert.match(
      emptyPage,
      /<p class="smoke-banner" role="note">Smoke profile: this checks that everything runs — these numbers mean nothing/,
    );
    assert.match(emptyPage, /Time vs N: not measured: no results stored at profile smoke/);
    assert.match(emptyPage, /not measured: no machine record for this machine under machines\//);
    assert.ok(
      columnTexts(viewModel.articleComparison, 'here-1e9').every(
        (text) => text === 'not measured: no results stored at profile smoke',
      ),
    );
  });

  it('renders from disk only when not asked to run anything', async () => {
    const dir = tempDir('basel-lab-report-norun-');
    writeReportFixture(dir);
    const { failures, report } = await buildReport({
      outDir: dir,
      profile: 'quick',
      run: false,
      notebooks: { folder: join(dir, 'no-such-folder') },
    });
    assert.deepEqual(failures, []);
    assert.ok(existsSync(report.htmlPath));
    assert.ok(!existsSync(join(dir, 'results', 'no-such-folder')));
  });
});

describe('a chart that fails to render', () => {
  it('fails the build, naming the chart', async () => {
    const broken = buildViewModel(
      loadReportInputs(out, { profile: 'quick', machineId: FIXTURE_MACHINE_ID, build: FIXED_BUILD }),
    );
    broken.charts.push({
      id: 'broken-chart',
      title: 'Broken',
      notes: [],
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        data: { values: [] },
        mark: 'no-such-mark',
        encoding: {},
      },
    });
    await assert.rejects(renderReport(broken), /chart "broken-chart"/);
  });
});

describe('the SVG cache', () => {
  it('renders each distinct (name, spec) once and never stores a failure', async () => {
    const calls: string[] = [];
    const render = cachedSvgRenderer(tempDir('basel-lab-svg-cache-'), async (spec, name) => {
      calls.push(name);
      if (name === 'bad') throw new Error('chart "bad" failed to render');
      return `<svg>${JSON.stringify(spec)}</svg>`;
    });
    assert.equal(await render({ a: 1 }, 'one'), '<svg>{"a":1}</svg>');
    assert.equal(await render({ a: 1 }, 'one'), '<svg>{"a":1}</svg>');
    await render({ a: 2 }, 'one');
    await render({ a: 1 }, 'two');
    await assert.rejects(render({}, 'bad'), /chart "bad"/);
    await assert.rejects(render({}, 'bad'), /chart "bad"/);
    assert.deepEqual(calls, ['one', 'one', 'two', 'bad', 'bad']);
  });

  it('gives the same page from a warm cache as from a cold one', async () => {
    assert.ok(readdirSync(join(out, '.cache', 'svg')).length >= vm.charts.length);
    const again = await publishReport(out, {
      profile: 'quick',
      machineId: FIXTURE_MACHINE_ID,
      build: FIXED_BUILD,
      debug: true,
    });
    assert.equal(readFileSync(again.htmlPath, 'utf8'), page);
    assert.equal(await renderReport(vm), page, 'rendering without the cache gives the same page');
  });
});

describe('a failing notebook', () => {
  it('is reported as a failure of the build, and its executed copy shows where it stopped', async () => {
    const dir = tempDir('basel-lab-report-failing-');
    const notebooks = join(dir, 'source');
    mkdirSync(notebooks);
    copyFileSync(join(FIXTURES, 'notebooks', 'error-cell.ipynb'), join(notebooks, 'error-cell.ipynb'));
    const reported: string[] = [];
    const failures = await runReportNotebooks(
      dir,
      'smoke',
      { folder: notebooks },
      { onFailure: (message: string) => reported.push(message) },
      60_000,
    );
    assert.equal(failures.length, 1);
    assert.match(failures[0]!, /error-cell.*cell 3.*boom from the fixture/s);
    assert.deepEqual(reported, failures);
    const { viewModel } = await publishReport(dir, {
      profile: 'smoke',
      machineId: 'nobody',
      build: FIXED_BUILD,
      debug: false,
    });
    assert.match(viewModel.notebooks[0]!.failure ?? '', /^stopped at cell 3: Error: boom from the fixture/);
  });

  it('a missing notebooks folder is a failure with its name', async () => {
    const failures = await runReportNotebooks(tempDir(), 'smoke', { folder: '/no/such/notebooks' }, {}, 1_000);
    assert.equal(failures.length, 1);
    assert.match(failures[0]!, /\/no\/such\/notebooks/);
  });
});
