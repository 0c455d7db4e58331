// `basel-lab bench`: the JSON shape, the table, --list, and one-line refusals of bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { exactPartialSum } from '../src/kernels/exact.js';
import { VARIANTS } from '../src/kernels/registry.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import { CLI, runCli } from './helpers.js';

describe('basel-lab bench', () => {
  it('--json prints exactly one JSON object with the samples, summary and accuracy', () => {
    const { status, stdout } = runCli([
      'bench',
      '--variant',
      'chunked',
      '--n',
      '1_000',
      '--chunk',
      '64',
      '--repeats',
      '3',
      '--warmup',
      '0',
      '--steps',
      '--json',
    ]);
    assert.equal(status, 0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(stdout.trim().split('\n').length, 1);
    assert.equal(report.variant, 'chunked');
    assert.equal(report.n, 1000);
    assert.equal(report.chunk, 64);
    assert.deepEqual(report.settings, { warmupRuns: 0, minWarmupMs: 0, minSamples: 3, minTimeMs: 0, maxSamples: 3 });
    assert.equal(typeof report.workers, 'number');
    const samples = report.samplesMs as number[];
    assert.equal(samples.length, 3);
    assert.equal(report.minMs, Math.min(...samples));
    assert.equal(report.maxMs, Math.max(...samples));
    assert.equal(report.medianMs, [...samples].sort((a, b) => a - b)[1]);
    assert.equal(report.exact, exactPartialSum(1000));
    assert.equal(report.absError, Math.abs((report.sum as number) - exactPartialSum(1000)));
    assert.deepEqual(Object.keys(report.steps as object), ['range', 'divide', 'square', 'sum']);
    assert.equal(report.stepsTimed, true);
    assert.ok((report.harnessOverheadMs as number) > 0, 'the harness overhead is reported');
  });

  it('times a variant with steps without its step clock unless --steps asks for it', () => {
    const args = [
      'bench',
      '--variant',
      'chunked-simd',
      '--n',
      '5000',
      '--chunk',
      '100',
      '--repeats',
      '2',
      '--warmup',
      '0',
    ];
    const plain = JSON.parse(runCli([...args, '--json']).stdout) as Record<string, unknown>;
    assert.equal(plain.stepsTimed, false);
    assert.equal(plain.steps, undefined);
    assert.ok(Math.abs((plain.sum as number) - exactPartialSum(5000)) / exactPartialSum(5000) < 1e-13);
    const table = runCli([...args, '--steps', '--quiet']).stdout;
    assert.match(table, /^steps timed +yes: each sample includes the step clock's cost \(--steps\)$/m);
    assert.match(table, /^step divide +[\d.]+ ms \(median\)$/m);
    assert.doesNotMatch(runCli([...args, '--quiet']).stdout, /^step/m);
  });

  it('--json has no steps for a variant without steps, accepts 1e6, and samples as the profile says', () => {
    const report = JSON.parse(
      runCli(['bench', '--variant', 'closed-form', '--n', '1e6', '--profile', 'smoke', '--json']).stdout,
    ) as Record<string, unknown>;
    assert.equal(report.n, 1e6);
    assert.equal(report.steps, undefined);
    assert.equal(report.profile, 'smoke');
    assert.deepEqual(report.settings, PROFILE_SETTINGS.smoke.measure);
    assert.equal((report.samplesMs as number[]).length, PROFILE_SETTINGS.smoke.measure.minSamples);
  });

  it('prints a table by default', () => {
    const { status, stdout } = runCli(['bench', '--variant', 'loop', '--n', '1000', '--repeats', '2', '--quiet']);
    assert.equal(status, 0);
    assert.match(stdout, /^variant +loop$/m);
    assert.match(stdout, /^run 2 +[\d.]+ ms( per call)?$/m);
    assert.match(stdout, /^calls per sample +\d+ \(each sample ≥ [\d.]+ ms\)$/m);
    assert.match(stdout, new RegExp(`^exact S\\(N\\) +${String(exactPartialSum(1000)).replaceAll('.', '\\.')}$`, 'm'));
  });

  it('ends quietly when the reader closes the pipe early', () => {
    const result = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${CLI}" bench --list | head -1; "${process.execPath}" "${CLI}" compare --help | head -1`,
      ],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(result.stderr, '');
    assert.equal(result.stdout.split('\n').filter(Boolean).length, 2);
  });

  it('--list lists every registered variant with its description', () => {
    const { status, stdout } = runCli(['bench', '--list']);
    assert.equal(status, 0);
    for (const variant of VARIANTS)
      assert.match(
        stdout,
        new RegExp(`^${variant.name} +${variant.description.slice(0, 20).replace(/[()*+?.\\^$|[\]]/g, '\\$&')}`, 'm'),
      );
  });

  const badInputs: [string[], RegExp][] = [
    [['--variant', 'loop', '--n', '-5'], /--n must be an integer in \[1, 2\^53−1\] \(got "-5"\)/],
    [['--variant', 'loop', '--n', 'abc'], /--n .*"abc"/],
    [['--variant', 'loop', '--n', '2.5'], /--n .*"2\.5"/],
    [['--variant', 'loop', '--n', '1e300'], /--n .*"1e300"/],
    [['--variant', 'loop', '--n', '0'], /--n .*"0"/],
    [['--variant', 'chunked', '--n', '10', '--chunk', '0'], /--chunk must be an integer in \[1, .*\(got "0"\)/],
    [['--variant', 'loop', '--n', '10', '--workers', '0'], /--workers must be an integer in \[1, 256\] \(got "0"\)/],
    [['--variant', 'loop', '--n', '10', '--workers', '257'], /--workers .*"257"/],
    [['--variant', 'loop', '--n', '10', '--repeats', '0'], /--repeats must be an integer ≥ 1/],
    [['--variant', 'loop', '--n', '10', '--warmup', '-1'], /--warmup must be an integer ≥ 0/],
    [['--variant', 'loop', '--n', '10', '--inner', 'nope'], /--inner must be one of .*chunked/],
    [['--variant', 'nope', '--n', '10'], /unknown variant "nope"; allowed: .*loop/],
    [['--n', '10'], /--variant is required/],
    [['--variant', 'loop'], /--n is required/],
    // A typo that would run for weeks is refused before any run, with the estimate that says why.
    [
      ['--variant', 'loop', '--n', '1e15'],
      /bench loop at --n 1e15: estimated [\d,.]+ days of work \(5 runs of .*an estimate.*pass --yes/,
    ],
    [['--variant', 'loop', '--n', '1e6', '--repeats', '1e12'], /estimated [\d,.]+ days of work .*pass --yes/],
  ];
  for (const [args, message] of badInputs) {
    it(`refuses ${args.join(' ')} with one line and exit 2`, () => {
      const { status, stdout, stderr } = runCli(['bench', ...args]);
      assert.equal(status, 2);
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /\n\s+at /);
    });
  }

  it('runs closed-form at N = 1e15 without --yes: its estimate is timed at that N, not extrapolated', () => {
    const { status, stdout } = runCli([
      'bench',
      '--variant',
      'closed-form',
      '--n',
      '1e15',
      '--profile',
      'smoke',
      '--json',
    ]);
    assert.equal(status, 0);
    assert.equal((JSON.parse(stdout) as { n: number }).n, 1e15);
  });

  it('refuses a run that would not fit in memory with one line and exit 1', () => {
    const { status, stderr } = runCli(['bench', '--variant', 'arrays', '--n', '1e12', '--json']);
    assert.equal(status, 1);
    assert.match(
      stderr,
      /^basel-lab: arrays at N=1e12 needs 32 TB of arrays \(4 × 8 B × 1e12\); [\d.]+ [kMGT]?B available, [\d.]+ [kMGT]?B usable\n$/,
    );
  });
});
