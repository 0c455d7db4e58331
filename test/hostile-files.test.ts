// Hostile and broken files in the output folder: the render loads nothing, validates everything, skips
// what is bad with one warning naming the file, and never trusts its own chart cache.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { publishReport, SVG_CACHE_DIR } from '../src/report/publish.js';
import { svgProblem } from '../src/report/render/svg-check.js';
import { renderSvg } from '../src/report/render/vega.js';
import { runCli, tempDir } from './helpers.js';
import { FIXED_BUILD, FIXTURE_MACHINE_ID, writeReportFixture } from './report-fixture.js';

const SECRET = 'SECRET-b4s3l-7f3a';

/** A minimal executed notebook whose one code cell has `outputs`. */
function notebookWith(outputs: unknown[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: 'markdown', id: 'title', metadata: {}, source: '# Hostile\n' },
      { cell_type: 'code', id: 'code', metadata: {}, source: '1', execution_count: 1, outputs },
    ],
  });
}

const vegaLite = (data: object, extra: object = {}) => ({
  output_type: 'display_data',
  metadata: {},
  data: {
    'application/vnd.vegalite.v5+json': {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data,
      mark: 'text',
      encoding: { text: { field: 'line', type: 'nominal' }, y: { field: 'line', type: 'nominal' } },
      ...extra,
    },
  },
});

async function publish(out: string) {
  return publishReport(out, { profile: 'quick', machineId: FIXTURE_MACHINE_ID, build: FIXED_BUILD });
}

describe('the render loads nothing', () => {
  it('refuses file://, relative, http:// and data: URLs in a notebook chart: no content, no request', async () => {
    const out = tempDir('basel-lab-hostile-');
    writeReportFixture(out);
    const secretFile = join(out, 'secret.csv');
    writeFileSync(secretFile, `line\n${SECRET}\n`);
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.end(`line\n${SECRET}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const urls = [
        pathToFileURL(secretFile).href,
        relative(process.cwd(), secretFile),
        `http://127.0.0.1:${port}/data.csv`,
        `data:text/csv;base64,${Buffer.from(`line\n${SECRET}\n`).toString('base64')}`,
      ];
      const outputs = [
        ...urls.map((url) => vegaLite({ url, format: { type: 'csv' } })),
        // An image mark and a link carry URLs too.
        vegaLite(
          { values: [{ line: 'x', img: `http://127.0.0.1:${port}/i.png` }] },
          { mark: 'image', encoding: { url: { field: 'img', type: 'nominal' } } },
        ),
      ];
      writeFileSync(join(out, 'notebooks', '09-hostile.ipynb'), notebookWith(outputs));
      const { htmlPath, warnings } = await publish(out);
      const page = readFileSync(htmlPath, 'utf8');
      assert.ok(!page.includes(SECRET), 'no file or URL content in the page');
      assert.deepEqual(requests, [], 'no request reached the listener');
      for (const url of urls.slice(0, 3)) {
        assert.ok(
          warnings.some((w) => w.includes('09-hostile') && w.includes(url)),
          `a warning names ${url}: ${warnings.join(' | ')}`,
        );
      }
      assert.ok(warnings.filter((w) => w.includes('09-hostile')).length >= 5, 'every hostile chart is named');
      assert.match(
        page,
        /Chart not shown: chart &quot;notebook notebooks\/09-hostile\.ipynb, cell 2&quot;: it asks to load/,
      );
      assert.match(page, /Built with \d+ warnings?/);
    } finally {
      server.close();
    }
  });

  it('still draws charts with inline values', async () => {
    const svg = await renderSvg(
      {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        data: { values: [{ line: 'inline-ok' }] },
        mark: 'text',
        encoding: { text: { field: 'line', type: 'nominal' } },
      },
      'inline',
    );
    assert.match(svg, /inline-ok/);
    assert.equal(svgProblem(svg), null);
  });
});

describe('bad files are skipped with one warning naming the file, and the rest renders', () => {
  const cases: [string, (out: string) => void, RegExp][] = [
    [
      'an ok point without stats',
      (out) => {
        const path = join(out, 'results', FIXTURE_MACHINE_ID, 'n-quick.json');
        const file = JSON.parse(readFileSync(path, 'utf8'));
        const ok = file.points.find((p: { status: string }) => p.status === 'ok');
        delete ok.stats;
        writeFileSync(path, JSON.stringify(file));
      },
      /n-quick\.json has points\[\d+\]/,
    ],
    [
      'a point with params: null',
      (out) => {
        const path = join(out, 'results', FIXTURE_MACHINE_ID, 'n-quick.json');
        const file = JSON.parse(readFileSync(path, 'utf8'));
        file.points[0].params = null;
        writeFileSync(path, JSON.stringify(file));
      },
      /n-quick\.json has points\[0\]\.params/,
    ],
    [
      'a results file stored under another machine id',
      (out) => {
        const from = join(out, 'results', FIXTURE_MACHINE_ID, 'n-quick.json');
        mkdirSync(join(out, 'results', 'other-machine'), { recursive: true });
        writeFileSync(join(out, 'results', 'other-machine', 'n-quick.json'), readFileSync(from));
      },
      /other-machine[/\\]n-quick\.json has machineId "fixture-host-abc123" but is stored as "other-machine"/,
    ],
    [
      'a notebook display without data',
      (out) => writeFileSync(join(out, 'notebooks', '09-bad.ipynb'), notebookWith([{ output_type: 'display_data' }])),
      /09-bad\.ipynb is not a valid notebook: cell 2 has outputs\[0\]\.data/,
    ],
    [
      'a notebook error without traceback',
      (out) =>
        writeFileSync(
          join(out, 'notebooks', '09-bad.ipynb'),
          notebookWith([{ output_type: 'error', ename: 'E', evalue: 'v' }]),
        ),
      /09-bad\.ipynb is not a valid notebook: cell 2 has outputs\[0\]\.traceback/,
    ],
    [
      'a stream whose text is a number, and a null output',
      (out) =>
        writeFileSync(
          join(out, 'notebooks', '09-bad.ipynb'),
          notebookWith([{ output_type: 'stream', name: 'stdout', text: 42 }, null]),
        ),
      /09-bad\.ipynb is not a valid notebook: cell 2 has outputs\[0\]\.text/,
    ],
    [
      'a bad machines/other.json',
      (out) => writeFileSync(join(out, 'machines', 'other.json'), JSON.stringify({ version: 2, id: 3 })),
      /machines[/\\]other\.json/,
    ],
    [
      'results/ being a file',
      (out) => {
        rmSync(join(out, 'results'), { recursive: true });
        writeFileSync(join(out, 'results'), 'not a folder');
      },
      /cannot list .*results: ENOTDIR/,
    ],
  ];
  for (const [name, spoil, named] of cases) {
    it(name, async () => {
      const out = tempDir('basel-lab-badfile-');
      writeReportFixture(out);
      spoil(out);
      const { htmlPath, warnings } = await publish(out);
      assert.equal(warnings.length, 1, warnings.join(' | '));
      assert.match(warnings[0]!, named);
      const page = readFileSync(htmlPath, 'utf8');
      assert.match(page, /Built with 1 warning/);
      assert.match(page, /id="summary"/, 'the rest of the page is there');
    });
  }

  it('the CLI builds the page, prints the warning naming the file, and exits 3', () => {
    const out = tempDir('basel-lab-badfile-cli-');
    writeReportFixture(out);
    writeFileSync(join(out, 'notebooks', '09-bad.ipynb'), notebookWith([{ output_type: 'display_data' }]));
    const result = runCli(['report', '--no-run', '--out', out, '--profile', 'quick']);
    assert.equal(result.status, 3, result.stderr);
    assert.match(result.stderr, /warning: .*09-bad\.ipynb is not a valid notebook/);
    assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
    assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /Built with 1 warning/);
  });
});

describe('the chart cache is not trusted', () => {
  it('re-renders an entry that was edited to carry script, links or images, or emptied', async () => {
    const out = tempDir('basel-lab-svg-tamper-');
    writeReportFixture(out);
    const first = readFileSync((await publish(out)).htmlPath, 'utf8');
    const cacheDir = join(out, SVG_CACHE_DIR);
    const entries = readdirSync(cacheDir).filter((name) => name.endsWith('.svg'));
    assert.ok(entries.length >= 4, 'the first build filled the cache');
    const tampered = [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:1/x.png"/></svg>',
      '',
    ];
    entries.slice(0, tampered.length).forEach((name, i) => writeFileSync(join(cacheDir, name), tampered[i]!));
    const again = readFileSync((await publish(out)).htmlPath, 'utf8');
    assert.ok(!/<script>alert|javascript:|<image\b/.test(again), 'nothing from the edited cache reached the page');
    assert.equal(again, first, 'the page is as if the cache had never been touched');
  });

  it('the allow-list refuses what vega never writes', () => {
    for (const bad of [
      '<svg><script>1</script></svg>',
      '<svg><g onload="x()"></g></svg>',
      '<svg><a href="https://x"></a></svg>',
      '<svg><rect fill="url(https://x/y)"/></svg>',
      '<svg><!-- c --></svg>',
      '<svg><g></svg>',
      '<svg></svg><script></script>',
      '',
    ])
      assert.notEqual(svgProblem(bad), null, bad);
    assert.equal(
      svgProblem('<svg role="img"><g fill="url(#clip1)"><path d="M0,0"/></g><title>a &amp; b</title></svg>'),
      null,
    );
  });
});
