import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  binomialHalfCdf,
  countOutliers,
  interquartileRange,
  mean,
  median,
  medianAbsoluteDeviation,
  medianCi,
  quantileSorted,
  sampleStdDev,
  summarize,
} from '../src/measure/stats.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('summarize on hand-checked vectors', () => {
  const cases = [
    {
      name: '1..5',
      samples: [3, 1, 5, 2, 4],
      // mean 3; squared deviations 4+1+0+1+4 = 10, /4 → 2.5; quartiles at positions 1 and 3 → 2 and 4.
      expected: {
        count: 5,
        medianMs: 3,
        minMs: 1,
        maxMs: 5,
        meanMs: 3,
        stdDevMs: Math.sqrt(2.5),
        iqrMs: 2,
        madMs: 1,
        ciLowMs: 1,
        ciHighMs: 5,
        outliers: 0,
      },
    },
    {
      name: 'one far outlier',
      samples: [1, 2, 3, 4, 100],
      // mean 22; squares 441+400+361+324+6084 = 7610, /4 = 1902.5; fences [-1, 7] → 100 is out;
      // |x − 3| = 2,1,0,1,97 → median 1.
      expected: {
        count: 5,
        medianMs: 3,
        minMs: 1,
        maxMs: 100,
        meanMs: 22,
        stdDevMs: Math.sqrt(1902.5),
        iqrMs: 2,
        madMs: 1,
        ciLowMs: 1,
        ciHighMs: 100,
        outliers: 1,
      },
    },
    {
      name: 'even count',
      samples: [4, 1, 3, 2],
      // median (2+3)/2; Q1 at position 0.75 → 1.75, Q3 at 2.25 → 3.25; |x − 2.5| = 1.5,1.5,.5,.5 → 1.
      expected: {
        count: 4,
        medianMs: 2.5,
        minMs: 1,
        maxMs: 4,
        meanMs: 2.5,
        stdDevMs: Math.sqrt(5 / 3),
        iqrMs: 1.5,
        madMs: 1,
        ciLowMs: 1,
        ciHighMs: 4,
        outliers: 0,
      },
    },
    {
      name: 'a single sample',
      samples: [7],
      expected: {
        count: 1,
        medianMs: 7,
        minMs: 7,
        maxMs: 7,
        meanMs: 7,
        stdDevMs: 0,
        iqrMs: 0,
        madMs: 0,
        ciLowMs: 7,
        ciHighMs: 7,
        outliers: 0,
      },
    },
  ];
  for (const { name, samples, expected } of cases) {
    it(name, () => {
      const stats = summarize(samples);
      for (const [field, value] of Object.entries(expected)) {
        const actual = stats[field as keyof typeof stats] as number;
        assert.ok(Math.abs(actual - value) < 1e-12, `${field}: expected ${value}, got ${actual}`);
      }
    });
  }

  it('does not modify its input', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    assert.deepEqual(samples, [3, 1, 2]);
  });

  it('refuses empty and non-finite samples', () => {
    assert.throws(() => summarize([]), /at least 1 sample/);
    assert.throws(() => summarize([1, Number.NaN]), /finite/);
    assert.throws(() => mean([]), RangeError);
  });
});

describe('single statistics', () => {
  it('quantiles interpolate linearly (type 7)', () => {
    assert.equal(quantileSorted([10, 20, 30, 40], 0), 10);
    assert.equal(quantileSorted([10, 20, 30, 40], 1), 40);
    assert.equal(quantileSorted([10, 20, 30, 40], 1 / 3), 20);
    assert.equal(quantileSorted([10, 20, 30, 40], 0.5), 25);
    assert.throws(() => quantileSorted([1], 1.5), /p must be in \[0, 1\]/);
  });
  it('median, spread and outliers', () => {
    assert.equal(median([5, 1, 9]), 5);
    assert.equal(sampleStdDev([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7));
    assert.equal(interquartileRange(range(9)), 4); // Q1 = 3, Q3 = 7
    assert.equal(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9]), 1);
    assert.equal(countOutliers([...range(10), -50, 60]), 2);
  });
});

describe('95% confidence interval of the median (order statistics)', () => {
  it('binomial tail probabilities', () => {
    assert.equal(binomialHalfCdf(10, 0), 1 / 1024);
    assert.ok(Math.abs(binomialHalfCdf(10, 1) - 11 / 1024) < 1e-15);
    assert.ok(Math.abs(binomialHalfCdf(10, 2) - 56 / 1024) < 1e-15);
    assert.equal(binomialHalfCdf(3, 3), 1);
    // Large n must not underflow: P(B ≤ n/2) is just over one half.
    const half = binomialHalfCdf(4000, 2000);
    assert.ok(half > 0.5 && half < 0.51, `got ${half}`);
  });
  // Textbook ranks: n = 6 → (1, 6); n = 10 → (2, 9); n = 20 → (6, 15); n = 100 → (40, 61).
  for (const [n, low, high] of [
    [6, 1, 6],
    [10, 2, 9],
    [20, 6, 15],
    [100, 40, 61],
  ] as const) {
    it(`n = ${n} → [x(${low}), x(${high})]`, () => {
      assert.deepEqual(medianCi(range(n).reverse()), { lowMs: low, highMs: high });
    });
  }
});
