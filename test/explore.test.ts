// The explore API: lab.variant checks what it is given; bench and compare measure like the CLI and return
// data; compare refuses stored points measured under other settings; save files an explore series.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { bench, compare, save, variant, loadVariant } from '../src/chapters/explore/index.js';
import { exactPartialSum } from '../src/kernels/exact.js';
import { getVariant } from '../src/kernels/registry.js';
import { explorePath, readExploreFile } from '../src/results/explore.js';
import { ArgumentError } from '../src/util/errors.js';
import { runSweep } from '../src/measure/sweep.js';
import { FIXTURES, tempDir } from './helpers.js';

const loopBackwards = (first: number, last: number): number => {
  let sum = 0;
  for (let x = last; x >= first; x--) sum += 1 / (x * x);
  return sum;
};

test('lab.variant refuses a bad name, a built-in name, a non-function, a throw and a NaN, each in one line', () => {
  const cases: [Parameters<typeof variant>[0], RegExp][] = [
    [{ name: 'My Variant', sumRange: loopBackwards }, /^a variant's name must be lower-case .* \(got "My Variant"\)$/],
    [{ name: 'loop', sumRange: loopBackwards }, /^"loop" is a built-in variant's name/],
    [{ name: 'nofn', sumRange: 42 as never }, /^variant "nofn": sumRange must be a function .* \(got 42\)$/],
    [
      {
        name: 'throws',
        sumRange: () => {
          throw new Error('boom');
        },
      },
      /^variant "throws": sumRange\(1, 1000\) threw: boom$/,
    ],
    [
      { name: 'nan', sumRange: () => Number.NaN },
      /^variant "nan": sumRange\(1, 1000\) returned NaN; it must return a finite number or \{ sum, steps\? \}$/,
    ],
    [{ name: 'obj', sumRange: () => ({ total: 1 }) as never }, /returned an object with keys total;/],
  ];
  for (const [spec, message] of cases)
    assert.throws(
      () => variant(spec),
      (error: Error) => error instanceof ArgumentError && message.test(error.message) && !error.message.includes('\n'),
    );
});

test('a defined variant works by name, returns { sum } or { sum, steps }, and its sum is checked on every call', () => {
  const plain = variant({ name: 'backwards', sumRange: loopBackwards });
  assert.equal(getVariant('backwards'), plain);
  assert.equal(plain.run(1000, { chunk: 1, workers: 1, inner: 'loop' }).sum, loopBackwards(1, 1000));
  const stepped = variant({
    name: 'stepped',
    sumRange: (first, last) => ({ sum: loopBackwards(first, last), steps: { all: 0.5 } }),
  });
  assert.deepEqual(stepped.run(10, { chunk: 1, workers: 1, inner: 'loop' }).steps, { all: 0.5 });
  const late = variant({
    name: 'late',
    sumRange: (first, last) => (last > 5000 ? Number.POSITIVE_INFINITY : loopBackwards(first, last)),
  });
  assert.throws(
    () => late.run(10_000, { chunk: 1, workers: 1, inner: 'loop' }),
    /variant "late": sumRange\(1, 10000\) returned Infinity/,
  );
});

test('lab.bench measures a notebook variant in this process and returns the bench --json fields', async () => {
  const mine = variant({ name: 'bench-me', sumRange: loopBackwards });
  const report = await bench(mine, { n: 10_000, profile: 'smoke', show: false });
  assert.equal(report.variant, 'bench-me');
  assert.equal(report.isolation, 'none');
  assert.equal(report.exact, exactPartialSum(10_000));
  assert.ok(report.absError < 1e-12);
  for (const field of ['medianMs', 'samplesMs', 'sum', 'stats', 'batch', 'warnings', 'system'] as const)
    assert.ok(field in report, field);
  await assert.rejects(
    bench(mine, { n: 10_000, profile: 'smoke', isolate: 'series', show: false }),
    /cannot run "bench-me" \(defined in this notebook\)/,
  );
  await assert.rejects(
    bench('loop', { n: 0, profile: 'smoke', show: false }),
    /^ArgumentError: n must be an integer in \[1, 2\^53−1\] \(got 0\)$/,
  );
});

test('lab.compare measures every variant at every N under one set of settings, with a ratio against the first', async () => {
  const mine = variant({ name: 'compare-me', sumRange: loopBackwards });
  const result = await compare(['loop', mine], { n: [1000, 10_000], profile: 'smoke', show: false });
  assert.equal(result.settings.isolation, 'none', 'a notebook variant puts every variant in this process');
  assert.deepEqual(
    result.points.map((point) => `${point.params.variant}@${point.params.n}`),
    ['loop@1000', 'compare-me@1000', 'loop@10000', 'compare-me@10000'],
  );
  assert.equal(result.table.rows.length, 4);
  assert.equal(result.table.rows[0]?.ratio, 1);
  const ratio = result.table.rows[1]?.ratio as number;
  assert.equal(ratio, result.points[1]!.stats.medianMs / result.points[0]!.stats.medianMs);
  assert.equal(result.chart.spec.$schema, 'https://vega.github.io/schema/vega-lite/v5.json');
  assert.equal((result.chart.spec.data as { values: unknown[] }).values.length, 4);
  assert.equal(result.interrupted, false);
});

test('lab.compare of built-ins and module variants measures each in its own child process', async () => {
  const reverse = await loadVariant(join(FIXTURES, 'variants', 'reverse.mjs'));
  const result = await compare(['loop', reverse], { n: 1000, profile: 'smoke', show: false });
  assert.equal(result.settings.isolation, 'series');
  assert.deepEqual(
    result.variants.map((v) => v.origin),
    ['built-in', 'module'],
  );
  assert.equal(result.points.length, 2);
});

test('lab.compare refuses, in one line, stored points measured under other settings, and reuses matching ones', async () => {
  const out = tempDir();
  const stored = await runSweep('n', { profile: 'smoke', variants: ['loop'], outDir: out });
  const mine = variant({ name: 'mixed', sumRange: loopBackwards });
  await assert.rejects(
    compare(['loop', mine], { n: 1000, profile: 'smoke', stored, show: false }),
    (error: Error) =>
      error instanceof ArgumentError &&
      /^cannot mix the stored n sweep into this comparison: it was measured under other settings \(isolation series there, none here/.test(
        error.message,
      ) &&
      !error.message.includes('\n'),
  );
  const reused = await compare(['loop'], { n: 1000, profile: 'smoke', stored, show: false });
  const storedPoint = stored.points.find((point) => point.key === 'loop|n=1000');
  assert.deepEqual(reused.points[0], storedPoint);
});

test('lab.save files comparisons and bench points in the machine’s explore series', async () => {
  const out = tempDir();
  const mine = variant({ name: 'save-me', sumRange: loopBackwards });
  const compared = await compare([mine, 'loop'], {
    n: 1000,
    profile: 'smoke',
    show: false,
    title: 'mine against loop',
  });
  const path = save(compared, { outDir: out });
  assert.equal(path, explorePath(out, compared.machineId));
  save(await bench('loop', { n: 1000, profile: 'smoke', show: false }), { outDir: out });
  const file = readExploreFile(path);
  assert.deepEqual(
    file?.explorations.map((entry) => entry.title),
    ['mine against loop', 'loop at N = 1000'],
  );
  assert.equal(file?.explorations[0]?.points.length, 2);
  assert.throws(() => save({} as never, { outDir: out }), /save takes what lab.compare or lab.bench returned/);
});
