import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../src/util/errors.js';
import { machineId } from '../src/machine/id.js';
import { runSweep } from '../src/measure/sweep.js';
import { newResultsFile } from '../src/results/create.js';
import type { ResultsFile } from '../src/results/schema.js';
import { listResults, loadResults, pointKey, readResultsFile, resultsPath, saveResults } from '../src/results/store.js';
import { runCli, tempDir } from './helpers.js';

const HARNESS = { overheadMs: 1e-4, gcBetweenSamples: true, warmupRuns: 1, minSamples: 3, minTimeMs: 1 };

function sampleFile(machine = 'box-12345678', kind: ResultsFile['kind'] = 'n'): ResultsFile {
  const file = newResultsFile(kind, 'smoke', machine, { nGrid: [10] }, HARNESS);
  const params = { variant: 'loop', n: 10 };
  file.points.push({
    key: pointKey(params),
    params,
    status: 'skipped',
    skip: { kind: 'other' },
    reason: 'because',
    finishedAt: file.startedAt,
  });
  return file;
}

describe('results paths and keys', () => {
  it('the path is a pure function of out folder, machine, kind and profile', () => {
    assert.equal(resultsPath('/out', 'box-1', 'chunk', 'full'), join('/out', 'results', 'box-1', 'chunk-full.json'));
  });
  it('a point key names the variant, N and exactly the options it was run with', () => {
    assert.equal(pointKey({ variant: 'loop', n: 1e6 }), 'loop|n=1000000');
    assert.equal(
      pointKey({ variant: 'workers', n: 10, chunk: 500, workers: 2, inner: 'chunked' }),
      'workers|n=10|chunk=500|workers=2|inner=chunked',
    );
  });
});

describe('saving and loading', () => {
  it('round-trips a file and lists and loads every results file, ignoring others', () => {
    const outDir = tempDir();
    const files = [sampleFile('b-1', 'chunk'), sampleFile('a-1', 'workers'), sampleFile('a-1', 'n')];
    for (const file of files) saveResults(outDir, file);
    writeFileSync(join(outDir, 'results', 'a-1', 'notes.json'), '{}');
    writeFileSync(join(outDir, 'results', 'a-1', 'n-smoke.json.tmp-1-abcd'), 'half');
    assert.deepEqual(
      listResults(outDir).map((entry) => `${entry.machineId}/${entry.kind}-${entry.profile}`),
      ['a-1/n-smoke', 'a-1/workers-smoke', 'b-1/chunk-smoke'],
    );
    assert.deepEqual(loadResults(outDir), [files[2], files[1], files[0]]);
    assert.equal(readResultsFile(join(outDir, 'nothing.json')), undefined);
    assert.deepEqual(loadResults(join(outDir, 'empty')), []);
  });

  it('leaves no temporary file behind', () => {
    const outDir = tempDir();
    saveResults(outDir, sampleFile());
    saveResults(outDir, sampleFile());
    assert.deepEqual(readdirSync(join(outDir, 'results', 'box-12345678')), ['n-smoke.json']);
  });
});

describe('a results file that does not load is refused and left untouched', () => {
  const cases = [
    {
      name: 'not JSON',
      bytes: '{"version": 1, "points": [',
      message: /is not valid JSON .*; it was left untouched: move it away/,
    },
    {
      name: 'another version',
      bytes: JSON.stringify({ ...sampleFile(), version: 99 }),
      message:
        /has results format version 99, but this basel-lab reads versions 1 and 2; it was left untouched: move it away/,
    },
    { name: 'not a results file', bytes: '[1, 2]', message: /is not a basel-lab results file/ },
    {
      name: 'a malformed point',
      bytes: JSON.stringify({ ...sampleFile(), points: [{ status: 'ok' }] }),
      message: /has points\[0\]\.key: .*; it was left untouched/,
    },
  ];
  for (const { name, bytes, message } of cases) {
    it(`${name}: readResultsFile, loadResults, runSweep (also --fresh) and the CLI all refuse`, async () => {
      const outDir = tempDir();
      const path = resultsPath(outDir, machineId(), 'n', 'smoke');
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, bytes);
      const named = (error: unknown): boolean =>
        error instanceof UserError && error.message.startsWith(path) && message.test(error.message);
      assert.throws(() => readResultsFile(path), named);
      assert.throws(() => loadResults(outDir), named);
      await assert.rejects(runSweep('n', { profile: 'smoke', outDir, variants: ['loop'] }), named);
      await assert.rejects(runSweep('n', { profile: 'smoke', outDir, variants: ['loop'], fresh: true }), named);
      const cli = runCli([
        'sweep',
        '--kind',
        'n',
        '--profile',
        'smoke',
        '--variants',
        'loop',
        '--fresh',
        '--quiet',
        '--out',
        outDir,
      ]);
      assert.equal(cli.status, 1);
      assert.equal(cli.stderr.trim().split('\n').length, 1, cli.stderr);
      assert.match(cli.stderr, /^basel-lab: .*(not valid JSON|version 99|not a basel-lab results file|points\[0\])/);
      // `--kind all` refuses before measuring anything (no other sweep's file appears).
      const all = runCli(['sweep', '--kind', 'all', '--profile', 'smoke', '--quiet', '--out', outDir]);
      assert.equal(all.status, 1);
      assert.equal(readFileSync(path, 'utf8'), bytes, 'file bytes unchanged');
      assert.deepEqual(readdirSync(join(path, '..')), ['n-smoke.json']);
    });
  }
});
