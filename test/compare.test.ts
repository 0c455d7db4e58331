import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareResults, machineDifference, verdictFor } from '../src/measure/compare.js';
import type { MeasuredPoint } from '../src/results/schema.js';
import { bootstrapRatioOfMedians, mannWhitneyU, normalCdf } from '../src/measure/compare-stats.js';
import { parseResultsFile } from '../src/results/store.js';
import type { ResultsFile } from '../src/results/schema.js';
import { FIXTURES, runCli, tempDir } from './helpers.js';

const N_SWEEP = join(FIXTURES, 'results', 'n-sweep.json');
const CHUNK_SWEEP = join(FIXTURES, 'results', 'chunk-sweep.json');
const load = (path: string): ResultsFile => parseResultsFile(JSON.parse(readFileSync(path, 'utf8')), path);

describe('mannWhitneyU on fixed samples', () => {
  it('is exact for small sets without ties: complete separation of 3 and 3 gives p = 2/20', () => {
    const test = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    assert.deepEqual(test, { u: 0, pValue: 0.1, method: 'exact' });
    // 5 against 5: 2 of the C(10, 5) = 252 arrangements are as extreme.
    const five = mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
    assert.equal(five.u, 25);
    assert.ok(Math.abs(five.pValue - 2 / 252) < 1e-12, String(five.pValue));
    // Interleaved: U = 4.5 of 9 would need ties; [1,4,5] vs [2,3,6] has U = 1 + 2 + 2 = 5 → p = 1.
    assert.equal(mannWhitneyU([1, 4, 5], [2, 3, 6]).pValue, 1);
  });

  it('uses the normal approximation with ties, and identical sets are not different at all', () => {
    const same = mannWhitneyU([1, 2, 2, 3], [1, 2, 2, 3]);
    assert.equal(same.method, 'normal');
    assert.equal(same.u, 8);
    assert.equal(same.pValue, 1);
    const large = Array.from({ length: 30 }, (_, i) => i);
    const shifted = mannWhitneyU(
      large,
      large.map((x) => x + 100),
    );
    assert.equal(shifted.method, 'normal');
    assert.ok(shifted.pValue < 1e-9, String(shifted.pValue));
  });

  it('normalCdf matches the tables', () => {
    assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-9);
    assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-6);
  });
});

describe('bootstrapRatioOfMedians', () => {
  it('is exact when both sides are constant, and deterministic for a seed', () => {
    assert.deepEqual(bootstrapRatioOfMedians([1, 1, 1], [2, 2, 2]), { ratio: 2, low: 2, high: 2, level: 0.95 });
    const a = [10, 11, 12, 10.5, 11.5, 13, 9.8];
    const b = [20, 22, 21, 23, 19.5, 22.5, 21.5];
    const first = bootstrapRatioOfMedians(a, b);
    assert.deepEqual(bootstrapRatioOfMedians(a, b), first);
    assert.equal(first.ratio, 21.5 / 11);
    assert.ok(first.low <= first.ratio && first.ratio <= first.high, JSON.stringify(first));
    assert.ok(first.low > 1.5 && first.high < 2.5, JSON.stringify(first));
  });
});

describe('verdictFor', () => {
  it('calls a change only when significant and beyond the threshold', () => {
    assert.equal(verdictFor(1.5, 0.001, 0.02), 'slower');
    assert.equal(verdictFor(0.5, 0.001, 0.02), 'faster');
    assert.equal(verdictFor(1.01, 0.001, 0.02), 'no-change');
    assert.equal(verdictFor(1.5, 0.2, 0.02), 'no-change');
  });
});

describe('machineDifference', () => {
  const measured = (canaryMs?: number, cacheCanaryMs?: number): MeasuredPoint => {
    const point = load(N_SWEEP).points.find((p) => p.status === 'ok') as MeasuredPoint;
    return { ...point, canaryMs, cacheCanaryMs };
  };

  it('names the run whose machine read slower past a canary’s threshold, the larger departure deciding', () => {
    const cache = machineDifference(measured(4.2, 2.5), measured(4.3, 3.7));
    assert.deepEqual(
      { slowerIn: cache?.slowerIn, canary: cache?.canary },
      { slowerIn: 'b', canary: 'cache' },
      'cache +48% (over 15%) beats compute +2% (under 5%)',
    );
    assert.ok(Math.abs(cache!.cacheRatio! - 3.7 / 2.5) < 1e-12);
    const compute = machineDifference(measured(4.6, 2.5), measured(4.2, 2.6));
    assert.deepEqual({ slowerIn: compute?.slowerIn, canary: compute?.canary }, { slowerIn: 'a', canary: 'compute' });
  });

  it('sees no difference within the thresholds, and nothing without readings on both sides', () => {
    assert.equal(machineDifference(measured(4.2, 2.5), measured(4.35, 2.8))?.slowerIn, null);
    assert.equal(machineDifference(measured(), measured(4.2, 2.5)), null);
  });
});

describe('compareResults', () => {
  it('a file against itself: every measured point compared, none changed; skipped points listed', () => {
    const file = load(N_SWEEP);
    const comparison = compareResults(file, file);
    assert.equal(comparison.points.length, file.points.length);
    for (const point of comparison.points) {
      if (point.status === 'compared') {
        assert.equal(point.verdict, 'no-change');
        assert.equal(point.ratio, 1);
      } else {
        assert.equal(point.status, 'not-measured');
      }
    }
    assert.ok(comparison.points.some((point) => point.status === 'compared'));
  });

  it('lists points only in one file, and sees a doubled time as 2× slower', () => {
    const a = load(N_SWEEP);
    const slower: ResultsFile = structuredClone(a);
    const [dropped, ...kept] = slower.points;
    slower.points = kept.map((point) =>
      point.status === 'ok'
        ? {
            ...point,
            samplesMs: point.samplesMs.map((ms) => ms * 2),
            stats: { ...point.stats, medianMs: point.stats.medianMs * 2 },
          }
        : point,
    );
    const comparison = compareResults(a, slower);
    assert.equal(comparison.points.find((point) => point.key === dropped?.key)?.status, 'only-a');
    for (const point of comparison.points)
      if (point.status === 'compared' && point.countA >= 6) {
        assert.equal(point.ratio, 2);
        assert.equal(point.verdict, 'slower');
      }
  });
});

describe('basel-lab compare', () => {
  it('prints a row per point and finds no change between a file and itself', () => {
    const { status, stdout } = runCli(['compare', N_SWEEP, N_SWEEP]);
    assert.equal(status, 0);
    const file = load(N_SWEEP);
    const rows = stdout.split('\n').filter((line) => / N=/.test(line) && line.includes(': '));
    assert.equal(rows.length, file.points.length);
    assert.doesNotMatch(stdout, /× (faster|slower) in B/);
    assert.match(stdout, /0 faster in B, 0 slower in B/);
  });

  it('wording reads like hyperfine for a change, and --markdown and --json print tables and data', () => {
    const dir = tempDir();
    const file = load(N_SWEEP);
    file.points = file.points.map((point) =>
      point.status === 'ok' ? { ...point, samplesMs: point.samplesMs.map((ms) => ms * 1.5) } : point,
    );
    const slower = join(dir, 'slower.json');
    writeFileSync(slower, JSON.stringify(file));
    const text = runCli(['compare', N_SWEEP, slower]);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /: 1\.5 ± [\d.]+× slower in B \(p = /);
    const markdown = runCli(['compare', N_SWEEP, slower, '--markdown']).stdout;
    assert.match(markdown, /^\| point \| median A \| median B \| B\/A \(95% CI\) \| p \| verdict \| doubts \|$/m);
    const json = JSON.parse(runCli(['compare', N_SWEEP, slower, '--json']).stdout) as { points: unknown[] };
    assert.equal(json.points.length, file.points.length);
  });

  it('says when a change came with a slower machine or a flagged point, and counts those changes', () => {
    const dir = tempDir();
    const withCanaries = (factor: number): ResultsFile => {
      const file = load(N_SWEEP);
      file.points = file.points.map((point) =>
        point.status === 'ok'
          ? {
              ...point,
              samplesMs: point.samplesMs.map((ms) => ms * factor),
              canaryMs: 4.2,
              cacheCanaryMs: 2.5 * factor,
            }
          : point,
      );
      return file;
    };
    const a = withCanaries(1);
    const b = withCanaries(1.5);
    const flagged = b.points.find((point) => point.status === 'ok')!;
    b.warnings = [{ kind: 'cv', key: flagged.key, cv: 0.2, threshold: 0.1 }];
    // A point with A's samples but B's slow canary: no change, doubtful, and not counted among the changes.
    const unchanged = b.points.findLast((point) => point.status === 'ok')!;
    const unchangedA = a.points.find((point) => point.key === unchanged.key)!;
    assert.ok(unchanged !== flagged && unchanged.status === 'ok' && unchangedA.status === 'ok');
    unchanged.samplesMs = unchangedA.samplesMs;
    const [pathA, pathB] = [join(dir, 'a.json'), join(dir, 'b.json')];
    writeFileSync(pathA, JSON.stringify(a));
    writeFileSync(pathB, JSON.stringify(b));
    const { status, stdout } = runCli(['compare', pathA, pathB]);
    assert.equal(status, 0);
    assert.match(
      stdout,
      /slower in B \(p = [^)]*\) {2}\[[^\]]*\] {2}— B's machine 1\.5× slower \(cache canary\); flagged in B: cv$/m,
    );
    const changes = (stdout.match(/× slower in B/g) ?? []).length;
    assert.ok(changes > 0);
    assert.match(
      stdout,
      /: no change \(B\/A = 1 ± [^)]*\) {2}\[[^\]]*\] {2}— B's machine 1\.5× slower \(cache canary\)$/m,
    );
    assert.match(
      stdout,
      new RegExp(`^${changes} of the ${changes} changes had the machine slower in one run or a flagged point`, 'm'),
    );
    // The same samples on the same machine: no doubts, no such line.
    const same = join(dir, 'same.json');
    writeFileSync(
      same,
      JSON.stringify({ ...b, warnings: [], points: b.points.map((p) => ({ ...p, cacheCanaryMs: 2.5 })) }),
    );
    const calm = runCli(['compare', pathA, same]).stdout;
    assert.doesNotMatch(calm, /machine .*× slower|changes had the machine/);
  });

  it('refuses different kinds in one line with exit 2 unless told to, and a bad threshold', () => {
    const mismatch = runCli(['compare', N_SWEEP, CHUNK_SWEEP]);
    assert.equal(mismatch.status, 2);
    assert.match(
      mismatch.stderr,
      /^basel-lab: A \(.*\) is a n sweep but B \(.*\) is a chunk sweep; pass --allow-mismatch/,
    );
    assert.equal(mismatch.stderr.trim().split('\n').length, 1);
    assert.equal(runCli(['compare', N_SWEEP, CHUNK_SWEEP, '--allow-mismatch']).status, 0);
    const threshold = runCli(['compare', N_SWEEP, N_SWEEP, '--threshold', 'lots']);
    assert.equal(threshold.status, 2);
    assert.match(threshold.stderr, /--threshold must be a percentage in \[0, 100\), like 2% \(got "lots"\)/);
    const missing = runCli(['compare', 'nonsense', N_SWEEP]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /A must be a results file or <kind>-<profile>.*\(got "nonsense"\)/);
  });
});
