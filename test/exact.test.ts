// exactPartialSum against sums in 200-bit fixed point and against 40-digit values of π²/6 − ψ₁(N+1).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArgumentError } from '../src/util/errors.js';
import { EXACT_DIRECT_MAX_N, exactPartialSum } from '../src/kernels/exact.js';
import { decimalToFixedPoint, fixedPointSum, ulpsFrom } from './fixed-point.js';

describe('exactPartialSum', () => {
  const directCases = [
    ...Array.from({ length: 30 }, (_, index) => index + 1),
    100,
    1000,
    EXACT_DIRECT_MAX_N - 1,
    EXACT_DIRECT_MAX_N,
    EXACT_DIRECT_MAX_N + 1,
    10_000,
    54_321,
  ];
  for (const n of directCases) {
    it(`is within an ulp of the fixed-point sum at N=${n}`, () => {
      const ulps = ulpsFrom(exactPartialSum(n), fixedPointSum(1, n));
      assert.ok(ulps <= 1, `${ulps} ulps`);
    });
  }

  // π²/6 − ψ₁(N+1) to 40 digits, from mpmath 1.3 at 60 digits.
  const knownValues: [number, string][] = [
    [1_000_000, '1.644933066848726436305748499979391855886'],
    [1_000_003, '1.644933066851726424305790499835392345884'],
    [12_345_678, '1.644933985848223074972319951145749546335'],
    [1e9, '1.644934065848226436972415166479358522552'],
    [1e12, '1.644934066847226436472415666646025189052'],
    [1e15, '1.644934066848225436472415166646525189219'],
    [Number.MAX_SAFE_INTEGER, '1.64493406684822632545011270413036498388'],
  ];
  for (const [n, digits] of knownValues) {
    it(`is within an ulp of the 40-digit value at N=${n}`, () => {
      const ulps = ulpsFrom(exactPartialSum(n), decimalToFixedPoint(digits));
      assert.ok(ulps <= 1, `${ulps} ulps`);
    });
  }

  it('gives the small sums exactly', () => {
    assert.equal(exactPartialSum(1), 1);
    assert.equal(exactPartialSum(2), 1.25);
    assert.equal(exactPartialSum(4), 1 + 0.25 + 1 / 9 + 0.0625);
  });

  for (const bad of [0, -5, 2.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`refuses N=${bad} with ArgumentError`, () => {
      assert.throws(
        () => exactPartialSum(bad),
        (error: unknown) => error instanceof ArgumentError && /\[1, 2\^53−1\]/.test(error.message),
      );
    });
  }
});
