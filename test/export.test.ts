import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { newResultsFile } from '../src/results/create.js';
import { CSV_COLUMNS, formatCsv, parseCsv, quoteCsvCell, resultsToRows } from '../src/results/csv.js';
import type { MeasuredPoint, ResultsFile } from '../src/results/schema.js';
import { loadResults, pointKey, saveResults } from '../src/results/store.js';
import { summarize } from '../src/measure/stats.js';
import { runCli, tempDir } from './helpers.js';

const HARNESS = { overheadMs: 1e-4, gcBetweenSamples: false, warmupRuns: 1, minSamples: 3, minTimeMs: 1 };

function measuredPoint(
  params: MeasuredPoint['params'],
  samplesMs: number[],
  steps?: Record<string, number>,
): MeasuredPoint {
  const key = pointKey(params);
  const point: MeasuredPoint = {
    key,
    params,
    status: 'ok',
    finishedAt: '2026-01-01T00:00:00.000Z',
    samplesMs,
    stats: summarize(samplesMs),
    sum: 1.6449330668487265,
    exact: 1.6449330668487263,
    absError: 2.220446049250313e-16,
  };
  if (steps !== undefined) point.steps = steps;
  return point;
}

/** Two files, with awkward values: fractions that need all 17 digits, a reason with a comma, quotes and a newline. */
function storedResults(): ResultsFile[] {
  const n = newResultsFile('steps', 'smoke', 'box-1', {}, HARNESS);
  n.points.push(
    measuredPoint({ variant: 'chunked', n: 1000, chunk: 500 }, [0.1, 0.2, 0.30000000000000004, 1 / 3], {
      range: 0.01,
      divide: 1 / 7,
    }),
  );
  n.points.push({
    key: 'arrays|n=1e12',
    params: { variant: 'arrays', n: 1e12 },
    status: 'skipped',
    skip: { kind: 'other' },
    reason: 'needs 32 TB, "too much",\nsorry',
    finishedAt: n.startedAt,
  });
  n.points.push({
    key: 'loop|n=3',
    params: { variant: 'loop', n: 3 },
    status: 'failed',
    error: 'boom',
    finishedAt: n.startedAt,
  });
  const w = newResultsFile('workers', 'smoke', 'box-2', {}, HARNESS);
  w.points.push(measuredPoint({ variant: 'workers', n: 10, chunk: 20000, workers: 2, inner: 'chunked' }, [5, 6, 7]));
  return [n, w];
}

describe('CSV cells', () => {
  for (const [cell, quoted] of [
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ] as const) {
    it(`${JSON.stringify(cell)} → ${JSON.stringify(quoted)} and back`, () => {
      assert.equal(quoteCsvCell(cell), quoted);
      assert.deepEqual(parseCsv(`h,x\n${quoted},1\n`), [{ h: cell, x: '1' }]);
    });
  }

  // A spreadsheet runs a cell starting with = + - @ as a formula: such text gains a leading ' (OWASP).
  for (const [cell, written] of [
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+2', "'+1+2"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['-1.5e-3', '-1.5e-3'],
    ['+7', '+7'],
  ] as const) {
    it(`${JSON.stringify(cell)} is written ${JSON.stringify(written)}`, () => {
      assert.equal(quoteCsvCell(cell), written);
    });
  }
  it('refuses malformed CSV', () => {
    assert.throws(() => parseCsv('a,b\n"open,1\n'), /inside a quoted cell/);
    assert.throws(() => parseCsv('a,b\n1\n'), /row 2 has 1 cells, the header has 2/);
    assert.deepEqual(parseCsv('a,b\r\n1,2\r\n'), [{ a: '1', b: '2' }]);
  });
});

describe('basel-lab export --csv', () => {
  it('round-trips: every stored statistic parses back to the same number', () => {
    const outDir = tempDir();
    for (const file of storedResults()) saveResults(outDir, file);
    const target = join(outDir, 'all.csv');
    const result = runCli(['export', '--csv', '--from', outDir, '--out', target]);
    assert.equal(result.status, 0, result.stderr);
    const text = readFileSync(target, 'utf8');
    assert.equal(text.split('\n')[0], CSV_COLUMNS.join(','));
    const rows = parseCsv(text);
    assert.deepEqual(rows, resultsToRows(loadResults(outDir)));

    for (const file of loadResults(outDir)) {
      for (const point of file.points) {
        const mine: Record<string, string>[] = rows.filter(
          (row) => row.machine_id === file.machineId && row.key === point.key,
        );
        assert.equal(mine[0]?.kind, file.kind);
        assert.equal(mine[0]?.status, point.status);
        assert.equal(mine[0]?.n, String(point.params.n));
        if (point.status === 'skipped')
          assert.deepEqual(
            mine.map((row) => row.note),
            [point.reason],
          );
        if (point.status === 'failed')
          assert.deepEqual(
            mine.map((row) => row.note),
            [point.error],
          );
        if (point.status !== 'ok') continue;
        const value = (statistic: string): number => Number(mine.find((row) => row.statistic === statistic)?.value);
        for (const [statistic, stored] of Object.entries(point.stats))
          assert.equal(value(statistic), stored, statistic);
        for (const [step, stored] of Object.entries(point.steps ?? {}))
          assert.equal(value(`stepMedianMs:${step}`), stored, step);
        assert.equal(value('sum'), point.sum);
        assert.equal(value('absError'), point.absError);
        assert.equal(mine.length, Object.keys(point.stats).length + Object.keys(point.steps ?? {}).length + 2);
      }
    }
  });

  it('writes to stdout without --out', () => {
    const outDir = tempDir();
    for (const file of storedResults()) saveResults(outDir, file);
    const result = runCli(['export', '--csv', '--from', outDir]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, formatCsv(resultsToRows(loadResults(outDir))));
  });

  it('refuses a folder, or nothing, as --out, naming it', () => {
    const outDir = tempDir();
    for (const file of storedResults()) saveResults(outDir, file);
    const folder = runCli(['export', '--csv', '--from', outDir, '--out', outDir]);
    assert.equal(folder.status, 2);
    assert.equal(
      folder.stderr,
      `basel-lab: --out ${outDir}: is a folder (or not a regular file); name the CSV file to write\n`,
    );
    const empty = runCli(['export', '--csv', '--from', outDir, '--out', '']);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /^basel-lab: --out must name a file \(got ""\)\n$/);
  });

  it('says what is wrong when there is nothing to export or no format', () => {
    const empty = tempDir();
    const none = runCli(['export', '--csv', '--from', empty]);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /^basel-lab: no results under .*results; run `basel-lab sweep` first\n$/);
    const noFormat = runCli(['export', '--from', empty]);
    assert.equal(noFormat.status, 2);
    assert.match(noFormat.stderr, /export needs a format: --csv/);
  });
});
