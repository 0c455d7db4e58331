import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { readNotebook, type CodeCell, type Notebook } from '../src/jupyter/ipynb.js';
import { listNotebooks, runNotebooks, selectNotebooks, type NotebookRun } from '../src/jupyter/runner.js';
import { NOTEBOOKS_DIR, OUT_ENV } from '../src/util/paths.js';
import { CHAPTERS, chapterFiles } from '../src/chapters/manifest.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import { runReportNotebooks } from '../src/pipeline/run-notebooks.js';
import { VEGA_LITE_MIME } from '../src/report/charts/chart-data.js';
import { renderNotebook } from '../src/report/render/notebook-html.js';
import { CLI, FIXTURES, runCli, tempDir } from './helpers.js';
import { kernelsUnder, zombieChildrenOf } from './processes.js';

const FIXTURE_NOTEBOOKS = join(FIXTURES, 'notebooks');
const SHORT_TIMEOUT_MS = 2_000;

function codeCells(notebook: Notebook): CodeCell[] {
  return notebook.cells.filter((cell): cell is CodeCell => cell.cell_type === 'code');
}

function text(cell: CodeCell | undefined): string {
  return (cell?.outputs ?? []).map((output) => ('text' in output ? String(output.text) : '')).join('');
}

test('names select notebooks in file order; an unknown name lists what is available', () => {
  const all = listNotebooks(FIXTURE_NOTEBOOKS);
  assert.deepEqual(
    all.map((path) => path.slice(FIXTURE_NOTEBOOKS.length + 1)),
    [...all].map((p) => p.slice(FIXTURE_NOTEBOOKS.length + 1)).sort(),
  );
  assert.deepEqual(
    selectNotebooks(all, ['passing', 'error-cell.ipynb']).map((path) => path.split('/').pop()),
    ['error-cell.ipynb', 'passing.ipynb'],
  );
  assert.throws(
    () => selectNotebooks(all, ['nope']),
    /unknown notebook "nope"; available: busy-loop, display-update, error-cell/,
  );
});

test('the CLI carries on after a failing notebook, reports notebook + cell + error, and exits non-zero', () => {
  const out = tempDir();
  const sources = ['error-cell', 'passing'].map((name) =>
    readFileSync(join(FIXTURE_NOTEBOOKS, `${name}.ipynb`), 'utf8'),
  );
  const result = runCli(
    ['notebooks', '--dir', FIXTURE_NOTEBOOKS, '--out', out, '--profile', 'smoke', 'passing', 'error-cell'],
    { env: { TMPDIR: out } },
  );
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /^basel-lab: error-cell\.ipynb, cell 3: Error: boom from the fixture$/m);
  assert.match(result.stderr, /^passing\.ipynb: ok, 3 cells/m, 'the next notebook still ran');

  const failed = readNotebook(join(out, 'notebooks', 'error-cell.ipynb'));
  const [before, boom, never] = codeCells(failed);
  assert.equal(text(before), 'before the error\n');
  assert.equal(boom?.execution_count, 2);
  assert.match(text(boom), /Error: boom from the fixture/);
  assert.equal(never?.execution_count, null, 'cells after the failure do not run');

  const passed = readNotebook(join(out, 'notebooks', 'passing.ipynb'));
  assert.deepEqual(
    codeCells(passed).map((cell) => cell.execution_count),
    [1, 2, 3],
  );
  assert.deepEqual(codeCells(passed).map(text), ['x = 42\n', 'profile = smoke\n', '43\n']);

  const after = ['error-cell', 'passing'].map((name) => readFileSync(join(FIXTURE_NOTEBOOKS, `${name}.ipynb`), 'utf8'));
  assert.deepEqual(after, sources, 'sources are never touched');
  assert.deepEqual(kernelsUnder(out), []);
});

test('the CLI rejects an unknown notebook with exit 2 and one line', () => {
  const result = runCli(['notebooks', '--dir', FIXTURE_NOTEBOOKS, '--out', tempDir(), 'missing-one']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^basel-lab: unknown notebook "missing-one"; available: .*passing/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
});

test('the CLI caps --timeout at a day and refuses an empty --dir, each in one line with exit 2', () => {
  for (const [args, message] of [
    [['--timeout', '86401'], /^basel-lab: --timeout must be an integer in \[1, 86400\] \(got "86401"\)$/],
    [['--dir', ''], /^basel-lab: --dir must name a folder \(got ""\)$/],
  ] as const) {
    const result = runCli(['notebooks', '--out', tempDir(), ...args]);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr.trim(), message);
  }
});

test('timeouts, kernel death, late output and in-place displays', async () => {
  const out = tempDir();
  const names = ['busy-loop', 'display-update', 'kernel-death', 'late-output', 'never-ends'];
  const paths = selectNotebooks(listNotebooks(FIXTURE_NOTEBOOKS), names);
  const options = { outDir: out, timeoutMs: SHORT_TIMEOUT_MS, connectionDir: out };
  // Two kernels at a time keeps the test shorter; each notebook still gets its own kernel.
  const halves = [paths.filter((_, i) => i % 2 === 0), paths.filter((_, i) => i % 2 === 1)];
  const runs = (await Promise.all(halves.map((half) => runNotebooks(half, options)))).flat();
  assert.equal(runs.length, names.length);
  const byName = new Map<string, NotebookRun>(runs.map((run) => [run.name, run]));
  const executed = (name: string): CodeCell[] => codeCells(readNotebook(join(out, 'notebooks', `${name}.ipynb`)));

  for (const name of ['never-ends', 'busy-loop']) {
    const run = byName.get(name)!;
    const cell = name === 'never-ends' ? 2 : 1;
    assert.deepEqual(run.failure, {
      kind: 'timeout',
      cell,
      message: 'cell did not finish within 2 s; the kernel was interrupted and the notebook stopped',
    });
    const cells = executed(name);
    const timedOut = cells[cell - 1]!;
    assert.deepEqual(timedOut.outputs.at(-1), {
      output_type: 'error',
      ename: 'CellTimeout',
      evalue: run.failure?.message,
      traceback: [],
    });
    assert.equal(cells.at(-1)?.execution_count, null, 'the notebook stops at the timeout');
  }

  const death = byName.get('kernel-death')!;
  assert.deepEqual(death.failure, {
    kind: 'died',
    cell: 2,
    message: 'the kernel died (exit code 3) while running this cell',
  });
  assert.equal(text(executed('kernel-death')[0]), 'about to exit\n');

  assert.equal(byName.get('late-output')!.failure, undefined);
  assert.deepEqual(executed('late-output').map(text), ['printed after an await\n', 'printed right before the reply\n']);

  assert.equal(byName.get('display-update')!.failure, undefined);
  const [display, after, table, chart] = executed('display-update');
  assert.deepEqual(
    display?.outputs,
    [{ output_type: 'display_data', data: { 'text/plain': 'fixture sweep: 3 of 3 done' }, metadata: {} }],
    'one display output, updated in place to its last state',
  );
  assert.equal(text(after), 'after the display\n');
  const tableData = table?.outputs[0]?.output_type === 'display_data' ? table.outputs[0].data : {};
  assert.deepEqual(Object.keys(tableData), ['text/plain', 'text/html', 'application/vnd.basel-lab.table+json']);
  const chartData = chart?.outputs[0]?.output_type === 'display_data' ? chart.outputs[0].data : {};
  assert.deepEqual(Object.keys(chartData), ['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
  assert.match(String(chartData['image/svg+xml']), /^<svg[\s\S]*fixture chart/);

  assert.deepEqual(kernelsUnder(out), [], 'no kernel process is left');
  assert.deepEqual(zombieChildrenOf(process.pid), []);
});

test('a runner stopped by SIGINT kills its kernel', async () => {
  const out = tempDir();
  const child = spawn(
    process.execPath,
    [CLI, 'notebooks', '--dir', FIXTURE_NOTEBOOKS, '--out', out, '--timeout', '600', 'never-ends'],
    {
      env: { ...process.env, TMPDIR: out },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Wait until the kernel process exists, then a little longer so the stuck cell is running.
  const deadline = Date.now() + 60_000;
  while ((kernelsUnder(out).length === 0 || !stderr.includes('running')) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(kernelsUnder(out).length, 1, `the kernel started (${stderr})`);
  await new Promise((r) => setTimeout(r, 1000));
  child.kill('SIGINT');
  assert.equal(await exited, 130);
  assert.match(stderr, /stopped by SIGINT; kernels killed/);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(kernelsUnder(out), [], 'the kernel was killed with the runner');
  assert.equal(existsSync(join(out, 'notebooks', 'never-ends.ipynb')), false, 'no half-run notebook is written');
});

test('every declared chapter runs at the smoke profile', async () => {
  const { chapters: paths } = chapterFiles(NOTEBOOKS_DIR);
  assert.equal(paths.length, CHAPTERS.length, 'every declared chapter is in notebooks/');
  const out = tempDir();
  // An empty results folder: every chapter runs its smoke sweeps itself (into the OS temp folder).
  const runs = await runNotebooks(paths, {
    outDir: out,
    timeoutMs: PROFILE_SETTINGS.smoke.cellTimeoutMs,
    env: { BASEL_PROFILE: 'smoke', [OUT_ENV]: join(out, 'no-results') },
    connectionDir: out,
  });
  for (const run of runs) assert.equal(run.failure, undefined, `${run.name}: ${run.failure?.message}`);
  assert.deepEqual(kernelsUnder(out), []);
  // One results store: the sweeps the chapters needed, each once, kept for the next chapter and the
  // report, and what chapter 7 files itself with lab.save.
  const results = join(out, 'no-results');
  const files = readdirSync(results, { recursive: true, encoding: 'utf8' }).filter((path) =>
    statSync(join(results, path)).isFile(),
  );
  assert.deepEqual(
    files.map((path) => basename(path)).sort(),
    ['chunk-smoke.json', 'explore.json', 'n-smoke.json', 'steps-smoke.json', 'workers-smoke.json'],
    'the chapters keep their sweeps in the results store',
  );
  const nSweep = JSON.parse(
    readFileSync(join(results, dirname(files.find((f) => f.endsWith('n-smoke.json'))!), 'n-smoke.json'), 'utf8'),
  ) as { points: { key: string }[] };
  const keys = nSweep.points.map((point) => point.key);
  assert.equal(new Set(keys).size, keys.length, 'no point of the shared n sweep is stored twice');

  // Each executed chapter opens in the report: every chart renders, and no output reads NaN, undefined or [object Object].
  for (const run of runs) {
    const executed = readNotebook(run.output);
    const outputs = codeCells(executed).flatMap((cell) => cell.outputs);
    const charts = outputs.filter((output) => 'data' in output && output.data[VEGA_LITE_MIME] !== undefined).length;
    const page = (await renderNotebook(executed, run.name)).toString();
    assert.equal(
      page.split('<figure class="output chart">').length - 1,
      charts,
      `${run.name}: every Vega-Lite bundle is drawn`,
    );
    assert.equal(page.includes('class="output error"'), false, `${run.name}: no error output`);
    for (const output of outputs) {
      const plain =
        'data' in output ? String(output.data['text/plain'] ?? '') : 'text' in output ? String(output.text) : '';
      assert.doesNotMatch(plain, /\bNaN\b|\bundefined\b|\[object Object\]/, `${run.name}: ${plain.slice(0, 200)}`);
    }
  }
});

test("a stray notebook beside the chapters (a reader's Untitled.ipynb) is named once as ignored, never run", async () => {
  const chapters = tempDir();
  const out = tempDir();
  // A declared chapter's name on a notebook that passes, and a notebook that would fail if it ran.
  copyFileSync(join(FIXTURE_NOTEBOOKS, 'passing.ipynb'), join(chapters, `${CHAPTERS[0]!.name}.ipynb`));
  copyFileSync(join(FIXTURE_NOTEBOOKS, 'error-cell.ipynb'), join(chapters, 'Untitled.ipynb'));
  assert.deepEqual(chapterFiles(chapters), {
    chapters: [join(chapters, `${CHAPTERS[0]!.name}.ipynb`)],
    ignored: [join(chapters, 'Untitled.ipynb')],
  });
  const stages: string[] = [];
  const failures = await runReportNotebooks(
    out,
    'smoke',
    { chapters },
    { onStage: (message) => stages.push(message) },
    SHORT_TIMEOUT_MS * 10,
  );
  assert.deepEqual(failures, []);
  assert.deepEqual(stages, [`notebooks: ignoring ${join(chapters, 'Untitled.ipynb')} (not a declared chapter)`]);
  assert.deepEqual(readdirSync(join(out, 'notebooks')), [`${CHAPTERS[0]!.name}.ipynb`]);
});
