// `bench --variant ./mine.mjs` and `sweep --variants loop,./mine.mjs`: a module whose default export is a
// lab.variant is measured like a built-in (in a child process); a bad module is one line, exit 2, nothing saved.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, runCli, tempDir } from './helpers.js';
import { exactPartialSum } from '../src/kernels/exact.js';
import { readResultsFile } from '../src/results/store.js';

const VARIANTS = join(FIXTURES, 'variants');

test('bench --variant ./module.mjs measures the module’s variant in a child process, with the bench fields', () => {
  const { status, stdout, stderr } = runCli(
    ['bench', '--variant', './reverse.mjs', '--n', '1e4', '--profile', 'smoke', '--json', '--quiet'],
    { cwd: VARIANTS },
  );
  assert.equal(status, 0, stderr);
  const report = JSON.parse(stdout) as Record<string, unknown>;
  assert.equal(report.variant, 'reverse');
  assert.equal(report.n, 1e4);
  assert.equal(report.isolation, 'series');
  assert.equal(report.exact, exactPartialSum(1e4));
  assert.ok(typeof report.medianMs === 'number' && Array.isArray(report.samplesMs));
  assert.ok((report.absError as number) < 1e-12);
});

const BAD_MODULES = [
  [
    'throws.mjs',
    /^basel-lab: \.\/throws\.mjs: the module did not load: variant "throws": sumRange\(1, 1000\) threw: not implemented yet$/,
  ],
  [
    'nan.mjs',
    /^basel-lab: \.\/nan\.mjs: the module did not load: variant "nan": sumRange\(1, 1000\) returned NaN; it must return a finite number or \{ sum, steps\? \}$/,
  ],
  [
    'not-a-variant.mjs',
    /^basel-lab: \.\/not-a-variant\.mjs: its default export must be a variant made with lab\.variant\(\{ name, sumRange \}\) \(got a function\)$/,
  ],
  ['no-such-file.mjs', /^basel-lab: \.\/no-such-file\.mjs: the module did not load: Cannot find module/],
] as const;

for (const [file, message] of BAD_MODULES) {
  test(`bench --variant ./${file}: one clear line, exit 2`, () => {
    const result = runCli(['bench', '--variant', `./${file}`, '--n', '1e4', '--profile', 'smoke', '--quiet'], {
      cwd: VARIANTS,
    });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr.trim(), message);
  });

  test(`sweep --variants loop,./${file}: one clear line, exit 2, nothing saved`, () => {
    const out = tempDir();
    const result = runCli(
      ['sweep', '--kind', 'n', '--profile', 'smoke', '--variants', `loop,./${file}`, '--out', out, '--quiet'],
      { cwd: VARIANTS },
    );
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr.trim(), message);
    assert.deepEqual(existsSync(out) ? readdirSync(out) : [], []);
  });
}

test('a module variant that returns NaN only at a larger N is refused there: one line, exit 2', () => {
  const result = runCli(['bench', '--variant', './late-nan.mjs', '--n', '1e5', '--profile', 'smoke', '--quiet'], {
    cwd: VARIANTS,
  });
  assert.equal(result.status, 2);
  assert.equal(
    result.stderr.trim(),
    'basel-lab: variant "late-nan": sumRange(1, 100000) returned NaN; it must return a finite number or { sum, steps? }',
  );
});

test('sweep --variants loop,./module.mjs sweeps the module’s variant beside loop, each in its child', () => {
  const out = tempDir();
  const result = runCli(
    [
      'sweep',
      '--kind',
      'n',
      '--profile',
      'smoke',
      '--variants',
      'loop,./reverse.mjs',
      '--out',
      out,
      '--quiet',
      '--json',
    ],
    { cwd: VARIANTS },
  );
  assert.equal(result.status, 0, result.stderr);
  const file = JSON.parse(result.stdout) as { machineId: string };
  const stored = readResultsFile(join(out, 'results', file.machineId, 'n-smoke.json'));
  const variants = new Set(stored?.points.map((point) => point.params.variant));
  assert.deepEqual([...variants], ['loop', 'reverse']);
  assert.ok(stored?.points.every((point) => point.status === 'ok'));
  for (const point of stored?.points ?? [])
    if (point.status === 'ok') assert.ok(point.absError < 1e-12, `${point.key}: ${point.absError}`);
});
