// The reference value of S(N) = Σ_{x=1..N} 1/x², correct to within an ulp for every N in [1, 2^53−1].
import { ArgumentError } from '../util/errors.js';
import {
  ZETA2_HI,
  ZETA2_LO,
  addDouble,
  addDoubleDouble,
  reciprocalDouble,
  type DoubleDouble,
} from './double-double.js';
import { trigammaAfterLeading } from './trigamma.js';

/** Up to this N the reference sums the terms directly in double-double; above it, it uses π²/6 − ψ₁(N+1). */
export const EXACT_DIRECT_MAX_N = 4096;

/** The largest N anything in basel-lab accepts: 2^53 − 1, so that every x in 1..N is an exact double. */
export const MAX_N = Number.MAX_SAFE_INTEGER;

/**
 * Check that `n` is a term count basel-lab can sum: an integer in [1, 2^53−1]. Throws ArgumentError.
 */
export function checkTermCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new ArgumentError(`N must be an integer in [1, 2^53−1] (got ${String(n)})`);
  }
}

/**
 * S(N) = Σ 1/x² for x = 1..N **inclusive** (the article's `basel` sums range(1, N), i.e. N−1 terms;
 * basel-lab always means 1..N).
 *
 * - N ≤ EXACT_DIRECT_MAX_N: the terms summed from the smallest up in double-double (≈ 104 bits), so
 *   the result is the correctly rounded S(N) up to a 2^-100 relative slip. O(N) ≤ 4096 steps.
 * - larger N: S(N) = π²/6 − ψ₁(N+1), with π²/6 and the leading tail term 1/(N+1) in double-double and
 *   the rest of the trigamma asymptotic series (≤ 3e-8) in double, so the absolute error before the
 *   final rounding is below 1e-22 — within one ulp of the true value. O(1).
 *
 * Throws ArgumentError unless N is an integer in [1, 2^53−1].
 */
export function exactPartialSum(n: number): number {
  checkTermCount(n);
  if (n <= EXACT_DIRECT_MAX_N) return directSum(n);
  const x = n + 1; // exact: n + 1 ≤ 2^53
  const leading = reciprocalDouble(x);
  const rest = trigammaAfterLeading(x);
  // π²/6 − (leading + rest), keeping every rounding error of the two large terms.
  let total: DoubleDouble = { hi: ZETA2_HI, lo: ZETA2_LO };
  total = addDoubleDouble(total, { hi: -leading.hi, lo: -leading.lo });
  total = addDouble(total, -rest);
  return total.hi + total.lo;
}

function directSum(n: number): number {
  let total: DoubleDouble = { hi: 0, lo: 0 };
  for (let x = n; x >= 1; x--) total = addDoubleDouble(total, reciprocalDouble(x * x));
  return total.hi + total.lo;
}
